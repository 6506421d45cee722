/**
 * Reader benchmark: parses register files (H/C/T/D or L) into records with each XML parser and prints
 * µs per record and MB/s, best of N runs. No checks, no database: the cost of reading alone.
 *   npx tsx bench/reader.bench.ts <file.XML>... [--runs 3]
 */
import { createReadStream, statSync } from 'node:fs';
import { basename } from 'node:path';
import { parseRegister, type XmlParserName } from '../src/registers/reader/xml-records.js';

const args = process.argv.slice(2);
const ri = args.indexOf('--runs');
const runs = ri >= 0 ? Number(args.splice(ri, 2)[1]) : 3;
for (const file of args) {
  const mb = statSync(file).size / 1e6;
  for (const parser of ['saxes', 'scan'] as XmlParserName[]) {
    let best = Infinity;
    let records = 0;
    for (let k = 0; k < runs; k++) {
      const t = performance.now();
      records = 0;
      for await (const e of parseRegister(createReadStream(file, { highWaterMark: 1 << 16 }), basename(file), { parser })) {
        if (e.type === 'zaps') records += e.zaps.length;
        else if (e.type === 'pers') records += e.pers.length;
      }
      best = Math.min(best, performance.now() - t);
    }
    console.log(
      JSON.stringify({
        bench: 'reader',
        file: basename(file),
        parser,
        mb: +mb.toFixed(1),
        records,
        ms: Math.round(best),
        usPerRecord: +((best * 1000) / records).toFixed(1),
        mbPerS: +(mb / (best / 1000)).toFixed(1),
      }),
    );
  }
}
