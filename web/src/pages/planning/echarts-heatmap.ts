// The only module of the planning pages that imports echarts, loaded on first use (its own chunk), piece by piece:
// core, the heatmap, its components and the canvas renderer.
import * as echarts from 'echarts/core';
import { HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, VisualMapComponent } from 'echarts/components';
import { CanvasRenderer } from 'echarts/renderers';

echarts.use([HeatmapChart, GridComponent, TooltipComponent, VisualMapComponent, CanvasRenderer]);

export type Chart = echarts.ECharts;

export const initChart = (el: HTMLElement): Chart => echarts.init(el, undefined, { renderer: 'canvas' });
