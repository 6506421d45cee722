/**
 * Register XML writer: records (the same model the reader produces) → XML text, elements in the
 * document order of the shared element table (elements.ts). Used by the synthetic generator and
 * for round-trip tests; reader and writer agree through that one table.
 */
import { ELEMENTS } from '../elements.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../model.js';

const ORDER = new Map<string, string[]>();
for (const e of ELEMENTS) {
  const i = e.path.lastIndexOf('/');
  const parent = e.path.slice(0, i);
  const list = ORDER.get(parent) ?? [];
  list.push(e.path.slice(i + 1));
  ORDER.set(parent, list);
}

const KNOWN = new Map([...ORDER].map(([p, names]) => [p, new Set(names)]));
const ESC = /[&<>]/;
const escText = (s: string) => (ESC.test(s) ? s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s);

function emit(path: string, name: string, v: string | XmlNode | Array<string | XmlNode>): string {
  let s = '';
  for (const item of Array.isArray(v) ? v : [v]) {
    s += typeof item === 'string' ? `<${name}>${escText(item)}</${name}>` : `<${name}>${nodeXml(`${path}/${name}`, item)}</${name}>`;
  }
  return s;
}

/** The children of a node in document order, then unknown (regional) children at the end. */
function nodeXml(path: string, node: XmlNode): string {
  let s = '';
  const known = KNOWN.get(path);
  for (const name of ORDER.get(path) ?? []) {
    const v = node[name];
    if (v !== undefined) s += emit(path, name, v);
  }
  for (const name in node) {
    if (known?.has(name)) continue;
    const v = node[name];
    if (v !== undefined) s += emit(path, name, v);
  }
  return s;
}

function writeNode(out: string[], path: string, node: XmlNode): void {
  out.push(nodeXml(path, node));
}

/** The part of a ZL_LIST file before the records. */
export function zlListHead(h: RegisterHeader, encoding = 'windows-1251'): string {
  const out: string[] = [`<?xml version="1.0" encoding="${encoding}"?>\n<ZL_LIST>`, '<ZGLV>'];
  writeNode(out, 'ZL_LIST/ZGLV', h.ZGLV as unknown as XmlNode);
  out.push('</ZGLV><SCHET>');
  writeNode(out, 'ZL_LIST/SCHET', h.SCHET as unknown as XmlNode);
  out.push('</SCHET>\n');
  return out.join('');
}

/** One ZAP record as XML (one line). */
export function zapXml(zap: Zap): string {
  return `<ZAP>${nodeXml('ZL_LIST/ZAP', zap as unknown as XmlNode)}</ZAP>\n`;
}

export const ZL_LIST_TAIL = '</ZL_LIST>\n';

/** A whole PERS_LIST (L-file). */
export function persListXml(
  zglv: { VERSION: string; DATA: string; FILENAME: string; FILENAME1: string },
  pers: Pers[],
  encoding = 'windows-1251',
): string {
  const out: string[] = [`<?xml version="1.0" encoding="${encoding}"?>\n<PERS_LIST><ZGLV>`];
  writeNode(out, 'PERS_LIST/ZGLV', zglv as unknown as XmlNode);
  out.push('</ZGLV>\n');
  for (const p of pers) {
    out.push('<PERS>');
    writeNode(out, 'PERS_LIST/PERS', p as unknown as XmlNode);
    out.push('</PERS>\n');
  }
  out.push('</PERS_LIST>\n');
  return out.join('');
}
