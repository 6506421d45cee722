/**
 * Q015 value masks → regular expressions. `9` a required digit, `X`/`Х` an optional digit,
 * `A`/`А` a Latin capital letter, `ГГГГ-ММ-ДД` a date; other characters are literals. A literal
 * followed only by optional positions is optional with them (`A99.ХX` accepts `L42` and `L42.1`).
 */
const OPT = new Set(['X', 'Х']);

export function compileMask(mask: string): RegExp | undefined {
  if (mask.length > 40 || /[а-яё]{3,}/i.test(mask.replace(/ГГГГ|ММ|ДД/g, ''))) return undefined; // prose, not a mask
  if (mask === 'ГГГГ-ММ-ДД') return /^\d{4}-\d{2}-\d{2}$/;
  type Tok = { re: string; opt: boolean; lit: boolean };
  const toks: Tok[] = [...mask].map((c) => {
    if (c === '9' || c === 'Г' || c === 'М' || c === 'Д') return { re: '\\d', opt: false, lit: false };
    if (OPT.has(c)) return { re: '\\d?', opt: true, lit: false };
    if (c === 'A' || c === 'А') return { re: '[A-Z]', opt: false, lit: false };
    return {
      re: c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
      opt: false,
      lit: true,
    };
  });
  // Decimal masks (…9.99): the fraction may be shorter or absent ("144782", "1.5"), as regional loaders accept.
  const dec = /^(.*9)\.(9+)$/.exec(mask);
  if (dec && !/[^9XХ]/.test(dec[1])) {
    const inner = compileMask(dec[1]);
    return inner ? new RegExp(`${inner.source.slice(0, -1)}(?:\\.\\d{1,${dec[2].length}})?$`) : undefined;
  }
  let out = '';
  for (let i = 0; i < toks.length; i++) {
    const t = toks[i];
    if (t.lit) {
      let j = i + 1;
      while (j < toks.length && toks[j].opt) j++;
      if (j > i + 1 && (j === toks.length || toks[j].lit)) {
        out += `(?:${t.re}${toks
          .slice(i + 1, j)
          .map((x) => x.re)
          .join('')})?`;
        i = j - 1;
        continue;
      }
    }
    out += t.re;
  }
  return new RegExp(`^${out}$`);
}

function digitsAt(v: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const c = v.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
/** `/^\d+$/` without a regular expression. */
export function isDigits(v: string): boolean {
  return v.length > 0 && digitsAt(v, 0, v.length);
}
/** A real calendar date written YYYY-MM-DD: one definition with the date columns (calendar.ts). */
export { isIsoDate } from '../../calendar.js';
