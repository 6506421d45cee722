// The execution heat map: rows (profiles or KSG) × columns (quarters or months), each cell the execution % of the plan
// tasks, coloured by band; cells without data are grey. echarts comes from echarts-heatmap.ts, loaded on first use.
import { useEffect, useRef, useState } from 'preact/hooks';
import type { Chart } from './echarts-heatmap.js';

export interface HeatCell {
  /** Column and row indexes. */
  x: number;
  y: number;
  /** Execution %, or null for a cell without data. */
  value: number | null;
  /** What the tooltip says about the cell. */
  tip: string;
}

/** A cell without data is drawn with this value (below every band). */
const NO_DATA = -1;

/** Bands of execution % as TFOMS dashboards colour them: well under, under, on plan, over. */
export const BANDS = [
  { value: NO_DATA, color: '#e3e7ed', label: 'нет данных' },
  { gte: 0, lt: 50, color: '#d9534f', label: 'менее 50 %' },
  { gte: 50, lt: 90, color: '#f0ad4e', label: '50–90 %' },
  { gte: 90, lte: 110, color: '#5cb85c', label: '90–110 %' },
  { gt: 110, color: '#3c7dc4', label: 'более 110 %' },
];

const fmt = (v: number) => (v === NO_DATA ? 'нет данных' : `${v.toLocaleString('ru-RU')} %`);

export function Heatmap({ xLabels, yLabels, cells }: { xLabels: string[]; yLabels: string[]; cells: HeatCell[] }) {
  const el = useRef<HTMLDivElement>(null);
  const [chart, setChart] = useState<Chart | null>(null);
  const [error, setError] = useState('');
  useEffect(() => {
    let c: Chart | null = null;
    let gone = false;
    const onResize = () => c?.resize();
    import('./echarts-heatmap.js')
      .then(({ initChart }) => {
        if (gone || !el.current) return;
        c = initChart(el.current);
        setChart(c);
        addEventListener('resize', onResize);
      })
      .catch(() => setError('Не удалось загрузить модуль диаграмм'));
    return () => {
      gone = true;
      removeEventListener('resize', onResize);
      c?.dispose();
    };
  }, []);
  useEffect(() => {
    if (!chart) return;
    const tips = new Map(cells.map((c) => [`${c.x}|${c.y}`, c.tip]));
    chart.setOption(
      {
        animation: false,
        grid: { left: 110, right: 20, top: 10, bottom: 70 },
        xAxis: { type: 'category', data: xLabels, splitArea: { show: true } },
        yAxis: { type: 'category', data: yLabels, splitArea: { show: true }, inverse: true },
        tooltip: {
          formatter: (p: unknown) => {
            const d = (p as { data: [number, number, unknown] }).data;
            return tips.get(`${d[0]}|${d[1]}`) ?? '';
          },
        },
        visualMap: { type: 'piecewise', orient: 'horizontal', left: 'center', bottom: 0, pieces: BANDS },
        series: [
          {
            type: 'heatmap',
            data: cells.map((c) => [c.x, c.y, c.value === null ? NO_DATA : Math.round(c.value * 10) / 10]),
            label: { show: true, formatter: (p: unknown) => fmt((p as { data: [number, number, number] }).data[2]) },
            itemStyle: { borderColor: '#fff', borderWidth: 1 },
            emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          },
        ],
      },
      true,
    );
    chart.resize();
  }, [chart, xLabels.join('|'), yLabels.join('|'), JSON.stringify(cells)]);
  return (
    <>
      {error && (
        <p class="error" role="alert">
          {error}
        </p>
      )}
      <div ref={el} class="planning-heatmap" style={{ height: `${Math.max(160, 40 + yLabels.length * 34 + 70)}px` }} />
    </>
  );
}
