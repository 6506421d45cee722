/**
 * A package as ingestion sees it: main register files paired with their L-files, each readable
 * as a byte stream (from a ZIP entry or a bare XML file).
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { Config } from '../../config.js';
import { AppError } from '../../errors.js';
import type { FileKind } from '../elements.js';
import { baseName, kindFromName, lNameCandidates } from '../reader/file-names.js';
import { listZip, readZipEntry, type ZipCaps } from '../reader/zip.loader.js';

export interface FileSource {
  name: string;
  kind: FileKind;
  size: number;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

export interface FilePair {
  main: FileSource;
  l?: FileSource;
  /** Content hash of the main file and its L-file: the identity that makes re-ingestion a no-op. */
  sha256(): Promise<string>;
}

export interface PackageSource {
  sha256: string;
  warnings: string[];
  pairs: FilePair[];
}

type Caps = Pick<Config, 'maxPackageBytes' | 'maxUnzippedBytes' | 'maxZipRatio'>;

async function hashStream(s: AsyncIterable<Uint8Array>, h = createHash('sha256')) {
  for await (const c of s) h.update(c);
  return h;
}

/** Lists and pairs the register files of a package given as one ZIP or as bare XML files. */
export async function openPackageSource(paths: string[], caps: Caps): Promise<PackageSource> {
  const files: FileSource[] = [];
  const warnings: string[] = [];
  const pkgHash = createHash('sha256');
  for (const path of paths) {
    const s = await stat(path).catch(() => undefined);
    if (!s?.isFile())
      throw new AppError('PACKAGE_REJECTED', `${path}: no such file`, {
        file: path,
      });
    if (s.size > caps.maxPackageBytes)
      throw new AppError('PACKAGE_REJECTED', `${basename(path)}: ${s.size} bytes is over the limit of ${caps.maxPackageBytes}`, {
        file: path,
      });
    await hashStream(createReadStream(path), pkgHash);
    const head = await readHead(path);
    if (head[0] === 0x50 && head[1] === 0x4b) {
      const zcaps: ZipCaps = {
        maxUnzippedBytes: caps.maxUnzippedBytes,
        maxZipRatio: caps.maxZipRatio,
        maxEntries: 100,
      };
      for (const e of await listZip(path, zcaps)) {
        const kind = kindFromName(e.name);
        if (!kind || !/\.xml$/i.test(e.name)) {
          warnings.push(`${basename(path)}: "${e.name}" is not a register file, skipped`);
          continue;
        }
        const entry = e.name;
        files.push({
          name: basename(entry),
          kind,
          size: e.size,
          open: async () => readZipEntry(path, entry, zcaps),
        });
      }
    } else {
      const kind = kindFromName(path) ?? (await kindFromContent(path));
      if (!kind)
        throw new AppError(
          'PACKAGE_REJECTED',
          `${basename(path)}: neither a ZIP nor a register XML named by the convention (HM…, CM…, TM…, D?M…, L…)`,
          { file: path },
        );
      files.push({
        name: basename(path),
        kind,
        size: s.size,
        open: async () => createReadStream(path, { highWaterMark: 1 << 20 }),
      });
    }
  }
  const mains = files.filter((f) => f.kind !== 'L');
  const ls = new Map(files.filter((f) => f.kind === 'L').map((f) => [baseName(f.name).toUpperCase(), f]));
  if (!mains.length)
    throw new AppError(
      'PACKAGE_REJECTED',
      `${paths.map((p) => basename(p)).join(', ')}: no main register file (H, C, T or D*) in the package`,
      { file: paths[0] },
    );
  const pairs: FilePair[] = mains.map((main) => {
    const l = lNameCandidates(main.name)
      .map((c) => ls.get(c.toUpperCase()))
      .find(Boolean);
    if (l) ls.delete(baseName(l.name).toUpperCase());
    else warnings.push(`${main.name}: no L-file (personal data) in the package; records are accepted without it`);
    return {
      main,
      l,
      async sha256() {
        const h = await hashStream(await main.open());
        if (l) await hashStream(await l.open(), h.update('\0L\0'));
        return h.digest('hex');
      },
    };
  });
  for (const orphan of ls.values()) warnings.push(`${orphan.name}: L-file without its main file, skipped`);
  return { sha256: pkgHash.digest('hex'), warnings, pairs };
}

/** A bare XML whose name is not a register name: the kind from its ZGLV/FILENAME (or PERS_LIST root). */
async function kindFromContent(path: string): Promise<FileKind | undefined> {
  let head = '';
  for await (const c of createReadStream(path, { start: 0, end: 4095 })) head += new TextDecoder('latin1').decode(c as Buffer);
  if (/<PERS_LIST[\s>]/.test(head)) return 'L';
  const m = /<FILENAME>\s*([^<\s]+)\s*<\/FILENAME>/.exec(head);
  return m ? kindFromName(m[1]) : undefined;
}

async function readHead(path: string): Promise<Buffer> {
  for await (const c of createReadStream(path, { start: 0, end: 3 })) return c as Buffer;
  return Buffer.alloc(0);
}
