// One chart: a Preact wrapper over echarts. The engine (chart-engine.ts, only the parts used) is loaded on the first
// chart shown, as its own chunk.
import { useEffect, useRef } from 'preact/hooks';
import type { ComposeOption, ECharts } from 'echarts/core';
import type { BarSeriesOption, CustomSeriesOption, LineSeriesOption } from 'echarts/charts';
import type { GridComponentOption, LegendComponentOption, TooltipComponentOption } from 'echarts/components';

export type ChartOption = ComposeOption<
  BarSeriesOption | LineSeriesOption | CustomSeriesOption | GridComponentOption | TooltipComponentOption | LegendComponentOption
>;

let engine: Promise<typeof import('./chart-engine.js')> | null = null;

/** A chart of `option`, `height` pixels high and as wide as its container; `name` is its accessible label. */
export function Chart({ option, height = 260, name }: { option: ChartOption; height?: number; name: string }) {
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let gone = false;
    let resize: ResizeObserver | null = null;
    void (engine ??= import('./chart-engine.js')).then(({ init }) => {
      if (gone || !box.current) return;
      const c = init(box.current, undefined, { renderer: 'svg' });
      chart.current = c;
      c.setOption(latest.current, true);
      resize = new ResizeObserver(() => c.resize());
      resize.observe(box.current);
    });
    return () => {
      gone = true;
      resize?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div class="chart" ref={box} role="img" aria-label={name} style={{ height: `${height}px` }} />;
}
