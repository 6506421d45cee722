/**
 * The L-file (PERS_LIST) of a main file, streamed into the person table inside the file's transaction
 * (see ingest-file.ts).
 */
import type { Finding } from '../contracts.js';
import type { Pers } from '../model.js';
import type { PersIndex } from '../flk/index.js';
import { collectAbove } from '../../memory.js';
import type { RegisterRepo } from '../store/register.repo.js';
import { PERSON_TYPES } from '../store/register.repo.js';
import { binaryRows } from '../../db/copy-binary.js';
import { isIsoDate } from '../../calendar.js';
import type { FileSource } from './source.js';
import type { CheckSuite } from './checks.js';
import { persEvents } from './events.js';

/** Rows per COPY: accepted records per flush of a main file (ingest-file.ts), persons per COPY of its L-file. */
export const FLUSH_AT = 4000;

/**
 * Streams the L-file into the person table batch by batch, with its FLK findings; keeps only the ids.
 * The first PERS of each ID_PAC is stored (a repeated one is reported, and the table keeps one per file).
 * Returns the L-file's format version.
 */
export async function storePersons(
  l: FileSource,
  fileId: string,
  index: PersIndex,
  repo: RegisterRepo,
  suite: CheckSuite,
  note: (fs: readonly Finding[]) => void,
): Promise<string> {
  let version = '';
  let rows: unknown[][] = [];
  // one COPY in flight while the next batch is parsed (on the transaction's connection, so they stay in order)
  let inflight: Promise<void> = Promise.resolve();
  const write = async (batch: unknown[][]) => {
    await inflight;
    inflight = repo.copyPersons([binaryRows(batch, PERSON_TYPES)]);
    inflight.catch(() => undefined); // surfaced by the next await
  };
  for await (const ev of persEvents(l)) {
    if (ev.type === 'pers-header') version = ev.version;
    if (ev.type !== 'pers') continue;
    const ctx = { fileName: l.name, kind: 'L' as const, version };
    for (const p of ev.pers) {
      // findings are kept for the whole file: cloned, so that they do not hold the parser's text chunks (keys.ts)
      const found = suite.pers(p, ctx);
      if (found.length) note(structuredClone(found));
      const repeated = index.add([p.ID_PAC ?? '']);
      if (repeated.length) note(structuredClone(repeated));
      else rows.push(personRow(fileId, p));
    }
    if (rows.length >= FLUSH_AT) {
      await write(rows);
      rows = [];
      collectAbove();
    }
  }
  await write(rows);
  await inflight;
  return version;
}

const SEX = /^\d{1,9}$/;
/**
 * The person table's row of a PERS. W and DR that are not a number or a real date are stored as NULL: the FLK
 * reports them (004F), and the value stays in `data`.
 */
function personRow(fileId: string, p: Pers): unknown[] {
  return [
    fileId,
    p.ID_PAC ?? '',
    p.FAM ?? null,
    p.IM ?? null,
    p.OT ?? null,
    p.W && SEX.test(p.W) ? Number(p.W) : null,
    p.DR && isIsoDate(p.DR) ? p.DR : null,
    p.SNILS ?? null,
    p,
  ];
}
