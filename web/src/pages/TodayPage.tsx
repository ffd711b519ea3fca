// Today: Pause, a three-tap urge log, the check-in if it is still to do, small wins, and the
// next planned activity.
import { useEffect } from "preact/hooks";
import { fetchStats, listAll, listPage } from "../lib/api";
import { Link } from "../lib/router";
import { latestStats } from "../lib/suggestions";
import { localDate, startOfLocalDay, toRfc3339 } from "../lib/time";
import type { Activity, Stats } from "../lib/types";
import { useLoad } from "../lib/use-load";
import { formatDays, plural } from "../lib/words";
import { QuickUrgeLog } from "../forms/QuickUrgeLog";
import { PageTitle } from "../components/PageTitle";

export function TodayPage() {
  return (
    <div class="today">
      <PageTitle>Today</PageTitle>
      <Link href="/pause" class="pause-hero">
        <span class="pause-hero-title">Pause</span>
        <span class="pause-hero-hint">Get through the next few minutes</span>
      </Link>
      <QuickUrgeLog />
      <CheckinPrompt />
      <SmallWins />
      <NextActivity />
    </div>
  );
}

function CheckinPrompt() {
  const loaded = useLoad(() => listPage("checkins", { since: toRfc3339(startOfLocalDay()) }));
  if (!loaded.data) return null;
  const today = localDate();
  const done = loaded.data.items.some((checkin) => checkin.date === today);
  return (
    <section class="card" aria-labelledby="checkin-title">
      <h2 id="checkin-title">Check-in</h2>
      {done ? (
        <p>
          You checked in today. <Link href="/checkin">Change today's check-in</Link>
        </p>
      ) : (
        <>
          <p>How is today going? A check-in takes about a minute.</p>
          <Link class="button primary" href="/checkin">
            Check in
          </Link>
        </>
      )}
    </section>
  );
}

function SmallWins() {
  const loaded = useLoad<Stats>(fetchStats);
  useEffect(() => {
    if (loaded.data) latestStats.set(loaded.data);
  }, [loaded.data]);
  const wins = loaded.data?.small_wins;
  if (!wins) return null;
  const items = [
    wins.urges_passed > 0 && `${plural(wins.urges_passed, "urge")} let pass`,
    wins.pauses_completed > 0 && `${plural(wins.pauses_completed, "Pause")} finished`,
    wins.checkin_days > 0 && `${plural(wins.checkin_days, "day")} checked in`,
    wins.activities_done > 0 && `${plural(wins.activities_done, "activity", "activities")} done`,
    wins.personal_bests.longest_days_between_lapses !== null &&
      `longest stretch between lapses: ${formatDays(wins.personal_bests.longest_days_between_lapses)}`,
  ].filter((item): item is string => Boolean(item));
  return (
    <section class="card" aria-labelledby="wins-title">
      <h2 id="wins-title">Small wins</h2>
      <p>{wins.sentence}</p>
      {items.length > 0 && (
        <ul class="wins">
          {items.map((item) => (
            <li key={item}>{item}</li>
          ))}
        </ul>
      )}
      <p class="small quiet">These only grow. A lapse takes nothing away from them.</p>
    </section>
  );
}

export function nextPlanned(activities: Activity[], now = Date.now()): Activity | null {
  return activities
    .filter((activity) => !activity.done && activity.scheduled_at && Date.parse(activity.scheduled_at) >= now - 3_600_000)
    .sort((a, b) => Date.parse(a.scheduled_at!) - Date.parse(b.scheduled_at!))[0] ?? null;
}

const whenFormatter = new Intl.DateTimeFormat(undefined, { weekday: "long", hour: "2-digit", minute: "2-digit" });

function NextActivity() {
  const loaded = useLoad(() => listAll("activities"));
  if (!loaded.data) return null;
  const next = nextPlanned(loaded.data);
  return (
    <section class="card" aria-labelledby="next-activity-title">
      <h2 id="next-activity-title">Next planned activity</h2>
      {next ? (
        <p>
          <strong>{next.title}</strong>, {whenFormatter.format(new Date(next.scheduled_at!))}.{" "}
          <Link href="/activities">See your activities</Link>
        </p>
      ) : (
        <p>
          Nothing planned yet. Something pleasant, something you're good at, or time with someone?{" "}
          <Link href="/activities">Plan an activity</Link>
        </p>
      )}
    </section>
  );
}
