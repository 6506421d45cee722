/** `omsx features report`: the feature report of a period as a table, JSON (`--json`) or CSV (`--out F.csv`). */
import { writeFile } from 'node:fs/promises';
import { stringify } from 'csv-stringify/sync';
import type { Deps } from '../../deps.js';
import type { CliContext } from '../context.js';
import type { Period } from '../../features/features.service.js';
import { featureReport, type FeatureReport, type FeatureReportLine } from '../../ml/drift.service.js';

const g = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '' : Number(v.toFixed(d)).toString());

/** The columns of a report line: a numeric feature fills mean…max, a categorical one `distinct` and `top`. */
function cells(l: FeatureReportLine): string[] {
  const s = l.summary;
  const num = s.kind === 'numeric' ? [g(s.mean), g(s.std), g(s.min), g(s.max)] : ['', '', '', ''];
  const cat = s.kind === 'categorical' ? [String(s.distinct), s.top.map((t) => `${t.value} ${g(t.share * 100, 1)}%`).join('; ')] : ['', ''];
  return [l.name, l.kind, String(s.count), g(s.missingShare), ...num, ...cat, g(l.psi, 4), l.flag ?? ''];
}

const HEADER = ['feature', 'kind', 'count', 'missing_share', 'mean', 'std', 'min', 'max', 'distinct', 'top', 'psi', 'flag'];

export function reportCsv(r: FeatureReport): string {
  return stringify([HEADER, ...r.features.map(cells)]);
}

export function reportText(r: FeatureReport): string {
  const ref = r.reference
    ? `PSI against ${r.model!.version} (${r.model!.status}), training months ${r.reference.from}…${r.reference.to}, ${r.reference.rows} cases, reference from ${r.reference.source}`
    : r.model
      ? `no PSI: model ${r.model.version} has no reference (no card.reference, no stored features of its training months)`
      : 'no PSI: no model version is registered';
  const flagged = r.features.filter((f) => f.flag === 'watch' || f.flag === 'drift');
  const rows = [HEADER, ...r.features.map(cells)].map((c) => c.map((x, i) => (i === 9 ? x.slice(0, 40) : x)));
  const widths = HEADER.map((_, i) => Math.max(...rows.map((c) => c[i].length)));
  return [
    `${r.period}: ${r.rows} cases, spec ${r.specVersion}. ${ref}.`,
    `Flagged (PSI > 0.1 watch, > 0.25 drift): ${flagged.length ? flagged.map((f) => `${f.name} ${g(f.psi)} ${f.flag}`).join(', ') : 'none'}`,
    ...rows.map((c) =>
      c
        .map((x, i) => x.padEnd(widths[i]))
        .join('  ')
        .trimEnd(),
    ),
    '',
  ].join('\n');
}

export async function writeFeatureReport(
  deps: Deps,
  ctx: CliContext,
  period: Period,
  o: { model?: string; json?: boolean; out?: string },
): Promise<void> {
  const r = await featureReport(deps, period, o.model);
  if (o.out) await writeFile(o.out, reportCsv(r));
  if (o.json) ctx.out.write(JSON.stringify(r) + '\n');
  else if (o.out) ctx.out.write(`${r.period}: ${r.features.length} features of ${r.rows} cases → ${o.out}\n`);
  else ctx.out.write(reportText(r));
}
