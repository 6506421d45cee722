// Execution of the plan tasks as a heat map: by profile or KSG × quarter or month, of volumes or of money.
import { useState } from 'preact/hooks';
import { qs } from '../../api/client.js';
import { useGet } from '../../api/use-get.js';
import { Heatmap, type HeatCell } from './heatmap.js';
import { execPct, MONTHS, QUARTERS, rubKop, vol } from './format.js';
import type { ExecutionGrid } from './types.js';

export function ExecutionMap({ id, tick }: { id: string; tick: number }) {
  const [by, setBy] = useState<'profile' | 'ksg'>('profile');
  const [period, setPeriod] = useState<'quarter' | 'month'>('quarter');
  const [measure, setMeasure] = useState<'volume' | 'money'>('volume');
  const [grid, error] = useGet<ExecutionGrid>(`/api/plans/${id}/execution${qs({ by, period })}`, { tick });
  const xLabels = grid ? grid.periods.map((p) => (grid.period === 'quarter' ? QUARTERS[p - 1] : MONTHS[p - 1].slice(0, 3))) : [];
  const none = by === 'profile' ? 'без профиля' : 'без КСГ';
  const yLabels = grid ? grid.rows.map((r) => (r.key === null ? none : by === 'profile' ? `профиль ${r.key}` : r.key)) : [];
  const cells: HeatCell[] = [];
  grid?.rows.forEach((r, y) =>
    r.cells.forEach((c, x) => {
      const value = measure === 'volume' ? c.volumePct : c.kopPct;
      const tip =
        `${yLabels[y]}, ${xLabels[x]}<br/>` +
        (c.hasData
          ? measure === 'volume'
            ? `план ${vol(c.planVolume)} ед., факт ${vol(c.factVolume)} ед. — ${execPct(c.volumePct)}`
            : `план ${rubKop(c.planKop)}, факт ${rubKop(c.factKop)} — ${execPct(c.kopPct)}`
          : 'нет принятых реестров за период');
      cells.push({ x, y, value, tip });
    }),
  );
  return (
    <div class="planning-execution">
      <h2>Исполнение плановых заданий</h2>
      <form class="filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Строки
          <select name="by" value={by} onChange={(e) => setBy(e.currentTarget.value as 'profile' | 'ksg')}>
            <option value="profile">по профилю</option>
            <option value="ksg">по КСГ</option>
          </select>
        </label>
        <label>
          Столбцы
          <select name="period" value={period} onChange={(e) => setPeriod(e.currentTarget.value as 'quarter' | 'month')}>
            <option value="quarter">по кварталам</option>
            <option value="month">по месяцам</option>
          </select>
        </label>
        <label>
          Показатель
          <select name="measure" value={measure} onChange={(e) => setMeasure(e.currentTarget.value as 'volume' | 'money')}>
            <option value="volume">объёмы</option>
            <option value="money">финансы</option>
          </select>
        </label>
      </form>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      {grid && grid.rows.length > 0 && <Heatmap xLabels={xLabels} yLabels={yLabels} cells={cells} />}
      {grid && (
        <p class="muted">
          Исполнение, % = факт / (годовой план / {grid.period === 'quarter' ? 4 : 12}). Случай засчитывается в самую точную строку плана
          своей МО и условий (КСГ, затем профиль, затем МО в целом). Серые ячейки — нет принятых реестров за период; квартал, за который
          загружены не все месяцы, сравнивается с планом на весь квартал.
          {grid.unmatched.cases > 0 &&
            ` Вне строк плана: ${vol(grid.unmatched.cases)} случаев на ${rubKop(grid.unmatched.kop)} (МО и условия без плана).`}
        </p>
      )}
    </div>
  );
}
