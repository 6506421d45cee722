/**
 * Encodings of register files: the XML declaration decides (windows-1251 is the norm, UTF-8
 * allowed, none → UTF-8); a UTF-8 BOM is honoured. Anything else is refused with the file's name.
 */
import { isAscii } from 'node:buffer';
import { AppError } from '../../errors.js';
import { quote } from '../quote.js';

export type XmlEncoding = 'windows-1251' | 'utf-8';

/** The streaming decoder interface we use (WHATWG TextDecoder). */
export interface Decoder {
  readonly encoding: string;
  decode(input?: Uint8Array, options?: { stream?: boolean }): string;
}

const ALIASES: Record<string, XmlEncoding> = {
  'windows-1251': 'windows-1251',
  cp1251: 'windows-1251',
  'win-1251': 'windows-1251',
  'x-cp1251': 'windows-1251',
  'utf-8': 'utf-8',
  utf8: 'utf-8',
};

/** Reads the encoding from the first bytes of a file. */
export function sniffEncoding(head: Uint8Array, fileName: string): XmlEncoding {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return 'utf-8';
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff)) {
    throw new AppError('PACKAGE_REJECTED', `${fileName}: UTF-16 is not a register encoding (windows-1251 or UTF-8 expected)`, {
      file: fileName,
    });
  }
  const text = new TextDecoder('latin1').decode(head.subarray(0, 200));
  const decl = /^\s*<\?xml[^>]*?encoding\s*=\s*["']([^"']+)["']/i.exec(text);
  if (!decl) return 'utf-8';
  const enc = ALIASES[decl[1].toLowerCase()];
  if (!enc)
    throw new AppError('PACKAGE_REJECTED', `${fileName}: unsupported encoding "${quote(decl[1])}" (windows-1251 or UTF-8 expected)`, {
      file: fileName,
    });
  return enc;
}

/**
 * A streaming decoder; invalid UTF-8 bytes are an error (windows-1251 maps every byte). Windows-1251 text that is
 * all ASCII (a main register's, but for names) is read as Latin-1, the same characters: TextDecoder took ~5×
 * as long on it. A single-byte decoder holds nothing between chunks, so the two can take turns.
 */
export function createDecoder(enc: XmlEncoding): Decoder {
  const td = new TextDecoder(enc, { fatal: true, ignoreBOM: false });
  if (enc !== 'windows-1251') return td;
  return {
    encoding: td.encoding,
    decode: (input, options) =>
      input && isAscii(input)
        ? Buffer.from(input.buffer, input.byteOffset, input.byteLength).toString('latin1')
        : td.decode(input, options),
  };
}
