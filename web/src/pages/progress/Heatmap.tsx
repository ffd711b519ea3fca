// Urges by weekday and hour of day: darker cells had more urges.
import { weekdayNames } from "../../lib/words";

interface HeatmapProps {
  grid: number[][];
  description: string;
}

const cell = 12;
const left = 30;
const top = 4;

export function Heatmap({ grid, description }: HeatmapProps) {
  const highest = Math.max(1, ...grid.flat());
  const width = left + 24 * cell + 2;
  const height = top + 7 * cell + 16;
  return (
    <svg class="heatmap" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={description} focusable="false">
      {grid.map((hours, weekday) => (
        <g key={weekday}>
          <text x={left - 4} y={top + weekday * cell + cell - 3} text-anchor="end" class="tick">
            {weekdayNames[weekday].slice(0, 3)}
          </text>
          {hours.map((count, hour) => (
            <rect
              key={hour}
              x={left + hour * cell}
              y={top + weekday * cell}
              width={cell - 1}
              height={cell - 1}
              class={`heat heat-${count === 0 ? 0 : Math.min(5, Math.ceil((count / highest) * 5))}`}
            />
          ))}
        </g>
      ))}
      {[0, 6, 12, 18, 23].map((hour) => (
        <text key={hour} x={left + hour * cell + cell / 2} y={top + 7 * cell + 11} text-anchor="middle" class="tick">
          {hour}
        </text>
      ))}
    </svg>
  );
}
