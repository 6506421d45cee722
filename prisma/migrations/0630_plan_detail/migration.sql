-- Plan tasks by profile and KSG: a plan line may name a care profile (V002 PROFIL) and a KSG (N_KSG) inside its MO and
-- care condition. 0 and '' mean "not split by it" (not NULL, so that they can be part of the primary key).
ALTER TABLE plan_line ADD COLUMN profile INT NOT NULL DEFAULT 0;
ALTER TABLE plan_line ADD COLUMN ksg TEXT NOT NULL DEFAULT '';
ALTER TABLE plan_line DROP CONSTRAINT plan_line_pkey;
ALTER TABLE plan_line ADD PRIMARY KEY (version_id, mo, usl_ok, profile, ksg);
