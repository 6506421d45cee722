/**
 * The rarer markup of the register scanner (scan.ts): comments, CDATA sections, a DOCTYPE (refused) and processing
 * instructions with the XML declaration. Each reader gets the scanner's text and the position of the `<`, and
 * returns where the markup ends, or -1 when the text ends before it does (more is awaited).
 */
import { careful, GT, isSpace, NAME, SPECIAL, XML_DECL, type Fail } from './xml-chars.js';

/** What the markup gives the scanner's handler: character data (CDATA), and a DOCTYPE at a position. */
export interface MarkupHandler {
  text(text: string): void;
  /** Called before the DOCTYPE is refused (the handler may throw an error of its own). */
  doctype(at: number): void;
}

/** `<!--`, `<![CDATA[` or `<!DOCTYPE`; -1 when the buffer ends before it can be read. */
export function readBang(b: string, lt: number, final: boolean, inRoot: boolean, h: MarkupHandler, fail: Fail): number {
  if (b.startsWith('<!--', lt)) {
    const end = b.indexOf('--', lt + 4);
    if (end < 0) return -1;
    const c = b.charCodeAt(end + 2);
    if (c !== c) return -1;
    if (c !== GT) fail(end, 'double dash in comment.');
    const body = b.slice(lt + 4, end);
    if (SPECIAL.test(body)) careful(body, lt + 4, 'literal', fail);
    return end + 3;
  }
  if (b.startsWith('<![CDATA[', lt)) {
    if (!inRoot) fail(lt, 'CDATA section outside the root element.');
    const end = b.indexOf(']]>', lt + 9);
    if (end < 0) return -1;
    const body = b.slice(lt + 9, end);
    h.text(SPECIAL.test(body) ? careful(body, lt + 9, 'literal', fail) : body);
    return end + 3;
  }
  if (b.startsWith('<!DOCTYPE', lt)) {
    h.doctype(lt);
    fail(lt, 'a DOCTYPE is not allowed.');
  }
  // too short to tell what it is yet
  if (
    !final &&
    b.length - lt < 9 &&
    ('<![CDATA['.startsWith(b.slice(lt)) || '<!DOCTYPE'.startsWith(b.slice(lt)) || '<!--'.startsWith(b.slice(lt)))
  )
    return -1;
  return fail(lt, 'disallowed markup after <!.');
}

/** A processing instruction; the XML declaration only at the very start. */
export function readPi(b: string, lt: number, atStart: boolean, fail: Fail): number {
  const end = b.indexOf('?>', lt + 2);
  if (end < 0) return -1;
  const body = b.slice(lt + 2, end);
  let t = 0;
  while (t < body.length && !isSpace(body.charCodeAt(t))) t++;
  const target = body.slice(0, t);
  if (!target || !NAME.test(target)) fail(lt + 2, 'processing instruction without a valid target.');
  if (target.toLowerCase() === 'xml') {
    if (target !== 'xml' || !atStart) fail(lt, 'an XML declaration must be at the start of the document.');
    if (!XML_DECL.test(body)) fail(lt, 'malformed XML declaration.');
  } else if (SPECIAL.test(body)) careful(body, lt + 2, 'literal', fail);
  return end + 2;
}
