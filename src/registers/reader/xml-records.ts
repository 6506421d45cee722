/**
 * Streaming reader of register XML (ZL_LIST for H/C/T/D*, PERS_LIST for L-files) into plain
 * records: header first, then batches of ZAP (or PERS) records. Bounded memory: a record is
 * held only until its batch is consumed. No DTD is ever processed (a DOCTYPE is refused: no
 * entity expansion, no external entities); only the five predefined entities exist.
 */
import { SaxesParser } from 'saxes';
import { AppError } from '../../errors.js';
import { isRepeatable, type FileKind } from '../elements.js';
import type { RegisterEvent } from '../contracts.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../model.js';
import { createDecoder, sniffEncoding, type Decoder } from './encoding.js';
import { kindFromName } from './file-names.js';
import { noteRepeats } from '../repeats.js';

export interface ParseOptions {
  /** Records per emitted batch. */
  batchSize?: number;
}

interface Frame {
  name: string;
  path: string;
  repeat: boolean;
  node: XmlNode | null;
  text: string;
}

function reject(fileName: string, message: string, extra: Record<string, unknown> = {}): AppError {
  return new AppError('PACKAGE_REJECTED', `${fileName}: ${message}`, {
    file: fileName,
    ...extra,
  });
}

/** Child paths and whether they repeat, memoised per (parent path, tag): no string building per element. */
const CHILD = new Map<string, Map<string, { path: string; repeat: boolean }>>();
function child(parentPath: string, name: string) {
  let m = CHILD.get(parentPath);
  if (!m) CHILD.set(parentPath, (m = new Map()));
  let c = m.get(name);
  if (!c) {
    const path = `${parentPath}/${name}`;
    m.set(name, (c = { path, repeat: isRepeatable(path) }));
  }
  return c;
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

/** Reads one register file from its bytes. Throws an AppError('PACKAGE_REJECTED') naming the file when it cannot be read. */
export async function* parseRegister(
  chunks: AsyncIterable<Uint8Array>,
  fileName: string,
  opts: ParseOptions = {},
): AsyncGenerator<RegisterEvent> {
  const batchSize = opts.batchSize ?? 500;
  const parser = new SaxesParser({ xmlns: false, position: true });
  const stack: Frame[] = [];
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
  /** Single elements repeated in the record being read. */
  let repeats: string[] = [];
  const where = () => `line ${parser.line}, column ${parser.column}`;

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

  parser.on('doctype', () => {
    throw reject(fileName, `a DOCTYPE is not allowed in a register (DTDs and entities are never processed), ${where()}`);
  });
  parser.on('opentag', (tag) => {
    const parent = stack[stack.length - 1];
    if (!parent) {
      if (tag.name !== 'ZL_LIST' && tag.name !== 'PERS_LIST')
        throw reject(fileName, `root element <${tag.name}> is not ZL_LIST or PERS_LIST`);
      root = tag.name;
      stack.push({
        name: tag.name,
        path: tag.name,
        repeat: false,
        node: head,
        text: '',
      });
      return;
    }
    if (parent.node === null) parent.node = {};
    const c = child(parent.path, tag.name);
    if (stack.length === 1 && (tag.name === 'ZAP' || tag.name === 'PERS')) sendHeader();
    stack.push({
      name: tag.name,
      path: c.path,
      repeat: c.repeat,
      node: null,
      text: '',
    });
  });
  parser.on('text', (t) => {
    const top = stack[stack.length - 1];
    if (top) top.text += t;
  });
  parser.on('closetag', () => {
    const f = stack.pop()!;
    const parent = stack[stack.length - 1];
    if (!parent) return;
    const value: string | XmlNode = f.node ?? f.text.trim();
    if (stack.length === 1 && (f.name === 'ZAP' || f.name === 'PERS')) {
      records++;
      if (repeats.length) {
        noteRepeats(value as XmlNode, repeats);
        repeats = [];
      }
      if (f.name === 'ZAP') zaps.push(value as unknown as Zap);
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
    if (attach(parent.node!, f.name, f.repeat, value)) {
      // in the header (ZGLV, SCHET) the file cannot be read; in a record the record is rejected
      if (stack.length < 2 || (stack[1].name !== 'ZAP' && stack[1].name !== 'PERS'))
        throw reject(fileName, `broken header: <${f.path}> occurs more than once, ${where()}`);
      repeats.push(f.path);
    }
  });
  parser.on('error', (e) => {
    throw e;
  });

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
    for await (const chunk of chunks) {
      bytes += chunk.length;
      const dec: Decoder = (decoder ??= createDecoder(sniffEncoding(chunk, fileName)));
      let text: string;
      try {
        text = dec.decode(chunk, { stream: true });
      } catch {
        throw reject(
          fileName,
          `bytes that are not valid ${dec.encoding} near byte ${bytes - chunk.length}: the declared encoding does not match the content`,
        );
      }
      feed(text);
      if (out.length) {
        const ready = out;
        out = [];
        yield* ready;
      }
    }
    if (!decoder || bytes === 0) throw reject(fileName, 'empty file');
    feed(decoder!.decode());
    try {
      parser.close();
    } catch (e) {
      throw reject(fileName, `truncated or not well-formed at the end: ${(e as Error).message}`);
    }
    if (!root) throw reject(fileName, 'no root element');
    if (stack.length) throw reject(fileName, `truncated: <${stack[stack.length - 1].name}> is not closed`);
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
