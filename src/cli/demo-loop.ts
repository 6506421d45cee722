/**
 * The demo's selection loop on the sample region, after its registers and conclusions are in: features and scores of
 * every period (the active model: the baseline shipped in models/), the riskiest cases with their reasons, and the
 * MEE/EKMP worklists with the sample experts.
 */
import type { Deps } from '../deps.js';
import { formatKopecks } from '../tariffs/money.js';

export async function demoLoop(deps: Deps, w: (s: string) => void): Promise<void> {
  const [{ computeFeatures }, { scorePeriod }, { buildSampleWorklists }] = await Promise.all([
    import('../features/features.service.js'),
    import('../scoring/scores.service.js'),
    import('../selection/demo.service.js'),
  ]);
  const periods = await deps.db.sql.query<{ year: number; month: number }>(
    `SELECT DISTINCT year, month FROM "case" WHERE status = 'accepted' ORDER BY 1, 2`,
  );
  let scored = 0;
  const versions = new Set<string>();
  for (const p of periods) {
    await computeFeatures(deps, p);
    const r = await scorePeriod(deps, { ...p, noModelIsFine: true });
    for (const v of r.versions) {
      versions.add(`${v.version} (${v.status})`);
      scored += v.cases;
    }
  }
  if (!versions.size) {
    w('\nrisk scores: no model is registered (omsx model train, or keep the baseline in models/): worklists rank by rules');
  } else {
    w(`\nrisk scores: ${scored} case scores of ${periods.length} periods by ${[...versions].join(', ')}`);
    const top = await deps.db.sql.query<{
      file_name: string;
      idcase: string;
      code_mo: string;
      ds1: string | null;
      p_defect: number;
      expected_amount_kop: string;
      reasons: { text: string; f014_group: string | null }[];
    }>(
      `SELECT rf.file_name, c.idcase, c.code_mo, c.ds1, s.p_defect, s.expected_amount_kop::text AS expected_amount_kop, s.reasons
         FROM case_score s
         JOIN model_version m ON m.version = s.model_version AND m.status = 'active'
         JOIN "case" c ON c.id = s.case_id
         JOIN register_file rf ON rf.id = c.register_file_id
        ORDER BY s.p_defect DESC, c.id LIMIT 8`,
    );
    w('the riskiest cases (active model):');
    for (const t of top) {
      w(
        `  ${t.file_name} IDCASE ${t.idcase.padEnd(8)} MO ${t.code_mo} DS1 ${(t.ds1 ?? '—').padEnd(6)} p=${Number(t.p_defect).toFixed(3)}` +
          `  at stake ${formatKopecks(Number(t.expected_amount_kop))} RUB`,
      );
      for (const r of (t.reasons ?? []).slice(0, 3)) w(`      · ${r.text}${r.f014_group ? ` [F014 ${r.f014_group}]` : ''}`);
    }
  }
  const lists = await buildSampleWorklists(deps);
  w('\nMEE/EKMP worklists (sample experts, seed = period), totals over insurers and care conditions:');
  w('  period   control    cases  quota  trigger  model  random  manual');
  for (const l of lists)
    for (const control of ['MEE', 'EKMP'] as const) {
      const xs = l.worklists.filter((x) => x.control === control);
      const sum = (f: (x: (typeof xs)[number]) => number) => String(xs.reduce((n, x) => n + f(x), 0));
      w(
        `  ${l.period}  ${control.padEnd(7)} ${sum((x) => x.cases).padStart(8)} ${sum((x) => x.quota).padStart(6)} ${sum((x) => x.selected.trigger).padStart(8)}` +
          ` ${sum((x) => x.selected.model).padStart(6)} ${sum((x) => x.selected.random).padStart(7)} ${sum((x) => x.selected.manual).padStart(7)}`,
      );
    }
  const ranking = [...new Set(lists.map((l) => l.ranking))].join(', ');
  const unassigned = lists.reduce((n, l) => n + (l.unassigned?.length ?? 0), 0);
  w(`  ranking: ${ranking}; items no expert could take: ${unassigned} (omsx worklist export --period … --out F.xlsx)`);
}
