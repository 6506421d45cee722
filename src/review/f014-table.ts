/**
 * The F014 table as an expert picks codes from it: code, 231н item (`Osn`), text, the sanction coefficients the
 * review module prices a conclusion with (K_NO, K_SH, read by the same `Nsi.decodeSOsn`), the defect group and the
 * section of the order (1 MEK, 2 MEE, 3 EKMP). Pure: the rows come from the loaded Nsi.
 */
import type { Nsi } from '../nsi/nsi.js';
import { defectGroupOf } from './defect-groups.js';
import type { Control } from './conclusion.js';

/** One F014 code as the picker shows it. */
export interface F014Entry {
  code: number;
  /** Item of order 231н, e.g. "2.16.1." */
  osn: string | null;
  /** The full text (Naim). */
  text: string;
  /** The short text (Komment), when the table has one. */
  short: string | null;
  /** Share of the case sum not paid (K_NO); null when the code carries none. */
  k_no: number | null;
  /** Fine coefficient of the per-capita norm (K_SH); null when the code carries none. */
  k_sh: number | null;
  /** Defect group (the first two levels of the item; `old:` for codes of the previous order). */
  group: string | null;
  /** Section of the order: MEK (1), MEE (2), EKMP (3); null when the item is unknown. */
  section: 'MEK' | Control | null;
  /** Validity, ISO dates; null = open. */
  from: string | null;
  to: string | null;
}

export interface F014Query {
  /** Code prefix, item prefix ("2.16") or words of the text (every word must occur, any case). */
  q?: string;
  /** Only codes valid on this date (YYYY-MM-DD). */
  on?: string;
  /** Only the codes of this section of the order (MEE: section 2, EKMP: section 3). */
  control?: Control;
  limit?: number;
}

const SECTIONS: Record<string, F014Entry['section']> = { '1': 'MEK', '2': 'MEE', '3': 'EKMP' };

/** Every row of the loaded F014 (every validity period), ordered by code. */
export function f014Entries(nsi: Nsi): F014Entry[] {
  const t = nsi.table('F014');
  if (!t) return [];
  return t
    .rows()
    .map((r) => {
      const code = Number(r.code);
      const d = nsi.decodeSOsn(r.code, r.from ?? r.to);
      const osn = r.fields.Osn?.trim() || null;
      return {
        code,
        osn,
        text: r.name ?? '',
        short: r.fields.Komment?.trim() || null,
        k_no: d?.kNo ?? null,
        k_sh: d?.kSh ?? null,
        group: defectGroupOf(code, osn ?? undefined),
        section: SECTIONS[(osn ?? '').split('.')[0]] ?? null,
        from: r.from ?? null,
        to: r.to ?? null,
      };
    })
    .filter((e) => Number.isInteger(e.code))
    .sort((a, b) => a.code - b.code || (a.from ?? '').localeCompare(b.from ?? ''));
}

/** The entries that match a query, at most `limit` (default 50). */
export function searchF014(entries: readonly F014Entry[], query: F014Query): F014Entry[] {
  const q = (query.q ?? '').trim().toLowerCase();
  const words = q.split(/\s+/).filter(Boolean);
  const match = (e: F014Entry) => {
    if (!q) return true;
    if (/^\d+$/.test(q)) return String(e.code).startsWith(q);
    if (/^\d+(\.\d*)+$/.test(q)) return (e.osn ?? '').startsWith(q);
    const hay = `${e.code} ${e.osn ?? ''} ${e.text} ${e.short ?? ''}`.toLowerCase();
    return words.every((w) => hay.includes(w));
  };
  const on = query.on;
  return entries
    .filter(
      (e) => (!on || ((!e.from || e.from <= on) && (!e.to || on <= e.to))) && (!query.control || e.section === query.control) && match(e),
    )
    .slice(0, query.limit ?? 50);
}
