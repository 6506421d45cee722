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

const ESC = /[&<>]/g;
const escText = (s: string) => (ESC.test(s) ? s.replace(ESC, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s);

function writeNode(out: string[], path: string, node: XmlNode): void {
  const known = ORDER.get(path) ?? [];
  const seen = new Set<string>();
  const emit = (name: string) => {
    const v = node[name];
    if (v === undefined) return;
    for (const item of Array.isArray(v) ? v : [v]) {
      if (typeof item === 'string') out.push(`<${name}>${escText(item)}</${name}>`);
      else {
        out.push(`<${name}>`);
        writeNode(out, `${path}/${name}`, item);
        out.push(`</${name}>`);
      }
    }
  };
  for (const name of known) {
    seen.add(name);
    emit(name);
  }
  for (const name of Object.keys(node)) if (!seen.has(name)) emit(name); // regional extras keep their place at the end
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
  const out: string[] = ['<ZAP>'];
  writeNode(out, 'ZL_LIST/ZAP', zap as unknown as XmlNode);
  out.push('</ZAP>\n');
  return out.join('');
}

export const ZL_LIST_TAIL = '</ZL_LIST>\n';

/** A whole PERS_LIST (L-file). */
export function persListXml(zglv: { VERSION: string; DATA: string; FILENAME: string; FILENAME1: string }, pers: Pers[], encoding = 'windows-1251'): string {
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
