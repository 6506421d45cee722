/**
 * A streaming XML scanner for register files: what saxes does for us, at a fraction of its cost.
 * Registers are elements and text only, so the common path is `indexOf('<')` and a name per tag;
 * everything else XML 1.0 allows is still read (comments, processing instructions, CDATA, attributes,
 * character and predefined entity references, CR/LF normalisation) and every well-formedness error
 * saxes reports on such documents is reported too, with line and column. Attributes are checked
 * but not reported (registers have none; the reader ignored them with saxes as well).
 *
 * Not read: a DOCTYPE (the handler refuses it: no DTD, no entities), namespaces (names are taken as
 * written, as with saxes' `xmlns: false`), XML 1.1. `OMSX_XML_PARSER=saxes` switches the reader back
 * to saxes (xml-records.ts); the test suite compares both on real and mutated files. The character
 * rules are in xml-chars.ts.
 */
import { attributes, careful, GT, isSpace, isSpecialChar, NAME_CHAR, nameEnd, SLASH, SPACE_ONLY, type Fail } from './xml-chars.js';
import { readBang, readPi, type MarkupHandler } from './scan-markup.js';

export interface ScanHandlers {
  open(name: string): void;
  /** Character data of the current element, in one or more pieces, entities decoded and line ends normalised. */
  text(text: string): void;
  /** Asked before a text of spaces (and line ends) only is passed on: false skips it (e.g. it would be trimmed anyway). */
  wantsSpace(): boolean;
  close(name: string): void;
  /**
   * An element with nothing but text inside, `<name>text</name>` (most of a register's), read at once: what
   * open, text and close would be told. Without it such elements go through those three.
   */
  leaf?(name: string, text: string): void;
  /** A `<!DOCTYPE`: the handler throws. */
  doctype(): void;
}

/** A well-formedness error; the message carries `line:column:` as saxes' messages do. */
export class XmlSyntaxError extends Error {}

/** Longest piece of text or markup held while waiting for its end (a register has nothing near it). */
const MAX_PENDING = 64 * 1024 * 1024;
/** An incomplete piece longer than this waits for the input to double it before it is scanned again (write). */
const DEFER_FROM = 64 * 1024;

/** Whether `b` holds `name` at `at` (a short name: compared here, cheaper than a call of startsWith). */
function sameAt(b: string, at: number, name: string): boolean {
  for (let j = 0; j < name.length; j++) if (b.charCodeAt(at + j) !== name.charCodeAt(j)) return false;
  return true;
}

const BANG = 33;
const QUESTION = 63;

const enum State {
  Prolog,
  Root,
  Epilog,
}

export class XmlScanner {
  private buf = '';
  private pos = 0;
  private readonly stack: string[] = [];
  private state = State.Prolog;
  /** Characters consumed before `buf`, and lines/column at its start (for error positions). */
  private consumed = 0;
  private lineAtBuf = 1;
  private columnAtBuf = 0;
  /** Offset in `buf` of the markup being read (for `position()` from inside a handler). */
  private at = 0;

  /** `fail` for the character rules of xml-chars.ts. */
  private readonly failAt: Fail = (at, message) => this.fail(at, message);
  /** What comments, CDATA and a DOCTYPE give the handler (scan-markup.ts). */
  private readonly markup: MarkupHandler = {
    text: (t) => this.h.text(t),
    doctype: (at) => {
      this.at = at;
      this.h.doctype();
    },
  };

  constructor(private readonly h: ScanHandlers) {}

  /** Input held back while a long incomplete text or markup waits for its end (see write). */
  private held: string[] = [];
  private heldLength = 0;

  /**
   * Scans more text; whatever is incomplete at its end waits for the next call. A long incomplete piece (a text or
   * a tag still without its end) is scanned again only once the input has doubled it, so that a value of any length
   * costs time in proportion to its length, and one over MAX_PENDING is refused when the input reaches that length.
   */
  write(text: string): void {
    const pending = this.buf.length - this.pos;
    if (pending > DEFER_FROM && this.heldLength + text.length < pending) {
      this.held.push(text);
      this.heldLength += text.length;
      if (pending + this.heldLength > MAX_PENDING) this.fail(this.pos, `a text or markup longer than ${MAX_PENDING >> 20} MiB`);
      return;
    }
    if (this.held.length) text = this.takeHeld(text);
    this.buf = this.pos < this.buf.length ? this.buf.slice(this.pos) + text : text;
    this.pos = 0;
    this.scan(false);
    this.compact();
  }

  private takeHeld(last = ''): string {
    this.held.push(last);
    const text = this.held.join('');
    this.held = [];
    this.heldLength = 0;
    return text;
  }

  /** The end of the document: anything still open or incomplete is an error. */
  close(): void {
    if (this.held.length) {
      this.buf = this.buf.slice(this.pos) + this.takeHeld();
      this.pos = 0;
    }
    this.scan(true);
    if (this.pos < this.buf.length) this.fail(this.pos, 'unexpected end of document inside markup.');
    if (this.stack.length) this.fail(this.pos, `unclosed tag: ${this.stack[this.stack.length - 1]}`);
    if (this.state === State.Prolog) this.fail(this.pos, 'document must contain a root element.');
  }

  /** Drops the consumed part of the buffer, keeping the line count. */
  private compact(): void {
    const b = this.buf;
    const cut = this.pos;
    if (cut === 0) {
      if (b.length > MAX_PENDING) this.fail(0, `a text or markup longer than ${MAX_PENDING >> 20} MiB`);
      return;
    }
    const nl = b.lastIndexOf('\n', cut - 1);
    if (nl < 0) this.columnAtBuf += cut;
    else {
      this.columnAtBuf = cut - nl - 1;
      for (let i = b.indexOf('\n'); i !== -1 && i < cut; i = b.indexOf('\n', i + 1)) this.lineAtBuf++;
    }
    this.consumed += cut;
    this.buf = b.slice(cut);
    this.pos = 0;
  }

  /** Line (from 1) and column (from 0) of the markup being read, e.g. of the tag a handler was called for. */
  position(at = this.at): { line: number; column: number } {
    const b = this.buf;
    let line = this.lineAtBuf;
    let column = this.columnAtBuf;
    for (let i = 0; i < at && i < b.length; i++) {
      if (b.charCodeAt(i) === 10) {
        line++;
        column = 0;
      } else column++;
    }
    return { line, column };
  }

  private fail(at: number, message: string): never {
    const { line, column } = this.position(at);
    throw new XmlSyntaxError(`${line}:${column}: ${message}`);
  }

  private scan(final: boolean): void {
    const b = this.buf;
    let p = this.pos;
    for (;;) {
      const lt = b.indexOf('<', p);
      if (lt === -1) {
        if (final && p < b.length) {
          this.textRun(p, b.length);
          p = b.length;
        }
        break;
      }
      if (lt > p) this.textRun(p, lt);
      p = lt;
      const c = b.charCodeAt(lt + 1);
      let next: number;
      if (c === SLASH) next = this.endTag(lt);
      else if (c === BANG) next = readBang(b, lt, final, this.state === State.Root, this.markup, this.failAt);
      else if (c === QUESTION)
        next = readPi(b, lt, this.consumed + lt === 0 || (this.consumed === 0 && lt === 1 && b.charCodeAt(0) === 0xfeff), this.failAt);
      else if (c !== c)
        next = -1; // NaN: '<' is the last character so far
      else next = this.startTag(lt);
      if (next < 0) break;
      p = next;
    }
    this.pos = p;
  }

  private textRun(s: number, e: number): void {
    const b = this.buf;
    if (this.state !== State.Root) {
      let t = b.slice(s, e);
      if (this.consumed === 0 && s === 0 && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
      if (!SPACE_ONLY.test(t)) this.fail(s, 'text data outside of root node.');
      return;
    }
    // one pass: spaces only? anything for the careful path (what SPECIAL matches)?
    let space = true;
    let special = false;
    for (let k = s; k < e; k++) {
      const c = b.charCodeAt(k);
      if (!isSpace(c)) space = false;
      if (isSpecialChar(c)) special = true;
    }
    if (space && !this.h.wantsSpace()) return;
    const t = b.slice(s, e);
    this.h.text(special ? careful(t, s, 'text', this.failAt) : t);
  }

  /** Names seen, by a hash of their characters: a tag name is looked up, not cut out of the text each time. */
  private readonly names: string[] = new Array<string>(1024).fill('');

  private startTag(lt: number): number {
    const b = this.buf;
    if (this.state === State.Epilog) this.fail(lt, 'text data outside of root node.');
    // ASCII names (all of a register's) with a hash on the way; anything else through nameEnd
    let ne = lt + 1;
    let hash = 0;
    let c0 = b.charCodeAt(ne);
    if (c0 < 128 && NAME_CHAR[c0] === 1) {
      do {
        hash = (hash * 31 + c0) | 0;
        c0 = b.charCodeAt(++ne);
      } while (c0 < 128 && NAME_CHAR[c0] !== 0);
    }
    let name: string;
    if (ne > lt + 1 && c0 < 128) {
      const slot = hash & 1023;
      const known = this.names[slot];
      if (known.length === ne - lt - 1 && sameAt(b, lt + 1, known)) name = known;
      else name = this.names[slot] = b.slice(lt + 1, ne);
    } else {
      ne = nameEnd(b, lt + 1, this.failAt);
      if (ne < 0) return -1;
      name = b.slice(lt + 1, ne);
    }
    let i = ne;
    let c = b.charCodeAt(i);
    if (c !== GT && c !== SLASH && !isSpace(c)) {
      if (c !== c) return -1;
      this.fail(i, 'disallowed character in tag name.');
    }
    if (isSpace(c)) {
      i = attributes(b, i, this.failAt);
      if (i < 0) return -1;
      c = b.charCodeAt(i);
    }
    let selfClosing = false;
    if (c === SLASH) {
      const d = b.charCodeAt(i + 1);
      if (d !== d) return -1;
      if (d !== GT) this.fail(i + 1, 'forward-slash in opening tag not followed by >.');
      selfClosing = true;
      i++;
    }
    // i is at '>'
    if (!selfClosing && this.stack.length && this.h.leaf) {
      const next = this.leaf(lt, name, i + 1);
      if (next >= 0) return next;
    }
    if (this.state === State.Prolog) this.state = State.Root;
    this.stack.push(name);
    this.at = lt;
    this.h.open(name);
    if (selfClosing) this.closeTop(name, i);
    return i + 1;
  }

  /**
   * `<name>` ends at `from`: when text and then `</name>` follow (all in the buffer), hands the element to the
   * handler's leaf and returns the position after it; -1 to read it the general way.
   */
  private leaf(lt: number, name: string, from: number): number {
    const b = this.buf;
    const end = b.indexOf('<', from);
    if (end < 0 || b.charCodeAt(end + 1) !== SLASH || b.charCodeAt(end + 2 + name.length) !== GT || !sameAt(b, end + 2, name)) return -1;
    let special = false;
    for (let k = from; k < end && !special; k++) special = isSpecialChar(b.charCodeAt(k));
    const text = b.slice(from, end);
    this.at = lt;
    this.h.leaf!(name, special ? careful(text, from, 'text', this.failAt) : text);
    return end + 3 + name.length;
  }

  private endTag(lt: number): number {
    const b = this.buf;
    // the usual case: the name of the open element, then '>'
    const top = this.stack[this.stack.length - 1];
    if (top !== undefined && b.charCodeAt(lt + 2 + top.length) === GT && sameAt(b, lt + 2, top)) {
      this.closeTop(top, lt);
      return lt + 3 + top.length;
    }
    const gt = b.indexOf('>', lt + 2);
    if (gt < 0) return -1;
    const ne = nameEnd(b, lt + 2, this.failAt);
    if (ne < 0 || ne > gt) this.fail(lt + 2, 'disallowed character in closing tag.');
    for (let k = ne; k < gt; k++) if (!isSpace(b.charCodeAt(k))) this.fail(k, 'disallowed character in closing tag.');
    const name = b.slice(lt + 2, ne);
    if (this.state !== State.Root) this.fail(lt, `unmatched closing tag: ${name}.`);
    this.closeTop(name, lt);
    return gt + 1;
  }

  private closeTop(name: string, at: number): void {
    const top = this.stack[this.stack.length - 1];
    if (top !== name) this.fail(at, `unexpected close tag: ${name}, expected ${top}.`);
    this.stack.pop();
    this.at = at;
    this.h.close(name);
    if (!this.stack.length) this.state = State.Epilog;
  }
}
