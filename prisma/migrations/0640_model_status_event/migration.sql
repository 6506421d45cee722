-- The status history of each model version: registered (as shadow or active), promoted, returned to shadow, retired.
-- Versions registered before this table get their history from model_version's own timestamps.
CREATE TABLE model_status_event (
  id         BIGSERIAL PRIMARY KEY,
  version    TEXT NOT NULL REFERENCES model_version (version),
  status     TEXT NOT NULL CHECK (status IN ('shadow', 'active', 'retired')),
  changed_at TIMESTAMPTZ(3) NOT NULL DEFAULT now(),
  -- the signed-in user's login, or null (the CLI, a job)
  changed_by TEXT
);
CREATE INDEX model_status_event_version_idx ON model_status_event (version, changed_at);

INSERT INTO model_status_event (version, status, changed_at)
SELECT version, CASE WHEN status = 'active' AND promoted_at IS NULL THEN 'active' ELSE 'shadow' END, created_at FROM model_version;
INSERT INTO model_status_event (version, status, changed_at)
SELECT version, 'active', promoted_at FROM model_version WHERE promoted_at IS NOT NULL;
INSERT INTO model_status_event (version, status, changed_at)
SELECT version, 'retired', retired_at FROM model_version WHERE retired_at IS NOT NULL;
