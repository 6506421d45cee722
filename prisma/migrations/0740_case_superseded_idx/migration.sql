-- The original of a corrected case (conclusions.repo.ts roots: a register's SANK on a correction is a conclusion about
-- the case as first billed) is found by `superseded_by`. Without an index PostgreSQL read every case of the original
-- account for each corrected case: on a year of a 100 000-case-a-month region that look-up took 70 of the ingest's
-- 190 s (1.6 s per batch of 200 corrections; 1 ms with the index). Only superseded cases are in it.
CREATE INDEX IF NOT EXISTS case_superseded_by_idx ON "case" (superseded_by) WHERE superseded_by IS NOT NULL;
