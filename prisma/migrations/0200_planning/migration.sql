-- Plan versions with an audit trail, and their lines.
CREATE TABLE plan_version (
  id           BIGSERIAL PRIMARY KEY,
  year         INT NOT NULL,
  parent_id    BIGINT REFERENCES plan_version (id),
  author       TEXT NOT NULL,
  reason       TEXT NOT NULL,
  changes      JSONB NOT NULL DEFAULT '[]',
  total_volume BIGINT NOT NULL,
  total_kop    BIGINT NOT NULL,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX plan_version_year_idx ON plan_version (year);

CREATE TABLE plan_line (
  version_id BIGINT NOT NULL REFERENCES plan_version (id) ON DELETE CASCADE,
  mo         TEXT NOT NULL,
  usl_ok     INT NOT NULL,
  volume     INT NOT NULL,
  amount_kop BIGINT NOT NULL,
  PRIMARY KEY (version_id, mo, usl_ok)
);
