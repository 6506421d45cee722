/**
 * Streaming reader of register XML (ZL_LIST for H/C/T/D*, PERS_LIST for L-files) into plain
 * records: header first, then batches of ZAP (or PERS) records. Bounded memory: a record is
 * held only until its batch is consumed. No DTD is ever processed (a DOCTYPE is refused: no
 * entity expansion, no external entities); only the five predefined entities exist.
 */
import { AppError } from '../../errors.js';
import { isRepeatable, type FileKind } from '../elements.js';
import type { RegisterEvent } from '../contracts.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../model.js';
import { createDecoder, sniffEncoding, type Decoder } from './encoding.js';
import { kindFromName } from './file-names.js';
import { noteEmpties, noteRepeats } from '../repeats.js';
import { defaultXmlParser, saxesTokenizer, scanTokenizer, type Handlers, type Tokenizer, type XmlParserName } from './tokenizers.js';

export interface ParseOptions {
  /** Records per emitted batch. */
  batchSize?: number;
  /** The XML parser (default {@link defaultXmlParser}). */
  parser?: XmlParserName;
}

/** An element path (`ZL_LIST/ZAP/Z_SL`), whether it repeats, and its children seen so far: one Map lookup per element. */
interface PathInfo {
  name: string;
  path: string;
  repeat: boolean;
  children: Map<string, PathInfo>;
}
const ROOTS = new Map<string, PathInfo>();
/**
 * Paths kept for the life of the process (the format has ~1 000; regional elements add some). Beyond it a new path is
 * made for its element and dropped with it: files full of made-up names do not grow a worker's memory.
 */
const MAX_PATHS = 20_000;
/**
 * Deepest nesting a register may have. The format's deepest path is ~8 elements (ZL_LIST/ZAP/Z_SL/SL/ONK_SL/ONK_USL/
 * LEK_PR/…); a file nested deeper is refused at once: 100 000 levels made every element's path longer than the last
 * and took seconds (bench/fuzz.bench.ts).
 */
export const MAX_DEPTH = 64;
let paths = 0;
function pathInfo(parent: PathInfo | undefined, name: string): PathInfo {
  const siblings = parent ? parent.children : ROOTS;
  let c = siblings.get(name);
  if (!c) {
    const path = parent ? `${parent.path}/${name}` : name;
    c = { name, path, repeat: parent ? isRepeatable(path) : false, children: new Map() };
    if (paths < MAX_PATHS) {
      siblings.set(name, c);
      paths++;
    }
  }
  return c;
}

/** How many element paths the reader keeps (at most MAX_PATHS), for tests. */
export function keptPaths(): number {
  return paths;
}

function reject(fileName: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('PACKAGE_REJECTED', `${fileName}: ${message}`, {
    file: fileName,
    ...extra,
  });
}

/** Adds a child value; true when a single element occurs again (both kept as a list, the FLK reports it). */
function attach(parent: XmlNode, name: string, repeat: boolean, value: string | XmlNode): boolean {
  const prev = parent[name];
  if (repeat) {
    if (Array.isArray(prev)) prev.push(value);
    else parent[name] = [value];
    return false;
  }
  if (prev === undefined) {
    parent[name] = value;
    return false;
  }
  if (Array.isArray(prev)) prev.push(value);
  else parent[name] = [prev, value];
  return true;
}

/**
 * Largest piece of a chunk decoded at once (see parseRegister). 32 KiB: text with Cyrillic (an L-file's names) is
 * decoded into a string of two bytes per character, and at 64 KiB those strings (128 KB) went to V8's large-object
 * space, one mapping each: `bench/reader.bench.ts` on a 3.6 MB L-file, 3.8–4.2 → 2.3–2.6 µs per record; the
 * H-file (ASCII) read at the same speed with 16, 32 and 64 KiB.
 */
const DECODE_SLICE = 32 * 1024;

/**
 * Where the slice of `chunk` from `at` ends: after the last `>` within DECODE_SLICE bytes (a byte that is `>` in
 * both encodings and never part of a UTF-8 sequence), so that the scanner is rarely left with an incomplete tag to
 * join to the next slice. Such a join made its text a concatenation, slower to read character by character than
 * the decoder's flat string.
 */
function sliceEnd(chunk: Uint8Array, at: number): number {
  const end = at + DECODE_SLICE;
  if (end >= chunk.length) return chunk.length;
  const gt = chunk.lastIndexOf(0x3e, end - 1);
  return gt >= at ? gt + 1 : end;
}

/** Bytes the encoding is read from (encoding.ts sniffEncoding looks at the first 200). */
const SNIFF_BYTES = 200;

/** The chunks, the first ones joined until they hold the bytes the encoding is read from (a stream may start with a few). */
async function* headFirst(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let head: Uint8Array[] | undefined = [];
  let n = 0;
  for await (const c of chunks) {
    if (!head) {
      yield c;
      continue;
    }
    head.push(c);
    n += c.length;
    if (n >= SNIFF_BYTES) {
      yield head.length === 1 ? head[0] : Buffer.concat(head);
      head = undefined;
    }
  }
  if (head?.length) yield Buffer.concat(head);
}

export type { XmlParserName };

/**
 * Where in `bytes` the first byte that cannot be decoded is: the longest prefix that decodes (as a stream, so a
 * sequence cut at the end is not an error) is found by halving, then the start of the sequence it ends in. A
 * sequence begun in the slice before is not seen.
 */
function firstInvalid(encoding: string, bytes: Uint8Array): number {
  const decodes = (n: number, stream = true) => {
    try {
      new TextDecoder(encoding, { fatal: true }).decode(bytes.subarray(0, n), { stream });
      return true;
    } catch {
      return false;
    }
  };
  let [lo, hi] = [0, bytes.length]; // decodes(lo), and the first failing prefix length is in (lo, hi]
  while (hi - lo > 1) {
    const mid = (lo + hi) >>> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  // the prefix may end inside the sequence that fails (a lead byte whose continuation is wrong): where it starts
  for (let m = lo; m > lo - 4 && m >= 0; m--) if (decodes(m, false)) return m;
  return lo;
}

/** Reads one register file from its bytes. Throws an AppError('PACKAGE_REJECTED') naming the file when it cannot be read. */
export async function* parseRegister(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  opts: ParseOptions = {},
): AsyncGenerator<RegisterEvent> {
  const batchSize = opts.batchSize ?? 500;
  let root: 'ZL_LIST' | 'PERS_LIST' | undefined;
  let error: AppError | undefined;
  const head: XmlNode = {};
  let headerSent = false;
  let records = 0;
  let bytes = 0;
  let out: RegisterEvent[] = [];
  let zaps: Zap[] = [];
  let pers: Pers[] = [];
  let version = '';
  /** Single elements repeated in the record being read, and elements present in it without a value. */
  let repeats: string[] = [];
  let empties: string[] = [];
  // eslint-disable-next-line prefer-const -- assigned once the handlers exist
  let parser: Tokenizer;
  const where = () => parser.where();

  const sendHeader = () => {
    if (headerSent) return;
    headerSent = true;
    const zglv = head.ZGLV as XmlNode | undefined;
    version = typeof zglv?.VERSION === 'string' ? zglv.VERSION : '';
    if (root === 'PERS_LIST') {
      if (!zglv) throw reject(fileName, 'broken header: ZGLV is missing or not before the first PERS');
      out.push({
        type: 'pers-header',
        fileName,
        version,
        zglv: zglv as Record<string, string | undefined>,
        root,
      });
      return;
    }
    if (!zglv || !head.SCHET || typeof head.SCHET !== 'object') {
      throw reject(fileName, `broken header: ${!zglv ? 'ZGLV' : 'SCHET'} is missing or not before the first ZAP`);
    }
    if (!version) throw reject(fileName, 'broken header: ZGLV/VERSION is missing');
    const kind = kindFromName(String(zglv.FILENAME ?? '')) ?? kindFromName(fileName) ?? 'H';
    out.push({
      type: 'header',
      fileName,
      kind: kind as Exclude<FileKind, 'L'>,
      version,
      header: head as unknown as RegisterHeader,
      root: 'ZL_LIST',
    });
  };

  const doctype = () => {
    throw reject(fileName, `a DOCTYPE is not allowed in a register (DTDs and entities are never processed), ${where()}`);
  };
  // the open elements, one slot per depth (no object per element): path, node (null until a child
  // element appears: a leaf), text so far
  let depth = 0;
  const infos: PathInfo[] = [];
  const nodes: (XmlNode | null)[] = [];
  const texts: string[] = [];
  const open = (name: string) => {
    if (depth === 0) {
      if (name !== 'ZL_LIST' && name !== 'PERS_LIST') throw reject(fileName, `root element <${name}> is not ZL_LIST or PERS_LIST`);
      root = name;
      infos[0] = pathInfo(undefined, name);
      nodes[0] = head;
      texts[0] = '';
      depth = 1;
      return;
    }
    if (depth >= MAX_DEPTH) throw reject(fileName, `elements nested deeper than ${MAX_DEPTH} levels (<${name}>), ${where()}`);
    if (nodes[depth - 1] === null) nodes[depth - 1] = {};
    if (depth === 1 && (name === 'ZAP' || name === 'PERS')) sendHeader();
    infos[depth] = pathInfo(infos[depth - 1], name);
    nodes[depth] = null;
    texts[depth] = '';
    depth++;
  };
  const text = (t: string) => {
    if (depth) texts[depth - 1] += t;
  };
  const wantsSpace = () => depth > 0 && texts[depth - 1] !== '';
  const close = () => {
    const d = --depth;
    if (d === 0) return;
    const info = infos[d];
    const value: string | XmlNode = nodes[d] ?? texts[d].trim();
    nodes[d] = null;
    texts[d] = '';
    if (d === 1 && (info.name === 'ZAP' || info.name === 'PERS')) {
      records++;
      if (repeats.length) {
        noteRepeats(value as XmlNode, repeats);
        repeats = [];
      }
      if (empties.length) {
        noteEmpties(value as XmlNode, empties);
        empties = [];
      }
      if (info.name === 'ZAP') zaps.push(value as unknown as Zap);
      else pers.push(value as unknown as Pers);
      if (zaps.length >= batchSize) {
        out.push({ type: 'zaps', zaps });
        zaps = [];
      } else if (pers.length >= batchSize) {
        out.push({ type: 'pers', pers });
        pers = [];
      }
      return;
    }
    addChild(d, info, value);
  };
  /** Adds the value of the element at depth d to its parent (an object by now). */
  const addChild = (d: number, info: PathInfo, value: string | XmlNode) => {
    // an element without a value in a record (the header has none of these checks): the FLK rejects the record
    if (value === '' && d >= 2 && (infos[1].name === 'ZAP' || infos[1].name === 'PERS')) empties.push(info.path);
    if (!attach(nodes[d - 1]!, info.name, info.repeat, value)) return;
    // a single element repeated: in the header (ZGLV, SCHET) the file cannot be read; in a record the record is rejected
    if (d < 2 || (infos[1].name !== 'ZAP' && infos[1].name !== 'PERS'))
      throw reject(fileName, `broken header: <${info.path}> occurs more than once, ${where()}`);
    repeats.push(info.path);
  };
  /** `<name>text</name>` below a record or header element: what open, text and close do for it, in one call. */
  const leaf = (name: string, t: string) => {
    if (depth < 2) {
      open(name);
      text(t);
      close();
      return;
    }
    if (depth >= MAX_DEPTH) throw reject(fileName, `elements nested deeper than ${MAX_DEPTH} levels (<${name}>), ${where()}`);
    nodes[depth - 1] ??= {};
    addChild(depth, pathInfo(infos[depth - 1], name), t.trim());
  };
  const handlers: Handlers = { open, text, wantsSpace, close, leaf, doctype };
  parser = (opts.parser ?? defaultXmlParser()) === 'saxes' ? saxesTokenizer(handlers) : scanTokenizer(handlers);

  let decoder: Decoder | undefined;
  const feed = (text: string) => {
    try {
      parser.write(text);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw reject(fileName, `not well-formed XML: ${(e as Error).message}`);
    }
  };
  try {
    for await (const chunk of headFirst(chunks)) {
      bytes += chunk.length;
      const dec: Decoder = (decoder ??= createDecoder(sniffEncoding(chunk, fileName)));
      // a large chunk (a worker's 1 MiB segment) is decoded in slices: TextDecoder takes ~6× longer per byte on 1 MiB at once
      for (let at = 0, end = 0; at < chunk.length; at = end) {
        end = sliceEnd(chunk, at);
        let text: string;
        try {
          text = dec.decode(end - at === chunk.length ? chunk : chunk.subarray(at, end), { stream: true });
        } catch {
          const bad = bytes - chunk.length + at + firstInvalid(dec.encoding, chunk.subarray(at, end));
          throw reject(
            fileName,
            `bytes that are not valid ${dec.encoding} at byte ${bad}: the declared encoding does not match the content`,
          );
        }
        feed(text);
      }
      if (out.length) {
        const ready = out;
        out = [];
        yield* ready;
      }
    }
    if (!decoder || bytes === 0) throw reject(fileName, 'empty file');
    let rest: string;
    try {
      rest = decoder.decode();
    } catch {
      // the file ends inside a multi-byte sequence
      throw reject(
        fileName,
        `bytes that are not valid ${decoder.encoding} at the end of the file (byte ${bytes}): a character is cut short`,
      );
    }
    feed(rest);
    try {
      parser.close();
    } catch (e) {
      throw reject(fileName, `truncated or not well-formed at the end: ${(e as Error).message}`);
    }
    if (!root) throw reject(fileName, 'no root element');
    if (depth) throw reject(fileName, `truncated: <${infos[depth - 1].name}> is not closed`);
    sendHeader();
    if (zaps.length) out.push({ type: 'zaps', zaps });
    if (pers.length) out.push({ type: 'pers', pers });
    out.push({ type: 'end', records, bytes });
    yield* out;
  } catch (e) {
    error = e instanceof AppError ? e : reject(fileName, (e as Error).message);
    throw error;
  }
}
