/** The agreement report as text (the CLI's default and the demo), CSV and spreadsheet rows. Pure. */
import { stringify } from 'csv-stringify/sync';
import type { AgreementDimension, AgreementGroup, AgreementReport, ModelAgreement } from './agreement.js';

const pct = (v: number | null) => (v === null ? '—' : `${(100 * v).toFixed(1)}%`);
const num = (v: number | null | undefined, d = 3) => (v === null || v === undefined ? '—' : v.toFixed(d));
const ci = (c: [number, number] | null, f: (v: number) => string) => (c ? `${f(c[0])}–${f(c[1])}` : '—');
const rub = (v: number) => v.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).replace(/,/g, ' ');

/** Left-aligned text, right-aligned numbers, two spaces between columns. */
function table(head: string[], rows: string[][], numeric: boolean[]): string {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => (numeric[i] ? c.padStart(w[i]) : c.padEnd(w[i])))
      .join('  ')
      .trimEnd();
  return [line(head), line(w.map((n) => '-'.repeat(n))), ...rows.map(line)].join('\n') + '\n';
}

function groupTable(groups: AgreementGroup[], dims: readonly (AgreementDimension | 'total')[]): string {
  const head = [...dims, 'reviewed', 'confirmed', 'hit rate', '95% CI', 'recovered, RUB', 'per review', 'lift', 'lift 95% CI'];
  const rows = groups.map((g) => [
    ...dims.map((d) => (d === 'total' ? 'all' : String(g.key[d] ?? '—'))),
    String(g.reviewed),
    String(g.confirmed),
    pct(g.hit_rate),
    ci(g.hit_rate_ci, (v) => (100 * v).toFixed(1)),
    rub(g.recovered),
    g.recovered_per_review === null ? '—' : rub(g.recovered_per_review),
    num(g.lift, 2),
    ci(g.lift_ci, (v) => v.toFixed(2)),
  ]);
  return table(head, rows, [...dims.map(() => false), true, true, true, true, true, true, true, true]);
}

function modelLines(m: ModelAgreement): string {
  const k = m.kappa;
  const groups = m.kappa_by_defect_group.map((g) => `${g.defect_group} ${num(g.kappa, 2)} (n ${g.n})`).join(', ');
  return [
    `model ${m.version}${m.status ? ` (${m.status})` : ''}: scored ${m.scored}, threshold ${num(m.threshold, 3)}`,
    `  random arm: ${m.random_cases} cases, ${m.random_defective} with a defect; ROC-AUC ${num(m.roc_auc)}, PR-AUC ${num(m.pr_auc)}, ` +
      `Brier ${num(m.brier)}, ECE ${num(m.ece)}`,
    `  κ flag vs expert ${k ? `${num(k.kappa, 2)} (n ${k.n})` : '—'}${groups ? `; by defect group: ${groups}` : ''}`,
    `  IPW precision ${m.precision ? `${pct(m.precision.estimate)} (${ci(m.precision.ci, (v) => pct(v))})` : '—'}, ` +
      `recall ${m.recall ? `${pct(m.recall.estimate)} (${ci(m.recall.ci, (v) => pct(v))})` : '—'}; ` +
      `PSI ${m.psi === null ? '— (no training histogram)' : `${num(m.psi)} ${m.psi_level} against ${m.psi_reference}`}`,
  ].join('\n');
}

/**
 * The report as readable text: the groups; the arms with their lift and the total (row `all`); the inverse-propensity
 * estimate, expert-vs-expert κ and each model version's figures. `groupsOnly`: the groups alone (the arms table when
 * grouped by arm only). The demo prints `formatAgreementTable(await agreementReport(deps, {by: 'arm'}))`.
 */
export function formatAgreementTable(r: AgreementReport, opts: { groupsOnly?: boolean } = {}): string {
  const period = r.from || r.to ? `${r.from ?? '…'} – ${r.to ?? '…'}` : 'all periods';
  let out = `Agreement, ${period}; money in rubles\n`;
  const byArm = r.by.length === 1 && r.by[0] === 'arm';
  if (r.by.length && !byArm) out += groupTable(r.groups, r.by);
  if (opts.groupsOnly && !byArm) return out;
  out += `${r.by.length && !byArm ? '\n' : ''}${groupTable([...r.arms, { ...r.total, key: { arm: 'all' } }], ['arm'])}`;
  if (opts.groupsOnly) return out;
  const d = r.defective_cases;
  out += d
    ? `\ndefective cases (Horvitz–Thompson): ${d.estimate.toFixed(0)} (95% CI ${d.ci[0].toFixed(0)}–${d.ci[1].toFixed(0)}) ` +
      `from ${d.sample} reviewed cases with a known propensity${d.unknown_propensity ? `, ${d.unknown_propensity} without` : ''}\n`
    : '\nno conclusions in the period\n';
  const e = r.expert_agreement;
  out += `expert vs expert κ: ${e ? `${num(e.kappa, 2)} on ${e.n} cases reviewed twice` : '— (no case reviewed twice)'}\n`;
  if (r.models === null) out += 'model figures: — (no scores yet: case_score / model_version do not exist)\n';
  else if (r.models.length === 0) out += 'model figures: — (no case of the period was scored)\n';
  else out += r.models.map(modelLines).join('\n') + '\n';
  return out;
}

/** Rows of the groups (header first): key columns, then the figures (money in rubles). */
export function agreementRows(r: AgreementReport, groups: AgreementGroup[] = r.groups, dims: readonly string[] = r.by) {
  const head = [...dims, 'conclusions', 'reviewed', 'confirmed', 'hit_rate', 'hit_rate_lo', 'hit_rate_hi', 'recovered_rub'];
  head.push('non_payment_rub', 'fine_rub', 'lift', 'lift_lo', 'lift_hi');
  return [
    head,
    ...groups.map((g) => [
      ...dims.map((d) => (g.key as Record<string, unknown>)[d] ?? null),
      g.conclusions,
      g.reviewed,
      g.confirmed,
      g.hit_rate,
      g.hit_rate_ci?.[0] ?? null,
      g.hit_rate_ci?.[1] ?? null,
      g.recovered,
      g.non_payment,
      g.fine,
      g.lift,
      g.lift_ci?.[0] ?? null,
      g.lift_ci?.[1] ?? null,
    ]),
  ];
}

/** Rows of the model figures (header first). */
export function modelRows(r: AgreementReport) {
  const head = ['version', 'status', 'threshold', 'scored', 'random_cases', 'random_defective', 'roc_auc', 'pr_auc', 'brier', 'ece'];
  head.push('kappa', 'precision_ipw', 'precision_lo', 'precision_hi', 'recall_ipw', 'recall_lo', 'recall_hi', 'psi', 'psi_level');
  return [
    head,
    ...(r.models ?? []).map((m) => [
      ...[m.version, m.status, m.threshold, m.scored, m.random_cases, m.random_defective, m.roc_auc, m.pr_auc, m.brier, m.ece],
      m.kappa?.kappa ?? null,
      ...[m.precision?.estimate, m.precision?.ci[0], m.precision?.ci[1], m.recall?.estimate, m.recall?.ci[0], m.recall?.ci[1]].map(
        (v) => v ?? null,
      ),
      m.psi,
      m.psi_level,
    ]),
  ];
}

/** The groups as CSV (`--csv`): one row per group, money in rubles. */
export function agreementCsv(r: AgreementReport): string {
  return stringify(agreementRows(r));
}

/** The report as a workbook: sheets `groups`, `arms`, `models` (money in rubles). exceljs is loaded on first use. */
export async function agreementXlsxBuffer(r: AgreementReport): Promise<Buffer> {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const sheets: [string, unknown[][]][] = [
    ['groups', agreementRows(r)],
    ['arms', agreementRows(r, [...r.arms, { ...r.total, key: { arm: 'all' } }], ['arm'])],
    ['models', modelRows(r)],
  ];
  for (const [name, rows] of sheets) {
    const ws = wb.addWorksheet(name);
    for (const row of rows) ws.addRow(row);
    ws.getRow(1).font = { bold: true };
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}
