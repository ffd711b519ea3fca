// Questionnaires over time (GET /api/v1/assessments): each instrument's totals, and whether the
// change since the first one is a reliable change (Reliable Change Index), said in words.
import { classificationLabels, classificationWords, shortTitle } from "../../lib/change-words";
import type { InstrumentSummary, ScoredAssessment, UnscoredAssessment } from "../../lib/types";
import { formatNumber } from "../../lib/words";
import { ChartSection } from "../../components/charts/ChartSection";
import { LineChart } from "../../components/charts/LineChart";

function isScored(item: ScoredAssessment | UnscoredAssessment): item is ScoredAssessment {
  return "total" in item;
}

export function sentenceFor(title: string, scored: ScoredAssessment[]): string {
  const latest = scored[scored.length - 1];
  if (!latest || latest.total === null) return `No ${title} total yet.`;
  const band = latest.band ? ` (${latest.band})` : "";
  if (!latest.since_first)
    return `Your ${title} total was ${formatNumber(latest.total, 0)}${band}. Answering it again later will show whether it has changed.`;
  const change = latest.since_first;
  const size = Math.abs(change.difference);
  const direction = change.difference === 0 ? "the same as" : `${formatNumber(size, size % 1 ? 1 : 0)} point${size === 1 ? "" : "s"} ${change.difference < 0 ? "lower" : "higher"} than`;
  return `Your latest ${title} total is ${formatNumber(latest.total, latest.total % 1 ? 1 : 0)}${band}, ${direction} your first (${formatNumber(change.before, change.before % 1 ? 1 : 0)}). ${classificationWords[change.classification]}`;
}

export function AssessmentsSection({ items, instruments }: { items: (ScoredAssessment | UnscoredAssessment)[]; instruments: InstrumentSummary[] }) {
  const byInstrument = new Map<string, (ScoredAssessment | UnscoredAssessment)[]>();
  for (const item of items) byInstrument.set(item.instrument, [...(byInstrument.get(item.instrument) ?? []), item]);
  if (byInstrument.size === 0)
    return (
      <ChartSection title="Questionnaires" sentence="No questionnaires answered yet. Your therapist may ask you to fill some in." />
    );
  return (
    <>
      {[...byInstrument.entries()].map(([id, answered]) => {
        const instrument = instruments.find((item) => item.id === id);
        const title = shortTitle(instrument, id);
        const scored = answered.filter(isScored).sort((a, b) => Date.parse(a.at) - Date.parse(b.at));
        const unscored = answered.filter((item): item is UnscoredAssessment => !isScored(item));
        const withTotals = scored.filter((item) => item.total !== null);
        const first = withTotals.length ? Date.parse(withTotals[0].at) : 0;
        const days = (item: ScoredAssessment) => (Date.parse(item.at) - first) / 86_400_000;
        const lastDay = withTotals.length ? Math.max(1, days(withTotals[withTotals.length - 1])) : 1;
        const minimum = instrument?.minimum ?? 0;
        const maximum = instrument?.maximum ?? Math.max(1, ...withTotals.map((item) => item.total ?? 0));
        const sentence = sentenceFor(title, scored);
        return (
          <ChartSection
            key={id}
            title={instrument?.title ?? id}
            sentence={sentence + (instrument?.direction === "higher-better" ? " On this questionnaire, higher is better." : "")}
            table={{
              caption: `${title} totals`,
              columns: ["Date", "Total", "Band", "Change since the one before"],
              rows: scored.map((item) => [
                item.at.slice(0, 10),
                formatNumber(item.total, item.total !== null && item.total % 1 ? 1 : 0),
                item.band ?? "–",
                item.since_previous
                  ? `${item.since_previous.difference > 0 ? "+" : ""}${formatNumber(item.since_previous.difference, 1)} (${classificationLabels[item.since_previous.classification]})`
                  : "first",
              ]),
            }}
          >
            {withTotals.length > 1 && (
              <LineChart
                description={`${title} totals over time. ${sentence}`}
                series={[{ name: title, tone: "series-1", markers: true, points: withTotals.map((item) => ({ x: days(item), y: item.total ?? 0 })) }]}
                xDomain={[0, lastDay]}
                yDomain={[minimum, maximum]}
                xTicks={[
                  { value: 0, label: withTotals[0].at.slice(5, 10) },
                  { value: lastDay, label: withTotals[withTotals.length - 1].at.slice(5, 10) },
                ]}
                yTicks={[minimum, (minimum + maximum) / 2, maximum].map((value) => ({ value, label: formatNumber(value, value % 1 ? 1 : 0) }))}
                xLabel="date"
                yLabel="total"
              />
            )}
            {unscored.map((item) => (
              <p key={item.id} class="small quiet">
                One answered on {item.at.slice(0, 10)} could not be scored: {item.problem}
              </p>
            ))}
          </ChartSection>
        );
      })}
    </>
  );
}
