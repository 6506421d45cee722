// The agreement report (GET /api/agreement): the agreement page reads it as is, the quality-control page with its grouping.
import type { Got } from './schema.js';

/** The agreement report with the grouping it was computed for (`by`), as the quality-control page reads it. */
export type AgreementReportBy = Got<'/api/agreement'>;
export type AgreementReport = AgreementReportBy;
export type AgreementGroup = AgreementReportBy['total'];
