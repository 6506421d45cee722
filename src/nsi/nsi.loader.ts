import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { Nsi, NsiTable, normalizeCode, type NsiRow } from './nsi.js';

/** The bundled code-table snapshots. */
export const BUNDLED_NSI_DIR = fileURLToPath(new URL('../../data/nsi', import.meta.url));

/** Parses `20110101`, `01.01.2011` or `2011-01-01` into an ISO date. */
function isoDate(v: string | undefined): string | undefined {
  if (!v) return undefined;
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(v);
  if (m) return `${m[1]}-${m[2]}-${m[3]}`;
  m = /^(\d{2})\.(\d{2})\.(\d{4})$/.exec(v);
  if (m) return `${m[3]}-${m[2]}-${m[1]}`;
  return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : undefined;
}

/**
 * Reads a TSV code table: a header row, the first column is the code; the name column is the first
 * whose header contains NAME/Naim; DATEBEG/DATEEND give validity. The table id is the file name
 * before the first `_` or `.` (e.g. `F014.tsv` → F014).
 */
export function parseTsvTable(id: string, text: string): NsiTable {
  const lines = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .filter((l) => l.trim());
  const head = lines[0].split('\t').map((h) => h.trim());
  const nameCol = head.findIndex((h, i) => i > 0 && /name|naim/i.test(h));
  const beg = head.findIndex((h) => /^DATEBEG/i.test(h));
  const end = head.findIndex((h) => /^DATEEND/i.test(h));
  const rows: NsiRow[] = lines.slice(1).map((l) => {
    const c = l.split('\t');
    const fields = Object.fromEntries(head.map((h, i) => [h, (c[i] ?? '').trim()]));
    return {
      code: normalizeCode(c[0] ?? ''),
      name: nameCol > 0 ? c[nameCol]?.trim() : undefined,
      from: beg >= 0 ? isoDate(c[beg]?.trim()) : undefined,
      to: end >= 0 ? isoDate(c[end]?.trim()) : undefined,
      fields,
    };
  });
  return new NsiTable(id, rows);
}

/** Loads every `*.tsv` of the bundled snapshots, then of `extraDir` (later files replace earlier tables). */
export async function loadNsi(extraDir?: string): Promise<Nsi> {
  const nsi = new Nsi();
  for (const dir of [BUNDLED_NSI_DIR, extraDir].filter((d): d is string => Boolean(d))) {
    for (const f of (await readdir(dir)).filter((f) => f.toLowerCase().endsWith('.tsv')).sort()) {
      nsi.add(parseTsvTable(f.split(/[_.]/)[0].toUpperCase(), await readFile(join(dir, f), 'utf8')));
    }
  }
  return nsi;
}

export { join };
