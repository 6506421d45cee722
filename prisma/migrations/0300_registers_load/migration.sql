-- Registers, shaped for bulk loading (README "Speed"; measured on 100k cases: together these halve the database's
-- COPY work for case, sub_case and person, 5.4 s → 2.7 s).
--
-- 1. The rest of each element is kept as `json` (its text, checked on input), not `jsonb`: it is an archive that later
--    stages read whole, and converting ~1 KB of JSON per case to jsonb was a fifth of the load. Queries use the
--    operators both types share (->, ->>, #>); a stage that needs jsonb's indexes casts or adds an expression index.
-- 2. The children of a register file are not checked by foreign keys: PostgreSQL checks a foreign key with one query
--    per inserted row, a quarter of the load. The loader writes a file's cases, sub-cases, sanctions and persons in
--    the same transaction as the file with ids it drew itself (ingest-file.ts writeCases) and nothing deletes them;
--    test/registers/store-integrity.test.ts checks that no row is orphaned. register_file → package, finding and the
--    planning tables keep theirs.
-- 3. "case" keeps the indexes ingestion needs (id, file + N_ZAP, person + date for the cross-record MEK): the cases of
--    an MO and period are those of its register files (register_file_mo_period_idx, then register_file_id), and a
--    correction finds the cases it supersedes among those of the original file. The two dropped here were a fifth of the time to load the cases.
ALTER TABLE "case" DROP CONSTRAINT IF EXISTS case_register_file_id_fkey;
ALTER TABLE sub_case DROP CONSTRAINT IF EXISTS sub_case_case_id_fkey;
ALTER TABLE sank DROP CONSTRAINT IF EXISTS sank_case_id_fkey;
ALTER TABLE person DROP CONSTRAINT IF EXISTS person_register_file_id_fkey;

ALTER TABLE "case" ALTER COLUMN pacient TYPE json USING pacient::json, ALTER COLUMN zsl TYPE json USING zsl::json;
ALTER TABLE sub_case ALTER COLUMN sl TYPE json USING sl::json;
ALTER TABLE sank ALTER COLUMN data TYPE json USING data::json;
ALTER TABLE person ALTER COLUMN data TYPE json USING data::json;

DROP INDEX IF EXISTS case_mo_period_idx;
DROP INDEX IF EXISTS case_lpu_idcase_idx;
