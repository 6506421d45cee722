/**
 * `omsx sank export --period YYYY-MM --smo CODE --out DIR`: every stored account of the period holding cases of the
 * insurer, written back with its expertise (sank-export.ts) as a ZIP package like the one it came in: the main file
 * (windows-1251, its own format version, its own name) and its L-file.
 */
import { createWriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import yazl from 'yazl';
import type { Deps } from '../deps.js';
import type { FileKind } from '../registers/elements.js';
import type { Pers, RegisterHeader } from '../registers/model.js';
import { persListXml, zapXml, zlListHead, ZL_LIST_TAIL } from '../registers/write/xml-writer.js';
import { accountWithSank, type ExportConclusion, type StoredCase } from './sank-export.js';

export interface ExportedAccount {
  file: string;
  package: string;
  cases: number;
  conclusions: number;
}

export async function exportSank(deps: Deps, o: { year: number; month: number; smo: string; out: string }): Promise<ExportedAccount[]> {
  const sql = deps.db.sql;
  const accounts = await sql.query<{
    id: string;
    file_name: string;
    kind: FileKind;
    version: string;
    paired_with: string | null;
    header: RegisterHeader;
  }>(
    `SELECT rf.id::text, rf.file_name, rf.kind, rf.version, rf.paired_with, rf.header FROM register_file rf
      WHERE rf.year = $1 AND rf.month = $2
        AND EXISTS (SELECT 1 FROM "case" c WHERE c.register_file_id = rf.id AND COALESCE(c.smo, c.plat) = $3)
      ORDER BY rf.code_mo, rf.file_name`,
    [o.year, o.month, o.smo],
  );
  await mkdir(o.out, { recursive: true });
  const written: ExportedAccount[] = [];
  for (const a of accounts) {
    const cases = await sql.query<StoredCase>(
      `SELECT c.id::text, c.n_zap, c.pr_nov, c.pacient, c.zsl,
              COALESCE((SELECT json_agg(s.sl ORDER BY s.id) FROM sub_case s WHERE s.case_id = c.id), '[]') AS sls,
              COALESCE((SELECT json_agg(k.data ORDER BY k.id) FROM sank k WHERE k.case_id = c.id AND k.s_tip IN (1, 10, 11, 12)), '[]') AS mek
         FROM "case" c WHERE c.register_file_id = $1 ORDER BY c.n_zap::numeric, c.n_zap`,
      [a.id],
    );
    const conclusions = await sql.query<ExportConclusion>(
      `SELECT k.id::text, k.case_id::text, k.s_tip, k.control, k.f014, k.amount_kop::float8 AS amount_kop, k.sl_id, k.experts,
              to_char(k.date_act, 'YYYY-MM-DD') AS date_act, k.num_act, k.comment
         FROM conclusion k JOIN "case" c ON c.id = k.case_id WHERE c.register_file_id = $1 ORDER BY k.id`,
      [a.id],
    );
    const { header, zaps } = accountWithSank(a.header, cases, conclusions);
    const parts = [zlListHead(header, a.kind)];
    for (const z of zaps) parts.push(zapXml(z, a.kind));
    parts.push(ZL_LIST_TAIL);
    const files = [{ name: a.file_name, text: parts.join('') }];
    if (a.paired_with) {
      const pers = await sql.query<{ data: Pers }>(`SELECT data FROM person WHERE register_file_id = $1 ORDER BY id_pac`, [a.id]);
      const lname = a.paired_with.replace(/\.xml$/i, '');
      const zglv = header.ZGLV as unknown as { VERSION: string; DATA: string };
      files.push({
        name: a.paired_with,
        text: persListXml(
          { VERSION: zglv.VERSION, DATA: zglv.DATA, FILENAME: lname, FILENAME1: a.file_name.replace(/\.xml$/i, '') },
          pers.map((p) => p.data),
        ),
      });
    }
    const pkg = join(o.out, a.file_name.replace(/\.xml$/i, '') + '.zip');
    await writeZip(pkg, files);
    written.push({ file: a.file_name, package: pkg, cases: cases.length, conclusions: conclusions.length });
  }
  return written;
}

async function writeZip(path: string, files: { name: string; text: string }[]) {
  const zip = new yazl.ZipFile();
  for (const f of files) zip.addBuffer(iconv.encode(f.text, 'win1251'), f.name, { mode: 0o100644 });
  zip.end();
  await new Promise<void>((resolve, reject) => zip.outputStream.pipe(createWriteStream(path)).on('close', resolve).on('error', reject));
}
