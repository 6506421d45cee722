/** Test helpers: real samples read from ../shared/samples (never copied), cp1251 files and ZIPs. */
import { readFileSync, writeFileSync, mkdtempSync, createWriteStream } from 'node:fs';
import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import iconv from 'iconv-lite';
import yazl from 'yazl';

export const SAMPLES = fileURLToPath(new URL('../../../shared/samples/', import.meta.url));

/** A sample register as text (decoded from windows-1251). */
export function readSample(rel: string): string {
  return iconv.decode(readFileSync(join(SAMPLES, rel)), 'win1251');
}

export function tempDir(prefix = 'omsx-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes XML text as a windows-1251 file. */
export function writeCp1251(path: string, xml: string): string {
  writeFileSync(path, iconv.encode(xml, 'win1251'));
  return path;
}

/** Writes a ZIP with the given entries (text entries are encoded in windows-1251). */
export async function writeZip(
  path: string,
  entries: Array<{ name: string; content: string | Buffer; stored?: boolean }>,
): Promise<string> {
  const zip = new yazl.ZipFile();
  for (const e of entries) {
    zip.addBuffer(typeof e.content === 'string' ? iconv.encode(e.content, 'win1251') : e.content, e.name, {
      mtime: new Date(2024, 0, 1),
      compress: !e.stored,
    });
  }
  zip.end();
  await new Promise<void>((resolve, reject) => {
    zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject);
  });
  return path;
}

/**
 * A multi-record H-file built from the real H_VALID.XML sample: record i gets N_ZAP i, IDCASE/SL_ID/IDSERV
 * made unique, its own patient (ID_PAC, policy), and `mutate(xmlOfRecord, i)` may break it. SUMMAV and SD_Z follow.
 */
export function multiRecordH(
  n: number,
  opts: {
    fileName?: string;
    mutate?: (zap: string, i: number) => string;
    header?: (h: string) => string;
  } = {},
): string {
  const base = readSample('nesterdgit_ServiceVersion/H_VALID.XML');
  const zap = base.slice(base.indexOf('<ZAP>'), base.indexOf('</ZAP>') + 6);
  const zaps: string[] = [];
  for (let i = 1; i <= n; i++) {
    let z = zap
      .replace('<N_ZAP>1</N_ZAP>', `<N_ZAP>${i}</N_ZAP>`)
      .replace('<ID_PAC>41524</ID_PAC>', `<ID_PAC>P${i}</ID_PAC>`)
      .replace('<NPOLIS>7500000000000000</NPOLIS>', `<NPOLIS>${String(7500000000000000 + i)}</NPOLIS>`)
      .replace('<IDCASE>263695</IDCASE>', `<IDCASE>${263695 + i}</IDCASE>`)
      .replace('<SL_ID>263695</SL_ID>', `<SL_ID>${263695 + i}</SL_ID>`)
      .replace('<IDSERV>477246</IDSERV>', `<IDSERV>${477246 + i}</IDSERV>`);
    if (opts.mutate) z = opts.mutate(z, i);
    zaps.push(z);
  }
  const sum = zaps.reduce((s, z) => s + Math.round(Number(/<SUMV>([\d.]+)<\/SUMV>/.exec(z)?.[1] ?? 0) * 100), 0);
  let head = base.slice(0, base.indexOf('<ZAP>'));
  head = head
    .replace('<SD_Z>1</SD_Z>', `<SD_Z>${n}</SD_Z>`)
    .replace('<SUMMAV>115.09</SUMMAV>', `<SUMMAV>${(sum / 100).toFixed(2)}</SUMMAV>`);
  // files with other records are other accounts (the same account sent again with other cases is refused,
  // return-account.ts); the same records under the same name give the same bytes
  head = head.replace(
    /<NSCHET>[^<]*<\/NSCHET>/,
    `<NSCHET>T${createHash('sha1')
      .update((opts.fileName ?? '') + zaps.join(''))
      .digest('hex')
      .slice(0, 12)}</NSCHET>`,
  );
  if (opts.fileName) head = head.replace('<FILENAME>HM750096T75_21041</FILENAME>', `<FILENAME>${opts.fileName}</FILENAME>`);
  if (opts.header) head = opts.header(head);
  return head + zaps.join('\n') + '\n</ZL_LIST>\n';
}

/** An L-file (PERS_LIST) for the patients P1..Pn of {@link multiRecordH}. */
export function lFileFor(n: number, mainName = 'HM750096T75_21041', version = '3.2'): string {
  const pers: string[] = [];
  for (let i = 1; i <= n; i++) {
    pers.push(
      `<PERS><ID_PAC>P${i}</ID_PAC><FAM>Иванов</FAM><IM>Пётр</IM><OT>Сергеевич</OT><W>1</W><DR>1980-01-${String((i % 28) + 1).padStart(2, '0')}</DR><DOCTYPE>14</DOCTYPE><DOCSER>76 00</DOCSER><DOCNUM>${String(100000 + i)}</DOCNUM><SNILS>123-456-789 ${String(i % 100).padStart(2, '0')}</SNILS></PERS>`,
    );
  }
  return `<?xml version="1.0" encoding="windows-1251"?>\n<PERS_LIST><ZGLV><VERSION>${version}</VERSION><DATA>2021-04-23</DATA><FILENAME>L${mainName.slice(1)}</FILENAME><FILENAME1>${mainName}</FILENAME1></ZGLV>${pers.join('')}</PERS_LIST>\n`;
}
