/**
 * Regenerates the committed sample region in data/sample (≈2 000 cases over 3 months, 20 MOs):
 *   npx tsx scripts/make-sample.ts
 * The demo and several tests read it. Deterministic: re-running gives the same bytes.
 */
import { rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { synthesize } from '../src/synth/synth.service.js';
import { SAMPLE_FIRST_MO } from '../src/synth/region.js';

const out = fileURLToPath(new URL('../data/sample', import.meta.url));
await rm(out, { recursive: true, force: true });
const r = await synthesize({
  out,
  seed: 42,
  months: 3,
  casesPerMonth: 700,
  profile: 'small',
  defectRate: 0.08,
  compression: 9,
  // the sample keeps its codes (750001…); a generated region has its own range (760001…)
  firstMo: SAMPLE_FIRST_MO,
});
console.log(`data/sample: ${r.packages} packages, ${r.cases} cases, ${r.defective} with planted defects, ${r.conclusions} conclusions`);
