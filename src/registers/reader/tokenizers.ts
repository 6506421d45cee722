/**
 * The XML parsers the register reader (xml-records.ts) can run, behind one small interface: our
 * register scanner (scan.ts) and saxes, the reference it is tested against.
 */
import { SaxesParser } from 'saxes';
import { XmlScanner } from './scan.js';

/**
 * The XML parser: our register scanner (scan.ts) by default; `OMSX_XML_PARSER=saxes` reads with saxes,
 * the reference the scanner is tested against (same records, same accepted and refused documents).
 */
export type XmlParserName = 'scan' | 'saxes';
export const defaultXmlParser = (): XmlParserName => (process.env.OMSX_XML_PARSER === 'saxes' ? 'saxes' : 'scan');

/** What parseRegister needs of a parser: text in, calls to its handlers out; errors thrown. */
export interface Tokenizer {
  write(text: string): void;
  close(): void;
  where(): string;
}
export interface Handlers {
  open(name: string): void;
  text(text: string): void;
  /** Whether text of spaces only matters here (not when the element has no text yet: it would be trimmed). */
  wantsSpace(): boolean;
  close(): void;
  /** An element with text only, `<name>text</name>`, at once (scan.ts; saxes reports it as open, text, close). */
  leaf?(name: string, text: string): void;
  doctype(): void;
}

export function saxesTokenizer(h: Handlers): Tokenizer {
  const parser = new SaxesParser({ xmlns: false, position: true });
  parser.on('doctype', () => h.doctype());
  parser.on('opentag', (tag) => h.open(tag.name));
  parser.on('text', (t) => h.text(t));
  parser.on('cdata', (t) => h.text(t)); // CDATA is character data (saxes reports it apart)
  parser.on('closetag', () => h.close());
  parser.on('error', (e) => {
    throw e;
  });
  return {
    write: (t) => void parser.write(t),
    close: () => void parser.close(),
    where: () => `line ${parser.line}, column ${parser.column}`,
  };
}

export function scanTokenizer(h: Handlers): Tokenizer {
  const scanner = new XmlScanner({
    open: h.open,
    text: h.text,
    wantsSpace: h.wantsSpace,
    close: () => h.close(),
    leaf: h.leaf,
    doctype: h.doctype,
  });
  return {
    write: (t) => scanner.write(t),
    close: () => scanner.close(),
    where: () => {
      const p = scanner.position();
      return `line ${p.line}, column ${p.column + 1}`;
    },
  };
}
