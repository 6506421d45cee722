-- Expert conclusions (issue 14, docs/selection-loop-contracts.md): one row per conclusion of an expertise (MEE/EKMP)
-- on a case, whatever brought it (a register's SANK, a CSV file from the insurer's expertise system, the API), with an
-- append-only history of its versions, and the regional per-capita norm of each year the 231н fines are computed from.
CREATE TABLE conclusion (
  id          BIGSERIAL PRIMARY KEY,
  case_id     BIGINT NOT NULL,
  sl_id       TEXT,
  s_tip       INT NOT NULL,                 -- F006
  control     TEXT NOT NULL CHECK (control IN ('MEE', 'EKMP')),
  defect      BOOLEAN NOT NULL,
  f014        INT[] NOT NULL DEFAULT '{}',  -- F014 Kod (S_OSN), several allowed
  amount_kop  BIGINT NOT NULL,              -- non-payment (S_SUM)
  fine_kop    BIGINT NOT NULL,              -- fine: per-capita norm of the year × K_SH
  fine_pending BOOLEAN NOT NULL DEFAULT false, -- a fine is due (K_SH > 0) but the year's norm was not configured yet
  experts     TEXT[] NOT NULL DEFAULT '{}',
  date_act    DATE,
  num_act     TEXT,
  comment     TEXT,
  arm         TEXT NOT NULL DEFAULT 'unknown' CHECK (arm IN ('trigger', 'model', 'random', 'legacy', 'manual', 'unknown')),
  reason      TEXT,
  propensity  DOUBLE PRECISION CHECK (propensity IS NULL OR (propensity > 0 AND propensity <= 1)),
  source      TEXT NOT NULL CHECK (source IN ('register', 'csv', 'api')),
  source_ref  TEXT,
  -- the conclusion's identity, the same whichever source brings it (src/review/conclusion-key.ts): re-importing it
  -- finds this row instead of adding one; kept when the conclusion is corrected
  nat_key     TEXT NOT NULL UNIQUE,
  version     INT NOT NULL DEFAULT 1,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  year        INT NOT NULL,
  month       INT NOT NULL,
  smo         TEXT,
  code_mo     TEXT NOT NULL,
  usl_ok      INT
);
CREATE INDEX conclusion_case_idx ON conclusion (case_id);
CREATE INDEX conclusion_period_idx ON conclusion (year, month);
CREATE INDEX conclusion_smo_period_idx ON conclusion (smo, year, month);
CREATE INDEX conclusion_mo_period_idx ON conclusion (code_mo, year, month);

-- Every version of a conclusion as it was written (version 1 = as imported); never updated nor deleted.
CREATE TABLE conclusion_version (
  conclusion_id BIGINT NOT NULL REFERENCES conclusion (id) ON DELETE CASCADE,
  version       INT NOT NULL,
  changed_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  changed_by    TEXT NOT NULL,
  data          JSONB NOT NULL,
  PRIMARY KEY (conclusion_id, version)
);
CREATE FUNCTION conclusion_version_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'conclusion_version is append-only';
END $$;
CREATE TRIGGER conclusion_version_no_change BEFORE UPDATE OR DELETE ON conclusion_version
  FOR EACH ROW WHEN (pg_trigger_depth() = 0) EXECUTE FUNCTION conclusion_version_append_only();

-- The regional per-capita financing norm of a year (order 231н: fine = norm × K_SH of the F014 code), in kopecks.
CREATE TABLE fine_norm (
  year       INT PRIMARY KEY,
  norm_kop   BIGINT NOT NULL CHECK (norm_kop > 0),
  note       TEXT,
  updated_at TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- The stored accounts an expertise return is matched against (same CODE_MO, NSCHET, year and month).
CREATE INDEX register_file_account_idx ON register_file (code_mo, nschet, year, month);
