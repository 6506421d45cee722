// The shapes of GET /api/models/:version and GET /api/models/:version/drift (src/api/routes/models.routes.ts).
import type { Got } from '../../api/schema.js';

export type ModelDetails = Got<'/api/models/{version}'>;
export type Metrics = ModelDetails['metrics'];
export type Interval = Metrics['roc_auc'];

export type DriftReport = Got<'/api/models/{version}/drift'>;
export type DriftFeature = DriftReport['features'][number];
