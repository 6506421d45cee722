-- Insurer isolation of the selection loop's tables (0310–0340): each carries the insurer and MO of its case, so a
-- request of an insurer's user sees its own rows only, as with "case" (0500_access). Models and experts' directory
-- are not an insurer's data.
SELECT "enableInsurerIsolation"('conclusion', 'smo', 'code_mo');
SELECT omsx_isolate('conclusion_version', 'EXISTS (SELECT 1 FROM conclusion c WHERE c.id = conclusion_id)');
SELECT "enableInsurerIsolation"('case_feature', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('case_score', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('worklist', 'smo');
SELECT "enableInsurerIsolation"('worklist_item', 'smo', 'code_mo');
SELECT "enableInsurerIsolation"('manual_selection', 'smo', 'code_mo');
