// The worklist's lines (GET /api/worklists/…): the worklist page and the case card read them.
import type { Got } from './schema.js';

export type WorklistPage = Got<'/api/worklists'>;
export type WorklistLine = WorklistPage['items'][number];
export type Reason = WorklistLine['reasons'][number];
