import { readdir, stat } from 'node:fs/promises';
import { join, basename, dirname } from 'node:path';
import { AppError } from '../../errors.js';

/** One package to ingest: a ZIP, or the bare XML files of one directory (main files with their L-files). */
export interface PackageInput {
  label: string;
  paths: string[];
}

/** Expands CLI arguments (files and directories, searched recursively) into packages, in name order. */
export async function expandInputs(args: string[]): Promise<PackageInput[]> {
  const zips: string[] = [];
  const xmlByDir = new Map<string, string[]>();
  const addXml = (p: string) => {
    const d = dirname(p);
    xmlByDir.set(d, [...(xmlByDir.get(d) ?? []), p]);
  };
  const walk = async (p: string) => {
    const s = await stat(p).catch(() => undefined);
    if (!s) throw new AppError('BAD_INPUT', `${p}: no such file or directory`);
    if (s.isDirectory()) {
      for (const e of (await readdir(p)).sort()) {
        const q = join(p, e);
        const t = await stat(q);
        if (t.isDirectory()) await walk(q);
        else if (/\.zip$/i.test(e)) zips.push(q);
        else if (/\.xml$/i.test(e)) addXml(q);
      }
    } else if (/\.xml$/i.test(p)) addXml(p);
    else zips.push(p);
  };
  for (const a of args) await walk(a);
  const out: PackageInput[] = zips.sort().map((z) => ({ label: basename(z), paths: [z] }));
  for (const [d, files] of [...xmlByDir].sort())
    out.push({
      label: files.length === 1 ? basename(files[0]) : d,
      paths: files.sort(),
    });
  return out;
}
