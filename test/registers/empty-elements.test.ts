/**
 * An element present but empty (`<SMO/>`, `<DS1></DS1>`) is an FLK error like a missing one: a TFOMS loader refuses the
 * record. The public sample C_EMPTY_ELEMENT.XML (C_VALID.XML with `<SMO/>`), then every leaf of the first record of
 * each valid sample emptied in turn, through the reader and the checks as ingestion runs them; then stored.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { openTestDatabase } from '../helpers/db.js';
import { SAMPLES, readSample, tempDir, writeCp1251 } from '../helpers/registers.js';
import { createDeps, type Deps } from '../../src/deps.js';
import { loadConfig } from '../../src/config.js';
import { ingestPackage } from '../../src/registers/ingest/ingest.service.js';
import { parseRegister } from '../../src/registers/reader/xml-records.js';
import { checkSuite } from '../../src/registers/ingest/checks.js';
import type { Finding } from '../../src/registers/contracts.js';
import type { Zap } from '../../src/registers/model.js';

const suite = await checkSuite({});

async function* chunks(b: Uint8Array) {
  yield b;
}

/** The records of a register text and the FLK/MEK findings of each, as the pipeline computes them. */
async function check(xml: string, fileName: string): Promise<Finding[][]> {
  const out: Finding[][] = [];
  let checks: ReturnType<typeof suite.checks> | undefined;
  for await (const ev of parseRegister(chunks(iconv.encode(xml, 'win1251')), fileName)) {
    if (ev.type === 'header') {
      checks = suite.checks(fileName, ev.kind, ev.version, ev.header);
    } else if (ev.type === 'zaps') for (const z of ev.zaps) out.push(checks!.record(z as Zap));
  }
  return out;
}

const SAMPLE_FILES = ['H_VALID.XML', 'H_VALID_3.2.XML', 'C_VALID.XML', 'T_VALID.XML', 'D_VALID.XML', 'D_VALID_08_2021.XML'];
const errors = (fs: Finding[]) => fs.filter((f) => f.severity === 'error');

describe('an element present without a value', () => {
  it('C_EMPTY_ELEMENT.XML: <SMO/> rejects its record under the Q015 presence id of SMO, naming the element', async () => {
    const valid = await check(readSample('nesterdgit_ServiceVersion/C_VALID.XML'), 'CM750096T75_21041.XML');
    const empty = await check(readSample('nesterdgit_ServiceVersion/C_EMPTY_ELEMENT.XML'), 'CM750096T75_21041.XML');
    expect(valid.map(errors)).toEqual([[]]);
    expect(
      empty
        .map(errors)
        .flat()
        .map((f) => [f.rule, f.element, f.basEl, f.value, f.n_zap]),
    ).toEqual([['003F.00.0120', 'ZAP/PACIENT/SMO', 'PACIENT', '', '1']]);
    expect(empty[0][0].message).toMatch(/пустой элемент SMO/);
  });

  it('every leaf of the first record of each valid sample, emptied, is reported at that element', async () => {
    let tried = 0;
    for (const file of SAMPLE_FILES) {
      const xml = readSample(`nesterdgit_ServiceVersion/${file}`);
      const [start, end] = [xml.indexOf('<ZAP>'), xml.indexOf('</ZAP>')];
      const zap = xml.slice(start, end);
      const leaves = [...zap.matchAll(/<([A-Z_0-9]+)>([^<]+)<\/\1>/g)];
      expect(leaves.length).toBeGreaterThan(20);
      for (const [i, m] of leaves.entries()) {
        const at = start + m.index;
        // alternately the short and the long form of an empty element
        const emptied = i % 2 ? `<${m[1]}/>` : `<${m[1]}></${m[1]}>`;
        const mutated = xml.slice(0, at) + emptied + xml.slice(at + m[0].length);
        const [first] = await check(mutated, file.startsWith('D') ? 'DPM750096T75_21041.XML' : `${file[0]}M750096T75_21041.XML`);
        const hits = errors(first).filter((f) => f.element?.endsWith(`/${m[1]}`) && f.value === '');
        expect(hits.length, `${file}: <${m[1]}> emptied`).toBeGreaterThan(0);
        tried++;
      }
    }
    expect(tried).toBeGreaterThan(150);
  });
});

const db = await openTestDatabase('ingest_empty');
let deps: Deps;
const dir = tempDir();
beforeAll(async () => {
  deps = await createDeps(loadConfig({ OMSX_HOME: dir }), { db });
});

describe('ingesting C_EMPTY_ELEMENT.XML', () => {
  it('rejects the record with the empty SMO, stores the finding for the protocol, and nothing of the case', async () => {
    const path = writeCp1251(
      join(dir, 'CM750096T75_21041.XML'),
      iconv.decode(readFileSync(join(SAMPLES, 'nesterdgit_ServiceVersion/C_EMPTY_ELEMENT.XML')), 'win1251'),
    );
    const r = await ingestPackage(deps, [path], { workers: true, workerMinBytes: 0 }); // checked in a worker thread
    expect(r.files[0]).toMatchObject({ status: 'accepted', cases: 1, accepted: 0, rejected: 1 });
    const stored = await db.sql.query<{ rule: string; element: string }>("SELECT rule, element FROM finding WHERE control = 'FLK'");
    expect(stored).toEqual([{ rule: '003F.00.0120', element: 'ZAP/PACIENT/SMO' }]);
    expect(await db.sql.query('SELECT id FROM "case"')).toEqual([]);
  });
});
