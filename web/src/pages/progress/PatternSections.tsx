// The sections of Progress drawn from GET /api/v1/stats: each keeps keel's own sentence, a chart,
// and the same numbers as a table.
import type { IntervalStats, Stats } from "../../lib/types";
import { formatDays, formatInterval, formatNumber, formatShare, techniqueWords, weekdayNames } from "../../lib/words";
import type { Technique } from "../../lib/types";
import { ChartSection } from "../../components/charts/ChartSection";
import { LineChart, countTicks } from "../../components/charts/LineChart";
import { BarChart } from "./BarChart";
import { Heatmap } from "./Heatmap";

export function TriggerSection({ stats }: { stats: Stats }) {
  const map = stats.trigger_map;
  const hours = Array.from({ length: 24 }, (_, hour) => hour);
  return (
    <ChartSection
      title="When urges come"
      sentence={map.sentence}
      table={{
        caption: "Urges by weekday (rows) and hour of day (columns)",
        columns: ["Day", ...hours.map((hour) => `${hour}:00`)],
        rows: map.grid.urges.map((counts, weekday) => [weekdayNames[weekday], ...counts]),
      }}
    >
      {map.enough_data && (
        <Heatmap grid={map.grid.urges} description={`Urges by weekday and hour. ${map.sentence}`} />
      )}
      {map.enough_data && <TagTable stats={stats} />}
    </ChartSection>
  );
}

function TagTable({ stats }: { stats: Stats }) {
  const lists = [
    { title: "Places and activities", tags: stats.trigger_map.contexts },
    { title: "Feelings", tags: stats.trigger_map.emotions },
    { title: "Warning signs", tags: stats.trigger_map.warning_signs },
  ];
  return (
    <details class="table-view">
      <summary>What came before urges</summary>
      {lists.map((list) => (
        <div key={list.title} class="table-scroll" tabIndex={0} role="region" aria-label={list.title}>
          <table>
            <caption>{list.title}</caption>
            <thead>
              <tr>
                <th scope="col">Word</th>
                <th scope="col">Urges</th>
                <th scope="col">Ended in a lapse</th>
                <th scope="col">95% interval</th>
              </tr>
            </thead>
            <tbody>
              {list.tags.slice(0, 8).map((tag) => (
                <tr key={tag.tag}>
                  <th scope="row">{tag.tag}</th>
                  <td>{tag.urges}</td>
                  <td>{formatShare(tag.acting_share)}</td>
                  <td>
                    {formatShare(tag.ci95[0])}–{formatShare(tag.ci95[1])}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ))}
    </details>
  );
}

export function TrendsSection({ stats }: { stats: Stats }) {
  const trends = stats.trends;
  const weeks = trends.weeks;
  const sentences = [trends.sentence, trends.rate_ratio.lapses.sentence, trends.acting_share.sentence].filter(
    (sentence, index, all) => sentence && all.indexOf(sentence) === index,
  );
  const yTicks = countTicks(Math.max(1, ...weeks.map((week) => week.urges)));
  const every = Math.max(1, Math.ceil(weeks.length / 5));
  return (
    <ChartSection
      title="Week by week"
      sentence={sentences}
      table={{
        caption: "Urges, urges that passed and lapses per week",
        columns: ["Week of", "Urges", "Passed", "Lapses", "Urges per lapse"],
        rows: weeks.map((week) => [week.monday, week.urges, week.passed, week.lapses, formatNumber(week.urges_per_lapse)]),
      }}
    >
      {weeks.length > 1 && (
        <LineChart
          description={`Urges and lapses per week. ${sentences.join(" ")}`}
          series={[
            { name: "Urges", tone: "series-1", points: weeks.map((week, index) => ({ x: index, y: week.urges })) },
            { name: "Passed", tone: "series-3", points: weeks.map((week, index) => ({ x: index, y: week.passed })) },
            { name: "Lapses", tone: "series-2", points: weeks.map((week, index) => ({ x: index, y: week.lapses })) },
          ]}
          xDomain={[0, weeks.length - 1]}
          yDomain={[0, yTicks[yTicks.length - 1].value]}
          xTicks={weeks.map((week, index) => ({ value: index, label: week.monday.slice(5) })).filter((_, index) => index % every === 0)}
          yTicks={yTicks}
          xLabel="week starting"
          yLabel="count"
        />
      )}
    </ChartSection>
  );
}

function curvePoints(interval: IntervalStats, limit: number) {
  const points = [{ x: 0, y: 1 }];
  for (const point of interval.curve) if (point.time <= limit) points.push({ x: point.time, y: point.survival });
  return points;
}

function intervalRow(name: string, interval: IntervalStats) {
  const at = (days: number) => formatShare(interval.survival_at.find((point) => point.days === days)?.survival);
  return [
    name,
    formatDays(interval.median_days),
    `${formatDays(interval.ci95[0])} to ${formatDays(interval.ci95[1])}`,
    formatDays(interval.longest_days),
    at(1),
    at(7),
    at(30),
  ];
}

export function IntervalsSection({ stats }: { stats: Stats }) {
  const { between_urges: urges, between_lapses: lapses } = stats.intervals;
  const limit = Math.max(1, Math.ceil(Math.max(lapses.longest_days ?? 0, ...lapses.curve.map((point) => point.time), 1)));
  const ticks = countTicks(limit);
  const right = ticks[ticks.length - 1].value;
  return (
    <ChartSection
      title="Gaps between urges and between lapses"
      sentence={[urges.sentence, lapses.sentence]}
      table={{
        caption: "How long the gaps last",
        columns: ["Gap", "Typical (median)", "95% interval", "Longest", "Lasting over 1 day", "Over 7 days", "Over 30 days"],
        rows: [intervalRow("Between urges", urges), intervalRow("Between lapses", lapses)],
      }}
    >
      {(urges.enough_data || lapses.enough_data) && (
        <>
          <LineChart
            description={`The share of gaps still going after a number of days. ${lapses.sentence}`}
            series={[
              ...(urges.enough_data ? [{ name: "Between urges", tone: "series-1", step: true, points: curvePoints(urges, limit) }] : []),
              ...(lapses.enough_data ? [{ name: "Between lapses", tone: "series-2", step: true, points: curvePoints(lapses, limit) }] : []),
            ]}
            xDomain={[0, right]}
            yDomain={[0, 1]}
            xTicks={ticks}
            yTicks={[0, 0.5, 1].map((value) => ({ value, label: `${value * 100}%` }))}
            xLabel="days"
            yLabel="gaps still going"
          />
          <p class="small quiet">
            Each line shows the share of gaps that lasted longer than a number of days; a line that falls slowly means
            longer gaps. Your current gap is counted as still going.
          </p>
        </>
      )}
    </ChartSection>
  );
}

export function SurfEffectSection({ stats }: { stats: Stats }) {
  const surf = stats.what_helps.surf_effect;
  const byTechnique = surf.by_technique.filter((item) => item.drop.mean !== null);
  return (
    <ChartSection
      title="What Pauses do"
      sentence={[surf.sentence, stats.what_helps.techniques.sentence]}
      table={{
        caption: "How much urges dropped during Pauses, by technique",
        columns: ["Technique", "Pauses", "Mean drop (points)", "95% interval", "Ended lower"],
        rows: byTechnique.map((item) => [
          techniqueWords[item.technique as Technique] ?? item.technique,
          item.drop.count,
          formatNumber(item.drop.mean),
          formatInterval(item.drop.ci95),
          formatShare(item.ended_lower.share),
        ]),
      }}
    >
      {byTechnique.length > 0 && (
        <BarChart
          description={`Mean drop in urge intensity during a Pause, by technique. ${surf.sentence}`}
          unit="points the urge dropped (with 95% interval)"
          bars={byTechnique.map((item) => ({
            label: techniqueWords[item.technique as Technique] ?? item.technique,
            value: item.drop.mean ?? 0,
            interval: item.drop.ci95,
          }))}
        />
      )}
    </ChartSection>
  );
}

export function ActivitiesSection({ stats }: { stats: Stats }) {
  const activities = stats.what_helps.activities;
  const rows = [...activities.by_category, ...activities.by_title].filter((item) => item.lift.mean !== null);
  return (
    <ChartSection
      title="Activities that lift your mood"
      sentence={activities.sentence}
      table={{
        caption: "Mood after minus mood before, by kind and by activity",
        columns: ["Activity", "Times rated", "Mean lift (points)", "95% interval"],
        rows: rows.map((item) => [item.name, item.lift.count, formatNumber(item.lift.mean), formatInterval(item.lift.ci95)]),
      }}
    >
      {rows.length > 0 && (
        <BarChart
          description={`Mood lift by activity. ${activities.sentence}`}
          unit="mood points gained (with 95% interval)"
          bars={rows.slice(0, 8).map((item) => ({ label: item.name, value: item.lift.mean ?? 0, interval: item.lift.ci95 }))}
        />
      )}
    </ChartSection>
  );
}

export function CheckinLinksSection({ stats }: { stats: Stats }) {
  const links = stats.checkin_links;
  return (
    <ChartSection
      title="How your days relate to urges"
      sentence={links.sentence}
      table={{
        caption: "The clearest links in your check-ins",
        columns: ["On days with", "Outcome", "Rate ratio", "95% interval"],
        rows: links.strongest.map((link) => [
          link.high,
          `${link.outcome}${link.day === "next_day" ? " the next day" : " the same day"}`,
          formatNumber(link.high_day.rate_ratio, 2),
          formatInterval(link.high_day.ci95, 2),
        ]),
      }}
    />
  );
}

export function ForecastSection({ stats }: { stats: Stats }) {
  return (
    <ChartSection title="Times to take extra care" sentence={[stats.forecast.urge.sentence, stats.forecast.lapse.sentence]} />
  );
}
