// A small echarts wrapper for the Models page: echarts (only the charts and components it uses, echarts-setup.ts) is
// loaded on first use as a chunk of its own; one instance per element, resized with the window, disposed with it.
import { useEffect, useRef } from 'preact/hooks';
import type { ECharts, EChartsCoreOption } from 'echarts/core';

export type ChartOption = EChartsCoreOption;

let setup: Promise<typeof import('./echarts-setup.js')> | null = null;
const loadEcharts = () => (setup ??= import('./echarts-setup.js'));

export function Chart({ option, height = 260, label }: { option: ChartOption; height?: number; label: string }) {
  const el = useRef<HTMLDivElement>(null);
  const chart = useRef<ECharts | null>(null);
  const latest = useRef(option);
  latest.current = option;
  useEffect(() => {
    let gone = false;
    let c: ECharts | null = null;
    const resize = () => c?.resize();
    void loadEcharts().then(({ init }) => {
      if (gone || !el.current) return;
      c = init(el.current, undefined, { renderer: 'canvas' });
      chart.current = c;
      c.setOption(latest.current, true);
      window.addEventListener('resize', resize);
    });
    return () => {
      gone = true;
      window.removeEventListener('resize', resize);
      c?.dispose();
      chart.current = null;
    };
  }, []);
  useEffect(() => {
    chart.current?.setOption(option, true);
  }, [option]);
  return <div class="chart" ref={el} role="img" aria-label={label} style={{ height: `${height}px` }} />;
}
