// Progress (F7, F24): your patterns in plain words, each with a chart and a table. Loaded only
// when opened, so Today and Pause stay light.
import { fetchAssessments, fetchInstruments, fetchStats } from "../lib/api";
import { latestStats } from "../lib/suggestions";
import { useLoad } from "../lib/use-load";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { AssessmentsSection } from "./progress/AssessmentsSection";
import {
  ActivitiesSection,
  CheckinLinksSection,
  ForecastSection,
  IntervalsSection,
  SurfEffectSection,
  TrendsSection,
  TriggerSection,
} from "./progress/PatternSections";

async function loadProgress() {
  const [stats, assessments, instruments] = await Promise.all([fetchStats(), fetchAssessments(), fetchInstruments()]);
  latestStats.set(stats);
  return { stats, assessments: assessments.items, instruments: instruments.items };
}

export default function ProgressPage() {
  const loaded = useLoad(loadProgress);
  const data = loaded.data;
  return (
    <div class="progress">
      <PageTitle>Progress</PageTitle>
      <p class="quiet">
        Your own patterns, from your own records. Counts only grow; a lapse never takes away what you have built.
      </p>
      <LoadState loaded={loaded} what="your progress" />
      {data && (
        <>
          <section class="card" aria-labelledby="wins-summary-title">
            <h2 id="wins-summary-title">So far</h2>
            <p class="sentence">{data.stats.small_wins.sentence}</p>
          </section>
          <TriggerSection stats={data.stats} />
          <TrendsSection stats={data.stats} />
          <IntervalsSection stats={data.stats} />
          <SurfEffectSection stats={data.stats} />
          <ActivitiesSection stats={data.stats} />
          <CheckinLinksSection stats={data.stats} />
          <ForecastSection stats={data.stats} />
          <AssessmentsSection items={data.assessments} instruments={data.instruments} />
        </>
      )}
    </div>
  );
}
