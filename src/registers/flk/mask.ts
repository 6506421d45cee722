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
function digitsValue(v: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n = n * 10 + (v.charCodeAt(i) - 48);
  return n;
}

/**
 * True for a real calendar date written YYYY-MM-DD: digits only, a year from 1 (what a date column holds; before,
 * " 1"-like fields read as numbers and year 0000 passed here and the whole file then failed at storing).
 */
const MDAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export function isIsoDate(v: string): boolean {
  if (v.length !== 10 || v.charCodeAt(4) !== 45 || v.charCodeAt(7) !== 45) return false; // '-'
  if (!digitsAt(v, 0, 4) || !digitsAt(v, 5, 7) || !digitsAt(v, 8, 10)) return false;
  const y = digitsValue(v, 0, 4);
  const m = digitsValue(v, 5, 7);
  const d = digitsValue(v, 8, 10);
  if (y < 1 || m < 1 || m > 12 || d < 1) return false;
  const leap = m === 2 && y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  return d <= MDAYS[m - 1] + (leap ? 1 : 0);
}
