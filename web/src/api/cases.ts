// The case card: the case (GET /api/cases/:id), the F014 table, the sanction preview, the patient's timeline, the
// patient's personal data (audited).
import type { Got } from './schema.js';

export type CaseDetail = Got<'/api/cases/{id}'>;
export type F014Entry = Got<'/api/nsi/f014'>['items'][number];
export type SanctionPreview = Got<'/api/cases/{id}/sanction'>;
export type Timeline = Got<'/api/cases/{id}/timeline'>;
export type TimelineCase = Timeline['cases'][number];
/** The patient's personal data (L-file) of a case (GET /api/cases/:id/person; every read is audited). */
export type PersonCard = Got<'/api/cases/{id}/person'>;
