// Horizontal bars with their 95 % intervals as whiskers: mean drops, mood lifts.
import type { Interval } from "../../lib/types";

export interface Bar {
  label: string;
  value: number;
  interval?: Interval;
}

interface BarChartProps {
  description: string;
  bars: Bar[];
  unit: string;
}

const width = 320;
const rowHeight = 26;
const labelWidth = 110;
const margin = { top: 6, right: 34, bottom: 20 };

export function BarChart({ description, bars, unit }: BarChartProps) {
  const values = bars.flatMap((bar) => [bar.value, bar.interval?.[0] ?? bar.value, bar.interval?.[1] ?? bar.value]);
  const low = Math.min(0, ...values);
  const high = Math.max(0.5, ...values);
  const height = margin.top + bars.length * rowHeight + margin.bottom;
  const plotLeft = labelWidth;
  const plotRight = width - margin.right;
  const toX = (value: number) => plotLeft + ((value - low) / (high - low)) * (plotRight - plotLeft);
  return (
    <svg class="bar-chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={description} focusable="false">
      <line class="axis" x1={toX(0)} x2={toX(0)} y1={margin.top} y2={height - margin.bottom} />
      {bars.map((bar, index) => {
        const y = margin.top + index * rowHeight;
        const [lower, upper] = bar.interval ?? [null, null];
        return (
          <g key={bar.label}>
            <text x={labelWidth - 6} y={y + rowHeight / 2 + 4} text-anchor="end" class="tick">
              {bar.label.length > 16 ? bar.label.slice(0, 15) + "…" : bar.label}
            </text>
            <rect class="bar" x={Math.min(toX(0), toX(bar.value))} y={y + 5} width={Math.abs(toX(bar.value) - toX(0))} height={rowHeight - 10} />
            {lower !== null && upper !== null && (
              <g class="whisker">
                <line x1={toX(lower)} x2={toX(upper)} y1={y + rowHeight / 2} y2={y + rowHeight / 2} />
                <line x1={toX(lower)} x2={toX(lower)} y1={y + 8} y2={y + rowHeight - 8} />
                <line x1={toX(upper)} x2={toX(upper)} y1={y + 8} y2={y + rowHeight - 8} />
              </g>
            )}
            <text x={Math.max(toX(bar.value), upper !== null ? toX(upper) : 0) + 4} y={y + rowHeight / 2 + 4} class="tick">
              {bar.value.toFixed(1)}
            </text>
          </g>
        );
      })}
      <text x={(plotLeft + plotRight) / 2} y={height - 4} text-anchor="middle" class="axis-label">
        {unit}
      </text>
    </svg>
  );
}
