// The part of echarts the charts use (bar, line, and custom series for error bars; grid, tooltip, legend; the SVG
// renderer), registered once. Loaded by chart.tsx on the first chart, so pages without charts do not carry it.
import { init, use } from 'echarts/core';
import { BarChart, CustomChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

use([BarChart, LineChart, CustomChart, GridComponent, TooltipComponent, LegendComponent, SVGRenderer]);

export { init };
