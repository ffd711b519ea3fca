// A small line (or step) chart in SVG: the Pause wave, weekly trends, gaps between lapses,
// questionnaire totals. Colours come from the style sheet through class names.

export interface ChartPoint {
  x: number;
  y: number;
}

export interface ChartSeries {
  name: string;
  points: ChartPoint[];
  /** A class from styles.css: series-1 … series-3. */
  tone: string;
  step?: boolean;
  markers?: boolean;
}

export interface Tick {
  value: number;
  label: string;
}

interface LineChartProps {
  description: string;
  series: ChartSeries[];
  xDomain: [number, number];
  yDomain: [number, number];
  xTicks: Tick[];
  yTicks: Tick[];
  xLabel: string;
  yLabel: string;
}

const width = 320;
const height = 180;
const margin = { top: 10, right: 18, bottom: 34, left: 40 };

function scale(value: number, [from, to]: [number, number], [start, end]: [number, number]): number {
  if (to === from) return start;
  return start + ((value - from) / (to - from)) * (end - start);
}

function pathOf(points: ChartPoint[], step: boolean, toX: (x: number) => number, toY: (y: number) => number): string {
  return points
    .map((point, index) => {
      const x = toX(point.x).toFixed(1);
      const y = toY(point.y).toFixed(1);
      if (index === 0) return `M${x},${y}`;
      return step ? `H${x}V${y}` : `L${x},${y}`;
    })
    .join("");
}

export function LineChart({ description, series, xDomain, yDomain, xTicks, yTicks, xLabel, yLabel }: LineChartProps) {
  const toX = (x: number) => scale(x, xDomain, [margin.left, width - margin.right]);
  const toY = (y: number) => scale(y, yDomain, [height - margin.bottom, margin.top]);
  return (
    <figure class="line-chart">
      <svg viewBox={`0 0 ${width} ${height}`} role="img" aria-label={description} focusable="false">
        {yTicks.map((tick) => (
          <g key={`y${tick.value}`} class="gridline">
            <line x1={margin.left} x2={width - margin.right} y1={toY(tick.value)} y2={toY(tick.value)} />
            <text x={margin.left - 4} y={toY(tick.value) + 3} text-anchor="end">
              {tick.label}
            </text>
          </g>
        ))}
        {xTicks.map((tick) => (
          <text key={`x${tick.value}`} class="tick" x={toX(tick.value)} y={height - margin.bottom + 13} text-anchor="middle">
            {tick.label}
          </text>
        ))}
        <text class="axis-label" x={(margin.left + width - margin.right) / 2} y={height - 4} text-anchor="middle">
          {xLabel}
        </text>
        <text class="axis-label" x={9} y={margin.top + (height - margin.top - margin.bottom) / 2} text-anchor="middle"
          transform={`rotate(-90 9 ${margin.top + (height - margin.top - margin.bottom) / 2})`}>
          {yLabel}
        </text>
        {series.map((line) => (
          <g key={line.name} class={`series ${line.tone}`}>
            <path d={pathOf(line.points, line.step ?? false, toX, toY)} />
            {line.markers &&
              line.points.map((point, index) => <circle key={index} cx={toX(point.x)} cy={toY(point.y)} r={3} />)}
          </g>
        ))}
      </svg>
      {series.length > 1 && (
        <figcaption class="legend" aria-hidden="true">
          {series.map((line) => (
            <span key={line.name} class={`legend-item ${line.tone}`}>
              {line.name}
            </span>
          ))}
        </figcaption>
      )}
    </figure>
  );
}

/** Whole-number ticks from 0 in round steps, the last at or above the maximum (use it as the top). */
export function countTicks(maximum: number): Tick[] {
  const top = Math.max(1, maximum);
  const rough = top / 4;
  const magnitude = 10 ** Math.floor(Math.log10(Math.max(1, rough)));
  const step = Math.max(1, [1, 2, 5, 10].map((factor) => factor * magnitude).find((candidate) => candidate >= rough) ?? 10 * magnitude);
  const ticks: Tick[] = [];
  for (let value = 0; ticks.length === 0 || ticks[ticks.length - 1].value < top; value += step) ticks.push({ value, label: String(value) });
  return ticks;
}
