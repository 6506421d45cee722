// A plan file read in the browser: CSV with the header mo,uslOk,volume,amountKop[,profile,ksg] (as `omsx plan store`
// reads it: comma or semicolon separated, amounts in kopecks). Errors name the line, in Russian.
import type { PlanCell } from './types.js';

export function parsePlanCsv(text: string): PlanCell[] {
  const rows = text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .map((l, i) => ({ n: i + 1, l: l.trim() }))
    .filter((r) => r.l !== '');
  if (rows.length === 0) throw new Error('Файл пуст');
  const sep = rows[0].l.includes(';') ? ';' : ',';
  const head = rows[0].l.split(sep).map((h) => h.trim().replace(/^"|"$/g, ''));
  const col = (name: string) => head.indexOf(name);
  for (const need of ['mo', 'uslOk', 'volume', 'amountKop'])
    if (col(need) < 0) throw new Error(`Строка 1: нет столбца «${need}» (нужны mo, uslOk, volume, amountKop; profile и ksg — по желанию)`);
  const lines = rows.slice(1).map(({ n, l }) => {
    const f = l.split(sep).map((x) => x.trim().replace(/^"|"$/g, ''));
    const get = (name: string) => (col(name) >= 0 ? (f[col(name)] ?? '') : '');
    const int = (name: string, min: number) => {
      const v = get(name);
      if (!/^\d+$/.test(v) || Number(v) < min)
        throw new Error(`Строка ${n}: «${name}» должно быть целым числом не меньше ${min}, а не «${v}»`);
      return Number(v);
    };
    if (!get('mo')) throw new Error(`Строка ${n}: не указан код МО (mo)`);
    const cell: PlanCell = { mo: get('mo'), uslOk: int('uslOk', 1), volume: int('volume', 0), amountKop: int('amountKop', 0) };
    if (get('profile')) cell.profile = int('profile', 1);
    if (get('ksg')) cell.ksg = get('ksg');
    return cell;
  });
  if (lines.length === 0) throw new Error('В файле нет строк плана, только заголовок');
  return lines;
}
