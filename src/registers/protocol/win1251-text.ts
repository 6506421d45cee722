/**
 * Text for a protocol written in windows-1251: the characters that encoding lacks (the checks' messages say `≠`,
 * `Σ`, `−`, a UTF-8 register may carry anything) are written with characters it has, instead of the `?` an encoder
 * puts in their place.
 */
import iconv from 'iconv-lite';

/** Every character windows-1251 can write (0x98 is unassigned: it decodes to U+FFFD). */
const ENCODABLE = new Set(
  [...iconv.decode(Buffer.from(Array.from({ length: 256 }, (_, i) => i)), 'win1251')].filter((c) => c !== '\uFFFD'),
);

/** What the checks and the registers are known to use, in characters a reader of the protocol understands. */
const REPLACEMENTS: Record<string, string> = {
  '≠': '!=',
  Σ: 'сумма',
  '∑': 'сумма',
  '−': '-',
  '‑': '-',
  '≤': '<=',
  '≥': '>=',
  '×': 'x',
  '÷': '/',
  '≈': '~',
  '→': '->',
  '←': '<-',
  '′': "'",
  '″': '"',
  '\u00A0': ' ',
};

/** `text` in characters windows-1251 has: known ones replaced, accents dropped, anything else as `U+XXXX`. */
export function win1251Text(text: string): string {
  let out = '';
  for (const c of text) {
    if (ENCODABLE.has(c)) out += c;
    else if (c in REPLACEMENTS) out += REPLACEMENTS[c];
    else {
      // a Latin letter with a diacritic (é, ü): the letter alone
      const base = c.normalize('NFKD').replace(/\p{M}/gu, '');
      out +=
        base !== '' && [...base].every((b) => ENCODABLE.has(b))
          ? base
          : `U+${c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')}`;
    }
  }
  return out;
}
