// The wave of one Pause: how strong the urge was, minute by minute. Urges rise, peak and pass.
import type { IntensitySample } from "../../lib/types";
import { formatMinutesSeconds } from "../../lib/time";
import { LineChart } from "./LineChart";
import { DataTable } from "./DataTable";

export function WaveChart({ samples, minutes }: { samples: IntensitySample[]; minutes: number }) {
  const lastOffset = samples.length ? samples[samples.length - 1].offset_seconds : 0;
  const spanMinutes = Math.max(1, minutes, Math.ceil(lastOffset / 60));
  const tickEvery = spanMinutes > 10 ? 5 : spanMinutes > 4 ? 2 : 1;
  const xTicks = [];
  for (let minute = 0; minute <= spanMinutes; minute += tickEvery) xTicks.push({ value: minute, label: String(minute) });
  const first = samples[0]?.intensity;
  const last = samples[samples.length - 1]?.intensity;
  const peak = samples.reduce((highest, sample) => Math.max(highest, sample.intensity), 0);
  const description =
    samples.length > 1
      ? `Your wave: it started at ${first}, peaked at ${peak} and was ${last} at the end.`
      : "Your wave will appear here as you rate the urge.";
  return (
    <div class="wave">
      <LineChart
        description={description}
        series={[
          {
            name: "Intensity",
            tone: "series-1",
            markers: true,
            points: samples.map((sample) => ({ x: sample.offset_seconds / 60, y: sample.intensity })),
          },
        ]}
        xDomain={[0, spanMinutes]}
        yDomain={[0, 10]}
        xTicks={xTicks}
        yTicks={[0, 5, 10].map((value) => ({ value, label: String(value) }))}
        xLabel="minutes"
        yLabel="intensity"
      />
      <p class="small quiet">{description}</p>
      {samples.length > 1 && (
        <details class="table-view">
          <summary>Show as a table</summary>
          <DataTable
            caption="Intensity during this Pause"
            columns={["Time", "Intensity (0–10)"]}
            rows={samples.map((sample) => [formatMinutesSeconds(sample.offset_seconds), sample.intensity])}
          />
        </details>
      )}
    </div>
  );
}
