// Планирование (TFOMS): choose a plan version; its plan-fact by MO and care condition (volumes and money), the
// execution heat map by profile or KSG × quarter or month, the corrections with their history, a new correction,
// and a new plan loaded from a CSV file.
import { useEffect, useState } from 'preact/hooks';
import { api, qs } from '../api/client.js';
import { useGet } from '../api/use-get.js';
import { USL_OK } from '../labels.js';
import { CorrectionForm, CorrectionHistory } from './planning/corrections.js';
import { execPct, MONTHS, rubKop, vol } from './planning/format.js';
import { ExecutionMap } from './planning/execution.js';
import { PlanUpload } from './planning/upload.js';
import type { HistoryEntry, PlanDetail, PlanSummary, PlanVersion, SummaryRow } from './planning/types.js';

const versionLabel = (v: PlanVersion) =>
  `№ ${v.id} · ${v.year} год · ${v.reason} · ${v.author}, ${new Date(v.createdAt).toLocaleDateString('ru-RU')}` +
  (v.corrections ? ` · корректировок: ${v.corrections}` : '') +
  (v.children ? ' · есть более новая версия' : '');

export function PlanningPage({ params }: { params: URLSearchParams }) {
  const [versions, setVersions] = useState<PlanVersion[] | null>(null);
  const [id, setId] = useState(params.get('id') ?? '');
  const [from, setFrom] = useState<number | undefined>(undefined);
  const [through, setThrough] = useState<number | undefined>(undefined);
  const [unplanned, setUnplanned] = useState(false);
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const fail = (e: Error) => setError(e.message);
  const [plan, planError] = useGet<PlanDetail>(id ? `/api/plans/${id}` : null, { tick });
  const [historyGot, historyError] = useGet<{ versions: HistoryEntry[] }>(id ? `/api/plans/${id}/history` : null, { tick, keep: false });
  const history = historyGot?.versions ?? [];
  const [summary, summaryError] = useGet<PlanSummary>(id ? `/api/plans/${id}/summary${qs({ from, through })}` : null, { tick });
  const shown = error || planError || historyError || summaryError;

  useEffect(() => {
    api<{ versions: PlanVersion[] }>('GET', '/api/plans')
      .then((r) => {
        setVersions(r.versions);
        if (r.versions.length && !r.versions.some((v) => v.id === id)) setId(r.versions[0].id);
      })
      .catch(fail);
  }, [tick]);

  const choose = (v: string) => {
    setId(v);
    setFrom(undefined);
    setThrough(undefined);
    location.hash = `#/planning?id=${v}`;
  };
  const created = (newId: string) => {
    choose(newId);
    setTick((t) => t + 1);
  };
  const rows = summary ? summary.rows.filter((r) => r.planned || unplanned) : [];
  const hidden = summary ? summary.rows.length - summary.rows.filter((r) => r.planned).length : 0;
  return (
    <section class="planning">
      <h1>Планирование</h1>
      {shown && (
        <p class="error" role="alert">
          {shown}
        </p>
      )}
      {versions && versions.length === 0 && <p class="muted">Планов ещё нет: загрузите план из файла ниже.</p>}
      {versions && versions.length > 0 && (
        <form class="filters" onSubmit={(e) => e.preventDefault()}>
          <label>
            Версия плана
            <select name="version" value={id} onChange={(e) => choose(e.currentTarget.value)}>
              {versions.map((v) => (
                <option value={v.id}>{versionLabel(v)}</option>
              ))}
            </select>
          </label>
          {summary && (
            <>
              <label>
                С месяца
                <select name="from" value={String(summary.from)} onChange={(e) => setFrom(Number(e.currentTarget.value))}>
                  {MONTHS.map((m, i) => (
                    <option value={String(i + 1)}>{m}</option>
                  ))}
                </select>
              </label>
              <label>
                По месяц
                <select name="through" value={String(summary.through)} onChange={(e) => setThrough(Number(e.currentTarget.value))}>
                  {MONTHS.map((m, i) => (
                    <option value={String(i + 1)}>{m}</option>
                  ))}
                </select>
              </label>
            </>
          )}
        </form>
      )}
      {summary && (
        <>
          <h2>
            План-факт по МО и условиям оказания за {MONTHS[summary.from - 1]} – {MONTHS[summary.through - 1]} {summary.year} г.
          </h2>
          <p class="muted">
            План за период — годовой план × {summary.through - summary.from + 1}/12; факт — случаи и суммы, принятые по реестрам после МЭК
            (за вычетом санкций). Реестры за {summary.year} г. загружены за:{' '}
            {summary.monthsWithData.length ? summary.monthsWithData.map((m) => MONTHS[m - 1]).join(', ') : 'нет месяцев'}.
          </p>
          {summary.unplanned.factVolume > 0 && (
            <p class="muted unplanned-note">
              Вне плана (МО и условия без строки плана, в «Итого» не входят): {vol(summary.unplanned.factVolume)} случаев на{' '}
              {rubKop(summary.unplanned.factKop)}.
            </p>
          )}
          {hidden > 0 && (
            <label class="inline">
              <input type="checkbox" name="unplanned" checked={unplanned} onChange={(e) => setUnplanned(e.currentTarget.checked)} />{' '}
              показать факт без плана ({hidden} строк)
            </label>
          )}
          <SummaryTable rows={rows} total={summary.total} />
        </>
      )}
      {id && <ExecutionMap id={id} tick={tick} />}
      {plan && (
        <>
          <h2>Корректировки плана</h2>
          <div class="columns">
            <CorrectionHistory history={history} />
            <CorrectionForm plan={plan} onDone={created} />
          </div>
        </>
      )}
      <h2>Новый план из файла</h2>
      <PlanUpload onDone={created} />
    </section>
  );
}

function SummaryTable({ rows, total }: { rows: SummaryRow[]; total: PlanSummary['total'] }) {
  const cls = (p: number | null) => (p === null ? '' : p < 50 ? 'low' : p < 90 ? 'under' : p <= 110 ? 'on' : 'over');
  const cells = (r: PlanSummary['total']) => [
    <td class="n">{vol(r.planYearVolume)}</td>,
    <td class="n">{vol(r.planVolume)}</td>,
    <td class="n">{vol(r.factVolume)}</td>,
    <td class="n">{vol(r.deviationVolume)}</td>,
    <td class={`n pct ${cls(r.volumePct)}`}>{execPct(r.volumePct)}</td>,
    <td class="n">{rubKop(r.planKop)}</td>,
    <td class="n">{rubKop(r.factKop)}</td>,
    <td class="n">{rubKop(r.deviationKop)}</td>,
    <td class={`n pct ${cls(r.kopPct)}`}>{execPct(r.kopPct)}</td>,
  ];
  return (
    <table class="grid plan-fact">
      <thead>
        <tr>
          <th rowSpan={2}>МО</th>
          <th rowSpan={2}>Условия оказания</th>
          <th colSpan={5}>Объёмы, ед.</th>
          <th colSpan={4}>Финансовое обеспечение</th>
        </tr>
        <tr>
          <th>План на год</th>
          <th>План за период</th>
          <th>Факт</th>
          <th>Отклонение</th>
          <th>Исполнение</th>
          <th>План за период</th>
          <th>Факт</th>
          <th>Отклонение</th>
          <th>Исполнение</th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr data-mo={r.mo} data-usl={String(r.uslOk ?? '')} class={r.planned ? '' : 'unplanned'}>
            <td>{r.mo}</td>
            <td>
              {r.uslOk === null ? 'не указаны' : (USL_OK[String(r.uslOk)] ?? r.uslOk)}
              {!r.planned && <span class="muted"> (нет в плане)</span>}
            </td>
            {cells(r)}
          </tr>
        ))}
        <tr class="total">
          <td colSpan={2}>Итого</td>
          {cells(total)}
        </tr>
      </tbody>
    </table>
  );
}
