/**
 * The text of a PDF written by pdfkit (pdfmake), for tests: the text-showing operators of every content stream,
 * decoded through each font's ToUnicode CMap. Enough for pdfkit's own output (hex glyph strings, one
 * `beginbfrange` array per font), not a general PDF reader.
 */
import { inflateSync } from 'node:zlib';

interface PdfObject {
  dict: string;
  stream?: string;
}

function objects(pdf: Buffer): Map<string, PdfObject> {
  const text = pdf.toString('latin1');
  const out = new Map<string, PdfObject>();
  const re = /(\d+) 0 obj\s*([\s\S]*?)endobj/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const body = m[2];
    const s = /stream\r?\n/.exec(body);
    if (!s) {
      out.set(m[1], { dict: body });
      continue;
    }
    const dict = body.slice(0, s.index);
    const start = m.index + m[0].indexOf(body) + s.index + s[0].length;
    const end = text.indexOf('endstream', start);
    const raw = pdf.subarray(start, end);
    let stream: string;
    try {
      stream = (/FlateDecode/.test(dict) ? inflateSync(raw) : raw).toString('latin1');
    } catch {
      stream = '';
    }
    out.set(m[1], { dict, stream });
  }
  return out;
}

function cmapOf(stream: string): Map<number, string> {
  const map = new Map<number, string>();
  for (const r of stream.matchAll(/<([0-9a-f]+)>\s*<([0-9a-f]+)>\s*\[([^\]]*)\]/gi)) {
    const from = parseInt(r[1], 16);
    [...r[3].matchAll(/<([0-9a-f]+)>/gi)].forEach((u, i) => map.set(from + i, String.fromCharCode(parseInt(u[1], 16))));
  }
  for (const r of stream.matchAll(/<([0-9a-f]{4})>\s*<([0-9a-f]{4})>\s*<([0-9a-f]{4})>(?!\s*\])/gi)) {
    const [a, b, u] = [parseInt(r[1], 16), parseInt(r[2], 16), parseInt(r[3], 16)];
    for (let c = a; c <= b; c++) if (!map.has(c)) map.set(c, String.fromCharCode(u + c - a));
  }
  return map;
}

/** Every text block (BT … ET) of the PDF, decoded, in stream order. */
export function pdfText(pdf: Buffer): string[] {
  const objs = objects(pdf);
  const cmaps = new Map<string, Map<number, string>>(); // font object → its CMap
  for (const [id, o] of objs) {
    const tu = /\/ToUnicode (\d+) 0 R/.exec(o.dict);
    if (tu && objs.get(tu[1])?.stream) cmaps.set(id, cmapOf(objs.get(tu[1])!.stream!));
  }
  const fontByName = new Map<string, Map<number, string>>();
  for (const o of objs.values())
    for (const f of o.dict.matchAll(/\/(F\d+) (\d+) 0 R/g)) if (cmaps.has(f[2])) fontByName.set(f[1], cmaps.get(f[2])!);
  const blocks: string[] = [];
  for (const o of objs.values()) {
    if (!o.stream || !/\bBT\b/.test(o.stream)) continue;
    for (const bt of o.stream.matchAll(/BT([\s\S]*?)ET/g)) {
      const font = /\/(F\d+) [\d.]+ Tf/.exec(bt[1]);
      const cmap = font ? fontByName.get(font[1]) : undefined;
      if (!cmap) continue;
      let s = '';
      for (const h of bt[1].matchAll(/<([0-9a-f]+)>/gi))
        for (let i = 0; i + 4 <= h[1].length; i += 4) s += cmap.get(parseInt(h[1].slice(i, i + 4), 16)) ?? '';
      blocks.push(s);
    }
  }
  return blocks;
}
