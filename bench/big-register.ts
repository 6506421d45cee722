/**
 * Makes one large register (H-file + L-file, bare XML) from a synthetic one by writing its records
 * `copies` times, each copy with its own persons (ID_PAC/NPOLIS/ENP), case numbers (IDCASE, SL_ID,
 * IDSERV) and N_ZAP, and a header whose SD_Z and SUMMAV add up. The generator writes a file as one
 * string (≤ ~500 MB), so a register of 2 GB and more — the size the memory target names — is made
 * this way, streaming, in bounded memory.
 *   node bin/omsx.js synth --out /tmp/bigsrc --seed 11 --months 1 --cases-per-month 250000 --mos 1 --profile region
 *   unzip -d /tmp/bigsrc/xml /tmp/bigsrc/registers/HM760001T76_2507.zip
 *   npx tsx bench/big-register.ts /tmp/bigsrc/xml/HM760001T76_25071.XML /tmp/big2g 8
 *   OMSX_MAX_PACKAGE_BYTES=4294967296 node bin/omsx.js ingest /tmp/big2g --json --stats
 * Person numbers and case numbers of the synthetic region start with 755000 and 250700; copy k
 * writes 75500k and 25070k instead (same length, so every format rule still holds).
 */
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { once } from 'node:events';

const [src, outDir, copiesArg] = process.argv.slice(2);
if (!src || !outDir) {
  console.error('usage: big-register.ts <H-file.XML> <out dir> [copies=8]');
  process.exit(1);
}
const copies = Number(copiesArg ?? 8);
if (!(copies >= 1 && copies <= 9)) throw new Error('copies: 1..9');

/** Streams a file as latin1 text (one char per byte: windows-1251 passes through unchanged), cut after `cut`. */
async function* pieces(path: string, cut: string): AsyncGenerator<string> {
  let carry = '';
  for await (const chunk of createReadStream(path, { encoding: 'latin1', highWaterMark: 4 << 20 })) {
    const text = carry + (chunk as string);
    const at = text.lastIndexOf(cut);
    if (at < 0) {
      carry = text;
      continue;
    }
    yield text.slice(0, at + cut.length);
    carry = text.slice(at + cut.length);
  }
  if (carry) yield carry;
}

function renumber(text: string, k: number): string {
  return text.replace(/>755000/g, `>75500${k}`).replace(/>250700/g, `>25070${k}`);
}

async function write(out: NodeJS.WritableStream, s: string) {
  if (!out.write(s, 'latin1')) await once(out, 'drain');
}

/** Copies a register (H or L), the records `copies` times; `header` rewrites the part before the first record. */
async function multiply(path: string, target: string, record: string, header: (h: string) => string, zapNumbers: boolean) {
  const out = createWriteStream(target);
  const open = `<${record}>`;
  const footer = record === 'ZAP' ? '</ZL_LIST>' : '</PERS_LIST>';
  let perCopy = 0;
  for (let k = 0; k < copies; k++) {
    let inHeader = true;
    let n = 0;
    for await (let piece of pieces(path, `</${record}>`)) {
      if (inHeader) {
        const at = piece.indexOf(open);
        if (k === 0) await write(out, header(piece.slice(0, at)));
        piece = piece.slice(at);
        inHeader = false;
      }
      const end = piece.indexOf(footer);
      if (end >= 0) piece = piece.slice(0, end);
      if (zapNumbers) piece = piece.replace(/<N_ZAP>(\d+)<\/N_ZAP>/g, (_, z: string) => `<N_ZAP>${k * perCopy + Number(z)}</N_ZAP>`);
      n += piece.split(`</${record}>`).length - 1;
      await write(out, k === 0 ? piece : renumber(piece, k));
    }
    perCopy ||= n;
  }
  await write(out, `${footer}\n`);
  out.end();
  await once(out, 'finish');
  return perCopy * copies;
}

mkdirSync(outDir, { recursive: true });
const hName = basename(src);
const lName = `L${hName.slice(1)}`;
const records = await multiply(
  src,
  join(outDir, hName),
  'ZAP',
  (h) =>
    h
      .replace(/<SD_Z>(\d+)<\/SD_Z>/, (_, n: string) => `<SD_Z>${Number(n) * copies}</SD_Z>`)
      .replace(/<SUMMAV>(\d+)\.(\d{2})<\/SUMMAV>/, (_, r: string, k: string) => {
        const total = (BigInt(r) * 100n + BigInt(k)) * BigInt(copies);
        return `<SUMMAV>${total / 100n}.${String(total % 100n).padStart(2, '0')}</SUMMAV>`;
      }),
  true,
);
const persons = await multiply(join(dirname(src), lName), join(outDir, lName), 'PERS', (h) => h, false);
console.log(`${outDir}: ${hName} with ${records} records, ${lName} with ${persons} persons`);
