// After a lapse review: a kind word and the progress that stays. Never a counter back at zero.
import { useObservable } from "../lib/observable";
import { Link } from "../lib/router";
import { latestStats } from "../lib/suggestions";
import { formatDays, plural } from "../lib/words";

export function SelfCompassionNote({ queued }: { queued: boolean }) {
  const stats = useObservable(latestStats);
  const wins = stats?.small_wins;
  return (
    <section class="card kind" aria-labelledby="kind-words-title">
      <h2 id="kind-words-title" tabIndex={-1}>
        Thank you for looking at it
      </h2>
      <p>
        A lapse is one hard moment, not the whole story. Many people working on this have moments like it; what you
        just did, looking back with honesty and care, is how change happens.
      </p>
      {wins && wins.urges_passed > 0 && (
        <p>
          What you have built stays yours: you have let {plural(wins.urges_passed, "urge")} pass without acting
          {wins.personal_bests.longest_days_between_lapses !== null &&
            `, and your longest stretch between lapses is ${formatDays(wins.personal_bests.longest_days_between_lapses)}`}
          .
        </p>
      )}
      <p>Take a slow breath. What would you say to a good friend right now? You can say it to yourself too.</p>
      {queued && <p class="small quiet">Saved on this device; it will be sent once keel can be reached.</p>}
      <div class="actions">
        <Link class="button primary" href="/journal?kind=self_compassion">
          Write a self-compassion break
        </Link>
        <Link class="button secondary" href="/">
          Back to Today
        </Link>
      </div>
    </section>
  );
}
