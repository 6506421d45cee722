// The execution heat map: rows (profiles or KSG) × columns (quarters or months), each cell the execution % of the plan
// tasks, coloured by band. echarts is imported piece by piece (core, the heatmap, its components, the canvas renderer).
import { useEffect, useRef } from 'preact/hooks';
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export interface HeatCell {
  /** Column and row indexes. */
  x: number;
  y: number;
  /** Execution %, or null for a cell without data. */
  value: number | null;
  /** What the tooltip says about the cell. */
  tip: string;
}

/** Bands of execution % as TFOMS dashboards colour them: well under, under, on plan, over. */
export const BANDS = [
  { lt: 50, color: '#d9534f', label: 'менее 50 %' },
  { gte: 50, lt: 90, color: '#f0ad4e', label: '50–90 %' },
  { gte: 90, lte: 110, color: '#5cb85c', label: '90–110 %' },
  { gt: 110, color: '#3c7dc4', label: 'более 110 %' },
];

export function Heatmap({ xLabels, yLabels, cells }: { xLabels: string[]; yLabels: string[]; cells: HeatCell[] }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  useEffect(() => {
    if (!el.current) return;
    const c = echarts.init(el.current, undefined, { renderer: 'canvas' });
    chart.current = c;
    const onResize = () => c.resize();
    addEventListener('resize', onResize);
    return () => {
      removeEventListener('resize', onResize);
      c.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    const tips = new Map(cells.map((c) => [`${c.x}|${c.y}`, c.tip]));
    chart.current?.setOption(
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
        visualMap: {
          type: 'piecewise',
          orient: 'horizontal',
          left: 'center',
          bottom: 0,
          pieces: BANDS,
          outOfRange: { color: '#e6e9ee' },
        },
        series: [
          {
            type: 'heatmap',
            data: cells.map((c) => [c.x, c.y, c.value === null ? '-' : Math.round(c.value * 10) / 10]),
            label: { show: true, formatter: (p: unknown) => fmt((p as { data: [number, number, number | string] }).data[2]) },
            emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } },
          },
        ],
      },
      true,
    );
    chart.current?.resize();
  }, [xLabels.join('|'), yLabels.join('|'), JSON.stringify(cells)]);
  return <div ref={el} class="planning-heatmap" style={{ height: `${Math.max(160, 40 + yLabels.length * 34 + 70)}px` }} />;
}

const fmt = (v: number | string) => (typeof v === 'number' ? `${v.toLocaleString('ru-RU')} %` : 'нет данных');
