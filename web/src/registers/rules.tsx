// Findings of a package by rule: the rule id, its control (ФЛК/МЭК), what it checks, and how many findings.
import type { RuleLine } from '../api/registers.js';
import { CONTROL_KIND } from '../labels.js';

/** A compact list for the package list: `id ×count`, the description in the tooltip. */
export function RuleChips({ rules, total }: { rules: RuleLine[]; total: number }) {
  if (!rules.length) return <span class="muted">нет</span>;
  return (
    <span class="rule-chips">
      {rules.map((r) => (
        <span class="rule-chip" title={`${CONTROL_KIND[r.control] ?? r.control}: ${r.name}`} data-rule={r.rule}>
          {r.rule || 'файл'} ×{r.count}
        </span>
      ))}
      {total > rules.length && <span class="muted"> и ещё {total - rules.length}</span>}
    </span>
  );
}

/** Every rule of a package with its description. */
export function RuleTable({ rules }: { rules: RuleLine[] }) {
  if (!rules.length) return <p class="muted">Замечаний ФЛК и МЭК нет.</p>;
  return (
    <table class="grid rules">
      <thead>
        <tr>
          <th>Контроль</th>
          <th>Правило</th>
          <th>Что проверяет</th>
          <th>Замечаний</th>
        </tr>
      </thead>
      <tbody>
        {rules.map((r) => (
          <tr data-rule={r.rule}>
            <td>{CONTROL_KIND[r.control] ?? r.control}</td>
            <td>{r.rule || '—'}</td>
            <td>{r.name}</td>
            <td class="n">{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
