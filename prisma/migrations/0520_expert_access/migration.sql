-- Experts see only the cases assigned to them (issue 17). An expert user carries the code of their row in `expert`;
-- a request of theirs runs with `omsx.expert` set to that code (src/access/access.plugin.ts dbScopeOf), and the
-- restrictive policies below narrow what the insurer's policies (0500, 0510) already allow to the worklist items
-- assigned to them and the cases, conclusions, features, scores, sub-cases, sanctions and findings of those items.
-- Restrictive policies are AND-ed with the permissive ones; for every other user `omsx.expert` is empty and they
-- restrict nothing (evaluated once per query, as an InitPlan). An expert user without a code sees nothing at all
-- (their `omsx.scope` is 'none'). Each narrowing is an uncorrelated subquery: one hashed set per query, for experts only.
ALTER TABLE app_user ADD COLUMN expert_code TEXT REFERENCES expert (code);

/* The code of the request's expert, null for every other user and outside a request. */
CREATE FUNCTION omsx_expert_code() RETURNS TEXT LANGUAGE sql STABLE AS $$
  SELECT nullif(current_setting('omsx.expert', true), '')
$$;

/*
 * The policy text "the request's expert holds a worklist item of the case in `col`". Written into each policy, not
 * called as a function: a function holding a subquery is not inlined and runs once per row (18 µs a row), where the
 * subquery in the policy is one hashed set per query.
 */
CREATE FUNCTION omsx_expert_case(col TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT format('%I IN (SELECT wi.case_id FROM worklist_item wi WHERE wi.expert_code = omsx_expert_code())', col)
$$;

/* Narrows `tbl` for an expert's request to the rows where `predicate` holds, for reading and writing. */
CREATE FUNCTION omsx_restrict_expert(tbl regclass, predicate TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('DROP POLICY IF EXISTS omsx_expert ON %s', tbl);
  EXECUTE format(
    'CREATE POLICY omsx_expert ON %s AS RESTRICTIVE TO omsx_api, omsx_api_pseudo USING ((SELECT omsx_expert_code() IS NULL) OR %s) WITH CHECK ((SELECT omsx_expert_code() IS NULL) OR %s)',
    tbl, predicate, predicate);
END $$;

/*
 * omsx_isolate as in 0500_access, and a table that holds a case's data (a `case_id` column) is narrowed for experts
 * to their assigned cases, unless it has an expert policy of its own: a table isolated later gets it too.
 */
CREATE OR REPLACE FUNCTION omsx_isolate(tbl regclass, predicate TEXT) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
  EXECUTE format('ALTER TABLE %s ENABLE ROW LEVEL SECURITY', tbl);
  EXECUTE format('DROP POLICY IF EXISTS omsx_isolation ON %s', tbl);
  EXECUTE format('CREATE POLICY omsx_isolation ON %s TO omsx_api, omsx_api_pseudo USING (%s) WITH CHECK (%s)', tbl, predicate, predicate);
  IF EXISTS (SELECT 1 FROM pg_attribute WHERE attrelid = tbl AND attname = 'case_id' AND NOT attisdropped)
     AND NOT EXISTS (SELECT 1 FROM pg_policy WHERE polrelid = tbl AND polname = 'omsx_expert') THEN
    PERFORM omsx_restrict_expert(tbl, omsx_expert_case('case_id'));
  END IF;
END $$;

-- their own items, the lists that hold them, the cases of those items and the files of those cases
SELECT omsx_restrict_expert('worklist_item', 'expert_code = omsx_expert_code()');
SELECT omsx_restrict_expert('worklist', 'id IN (SELECT i.worklist_id FROM worklist_item i)');
SELECT omsx_restrict_expert('"case"', omsx_expert_case('id'));
SELECT omsx_restrict_expert('register_file', 'id IN (SELECT c.register_file_id FROM "case" c)');
-- every isolated table of a case's data (conclusions, features, scores, manual lists, sub-cases, sanctions, findings;
-- persons and conclusion versions follow their case and conclusion through their own policies)
DO $$
DECLARE
  t regclass;
BEGIN
  FOR t IN
    SELECT p.polrelid::regclass FROM pg_policy p
      JOIN pg_class c ON c.oid = p.polrelid AND c.relnamespace = (SELECT oid FROM pg_namespace WHERE nspname = current_schema())
     WHERE p.polname = 'omsx_isolation'
       AND EXISTS (SELECT 1 FROM pg_attribute a WHERE a.attrelid = p.polrelid AND a.attname = 'case_id' AND NOT a.attisdropped)
       AND NOT EXISTS (SELECT 1 FROM pg_policy e WHERE e.polrelid = p.polrelid AND e.polname = 'omsx_expert')
  LOOP
    PERFORM omsx_restrict_expert(t, omsx_expert_case('case_id'));
  END LOOP;
END $$;
