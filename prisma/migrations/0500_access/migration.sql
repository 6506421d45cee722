-- Access: users, sessions, API tokens, the append-only audit log, and insurer/MO isolation by row-level security.
--
-- How isolation is enforced: the API runs every request's queries in one transaction that first does
-- `SET LOCAL ROLE omsx_api` and sets `omsx.scope` ('all' | 'smo' | 'mo'), `omsx.smo`, `omsx.mo` and `omsx.pd`
-- (src/db/scope.ts). omsx_api owns nothing and cannot bypass RLS, so the policies below apply to it even when the
-- connection's own user is the tables' owner or a superuser (both of which RLS would otherwise skip). An unset scope
-- sees nothing (fail closed). The CLI, the ingestion worker and migrations run as the connection's user: they are the
-- system, not a user. The connection's user must be allowed to SET ROLE omsx_api (granted below) and, the first
-- time, to create the role (CREATEROLE, or a DBA creates `omsx_api NOLOGIN` beforehand).
--
-- Analysts (data_scientist) run as omsx_api_pseudo: the same policies, but no privilege on `person` and none on the
-- columns of `case` and `finding` that identify a person (ENP, ID_PAC, the person key, PACIENT): a query that asks
-- for them fails instead of answering.
DO $$
BEGIN
  CREATE ROLE omsx_api NOLOGIN NOINHERIT NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  CREATE ROLE omsx_api_pseudo NOLOGIN NOINHERIT NOBYPASSRLS;
EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
END $$;
DO $$
BEGIN
  EXECUTE format('GRANT omsx_api, omsx_api_pseudo TO %I', current_user);
EXCEPTION WHEN duplicate_object OR unique_violation OR invalid_grant_operation THEN NULL;
END $$;

CREATE TABLE app_user (
  id            BIGSERIAL PRIMARY KEY,
  login         TEXT NOT NULL UNIQUE CHECK (login ~ '^[a-z0-9][a-z0-9._-]{1,63}$'),
  password_hash TEXT NOT NULL,
  role          TEXT NOT NULL CHECK (role IN ('admin', 'tfoms', 'smo_coordinator', 'expert', 'data_scientist', 'mo')),
  smo           TEXT,
  mo            TEXT,
  created_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  disabled_at   TIMESTAMPTZ(3),
  -- an insurer's users belong to one insurer, an MO's users to one MO
  CHECK (role NOT IN ('smo_coordinator', 'expert') OR smo IS NOT NULL),
  CHECK (role <> 'mo' OR mo IS NOT NULL)
);

-- a session is known by the SHA-256 of its cookie value; the CSRF token is bound to it
CREATE TABLE app_session (
  id          TEXT PRIMARY KEY,
  user_id     BIGINT NOT NULL REFERENCES app_user (id),
  csrf        TEXT NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  expires_at  TIMESTAMPTZ(3) NOT NULL,
  revoked_at  TIMESTAMPTZ(3)
);
CREATE INDEX app_session_user_idx ON app_session (user_id);

CREATE TABLE api_token (
  id           BIGSERIAL PRIMARY KEY,
  user_id      BIGINT NOT NULL REFERENCES app_user (id),
  name         TEXT NOT NULL,
  token_hash   TEXT NOT NULL UNIQUE,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  expires_at   TIMESTAMPTZ(3) NOT NULL,
  revoked_at   TIMESTAMPTZ(3),
  last_used_at TIMESTAMPTZ(3)
);

-- every read of personal data: who, when, which persons (person keys) and cases, which endpoint, why
CREATE TABLE audit_log (
  id         BIGSERIAL PRIMARY KEY,
  at         TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  user_id    BIGINT,
  login      TEXT NOT NULL,
  role       TEXT NOT NULL,
  action     TEXT NOT NULL,
  endpoint   TEXT NOT NULL,
  persons    TEXT[] NOT NULL DEFAULT '{}',
  case_ids   BIGINT[] NOT NULL DEFAULT '{}',
  reason     TEXT,
  ip         TEXT
);
CREATE INDEX audit_log_at_idx ON audit_log (at);

CREATE FUNCTION omsx_audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION omsx_audit_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
  FOR EACH STATEMENT EXECUTE FUNCTION omsx_audit_append_only();

-- who uploaded a package through the API, and for which MO (an MO's users see their MO's packages); written before
-- its package in the same transaction (the package is visible to the MO through it)
CREATE TABLE package_owner (
  package_id  BIGINT PRIMARY KEY REFERENCES package (id) DEFERRABLE INITIALLY DEFERRED,
  uploaded_by BIGINT NOT NULL,
  code_mo     TEXT
);

/* The request's scope may see a row of insurer `row_smo` / MO `row_mo`. */
CREATE FUNCTION omsx_visible(row_smo TEXT, row_mo TEXT) RETURNS BOOLEAN LANGUAGE sql STABLE AS $$
  SELECT CASE current_setting('omsx.scope', true)
    WHEN 'all' THEN true
    WHEN 'smo' THEN row_smo IS NOT DISTINCT FROM nullif(current_setting('omsx.smo', true), '') AND row_smo IS NOT NULL
    WHEN 'mo' THEN row_mo IS NOT DISTINCT FROM nullif(current_setting('omsx.mo', true), '') AND row_mo IS NOT NULL
    ELSE false END
$$;

/*
 * Row-level security for omsx_api on `tbl` with `predicate` (an SQL boolean over the row's columns), for reading
 * and writing. The one call that puts a further table under isolation.
 */
CREATE FUNCTION omsx_isolate(tbl regclass, predicate TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS omsx_isolation ON %s', tbl);
  EXECUTE format('CREATE POLICY omsx_isolation ON %s TO omsx_api, omsx_api_pseudo USING (%s) WITH CHECK (%s)', tbl, predicate, predicate);
END $$;

/*
 * Insurer isolation of a table that carries its insurer (and optionally its MO) in columns:
 * `SELECT enableInsurerIsolation('conclusion', 'smo', 'code_mo')`. An insurer's users see the rows of their
 * insurer, an MO's users those of their MO (none when `mo_column` is null), TFOMS and analysts every row.
 */
CREATE FUNCTION "enableInsurerIsolation"(tbl regclass, smo_column TEXT, mo_column TEXT DEFAULT NULL) RETURNS void LANGUAGE sql AS $$
  SELECT omsx_isolate(tbl, format('omsx_visible(%s, %s)', quote_ident(smo_column), coalesce(quote_ident(mo_column), 'NULL')))
$$;

DO $$
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA %I TO omsx_api, omsx_api_pseudo', current_schema());
  EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA %I TO omsx_api, omsx_api_pseudo', current_schema());
  EXECUTE format('GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA %I TO omsx_api, omsx_api_pseudo', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO omsx_api, omsx_api_pseudo', current_schema());
  EXECUTE format('ALTER DEFAULT PRIVILEGES IN SCHEMA %I GRANT USAGE, SELECT ON SEQUENCES TO omsx_api, omsx_api_pseudo', current_schema());
END $$;
-- credentials are read by the authentication service as the system, never by a request's role
REVOKE ALL ON app_user, app_session, api_token FROM omsx_api, omsx_api_pseudo;
-- the audit log: a request may append (and TFOMS read); nobody changes it (the trigger refuses even the owner)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_log FROM omsx_api, omsx_api_pseudo;
-- analysts: no personal data at all, and no identifying column of a case or a finding
REVOKE ALL ON person, audit_log FROM omsx_api_pseudo;
DO $$
DECLARE
  t TEXT;
  cols TEXT;
BEGIN
  FOREACH t IN ARRAY ARRAY['case', 'finding'] LOOP
    SELECT string_agg(quote_ident(column_name), ', ' ORDER BY ordinal_position) INTO cols
      FROM information_schema.columns
     WHERE table_schema = current_schema() AND table_name = t
       AND column_name NOT IN ('enp', 'id_pac', 'person_key', 'pacient');
    EXECUTE format('REVOKE ALL ON %I FROM omsx_api_pseudo', t);
    EXECUTE format('GRANT SELECT (%s) ON %I TO omsx_api_pseudo', cols, t);
  END LOOP;
END $$;

-- the insurer of a case is PACIENT/SMO, else the account's payer (SCHET/PLAT)
SELECT omsx_isolate('"case"', 'omsx_visible(coalesce(smo, plat), code_mo)');
-- sub-cases and sanctions: visible with their case
SELECT omsx_isolate('sub_case', 'EXISTS (SELECT 1 FROM "case" c WHERE c.id = case_id)');
SELECT omsx_isolate('sank', 'EXISTS (SELECT 1 FROM "case" c WHERE c.id = case_id)');
-- persons (the L-file, stored under its main file's id): only inside an audited personal-data read (omsx.pd = on),
-- and only with a case the scope sees
SELECT omsx_isolate(
  'person',
  $p$current_setting('omsx.pd', true) = 'on' AND (current_setting('omsx.scope', true) = 'all'
     OR EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = person.register_file_id AND c.id_pac = person.id_pac))$p$
);
-- register files: an MO's own; an insurer's accounts (SCHET/PLAT) and the files holding its insured's cases
SELECT omsx_isolate(
  'register_file',
  $p$omsx_visible(plat, code_mo) OR (current_setting('omsx.scope', true) = 'smo'
     AND EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = register_file.id))$p$
);
-- packages: an MO's own (uploaded for it, or holding its files)
SELECT omsx_isolate(
  'package',
  $p$current_setting('omsx.scope', true) = 'all'
     OR (current_setting('omsx.scope', true) = 'mo' AND (
         EXISTS (SELECT 1 FROM package_owner o WHERE o.package_id = package.id AND o.code_mo = current_setting('omsx.mo', true))
         OR EXISTS (SELECT 1 FROM register_file f WHERE f.package_id = package.id AND f.code_mo = current_setting('omsx.mo', true))))$p$
);
-- an upload's owner row: as its package
SELECT omsx_isolate('package_owner', 'omsx_visible(NULL, code_mo)');
-- findings: with their package (MO) or their case (insurer)
SELECT omsx_isolate(
  'finding',
  $p$EXISTS (SELECT 1 FROM package p WHERE p.id = package_id)
     OR (case_id IS NOT NULL AND EXISTS (SELECT 1 FROM "case" c WHERE c.id = case_id))$p$
);
