-- Row-level policies that read the request's settings once per query, not once per row.
--
-- omsx_visible (0500_access) is inlined into each policy, so every row it filters calls current_setting() three or
-- four times: on a 1 M-case month an insurer's worklist count (22 000 items) took 8 ms under the policy against
-- 2 ms without it. Here each policy is written out with the settings as uncorrelated scalar subqueries, which
-- PostgreSQL evaluates once per query (InitPlans), leaving a comparison per row; and `smo = (SELECT …)` can use an
-- index. Who sees what is unchanged: 'all' sees every row, 'smo' the rows of its insurer (never a row without one),
-- 'mo' those of its MO, anything else none (test/access/*: the isolation tests of every endpoint).

/* The text of the predicate "the request's scope may see a row of insurer `smo_expr` / MO `mo_expr`". */
-- Each test of the scope is a boolean subquery, not a text compared with a constant: the planner estimates a boolean
-- parameter at one half but `param = 'all'` at 0.5 %, and with policies estimated to pass 0.3 % of an insurer's
-- items it sorted all 22 000 of them for a page instead of reading the first 50 from an index in the page's order.
CREATE OR REPLACE FUNCTION omsx_visible_sql(smo_expr TEXT, mo_expr TEXT) RETURNS TEXT LANGUAGE sql IMMUTABLE AS $$
  SELECT format(
    '((SELECT current_setting(''omsx.scope'', true) = ''all'')'
    ' OR ((SELECT current_setting(''omsx.scope'', true) = ''smo'') AND (%s) = (SELECT nullif(current_setting(''omsx.smo'', true), '''')))'
    ' OR ((SELECT current_setting(''omsx.scope'', true) = ''mo'') AND (%s) = (SELECT nullif(current_setting(''omsx.mo'', true), ''''))))',
    smo_expr, coalesce(mo_expr, 'NULL::text'))
$$;

CREATE OR REPLACE FUNCTION "enableInsurerIsolation"(tbl regclass, smo_column TEXT, mo_column TEXT DEFAULT NULL) RETURNS void LANGUAGE sql AS $$
  SELECT omsx_isolate(tbl, omsx_visible_sql(quote_ident(smo_column), CASE WHEN mo_column IS NULL THEN NULL ELSE quote_ident(mo_column) END))
$$;

SELECT omsx_isolate('"case"', omsx_visible_sql('coalesce(smo, plat)', 'code_mo'));
SELECT omsx_isolate('package_owner', omsx_visible_sql('NULL::text', 'code_mo'));
SELECT omsx_isolate(
  'register_file',
  omsx_visible_sql('plat', 'code_mo') || $p$ OR ((SELECT current_setting('omsx.scope', true) = 'smo')
     AND EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = register_file.id))$p$
);
SELECT omsx_isolate(
  'person',
  $p$(SELECT current_setting('omsx.pd', true) = 'on') AND ((SELECT current_setting('omsx.scope', true) = 'all')
     OR EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = person.register_file_id AND c.id_pac = person.id_pac))$p$
);
SELECT omsx_isolate(
  'package',
  $p$(SELECT current_setting('omsx.scope', true) = 'all')
     OR ((SELECT current_setting('omsx.scope', true) = 'mo') AND (
         EXISTS (SELECT 1 FROM package_owner o WHERE o.package_id = package.id AND o.code_mo = (SELECT current_setting('omsx.mo', true)))
         OR EXISTS (SELECT 1 FROM register_file f WHERE f.package_id = package.id AND f.code_mo = (SELECT current_setting('omsx.mo', true)))))$p$
);
SELECT "enableInsurerIsolation"('conclusion', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('case_feature', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('case_score', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('worklist', 'smo');
SELECT "enableInsurerIsolation"('worklist_item', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('manual_selection', 'smo', 'code_mo');

-- no policy is left calling omsx_visible row by row (a table isolated by a migration this one does not know of)
DO $$
DECLARE
  left_over TEXT;
BEGIN
  SELECT string_agg(p.polrelid::regclass::text, ', ') INTO left_over
    FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid
   WHERE c.relnamespace = current_schema()::regnamespace
     AND (pg_get_expr(p.polqual, p.polrelid) LIKE '%omsx_visible(%' OR pg_get_expr(p.polwithcheck, p.polrelid) LIKE '%omsx_visible(%');
  IF left_over IS NOT NULL THEN
    RAISE EXCEPTION 'policies still calling omsx_visible per row: %', left_over;
  END IF;
END $$;
