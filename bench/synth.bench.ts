/**
 * Generator benchmark: one month of a region, written as ZIPs of windows-1251 XML.
 *   npm run bench:synth              # 100k and 1M cases
 *   npm run bench:synth -- 250000    # other sizes
 */
import { mkdtempSync, rmSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { synthesize } from '../src/synth/synth.service.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
for (const cases of sizes.length ? sizes : [100_000, 1_000_000]) {
  const out = mkdtempSync(join(tmpdir(), 'omsx-synth-'));
  const t0 = process.hrtime.bigint();
  const r = await synthesize({
    out,
    seed: 7,
    months: 1,
    casesPerMonth: cases,
    profile: 'region',
    compression: 1,
  });
  const secs = Number(process.hrtime.bigint() - t0) / 1e9;
  const bytes = readdirSync(join(out, 'registers')).reduce((s, f) => s + statSync(join(out, 'registers', f)).size, 0);
  console.log(
    JSON.stringify({
      bench: 'synth',
      cases: r.cases,
      packages: r.packages,
      seconds: +secs.toFixed(2),
      casesPerSec: Math.round(r.cases / secs),
      zipMb: +(bytes / 2 ** 20).toFixed(1),
      peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
    }),
  );
  rmSync(out, { recursive: true, force: true });
}
