/**
 * Acts of MEE / EKMP from the stored conclusions: the act's data (JSON), and the act as XLSX or PDF. Queries run in
 * the caller's scope, so an insurer's user builds acts of its own insurer's conclusions only (row-level security).
 */
import type { Deps } from '../../deps.js';
import { AppError } from '../../errors.js';
import { pseudonym } from '../../access/pseudonym.js';
import { parsePeriod } from '../../selection/selection.service.js';
import { reviewNsi } from '../conclusions.service.js';
import { buildAct, type Act } from './act.js';
import { actsRepo, type ActKey } from './acts.repo.js';

export interface ActQuery {
  period: string;
  mo: string;
  control: string;
  smo?: string;
}

const CONTROLS = ['MEE', 'EKMP'] as const;

/** The act of (period, MO, control[, insurer]): NOT_FOUND without conclusions, BAD_INPUT when several insurers share it. */
export async function actFor(deps: Deps, q: ActQuery): Promise<Act> {
  const { year, month } = parsePeriod(q.period);
  const control = q.control.toUpperCase();
  if (!(CONTROLS as readonly string[]).includes(control))
    throw new AppError('BAD_INPUT', `control must be MEE or EKMP, got "${q.control}"`);
  const rows = await actsRepo(deps.db.sql).rows({ year, month, mo: q.mo, control, smo: q.smo });
  const what = `MO ${q.mo}, period ${q.period}, ${control}${q.smo ? `, insurer ${q.smo}` : ''}`;
  if (rows.length === 0) throw new AppError('NOT_FOUND', `no conclusions for ${what}`);
  const smos = [...new Set(rows.map((r) => r.smo ?? ''))];
  if (smos.length > 1)
    throw new AppError('BAD_INPUT', `the conclusions for ${what} belong to insurers ${smos.join(', ')}: choose one with smo`, { smos });
  const nsi = await reviewNsi(deps.config);
  const key = deps.config.pseudonymKey;
  const onDate = `${q.period}-01`;
  return buildAct(
    { period: q.period, control: control as Act['control'], mo: q.mo, smo: rows[0].smo },
    rows.map(({ person_key, sum_kop, amount_kop, fine_kop, ...r }) => ({
      ...r,
      // the act leaves the server: the patient only by the installation's pseudonym, never the stored key (an ENP)
      patient: key && key.length >= 32 ? pseudonym(key, person_key) : null,
      sum_kop: Number(sum_kop),
      amount_kop: Number(amount_kop),
      fine_kop: Number(fine_kop),
    })),
    (code) => {
      const d = nsi.decodeSOsn(String(code), onDate);
      return d && { item: d.item ?? null, name: d.name ?? null };
    },
  );
}

/** The (MO, insurer, control) triples with conclusions in a period: the acts that can be made. */
export async function actKeys(deps: Deps, period: string, smo?: string): Promise<ActKey[]> {
  const { year, month } = parsePeriod(period);
  return actsRepo(deps.db.sql).keys({ year, month, smo });
}

/** The latest period with conclusions, for a page whose period has none to offer (YYYY-MM, or null: none at all). */
export async function latestActPeriod(deps: Deps, smo?: string): Promise<string | null> {
  return actsRepo(deps.db.sql).latestPeriod(smo);
}

/** The act rendered: `json` is the data itself. */
export async function renderAct(act: Act, format: 'xlsx' | 'pdf'): Promise<Buffer> {
  if (format === 'xlsx') return (await import('./act-xlsx.js')).actXlsx(act);
  return (await import('./act-pdf.js')).actPdf(act);
}
