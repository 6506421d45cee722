-- Stored rating runs (inputs, catalogue hash, outputs).
CREATE TABLE rating_run (
  id              BIGSERIAL PRIMARY KEY,
  catalog         TEXT NOT NULL,
  catalog_version TEXT NOT NULL,
  inputs          JSONB NOT NULL,
  outputs         JSONB NOT NULL,
  created_at      TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);
CREATE INDEX rating_run_catalog_idx ON rating_run (catalog);
