/**
 * ZIP packages as MOs send them, read with yauzl under caps: entry count, per-entry compression
 * ratio, total uncompressed size (declared and actually streamed), no path traversal, no nested
 * archives, no encrypted entries. Every refusal names the package and the cause.
 */
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { Readable } from 'node:stream';
import { createReadStream } from 'node:fs';
import { createInflateRaw } from 'node:zlib';
import { AppError } from '../../errors.js';

export interface ZipCaps {
  maxUnzippedBytes: number;
  maxZipRatio: number;
  maxEntries: number;
}

export interface ZipEntryInfo {
  name: string;
  size: number;
  compressedSize: number;
}

/** Output chunk of the inflater (zlib's default is 16 KiB). */
const INFLATE_CHUNK = 256 * 1024;

const rejectZip = (zip: string, msg: string) => new AppError('PACKAGE_REJECTED', `${zip}: ${msg}`, { file: zip });
const NESTED = /\.(zip|rar|7z|gz|tgz|tar|bz2|xz|arj|cab)$/i;
const encrypted = (e: Entry) => (e.generalPurposeBitFlag & 1) !== 0;

function openZip(path: string): Promise<ZipFile> {
  return new Promise((resolve, reject) =>
    yauzl.open(
      path,
      {
        lazyEntries: true,
        autoClose: false,
        validateEntrySizes: true,
        strictFileNames: false,
        decodeStrings: true,
      },
      (err, zf) => (err ? reject(rejectZip(path, `not a readable ZIP archive (${err.message})`)) : resolve(zf!)),
    ),
  );
}

function unsafeName(name: string): boolean {
  return name.startsWith('/') || name.startsWith('\\') || /^[a-z]:/i.test(name) || name.split(/[\\/]/).includes('..');
}

/** Lists the files of a ZIP, enforcing the caps on what the headers declare. */
export async function listZip(path: string, caps: ZipCaps): Promise<ZipEntryInfo[]> {
  const zf = await openZip(path).catch((e) => {
    throw e instanceof AppError ? e : rejectZip(path, (e as Error).message);
  });
  try {
    const out: ZipEntryInfo[] = [];
    let total = 0;
    await new Promise<void>((resolve, reject) => {
      zf.on('error', (e: Error) => reject(rejectZip(path, `broken ZIP: ${e.message}`)));
      zf.on('end', resolve);
      zf.on('entry', (e: Entry) => {
        try {
          if (unsafeName(e.fileName)) throw rejectZip(path, `entry name "${e.fileName}" points outside the package (path traversal)`);
          if (e.fileName.endsWith('/')) return zf.readEntry();
          if (NESTED.test(e.fileName))
            throw rejectZip(path, `nested archive "${e.fileName}" is not accepted: send the register files directly in one ZIP`);
          if (encrypted(e)) throw rejectZip(path, `entry "${e.fileName}" is encrypted`);
          if (out.length + 1 > caps.maxEntries) throw rejectZip(path, `more than ${caps.maxEntries} files in the package`);
          if (out.some((o) => o.name.toLowerCase() === e.fileName.toLowerCase()))
            throw rejectZip(path, `entry "${e.fileName}" appears twice`);
          const ratio = e.uncompressedSize / Math.max(1, e.compressedSize);
          if (e.uncompressedSize > 1 << 20 && ratio > caps.maxZipRatio) {
            throw rejectZip(
              path,
              `entry "${e.fileName}" expands ${Math.round(ratio)}× (limit ${caps.maxZipRatio}×): refused as a ZIP bomb`,
            );
          }
          total += e.uncompressedSize;
          if (total > caps.maxUnzippedBytes)
            throw rejectZip(path, `uncompressed size exceeds the limit of ${caps.maxUnzippedBytes} bytes: refused as a ZIP bomb`);
          out.push({
            name: e.fileName,
            size: e.uncompressedSize,
            compressedSize: e.compressedSize,
          });
          zf.readEntry();
        } catch (err) {
          reject(err);
        }
      });
      zf.readEntry();
    });
    return out;
  } finally {
    zf.close();
  }
}

/** Streams one entry's bytes, failing when more bytes come out than declared or than the caps allow. */
export async function* readZipEntry(path: string, name: string, caps: ZipCaps): AsyncGenerator<Uint8Array> {
  const zf = await openZip(path);
  try {
    const entry = await new Promise<Entry>((resolve, reject) => {
      zf.on('error', (e: Error) => reject(rejectZip(path, `broken ZIP: ${e.message}`)));
      zf.on('end', () => reject(rejectZip(path, `entry "${name}" not found`)));
      zf.on('entry', (e: Entry) => (e.fileName === name ? resolve(e) : zf.readEntry()));
      zf.readEntry();
    });
    const limit = Math.min(caps.maxUnzippedBytes, Math.max(entry.compressedSize, 1) * caps.maxZipRatio + (1 << 20));
    if (encrypted(entry)) throw rejectZip(path, `entry "${name}" is encrypted`);
    if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8)
      throw rejectZip(path, `entry "${name}" uses compression method ${entry.compressionMethod} (only deflate and stored are read)`);
    // The entry's raw bytes, read in 1 MiB pieces and inflated here with large output chunks: yauzl's streams
    // read and inflate 16 KiB at a time, and the callbacks of that many chunks cost the main thread ~0.6 s per
    // 100k cases (inflating) and ~0.15 s (reading). yauzl still checks the local header and where the data lies.
    const { fileDataStart } = await new Promise<{ fileDataStart: number }>((resolve, reject) =>
      zf.readLocalFileHeader(entry, { minimal: true }, (e, h) =>
        e ? reject(rejectZip(path, `entry "${name}": ${e.message}`)) : resolve(h),
      ),
    );
    const raw: Readable = entry.compressedSize
      ? createReadStream(path, { start: fileDataStart, end: fileDataStart + entry.compressedSize - 1, highWaterMark: 1 << 20 })
      : Readable.from([]);
    const stream = entry.compressionMethod === 8 ? raw.pipe(createInflateRaw({ chunkSize: INFLATE_CHUNK })) : raw;
    raw.on('error', (e) => stream.destroy(e));
    let n = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        n += chunk.length;
        if (n > limit) throw rejectZip(path, `entry "${name}" expands beyond ${limit} bytes: refused as a ZIP bomb`);
        // stopped as soon as it lies (as yauzl's own inflater did), not only at the bomb limit
        if (n > entry.uncompressedSize)
          throw rejectZip(path, `entry "${name}" holds more than the ${entry.uncompressedSize} bytes its header declares`);
        yield chunk;
      }
      if (n !== entry.uncompressedSize)
        throw rejectZip(path, `entry "${name}" holds ${n} bytes where its header declares ${entry.uncompressedSize}`);
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw rejectZip(path, `entry "${name}" cannot be read: ${(e as Error).message}`);
    } finally {
      // also when the reader stops early (a duplicate, a rejected file): nothing stays open
      stream.destroy();
      raw.destroy();
    }
  } finally {
    zf.close();
  }
}
