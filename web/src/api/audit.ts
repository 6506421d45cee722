// The personal-data access log (GET /api/audit).
import type { Got } from './schema.js';

/** A page of the log: the page always asks with page and pageSize, so the total and the page are there. */
export type AuditPage = Required<Got<'/api/audit'>>;
/** One audited read of personal data. */
export type AuditLine = AuditPage['entries'][number];
