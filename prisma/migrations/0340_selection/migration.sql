-- Selection for MEE and EKMP (src/selection/, docs/selection-loop-contracts.md): experts, worklists and their items,
-- manual case lists, and the trigger that closes an item when its conclusion arrives.

-- Experts of the region: V021 specialties, the MO that employs them (never given that MO's cases), the control types
-- they do and how many cases a month they take.
CREATE TABLE expert (
  code        TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  specialties TEXT[] NOT NULL DEFAULT '{}',
  code_mo     TEXT,
  controls    TEXT[] NOT NULL DEFAULT '{}',
  capacity    INT NOT NULL CHECK (capacity >= 0),
  active      BOOLEAN NOT NULL DEFAULT true,
  updated_at  TIMESTAMPTZ(3) NOT NULL DEFAULT now()
);

-- One list per insurer × period × control × care condition (usl_ok 0: cases without USL_OK, triggers and manual only).
CREATE TABLE worklist (
  id            BIGSERIAL PRIMARY KEY,
  year          INT NOT NULL,
  month         INT NOT NULL,
  smo           TEXT NOT NULL,
  control       TEXT NOT NULL CHECK (control IN ('MEE', 'EKMP')),
  usl_ok        INT NOT NULL,
  quota         INT NOT NULL,
  cases         INT NOT NULL,
  seed          BIGINT NOT NULL,
  model_version TEXT,
  ranking       TEXT NOT NULL DEFAULT 'rules',
  random_rate   DOUBLE PRECISION,
  created_at    TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (year, month, smo, control, usl_ok)
);

CREATE TABLE worklist_item (
  id                  BIGSERIAL PRIMARY KEY,
  worklist_id         BIGINT NOT NULL REFERENCES worklist (id) ON DELETE CASCADE,
  case_id             BIGINT NOT NULL,
  control             TEXT NOT NULL,
  s_tip               INT NOT NULL,
  arm                 TEXT NOT NULL CHECK (arm IN ('trigger', 'model', 'random', 'manual')),
  reason              TEXT,
  propensity          DOUBLE PRECISION,
  score               DOUBLE PRECISION,
  p_defect            REAL,
  expected_amount_kop BIGINT,
  model_version       TEXT,
  rank                INT,
  reasons             JSONB NOT NULL DEFAULT '[]',
  state               TEXT NOT NULL DEFAULT 'selected' CHECK (state IN ('selected', 'assigned', 'in_review', 'concluded')),
  expert_code         TEXT,
  unassigned_reason   TEXT,
  year                INT NOT NULL,
  month               INT NOT NULL,
  smo                 TEXT NOT NULL,
  code_mo             TEXT NOT NULL,
  usl_ok              INT,
  created_at          TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  updated_at          TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (case_id, control)
);
CREATE INDEX worklist_item_list_idx ON worklist_item (worklist_id, rank);
CREATE INDEX worklist_item_period_idx ON worklist_item (year, month, smo, control, arm);
CREATE INDEX worklist_item_expert_idx ON worklist_item (expert_code, year, month);

-- Cases named from outside the registers (complaints, court orders, the death registry), with their F006 code.
CREATE TABLE manual_selection (
  id         BIGSERIAL PRIMARY KEY,
  case_id    BIGINT NOT NULL,
  s_tip      INT NOT NULL,
  control    TEXT NOT NULL,
  reason     TEXT NOT NULL,
  source     TEXT NOT NULL,
  source_ref TEXT,
  year       INT NOT NULL,
  month      INT NOT NULL,
  smo        TEXT NOT NULL,
  code_mo    TEXT NOT NULL,
  usl_ok     INT,
  created_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  UNIQUE (case_id, s_tip)
);
CREATE INDEX manual_selection_period_idx ON manual_selection (year, month, smo);

-- A conclusion for a case that has a worklist item of its control closes that item; one that arrives with
-- arm = 'unknown' (a SANK in a later register, a CSV) takes the item's arm, reason and propensity.
CREATE FUNCTION worklist_item_on_conclusion() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  it RECORD;
BEGIN
  SELECT id, arm, reason, propensity INTO it FROM worklist_item
   WHERE case_id = NEW.case_id AND control = NEW.control
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

-- The conclusion table comes from 0310_conclusion (branch conclusions); a database without it gets the trigger from
-- the statement below once it exists (worklists.repo.ts ensureConclusionTrigger does the same at each selection).
DO $$
BEGIN
  IF to_regclass('conclusion') IS NOT NULL THEN
    CREATE TRIGGER conclusion_closes_worklist_item BEFORE INSERT ON conclusion
      FOR EACH ROW EXECUTE FUNCTION worklist_item_on_conclusion();
  END IF;
END
$$;
