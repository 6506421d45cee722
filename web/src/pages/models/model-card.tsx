// A version's card: data window and counts, metrics with 95 % intervals, calibration and PR curves, the comparison of
// candidates, notes and the status history.
import { useMemo } from 'preact/hooks';
import { useGet } from '../../api/use-get.js';
import { MODEL_STATUS, num, ruDateTime } from '../../labels.js';
import { Chart, type ChartOption } from './chart.js';
import type { Interval, Metrics, ModelDetails } from './types.js';

const METRICS: [keyof Metrics, string][] = [
  ['roc_auc', 'ROC-AUC'],
  ['pr_auc', 'PR-AUC'],
  ['brier', 'Брайер'],
  ['ece', 'Ошибка калибровки (ECE)'],
  ['precision_at_5pct', 'Точность в верхних 5 %'],
  ['lift_at_5pct', 'Лифт в верхних 5 %'],
];
const POPULATION: Record<string, string> = {
  'random-arm': 'случайная ветвь месяцев проверки (несмещённая оценка)',
  'ipw-weighted': 'все проверенные случаи месяцев проверки со взвешиванием IPW',
  'all-reviewed': 'все проверенные случаи',
};
const PR_SOURCE: Record<string, string> = {
  card: 'сохранена при обучении',
  'card-file': 'из файла карточки',
  scores: 'вычислена по сохранённым оценкам и заключениям',
};

const ci = (i: Interval) => (i.lo === null || i.hi === null ? '—' : `${num(i.lo)} – ${num(i.hi)}`);

function calibrationOption(d: ModelDetails): ChartOption {
  const pts = d.calibration.curve.filter((b) => b.meanP !== null && b.observed !== null);
  const top = Math.min(1, Math.max(0.1, ...pts.map((b) => Math.max(b.meanP!, b.observed!))) * 1.1);
  return {
    animation: false,
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'item' },
    legend: { data: ['Модель', 'Идеальная калибровка'], top: 0 },
    xAxis: { type: 'value', name: 'Предсказанная вероятность', nameLocation: 'middle', nameGap: 25, min: 0, max: Number(top.toFixed(2)) },
    yAxis: { type: 'value', name: 'Наблюдаемая доля', min: 0, max: Number(top.toFixed(2)) },
    series: [
      { name: 'Модель', type: 'line', data: pts.map((b) => [b.meanP, b.observed]), symbolSize: 8 },
      {
        name: 'Идеальная калибровка',
        type: 'line',
        data: [
          [0, 0],
          [top, top],
        ],
        showSymbol: false,
        lineStyle: { type: 'dashed', color: '#999' },
      },
    ],
  };
}

function prOption(d: ModelDetails): ChartOption {
  return {
    animation: false,
    grid: { left: 50, right: 20, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'value', name: 'Полнота', nameLocation: 'middle', nameGap: 25, min: 0, max: 1 },
    yAxis: { type: 'value', name: 'Точность', min: 0, max: 1 },
    series: [
      { name: 'Точность', type: 'line', step: 'end', showSymbol: false, data: d.prCurve.points.map((p) => [p.recall, p.precision]) },
    ],
  };
}

export function ModelCard({ version }: { version: string }) {
  const [d, error] = useGet<ModelDetails>(`/api/models/${encodeURIComponent(version)}`, { keep: false });
  const calib = useMemo(() => d && calibrationOption(d), [d]);
  const pr = useMemo(() => d && prOption(d), [d]);
  if (error)
    return (
      <p class="error" role="alert">
        {error}
      </p>
    );
  if (!d || !calib || !pr) return <p class="muted">Загрузка карточки…</p>;
  return (
    <div class="model-card" data-version={d.version}>
      <h2>
        Карточка версии {d.version} · {MODEL_STATUS[d.status] ?? d.status}
      </h2>
      <dl class="fields">
        <dt>Вид модели</dt>
        <dd>
          {d.kind} (лучшая из {d.comparison.map((c) => c.kind).join(', ')} по PR-AUC)
        </dd>
        <dt>Месяцы обучения</dt>
        <dd>
          {d.window.trainFrom} – {d.window.trainTo}: {d.counts.trainCases} проверенных случаев, {d.counts.trainPositives} с дефектом
        </dd>
        <dt>Месяцы проверки</dt>
        <dd>
          {d.window.validFrom} – {d.window.validTo}: {d.counts.validCases} проверенных случаев, {d.counts.validPositives} с дефектом
        </dd>
        <dt>Признаки</dt>
        <dd>
          спецификация {d.spec.version}: {d.spec.numeric} числовых, {d.spec.categorical} категориальных
        </dd>
        <dt>Порог (верхние 5 %)</dt>
        <dd>p ≥ {num(d.threshold, 4)}</dd>
        <dt>Эталон для дрейфа</dt>
        <dd>{d.reference ? `${d.reference.from} – ${d.reference.to}, ${d.reference.rows} случаев` : 'нет'}</dd>
      </dl>
      <h2>Метрики (95 % бутстреп-интервалы)</h2>
      <p class="muted">
        На: {POPULATION[d.population] ?? d.population}; {d.metrics.n} случаев, из них с дефектом {d.metrics.positives}.
      </p>
      <table class="grid metrics">
        <thead>
          <tr>
            <th>Метрика</th>
            <th>Значение</th>
            <th>95 % интервал</th>
          </tr>
        </thead>
        <tbody>
          {METRICS.map(([k, name]) => {
            const i = d.metrics[k] as Interval;
            return (
              <tr data-metric={k}>
                <td>{name}</td>
                <td class="n">{num(i.value)}</td>
                <td class="n">{ci(i)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div class="charts">
        <div>
          <h2>Калибровка</h2>
          <Chart option={calib} label="Калибровочная кривая" />
        </div>
        <div>
          <h2>Точность и полнота</h2>
          <Chart option={pr} label="Кривая точность–полнота" />
          <p class="muted">
            {d.prCurve.points.length
              ? `Кривая ${PR_SOURCE[d.prCurve.source] ?? d.prCurve.source}${d.prCurve.months ? ` (${d.prCurve.months}, ${d.prCurve.cases} случаев)` : ''}.`
              : `Нет точек: нет оценок этой версии для проверенных случаев ${d.prCurve.months ?? ''}.`}
          </p>
        </div>
      </div>
      <h2>Сравнение кандидатов (месяцы проверки, до калибровки)</h2>
      <table class="grid comparison">
        <thead>
          <tr>
            <th>Модель</th>
            <th>ROC-AUC</th>
            <th>PR-AUC</th>
            <th>Лифт в верхних 5 %</th>
            <th>Лучшая эпоха</th>
            <th>Секунд</th>
          </tr>
        </thead>
        <tbody>
          {d.comparison.map((c) => (
            <tr class={c.kind === d.winner ? 'winner' : ''}>
              <td>
                {c.kind}
                {c.kind === d.winner ? ' ★' : ''}
              </td>
              <td class="n">
                {num(c.metrics.roc_auc.value)} ({ci(c.metrics.roc_auc)})
              </td>
              <td class="n">
                {num(c.metrics.pr_auc.value)} ({ci(c.metrics.pr_auc)})
              </td>
              <td class="n">
                {num(c.metrics.lift_at_5pct.value, 2)} ({ci(c.metrics.lift_at_5pct)})
              </td>
              <td class="n">{c.bestEpoch}</td>
              <td class="n">{num(c.seconds, 1)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {d.notes.length > 0 && (
        <>
          <h2>Примечания (на английском, из карточки)</h2>
          <ul class="notes">
            {d.notes.map((n) => (
              <li>{n}</li>
            ))}
          </ul>
        </>
      )}
      <h2>История статусов</h2>
      <ul class="history">
        {d.history.map((h) => (
          <li>
            {ruDateTime(h.changed_at)} — {MODEL_STATUS[h.status] ?? h.status}
            {h.changed_by ? ` (${h.changed_by})` : ''}
          </li>
        ))}
      </ul>
    </div>
  );
}
