-- Registers: packages, files, cases (Z_SL + PACIENT), sub-cases (SL with USL/ONK_SL/KSG as JSONB),
-- sanctions, personal data (L-file) and FLK/MEK findings.
CREATE TABLE package (
  id          BIGSERIAL PRIMARY KEY,
  source_name TEXT NOT NULL,
  sha256      TEXT NOT NULL,
  storage_path TEXT,
  status      TEXT NOT NULL DEFAULT 'queued',
  error       TEXT,
  progress    DOUBLE PRECISION NOT NULL DEFAULT 0,
  stats       JSONB NOT NULL DEFAULT '{}',
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  finished_at TIMESTAMPTZ(3)
);
CREATE INDEX package_sha256_idx ON package (sha256);

CREATE TABLE register_file (
  id          BIGSERIAL PRIMARY KEY,
  package_id  BIGINT NOT NULL REFERENCES package (id),
  file_name   TEXT NOT NULL,
  kind        TEXT NOT NULL,
  version     TEXT NOT NULL,
  sha256      TEXT NOT NULL UNIQUE,
  paired_with TEXT,
  schet_code  TEXT,
  code_mo     TEXT,
  year        INT,
  month       INT,
  nschet      TEXT,
  dschet      DATE,
  plat        TEXT,
  summav      NUMERIC(15, 2),
  ref_code    TEXT,
  ref_year    INT,
  ref_month   INT,
  header      JSONB NOT NULL DEFAULT '{}',
  cases       INT NOT NULL DEFAULT 0,
  accepted    INT NOT NULL DEFAULT 0,
  rejected    INT NOT NULL DEFAULT 0,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX register_file_mo_period_idx ON register_file (code_mo, year, month);

CREATE SEQUENCE case_id_seq;
CREATE TABLE "case" (
  id               BIGINT PRIMARY KEY,
  register_file_id BIGINT NOT NULL REFERENCES register_file (id),
  n_zap            TEXT NOT NULL,
  idcase           TEXT NOT NULL,
  first_idcase     TEXT,
  pr_nov           INT NOT NULL,
  file_kind        TEXT NOT NULL,
  code_mo          TEXT NOT NULL,
  year             INT NOT NULL,
  month            INT NOT NULL,
  plat             TEXT,
  person_key       TEXT NOT NULL,
  id_pac           TEXT NOT NULL,
  enp              TEXT,
  smo              TEXT,
  novor            TEXT,
  lpu              TEXT NOT NULL,
  usl_ok           INT,
  vidpom           INT,
  for_pom          INT,
  date_z_1         DATE NOT NULL,
  date_z_2         DATE NOT NULL,
  kd_z             INT,
  rslt             INT,
  ishod            INT,
  idsp             INT,
  sumv             NUMERIC(15, 2) NOT NULL,
  oplata           INT,
  sump             NUMERIC(15, 2),
  sank_it          NUMERIC(15, 2),
  profil           INT,
  ds1              TEXT,
  n_ksg            TEXT,
  iddokt           TEXT,
  ds_onk           INT,
  status           TEXT NOT NULL DEFAULT 'accepted',
  superseded_by    BIGINT,
  pacient          JSONB NOT NULL,
  zsl              JSONB NOT NULL,
  UNIQUE (register_file_id, n_zap)
);
CREATE INDEX case_person_idx ON "case" (person_key, date_z_1);
CREATE INDEX case_mo_period_idx ON "case" (code_mo, year, month);
CREATE INDEX case_lpu_idcase_idx ON "case" (lpu, idcase);

CREATE SEQUENCE sub_case_id_seq;
CREATE TABLE sub_case (
  id      BIGINT PRIMARY KEY,
  case_id BIGINT NOT NULL REFERENCES "case" (id) ON DELETE CASCADE,
  sl_id   TEXT NOT NULL,
  profil  INT,
  ds1     TEXT,
  ds0     TEXT,
  date_1  DATE NOT NULL,
  date_2  DATE NOT NULL,
  kd      NUMERIC(5, 1),
  n_ksg   TEXT,
  koef_z  NUMERIC(8, 5),
  sum_m   NUMERIC(15, 2) NOT NULL,
  prvs    TEXT,
  iddokt  TEXT,
  ds_onk  INT,
  sl      JSONB NOT NULL
);
CREATE INDEX sub_case_case_idx ON sub_case (case_id);

CREATE TABLE sank (
  id         BIGSERIAL PRIMARY KEY,
  case_id    BIGINT NOT NULL REFERENCES "case" (id) ON DELETE CASCADE,
  s_code     TEXT NOT NULL,
  s_sum      NUMERIC(15, 2) NOT NULL,
  s_tip      INT NOT NULL,
  s_tip_name TEXT,
  s_osn      INT,
  s_osn_name TEXT,
  s_osn_item TEXT,
  date_act   DATE,
  num_act    TEXT,
  sl_ids     TEXT[] NOT NULL DEFAULT '{}',
  code_exp   TEXT[] NOT NULL DEFAULT '{}',
  data       JSONB NOT NULL
);
CREATE INDEX sank_case_idx ON sank (case_id);

CREATE TABLE person (
  id               BIGSERIAL PRIMARY KEY,
  register_file_id BIGINT NOT NULL REFERENCES register_file (id),
  id_pac           TEXT NOT NULL,
  fam              TEXT,
  im               TEXT,
  ot               TEXT,
  w                INT,
  dr               DATE,
  snils            TEXT,
  data             JSONB NOT NULL,
  UNIQUE (register_file_id, id_pac)
);

CREATE TABLE finding (
  id               BIGSERIAL PRIMARY KEY,
  register_file_id BIGINT REFERENCES register_file (id) ON DELETE CASCADE,
  package_id       BIGINT NOT NULL,
  file_name        TEXT NOT NULL,
  control          TEXT NOT NULL,
  rule             TEXT NOT NULL,
  severity         TEXT NOT NULL DEFAULT 'error',
  element          TEXT,
  bas_el           TEXT,
  n_zap            TEXT,
  id_pac           TEXT,
  idcase           TEXT,
  sl_id            TEXT,
  idserv           TEXT,
  case_id          BIGINT,
  message          TEXT NOT NULL
);
CREATE INDEX finding_package_idx ON finding (package_id);
CREATE INDEX finding_file_idx ON finding (register_file_id);
