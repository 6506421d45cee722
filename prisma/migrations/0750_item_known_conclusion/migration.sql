-- A worklist item whose case already has a conclusion of the item's control (imported from a CSV, the API or a
-- register's SANK before the selection) is created `concluded`, without an expert: the verdict is known, so nobody
-- reviews it again, and it takes no expert capacity. The trigger of 0340 closed only the items that existed when a
-- conclusion was inserted, so such an item stayed `selected`/`assigned` for ever while the hit rates counted it as
-- concluded.

-- Which conclusion closes which item: the one rule, used by both triggers below, by selection (src/selection/
-- worklists.repo.ts: the mandatory items that take no capacity, the kept items closed on a re-run) and by the hit
-- rates (src/selection/hit-rates.service.ts). A plain SQL expression, so the planner inlines it and uses the indexes.
CREATE FUNCTION conclusion_closes_item(c_case_id BIGINT, c_control TEXT, i_case_id BIGINT, i_control TEXT) RETURNS BOOLEAN
  LANGUAGE sql IMMUTABLE PARALLEL SAFE
  AS $$ SELECT c_case_id = i_case_id AND c_control = i_control $$;

-- 0340's trigger on conclusion, now through the rule above (same behaviour).
CREATE OR REPLACE FUNCTION worklist_item_on_conclusion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  SELECT id, arm, reason, propensity INTO it FROM worklist_item i
   WHERE conclusion_closes_item(NEW.case_id, NEW.control, i.case_id, i.control)
   LIMIT 1;
  IF NOT FOUND THEN
    RETURN NEW;
  END IF;
  IF NEW.arm = 'unknown' THEN
    NEW.arm := it.arm;
    NEW.reason := coalesce(it.reason, NEW.reason);
    NEW.propensity := it.propensity;
  END IF;
  UPDATE worklist_item SET state = 'concluded', updated_at = now() WHERE id = it.id;
  RETURN NEW;
END
$$;

-- The other direction: an item inserted for a case that has such a conclusion already is concluded at once, never
-- assigned; a conclusion of arm 'unknown' takes the item's arm, reason and propensity, as when it arrives later (the
-- case was drawn without regard to the conclusion, so it is an honest label of its arm).
CREATE FUNCTION worklist_item_on_insert() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM conclusion c WHERE conclusion_closes_item(c.case_id, c.control, NEW.case_id, NEW.control)) THEN
    RETURN NEW;
  END IF;
  NEW.state := 'concluded';
  NEW.expert_code := NULL;
  NEW.unassigned_reason := NULL;
  UPDATE conclusion c SET arm = NEW.arm, reason = coalesce(NEW.reason, c.reason), propensity = NEW.propensity
   WHERE conclusion_closes_item(c.case_id, c.control, NEW.case_id, NEW.control) AND c.arm = 'unknown';
  RETURN NEW;
END
$$;
CREATE TRIGGER worklist_item_known_conclusion BEFORE INSERT ON worklist_item
  FOR EACH ROW EXECUTE FUNCTION worklist_item_on_insert();
