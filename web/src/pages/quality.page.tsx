import { useMemo, useState } from 'preact/hooks';
import { qs } from '../api/client.js';
import { useGet } from '../api/use-get.js';
import type { AgreementGroup, AgreementReportBy } from '../api/quality.js';
import { ARM_NAMES, num, pct, rub } from '../labels.js';
import { Chart } from '../chart.js';
import { defectOption, hitRateOption, monthOption } from '../quality-charts.js';
import { QUALITY_GROUPINGS, defectGroupLabel } from '../quality-labels.js';

const ci = (g: AgreementGroup) => (g.hit_rate_ci ? `${pct(g.hit_rate_ci[0])} – ${pct(g.hit_rate_ci[1])}` : '—');
const keyOf = (g: AgreementGroup, by: string) => g.key[by] ?? null;

function label(by: string, v: string | number | null): string {
  if (by === 'defect_group') return defectGroupLabel(v);
  if (v === null) return by === 'expert' ? 'без эксперта' : by === 'model' ? 'не оценён моделью' : 'не указано';
  if (by === 'arm') return ARM_NAMES[String(v)] ?? String(v);
  return String(v);
}

/** The agreement report of one grouping for the period, reloaded when either changes. */
function useReport(by: string, from: string, to: string): [AgreementReportBy | null, string] {
  return useGet<AgreementReportBy>(`/api/agreement${qs({ from, to, by })}`);
}

const exportHref = (by: string, from: string, to: string) => `/api/agreement/export${qs({ from, to, by, format: 'xlsx', lang: 'ru' })}`;

function GroupTable({ by, head, groups, total }: { by: string; head: string; groups: AgreementGroup[]; total?: AgreementGroup }) {
  return (
    <table class={`grid quality-table quality-${by}`}>
      <thead>
        <tr>
          <th>{head}</th>
          <th>Заключений</th>
          <th>Проверено случаев</th>
          <th>Подтверждено</th>
          <th>Доля подтверждений</th>
          <th>95 % интервал (Уилсон)</th>
          {by === 'arm' && <th>Подъём к случайному</th>}
          <th>Неоплата</th>
          <th>Штрафы</th>
          <th>Возвращено</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((g) => (
          <tr data-key={String(keyOf(g, by) ?? '')}>
            <td>{label(by, keyOf(g, by))}</td>
            <td class="n">{g.conclusions}</td>
            <td class="n">{g.reviewed}</td>
            <td class="n confirmed">{g.confirmed}</td>
            <td class="n hit">{pct(g.hit_rate)}</td>
            <td class="n">{ci(g)}</td>
            {by === 'arm' && <td class="n">{g.lift === null ? '—' : num(g.lift, 2)}</td>}
            <td class="n">{rub(g.non_payment)}</td>
            <td class="n">{rub(g.fine)}</td>
            <td class="n recovered">{rub(g.recovered)}</td>
          </tr>
        ))}
        {total && (
          <tr class="total">
            <td>Всего</td>
            <td class="n">{total.conclusions}</td>
            <td class="n">{total.reviewed}</td>
            <td class="n">{total.confirmed}</td>
            <td class="n">{pct(total.hit_rate)}</td>
            <td class="n">{ci(total)}</td>
            {by === 'arm' && <td class="n">—</td>}
            <td class="n">{rub(total.non_payment)}</td>
            <td class="n">{rub(total.fine)}</td>
            <td class="n">{rub(total.recovered)}</td>
          </tr>
        )}
      </tbody>
    </table>
  );
}

/** Quality control (TFOMS): agreement by a chosen grouping, the defect structure by F014 group, the months. */
export function QualityPage() {
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const [by, setBy] = useState('arm');
  const [groups, groupsError] = useReport(by, from, to);
  // the grouping the figures shown were computed for (the selector changes before the new figures arrive)
  const shown = groups?.by[0] ?? by;
  const [defects, defectsError] = useReport('defect_group', from, to);
  const [months, monthsError] = useReport('month', from, to);
  const head = QUALITY_GROUPINGS.find(([k]) => k === shown)?.[1] ?? shown;
  const groupChart = useMemo(
    () =>
      groups &&
      hitRateOption(
        groups.groups.map((g) => label(shown, keyOf(g, shown))),
        groups.groups,
      ),
    [groups],
  );
  // the structure of what was found: conclusions without a defect have no group
  const found = defects ? defects.groups.filter((g) => g.key.defect_group !== null) : [];
  const defectChart = useMemo(
    () =>
      defects &&
      defectOption(
        found.map((g) => String(g.key.defect_group)),
        found,
      ),
    [defects],
  );
  const monthChart = useMemo(
    () =>
      months &&
      monthOption(
        months.groups.map((g) => String(g.key.month)),
        months.groups,
      ),
    [months],
  );
  const error = groupsError || defectsError || monthsError;
  return (
    <section class="quality">
      <h1>Контроль качества</h1>
      <p class="muted">
        Согласованность отбора и экспертизы: доля подтверждённых дефектов (hit rate) с 95 % интервалом Уилсона, структура дефектов по
        группам F014 и динамика по месяцам. Суммы — в рублях (неоплата и штрафы по заключениям).
      </p>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          С периода
          <input name="from" type="month" value={from} onChange={(e) => setFrom(e.currentTarget.value)} />
        </label>
        <label>
          По период
          <input name="to" type="month" value={to} onChange={(e) => setTo(e.currentTarget.value)} />
        </label>
        <label>
          Группировка
          <select name="by" value={by} onChange={(e) => setBy(e.currentTarget.value)}>
            {QUALITY_GROUPINGS.map(([k, name]) => (
              <option value={k}>{name}</option>
            ))}
          </select>
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {groups && (
        <div class="quality-block" data-block="groups" data-by={shown}>
          <div class="quality-head">
            <h2>Согласованность: {head.toLowerCase()}</h2>
            <a class="button" href={exportHref(shown, from, to)} download>
              Экспорт в Excel
            </a>
          </div>
          {groups.groups.length ? (
            <>
              <Chart name={`Доля подтверждений по группам: ${head}`} option={groupChart!} height={230} />
              <GroupTable by={shown} head={head} groups={groups.groups} total={groups.total} />
            </>
          ) : (
            <p class="muted">Заключений за выбранный период нет.</p>
          )}
        </div>
      )}
      {defects && (
        <div class="quality-block" data-block="defects">
          <div class="quality-head">
            <h2>Структура дефектов по группам F014</h2>
            <a class="button" href={exportHref('defect_group', from, to)} download>
              Экспорт в Excel
            </a>
          </div>
          {found.length ? (
            <>
              <Chart name="Подтверждённые дефекты по группам F014" option={defectChart!} />
              <GroupTable by="defect_group" head="Группа F014 (пункт 231н)" groups={defects.groups} />
            </>
          ) : (
            <p class="muted">Подтверждённых дефектов за выбранный период нет.</p>
          )}
        </div>
      )}
      {months && (
        <div class="quality-block" data-block="months">
          <div class="quality-head">
            <h2>Динамика по месяцам</h2>
            <a class="button" href={exportHref('month', from, to)} download>
              Экспорт в Excel
            </a>
          </div>
          {months.groups.length ? (
            <>
              <Chart name="Доля подтверждений и возвращённые суммы по месяцам" option={monthChart!} />
              <GroupTable by="month" head="Месяц" groups={months.groups} />
            </>
          ) : (
            <p class="muted">Заключений за выбранный период нет.</p>
          )}
        </div>
      )}
    </section>
  );
}
