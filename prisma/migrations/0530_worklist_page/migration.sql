-- A worklist page without reading every item of the period: the default order (insurer, control, mandatory first,
-- rank) is this index's order, so the first pages are read from its start; the other sorts (score, propensity,
-- expected amount, case) and the page's count read its entries alone (index-only, no heap), since it carries every
-- column they filter, sort and the row-level policy (0510_access_loop: smo, code_mo) reads. On a period of 111 000
-- items (37 000 per insurer) an insurer's page took 0.5–1.5 s on the loaded machine, reading the whole period's rows.
CREATE INDEX IF NOT EXISTS worklist_item_page_idx ON worklist_item (year, month, smo, control, rank NULLS FIRST, id)
  INCLUDE (arm, state, code_mo, score, propensity, expected_amount_kop, case_id);
