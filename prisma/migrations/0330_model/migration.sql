-- Model versions (registry) and per-case scores of every version (docs/selection-loop-contracts.md).
CREATE TABLE model_version (
  version      TEXT PRIMARY KEY,
  status       TEXT NOT NULL DEFAULT 'shadow' CHECK (status IN ('shadow', 'active', 'retired')),
  spec_version TEXT NOT NULL,
  kind         TEXT NOT NULL,
  created_at   TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  promoted_at  TIMESTAMPTZ(3),
  retired_at   TIMESTAMPTZ(3),
  train_from   TEXT NOT NULL,
  train_to     TEXT NOT NULL,
  threshold    REAL,
  card         JSONB NOT NULL,
  score_hist   JSONB,
  -- sha256 of models/<version>/model.onnx as registered: a changed file is refused when scoring
  onnx_sha256  TEXT NOT NULL
);
-- at most one active version
CREATE UNIQUE INDEX model_version_one_active ON model_version ((true)) WHERE status = 'active';

CREATE TABLE case_score (
  case_id             BIGINT NOT NULL,
  model_version       TEXT NOT NULL REFERENCES model_version (version),
  year                INT NOT NULL,
  month               INT NOT NULL,
  smo                 TEXT,
  code_mo             TEXT NOT NULL,
  usl_ok              INT,
  p_defect            REAL NOT NULL,
  expected_amount_kop BIGINT NOT NULL,
  reasons             JSONB NOT NULL DEFAULT '[]',
  scored_at           TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, model_version)
);
CREATE INDEX case_score_period_idx ON case_score (model_version, year, month, smo, usl_ok);
