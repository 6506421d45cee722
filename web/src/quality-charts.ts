// The options of the quality-control and ratings charts, from the API's figures (rates shown in per cent).
import type { ChartOption } from './chart.js';
import type { AgreementGroup } from './api/quality.js';

const BLUE = '#2f6db5';
const GREEN = '#3b8c5a';
const INK = '#2b3340';
const pct = (v: number | null | undefined) => (v === null || v === undefined ? null : Math.round(v * 1000) / 10);
/** Numbers on axes and in tooltips as a Russian reader writes them (`120 000`, `7,7`): echarts' own are `120,000`. */
const ru = (v: unknown) => (typeof v === 'number' ? v.toLocaleString('ru-RU', { maximumFractionDigits: 2 }) : '—');
const ruAxis = { formatter: (v: number) => ru(v) };
const axisLabel = { interval: 0, width: 170, overflow: 'truncate' as const, fontSize: 11 };
/** Category labels: slanted and shorter when there are many; the grid's bottom margin that leaves room for them. */
const categories = (labels: string[]) => {
  const many = labels.length > 6;
  return { axisLabel: { ...axisLabel, width: many ? 90 : 170, rotate: many ? 30 : 0 }, bottom: many ? 70 : 30 };
};

/** Whiskers of the [lo, hi] intervals drawn over a category axis (a custom series: echarts has no error-bar type). */
function errorBars(name: string, data: [number, number | null, number | null][]): ChartOption['series'] {
  return {
    type: 'custom',
    name,
    data: data.filter((d) => d[1] !== null) as [number, number, number][],
    encode: { x: 0, y: [1, 2] },
    z: 10,
    itemStyle: { color: INK },
    tooltip: { show: false },
    renderItem: (_params, api) => {
      const x = api.value(0);
      const lo = api.coord([x, api.value(1)]);
      const hi = api.coord([x, api.value(2)]);
      const w = Math.min(10, ((api.size!([1, 0]) as number[])[0] ?? 20) * 0.15);
      const style = { stroke: INK, lineWidth: 1.5 };
      return {
        type: 'group',
        children: [
          { type: 'line', shape: { x1: hi[0], y1: hi[1], x2: lo[0], y2: lo[1] }, style },
          { type: 'line', shape: { x1: hi[0] - w, y1: hi[1], x2: hi[0] + w, y2: hi[1] }, style },
          { type: 'line', shape: { x1: lo[0] - w, y1: lo[1], x2: lo[0] + w, y2: lo[1] }, style },
        ],
      };
    },
  } as ChartOption['series'];
}

/** The share confirmed (hit rate) per group as bars with their Wilson 95 % intervals as whiskers. */
export function hitRateOption(labels: string[], groups: AgreementGroup[]): ChartOption {
  const c = categories(labels);
  return {
    grid: { left: 50, right: 20, top: 30, bottom: c.bottom },
    tooltip: { trigger: 'axis', valueFormatter: (v) => (typeof v === 'number' ? `${ru(v)} %` : '—') },
    legend: { data: ['Доля подтверждений, %', '95 % интервал'], top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: c.axisLabel },
    yAxis: { type: 'value', name: '%', min: 0, max: 100 },
    series: [
      { type: 'bar', name: 'Доля подтверждений, %', data: groups.map((g) => pct(g.hit_rate)), itemStyle: { color: BLUE }, barMaxWidth: 48 },
      errorBars(
        '95 % интервал',
        groups.map((g, i) => [i, pct(g.hit_rate_ci?.[0]), pct(g.hit_rate_ci?.[1])]),
      ) as never,
    ],
  };
}

/** Confirmed cases (bars, left axis) and recovered roubles (bars, right axis) per F014 group. */
export function defectOption(labels: string[], groups: AgreementGroup[]): ChartOption {
  const c = categories(labels);
  return {
    grid: { left: 50, right: 80, top: 30, bottom: c.bottom },
    tooltip: { trigger: 'axis', valueFormatter: ru },
    legend: { data: ['Подтверждено случаев', 'Возвращено, ₽'], top: 0 },
    xAxis: { type: 'category', data: labels, axisLabel: c.axisLabel },
    yAxis: [
      { type: 'value', name: 'случаев', minInterval: 1 },
      { type: 'value', name: '₽', splitLine: { show: false }, axisLabel: ruAxis },
    ],
    series: [
      { type: 'bar', name: 'Подтверждено случаев', data: groups.map((g) => g.confirmed), itemStyle: { color: BLUE }, barMaxWidth: 40 },
      {
        type: 'bar',
        name: 'Возвращено, ₽',
        yAxisIndex: 1,
        data: groups.map((g) => g.recovered),
        itemStyle: { color: GREEN },
        barMaxWidth: 40,
      },
    ],
  };
}

/** The share confirmed (hit rate: line, left axis, %) and recovered roubles (bars, right axis) over months. */
export function monthOption(months: string[], groups: AgreementGroup[]): ChartOption {
  return {
    grid: { left: 50, right: 80, top: 30, bottom: 40 },
    tooltip: { trigger: 'axis', valueFormatter: ru },
    legend: { data: ['Доля подтверждений, %', 'Возвращено, ₽'], top: 0 },
    xAxis: { type: 'category', data: months },
    yAxis: [
      { type: 'value', name: '%', min: 0, max: 100 },
      { type: 'value', name: '₽', splitLine: { show: false }, axisLabel: ruAxis },
    ],
    series: [
      {
        type: 'bar',
        name: 'Возвращено, ₽',
        yAxisIndex: 1,
        data: groups.map((g) => g.recovered),
        itemStyle: { color: GREEN },
        barMaxWidth: 48,
      },
      { type: 'line', name: 'Доля подтверждений, %', data: groups.map((g) => pct(g.hit_rate)), itemStyle: { color: BLUE }, symbolSize: 8 },
    ],
  };
}

/** The overall score of each rated unit, in rank order. */
export function ratingOption(units: { unit: string; score: number }[]): ChartOption {
  return {
    grid: { left: 50, right: 20, top: 20, bottom: 60 },
    tooltip: { trigger: 'axis', valueFormatter: ru },
    xAxis: { type: 'category', data: units.map((u) => u.unit), axisLabel: { ...axisLabel, rotate: units.length > 8 ? 45 : 0 } },
    yAxis: { type: 'value', name: 'балл', min: 0, max: 10 },
    series: [
      {
        type: 'bar',
        name: 'Итоговый балл',
        data: units.map((u) => Math.round(u.score * 100) / 100),
        itemStyle: { color: BLUE },
        barMaxWidth: 40,
      },
    ],
  };
}
