/**
 * The character-level rules of XML 1.0 the register scanner (scan.ts) applies: which characters may
 * appear, names, the XML declaration, references in text, and the checks of attributes (which registers
 * never have). Pure functions over the scanner's text; an error is reported through `fail(offset, message)`,
 * which the scanner turns into a line and column.
 */

/** Reports a well-formedness error at an offset of the scanner's text (it throws). */
export type Fail = (at: number, message: string) => never;

export const GT = 62;
export const SLASH = 47;
const EQ = 61;

const PREDEFINED: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };

/** Text that needs the careful path: references, CR, `]]>`, characters XML does not allow, surrogates. */
export const SPECIAL = /[&\r\]\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
export const SPACE_ONLY = /^[ \t\r\n]*$/;
/** XML 1.0 (5th ed.) Name, for names with non-ASCII characters. */
export const NAME =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}][:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}.0-9\u00B7\u0300-\u036F\u203F-\u2040-]*$/u;
export const XML_DECL =
  /^xml[ \t\r\n]+version[ \t\r\n]*=[ \t\r\n]*(["'])1\.[0-9]+\1([ \t\r\n]+encoding[ \t\r\n]*=[ \t\r\n]*(["'])[A-Za-z][A-Za-z0-9._-]*\3)?([ \t\r\n]+standalone[ \t\r\n]*=[ \t\r\n]*(["'])(yes|no)\5)?[ \t\r\n]*$/;

/** ASCII name characters: 1 may start a name, 2 may only follow. */
export const NAME_CHAR = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const ch = String.fromCharCode(c);
  if (/[A-Za-z_:]/.test(ch)) NAME_CHAR[c] = 1;
  else if (/[0-9.-]/.test(ch)) NAME_CHAR[c] = 2;
}
export const isSpace = (c: number) => c === 32 || c === 10 || c === 9 || c === 13;
/** Whether a character of text needs the careful path: what SPECIAL matches, by the character's code. */
export const isSpecialChar = (c: number) =>
  c > 32 ? c === 38 || c === 93 || (c >= 0xd800 && (c <= 0xdfff || c >= 0xfffe)) : c !== 32 && c !== 10 && c !== 9;
const isChar = (c: number) =>
  c === 9 || c === 10 || c === 13 || (c >= 0x20 && c <= 0xd7ff) || (c >= 0xe000 && c <= 0xfffd) || (c >= 0x10000 && c <= 0x10ffff);

/**
 * Text with references, CRs or characters to check: character data (`text`), an attribute value
 * (`attr`: references, and `]]>` allowed) or a comment, PI or CDATA section (`literal`).
 */
export function careful(t: string, at: number, mode: 'text' | 'attr' | 'literal', fail: Fail): string {
  const refs = mode !== 'literal';
  let out = '';
  let from = 0;
  const n = t.length;
  for (let i = 0; i < n; i++) {
    const c = t.charCodeAt(i);
    if (c === 38 && refs) {
      const semi = t.indexOf(';', i + 1);
      if (semi < 0) fail(at + i, 'unterminated entity reference.');
      out += t.slice(from, i) + reference(t.slice(i + 1, semi), at + i, fail);
      i = semi;
      from = i + 1;
    } else if (c === 13) {
      out += t.slice(from, i) + '\n';
      if (t.charCodeAt(i + 1) === 10) i++;
      from = i + 1;
    } else if (c === 93 && mode === 'text' && t.startsWith(']]>', i)) {
      fail(at + i, 'the string "]]>" is disallowed in char data.');
    } else if (c >= 0xd800 && c <= 0xdbff) {
      const d = t.charCodeAt(i + 1);
      if (!(d >= 0xdc00 && d <= 0xdfff)) fail(at + i, 'disallowed character.');
      i++;
    } else if (!isChar(c)) fail(at + i, 'disallowed character.');
  }
  return from === 0 ? t : out + t.slice(from);
}

function reference(name: string, at: number, fail: Fail): string {
  if (name.charCodeAt(0) === 35 /* # */) {
    const hex = name.charCodeAt(1) === 120; /* x */
    const digits = name.slice(hex ? 2 : 1);
    if (!(hex ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/).test(digits)) fail(at, `malformed character entity: &${name};`);
    const code = parseInt(digits, hex ? 16 : 10);
    if (!isChar(code)) fail(at, `character reference &${name}; is not a legal XML character.`);
    return String.fromCodePoint(code);
  }
  const v = PREDEFINED[name];
  if (v === undefined) fail(at, `undefined entity: ${name}.`);
  return v;
}

/** End of the name starting at `i` of `b`, -1 when `b` ends inside it. */
export function nameEnd(b: string, i: number, fail: Fail): number {
  const c0 = b.charCodeAt(i);
  if (c0 !== c0) return -1;
  if (c0 < 128 && NAME_CHAR[c0] !== 1) fail(i, 'disallowed character in tag name.');
  let j = i + 1;
  let ascii = c0 < 128;
  for (;;) {
    const c = b.charCodeAt(j);
    if (c !== c) return -1;
    if (c < 128) {
      if (NAME_CHAR[c] === 0) break;
    } else ascii = false;
    j++;
  }
  if (!ascii) {
    // end at the first character that is not a name character (non-ASCII ones included), one code point at a
    // time: testing the growing prefix against NAME took time quadratic in the name's length (15 s for a 65 000-
    // character name the fuzz run made)
    let k = i;
    while (k < j) {
      const cp = b.codePointAt(k)!;
      const ch = String.fromCodePoint(cp);
      if (!(k === i ? NAME_START.test(ch) : NAME_REST.test(ch))) break;
      k += ch.length;
    }
    if (k === i) fail(i, 'disallowed character in tag name.');
    return k;
  }
  return j;
}

/** One character of a name: the first (NameStartChar) and the others (NameChar), as in NAME. */
const NAME_START =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}]$/u;
const NAME_REST =
  /^[:A-Z_a-z\u00C0-\u00D6\u00D8-\u00F6\u00F8-\u02FF\u0370-\u037D\u037F-\u1FFF\u200C-\u200D\u2070-\u218F\u2C00-\u2FEF\u3001-\uD7FF\uF900-\uFDCF\uFDF0-\uFFFD\u{10000}-\u{EFFFF}.0-9\u00B7\u0300-\u036F\u203F-\u2040-]$/u;

/**
 * Checks the attributes of `b` from `i` (a space after the tag name) to the `>` or `/` ending the tag; returns
 * that position, -1 when `b` ends before it. Registers have no attributes: they are checked, not reported.
 */
export function attributes(b: string, i: number, fail: Fail): number {
  let seen: Set<string> | undefined;
  for (;;) {
    let c = b.charCodeAt(i);
    let spaced = false;
    while (isSpace(c)) {
      c = b.charCodeAt(++i);
      spaced = true;
    }
    if (c !== c) return -1;
    if (c === GT || c === SLASH) return i;
    if (!spaced) fail(i, 'no whitespace between attributes.');
    const ne = nameEnd(b, i, fail);
    if (ne < 0) return -1;
    const name = b.slice(i, ne);
    if ((seen ??= new Set()).has(name)) fail(i, `duplicate attribute: ${name}.`);
    seen.add(name);
    i = ne;
    c = b.charCodeAt(i);
    while (isSpace(c)) c = b.charCodeAt(++i);
    if (c !== c) return -1;
    if (c !== EQ) fail(i, 'attribute without value.');
    c = b.charCodeAt(++i);
    while (isSpace(c)) c = b.charCodeAt(++i);
    if (c !== c) return -1;
    if (c !== 34 && c !== 39) fail(i, 'unquoted attribute value.');
    const close = b.indexOf(c === 34 ? '"' : "'", i + 1);
    if (close < 0) return -1;
    const value = b.slice(i + 1, close);
    const lt = value.indexOf('<');
    if (lt >= 0) fail(i + 1 + lt, 'disallowed character in attribute value.');
    if (SPECIAL.test(value)) careful(value, i + 1, 'attr', fail);
    i = close + 1;
    c = b.charCodeAt(i);
    if (c !== c) return -1;
    if (c !== GT && c !== SLASH && !isSpace(c)) fail(i, 'no whitespace between attributes.');
  }
}
