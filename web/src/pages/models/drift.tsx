// PSI by feature of a period against a version's training window: a bar chart of the most drifted features and the
// table of all of them, sorted by PSI, with the flag (PSI > 0.1 — наблюдать, > 0.25 — дрейф).
import { useMemo, useState } from 'preact/hooks';
import { api } from '../../api/client.js';
import { num, pct } from '../../labels.js';
import { Chart, type ChartOption } from './chart.js';
import type { DriftFeature, DriftReport } from './types.js';

const FLAG: Record<string, string> = { stable: 'стабильно', watch: 'наблюдать', drift: 'дрейф' };
const COLOR: Record<string, string> = { stable: '#5b8c5a', watch: '#e0a030', drift: '#c0392b' };
const SOURCE: Record<string, string> = {
  card: 'карточки модели',
  'card-file': 'файла карточки',
  'stored-features': 'сохранённых признаков месяцев обучения',
};
const BAR_FEATURES = 20;

function summaryText(f: DriftFeature): string {
  const s = f.summary;
  if (f.kind === 'numeric')
    return `ср. ${num(s.mean ?? null, 2)} ± ${num(s.std ?? null, 2)}; ${num(s.min ?? null, 2)} … ${num(s.max ?? null, 2)}`;
  return (s.top ?? []).map((t) => `${t.value} ${pct(t.share)}`).join(', ');
}

function barOption(r: DriftReport): ChartOption {
  const top = r.features
    .filter((f) => f.psi !== null)
    .slice(0, BAR_FEATURES)
    .reverse();
  return {
    animation: false,
    grid: { left: 190, right: 30, top: 10, bottom: 30 },
    tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
    xAxis: { type: 'value', name: 'PSI' },
    yAxis: { type: 'category', data: top.map((f) => f.name), axisLabel: { fontSize: 11 } },
    series: [
      {
        type: 'bar',
        data: top.map((f) => ({ value: Number((f.psi ?? 0).toFixed(4)), itemStyle: { color: COLOR[f.flag ?? 'stable'] } })),
        markLine: {
          silent: true,
          symbol: 'none',
          data: [{ xAxis: 0.1 }, { xAxis: 0.25 }],
          lineStyle: { type: 'dashed', color: '#888' },
          label: { show: false },
        },
      },
    ],
  };
}

export function DriftPanel({ version }: { version: string }) {
  const [period, setPeriod] = useState('');
  const [r, setR] = useState<DriftReport | null>(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const bars = useMemo(() => r && barOption(r), [r]);
  const load = async (e: Event) => {
    e.preventDefault();
    setError('');
    setR(null);
    if (!/^\d{4}-(0[1-9]|1[0-2])$/.test(period)) {
      setError('Укажите период в виде ГГГГ-ММ, например 2025-08');
      return;
    }
    setBusy(true);
    try {
      setR(await api<DriftReport>('GET', `/api/models/${encodeURIComponent(version)}/drift?period=${period}`));
    } catch (err) {
      setError(err instanceof Error ? err.message : String(err));
    } finally {
      setBusy(false);
    }
  };
  const flagged = r?.features.filter((f) => f.flag === 'watch' || f.flag === 'drift') ?? [];
  return (
    <div class="model-drift">
      <h2>Дрейф признаков (PSI) относительно месяцев обучения</h2>
      <form class="filters" onSubmit={load}>
        <label>
          Период <input name="drift-period" placeholder="ГГГГ-ММ" value={period} onInput={(e) => setPeriod(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={busy}>
          Показать дрейф
        </button>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {r && (
        <>
          <p class="muted drift-summary">
            {r.period}: {r.rows} случаев.{' '}
            {r.reference
              ? `Эталон — ${r.reference.from} – ${r.reference.to} (${r.reference.rows} случаев, из ${SOURCE[r.reference.source] ?? r.reference.source}). Отмечено: ${flagged.length} (PSI > 0,1 — наблюдать, > 0,25 — дрейф).`
              : 'У версии нет эталона распределений: PSI не вычисляется.'}
          </p>
          {r.reference && bars && (
            <Chart option={bars} height={Math.max(200, Math.min(BAR_FEATURES, r.features.length) * 18 + 50)} label="PSI по признакам" />
          )}
          <table class="grid drift">
            <thead>
              <tr>
                <th>Признак</th>
                <th>PSI</th>
                <th>Оценка</th>
                <th>Пропуски</th>
                <th>Сводка за период</th>
              </tr>
            </thead>
            <tbody>
              {r.features.map((f) => (
                <tr data-feature={f.name} class={f.flag ?? ''}>
                  <td>{f.name}</td>
                  <td class="n">{num(f.psi, 4)}</td>
                  <td class={`flag ${f.flag ?? ''}`}>{f.flag ? FLAG[f.flag] : '—'}</td>
                  <td class="n">{pct(f.summary.missingShare)}</td>
                  <td>{summaryText(f)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </>
      )}
    </div>
  );
}
