// The models page: the stored model versions (GET /api/models).

export interface ModelRow {
  version: string;
  status: 'shadow' | 'active' | 'retired';
  kind: string;
  created_at: string;
  promoted_at: string | null;
  retired_at: string | null;
  train_from: string;
  train_to: string;
  threshold: number | null;
}
