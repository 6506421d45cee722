/**
 * Defect groups: F014 codes grouped by their 231н item, the first two levels of the code's `Osn` ("2.16.1" → "2.16",
 * "3.2.4" → "3.2", "3.4." → "3.4"), the way `src/synth/tables.ts` names the planted defects by item. Section 1 of
 * the order is MEK, 2 MEE, 3 EKMP. Codes of the previous order (Kod < 201, closed in 2021) reuse item numbers with
 * other meanings, so their group carries the prefix `old:`.
 */

/** The group of one F014 code from its `Osn`; `null` when the code has no item. */
export function defectGroupOf(kod: number, osn: string | undefined): string | null {
  const parts = (osn ?? '')
    .split('.')
    .map((p) => p.trim())
    .filter(Boolean);
  if (parts.length === 0) return null;
  const item = parts.slice(0, 2).join('.');
  return kod < 201 ? `old:${item}` : item;
}

/** The code → group table of every F014 row with an item (the last row of a code wins). */
export function defectGroupTable(rows: Iterable<{ kod: number; osn: string | undefined }>): Map<number, string> {
  const m = new Map<number, string>();
  for (const r of rows) {
    const g = defectGroupOf(r.kod, r.osn);
    if (g) m.set(r.kod, g);
  }
  return m;
}
