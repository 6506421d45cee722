/**
 * The act as a printable PDF (pdfmake on the server, A4 landscape). The fonts are pdfmake's own Roboto (Cyrillic
 * included), read from the installed package; the renderer may read nothing else and fetch nothing.
 */
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { actHeader, ACT_COLUMNS, actTitle, actTotals, pendingNote } from './act-layout.js';
import { rubles, type Act } from './act.js';
import { ruDate } from '../../calendar.js';

type Fonts = Record<string, Record<'normal' | 'bold' | 'italics' | 'bolditalics', string>>;
/** The part of pdfmake's server API used here (the package ships no types). */
interface PdfMake {
  setFonts(fonts: Fonts): void;
  setUrlAccessPolicy(allow: (url: string) => boolean): void;
  setLocalAccessPolicy(allow: (path: string) => boolean): void;
  createPdf(doc: object): { getBuffer(): Promise<Buffer> };
}

let ready: PdfMake | undefined;

function pdfmake(): PdfMake {
  if (ready) return ready;
  const require = createRequire(import.meta.url);
  const pm = require('pdfmake') as PdfMake;
  const fonts = require('pdfmake/fonts/Roboto.js') as Fonts;
  const dir = dirname(fonts.Roboto.normal);
  pm.setFonts(fonts);
  pm.setUrlAccessPolicy(() => false);
  pm.setLocalAccessPolicy((p) => p.startsWith(dir));
  return (ready = pm);
}

type Cell = { text: string; bold?: boolean; alignment?: string };

/** The document definition (exported for tests of the layout). */
export function actDocument(a: Act): object {
  // a word wider than its column would run into the next: the 32-digit pseudonym goes on two lines
  const fit = (t: string) => t.replace(/\b[0-9a-f]{32}\b/g, (h) => `${h.slice(0, 16)}\n${h.slice(16)}`);
  const cell = (v: string | number | null, money = false, date = false): Cell => ({
    text: v === null ? '' : money && typeof v === 'number' ? rubles(v) : date ? ruDate(String(v)) : fit(String(v)),
    ...(money ? { alignment: 'right' } : {}),
  });
  const totals = actTotals(a);
  const body: Cell[][] = [
    ACT_COLUMNS.map((c) => ({ text: c.title, bold: true })),
    ...a.lines.map((l, i) => ACT_COLUMNS.map((c) => cell(c.value(l, i), c.money, c.date))),
    ACT_COLUMNS.map((c) => ({ ...cell(totals[c.title] ?? null, c.money), bold: true })),
  ];
  const note = pendingNote(a);
  return {
    info: { title: actTitle(a), subject: `${a.control} ${a.mo.code} ${a.period}`, creator: 'omsx' },
    pageSize: 'A4',
    pageOrientation: 'landscape',
    pageMargins: [28, 28, 28, 36],
    defaultStyle: { font: 'Roboto', fontSize: 7.5 },
    footer: (page: number, pages: number) => ({ text: `Страница ${page} из ${pages}`, alignment: 'right', margin: [28, 8], fontSize: 7 }),
    content: [
      { text: actTitle(a), fontSize: 13, bold: true, margin: [0, 0, 0, 8] },
      {
        table: { widths: [150, '*'], body: actHeader(a).map(([k, v]) => [{ text: k, bold: true }, v]) },
        layout: 'noBorders',
        margin: [0, 0, 0, 8],
      },
      {
        table: {
          headerRows: 1,
          dontBreakRows: true,
          widths: ACT_COLUMNS.map((c) => c.pdf ?? '*'),
          body,
        },
        layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5, paddingLeft: () => 2, paddingRight: () => 2 },
      },
      ...(note ? [{ text: note, italics: true, margin: [0, 4, 0, 0] }] : []),
      { text: 'Выявленные нарушения', bold: true, fontSize: 10, margin: [0, 10, 0, 4] },
      a.defects.length
        ? {
            table: {
              headerRows: 1,
              widths: ['auto', 'auto', '*', 'auto'],
              body: [
                ['Код F014', 'Пункт 231н', 'Нарушение', 'Случаев'].map((t) => ({ text: t, bold: true })),
                ...a.defects.map((d) => [String(d.code), d.item ?? '', d.name ?? '', String(d.cases)]),
              ],
            },
            layout: { hLineWidth: () => 0.5, vLineWidth: () => 0.5 },
          }
        : { text: 'Нарушений не выявлено.' },
      {
        margin: [0, 24, 0, 0],
        columns: [
          { text: `Эксперт(ы): ${a.experts.join(', ') || '—'}\n\n____________________ / ____________________` },
          { text: 'Представитель медицинской организации:\n\n____________________ / ____________________' },
        ],
      },
    ],
  };
}

export async function actPdf(a: Act): Promise<Buffer> {
  return Buffer.from(await pdfmake().createPdf(actDocument(a)).getBuffer());
}
