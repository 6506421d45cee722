-- Links for the stages after ingestion (docs/selection-loop-contracts.md).
-- 1. A finding names its case: the loader writes finding.case_id for the findings of stored records (by file and
--    N_ZAP, once per file); a record the FLK rejected is not stored and its findings keep case_id NULL.
CREATE INDEX IF NOT EXISTS finding_case_idx ON finding (case_id) WHERE case_id IS NOT NULL;
-- 2. An insurer's month: the cases of one period and payer (PACIENT/SMO, else the account's PLAT), the question the
--    features, scores and worklists of a period start from. MO and period still go through register_file.
CREATE INDEX IF NOT EXISTS case_period_insurer_idx ON "case" (year, month, (coalesce(smo, plat)));
