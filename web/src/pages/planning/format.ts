// Russian formatting of the planning figures: money arrives in kopecks, volumes may be fractional (a share of the year).

export const MONTHS = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];
export const QUARTERS = ['I кв.', 'II кв.', 'III кв.', 'IV кв.'];

/** Kopecks as roubles: "1 234 567,89 ₽". */
export const rubKop = (kop: number) => `${(kop / 100).toLocaleString('ru-RU', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} ₽`;

/** A volume: whole numbers as they are, shares of the year with one decimal. */
export const vol = (x: number) => x.toLocaleString('ru-RU', { maximumFractionDigits: Number.isInteger(x) ? 0 : 1 });

/** Execution %: "87,5 %", or a dash without a plan. */
export const execPct = (x: number | null) => (x === null ? '—' : `${x.toLocaleString('ru-RU', { maximumFractionDigits: 1 })} %`);

/** Roubles typed by a user ("1 234,5" or "1234.50") as kopecks; null when it is not an amount. */
export function parseRub(s: string): number | null {
  const t = s.replace(/\s/g, '').replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(t)) return null;
  const [r, k = ''] = t.split('.');
  return Number(r) * 100 + Number(k.padEnd(2, '0'));
}

export const dateTime = (iso: string) =>
  new Date(iso).toLocaleString('ru-RU', { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' });

/** A plan cell's name: "750001 · стационар · профиль 97 · КСГ st27.004". */
export const cellLabel = (c: { mo: string; uslOk: number; profile?: number | null; ksg?: string | null }, usl: Record<string, string>) =>
  [c.mo, usl[String(c.uslOk)] ?? `USL_OK ${c.uslOk}`, c.profile ? `профиль ${c.profile}` : '', c.ksg ? `КСГ ${c.ksg}` : '']
    .filter(Boolean)
    .join(' · ');
