// The models page: the stored model versions (GET /api/models).
import type { Got } from './schema.js';

export type ModelRow = Got<'/api/models'>['models'][number];
