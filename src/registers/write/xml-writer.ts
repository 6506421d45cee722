/**
 * Register XML writer: records (the same model the reader produces) → XML text, elements in the
 * document order of the shared element table (`documentOrder` of elements.ts, per file kind). Used by
 * the synthetic generator and for round-trip tests; reader and writer agree through that one table.
 * Unknown (regional) children are written after the known ones, in their own order.
 */
import { documentOrder, type FileKind } from '../elements.js';
import type { Pers, RegisterHeader, XmlNode, Zap } from '../model.js';

/** One child slot of a complex element: its name, tags and (for complex children) its path. */
interface Slot {
  name: string;
  open: string;
  close: string;
  path: string;
}

const specs = new Map<string, { slots: Slot[]; known: Set<string> }>();

function spec(path: string, kind: FileKind) {
  const key = `${kind}|${path}`;
  let s = specs.get(key);
  if (!s) {
    const names = documentOrder(path, kind);
    const slots = names.map((name) => ({ name, open: `<${name}>`, close: `</${name}>`, path: `${path}/${name}` }));
    specs.set(key, (s = { slots, known: new Set(names) }));
  }
  return s;
}

const ESC = /[&<>]/;
const escText = (s: string) => (ESC.test(s) ? s.replace(/[&<>]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : '&gt;')) : s);

function item(slot: Slot, v: string | XmlNode, kind: FileKind): string {
  return typeof v === 'string' ? slot.open + escText(v) + slot.close : slot.open + nodeXml(slot.path, v, kind) + slot.close;
}

function slotXml(slot: Slot, v: string | XmlNode | Array<string | XmlNode>, kind: FileKind): string {
  if (!Array.isArray(v)) return item(slot, v, kind);
  let s = '';
  for (const x of v) s += item(slot, x, kind);
  return s;
}

/** The children of a node in document order, then unknown (regional) children at the end. */
function nodeXml(path: string, node: XmlNode, kind: FileKind): string {
  const { slots, known } = spec(path, kind);
  let s = '';
  let present = 0;
  for (const slot of slots) {
    const v = node[slot.name];
    if (v === undefined) continue;
    present++;
    s += slotXml(slot, v, kind);
  }
  let defined = 0;
  for (const name in node) if (node[name] !== undefined) defined++;
  if (defined === present) return s;
  for (const name in node) {
    const v = node[name];
    if (v === undefined || known.has(name)) continue;
    s += slotXml({ name, open: `<${name}>`, close: `</${name}>`, path: `${path}/${name}` }, v, kind);
  }
  return s;
}

/** The part of a ZL_LIST file before the records. */
export function zlListHead(h: RegisterHeader, kind: FileKind = 'H', encoding = 'windows-1251'): string {
  return (
    `<?xml version="1.0" encoding="${encoding}"?>\n<ZL_LIST><ZGLV>${nodeXml('ZL_LIST/ZGLV', h.ZGLV as unknown as XmlNode, kind)}</ZGLV>` +
    `<SCHET>${nodeXml('ZL_LIST/SCHET', h.SCHET as unknown as XmlNode, kind)}</SCHET>\n`
  );
}

/** One ZAP record as XML (one line). */
export function zapXml(zap: Zap, kind: FileKind = 'H'): string {
  return `<ZAP>${nodeXml('ZL_LIST/ZAP', zap as unknown as XmlNode, kind)}</ZAP>\n`;
}

export const ZL_LIST_TAIL = '</ZL_LIST>\n';

/** A whole PERS_LIST (L-file). */
export function persListXml(
  zglv: { VERSION: string; DATA: string; FILENAME: string; FILENAME1: string },
  pers: Pers[],
  encoding = 'windows-1251',
): string {
  const out: string[] = [
    `<?xml version="1.0" encoding="${encoding}"?>\n<PERS_LIST><ZGLV>`,
    nodeXml('PERS_LIST/ZGLV', zglv as unknown as XmlNode, 'L'),
    '</ZGLV>\n',
  ];
  for (const p of pers) out.push('<PERS>', nodeXml('PERS_LIST/PERS', p as unknown as XmlNode, 'L'), '</PERS>\n');
  out.push('</PERS_LIST>\n');
  return out.join('');
}
