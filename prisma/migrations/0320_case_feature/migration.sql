-- Features of each accepted case, per feature-spec version (src/features/, docs/selection-loop-contracts.md).
-- One row per case and spec version; `num` and `cat` hold the values in the order of the spec's lists
-- (`num`: NaN = missing; `cat`: NULL = missing). Written in bulk (unnest), replaced whole per period and version.
CREATE TABLE feature_spec (
  version     TEXT PRIMARY KEY,
  numeric     TEXT[] NOT NULL,
  categorical TEXT[] NOT NULL,
  created_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

CREATE TABLE case_feature (
  case_id      BIGINT NOT NULL,
  spec_version TEXT NOT NULL,
  year         INT NOT NULL,
  month        INT NOT NULL,
  smo          TEXT,
  code_mo      TEXT NOT NULL,
  usl_ok       INT,
  num          REAL[] NOT NULL,
  cat          TEXT[] NOT NULL,
  computed_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  PRIMARY KEY (case_id, spec_version)
);
-- readFeatures: a version's rows of a range of periods in case id order; computeFeatures replaces a period's rows.
CREATE INDEX case_feature_period_idx ON case_feature (spec_version, year, month, case_id);
