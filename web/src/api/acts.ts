// The acts of MEE / EKMP (GET /api/acts…).
import type { Got } from './schema.js';

/** An act a period has: GET /api/acts/list. */
export type ActKey = Got<'/api/acts/list'>['acts'][number];

/** The act of MEE / EKMP: GET /api/acts (money in kopecks). */
export type Act = Got<'/api/acts'>;

export type ActDefect = Act['lines'][number]['defects'][number];
