-- An expert's restrictive policies (0520_expert_access) on the lists and the files, driven from the expert's own
-- items. `worklist` kept the lists "that hold an item the expert may see" and `register_file` the files "that hold a
-- case the expert may see": each set was built by reading every item, or every case, and filtering it by the
-- expert's policy row by row (an OR the planner cannot turn into an index condition). On a 1 M-case month an
-- expert's worklist page or case card read the whole `case` table: 1–3 s under load. Now each set starts from the
-- expert's items by `worklist_item_expert_idx`, then the cases by their key. The same rows are visible as before: an
-- item is the expert's exactly when its expert_code is theirs, and the files are those of the cases of those items.
SELECT omsx_restrict_expert('worklist',
  'id IN (SELECT i.worklist_id FROM worklist_item i WHERE i.expert_code = omsx_expert_code())');
SELECT omsx_restrict_expert('register_file',
  'id IN (SELECT c.register_file_id FROM "case" c WHERE c.id IN (SELECT wi.case_id FROM worklist_item wi WHERE wi.expert_code = omsx_expert_code()))');
-- And the files' own policy: an insurer's user sees a file that holds a case of theirs, found by looking through the
-- file's cases. For an expert that look-up is what their restrictive policy above already asks (their cases are
-- their insurer's cases), but done row by row over a file's thousands of cases until one of theirs comes up (5 ms
-- a file, 30 ms a worklist page of an expert on a 1 M-case month): it is skipped for them.
SELECT omsx_isolate(
  'register_file',
  omsx_visible_sql('plat', 'code_mo') || $p$ OR ((SELECT current_setting('omsx.scope', true) = 'smo')
     AND ((SELECT omsx_expert_code() IS NOT NULL) OR EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = register_file.id)))$p$
);
