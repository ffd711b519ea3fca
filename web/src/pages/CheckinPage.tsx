// Today's check-in. A second one the same day replaces the first (keel keeps one per day).
import { useState } from "preact/hooks";
import { listAll } from "../lib/api";
import { saveOrQueue } from "../lib/outbox";
import { recordTimeZone } from "../lib/records";
import { Link } from "../lib/router";
import { localDate, startOfLocalDay, toRfc3339 } from "../lib/time";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { CheckinForm, checkinBody, checkinFieldsOf } from "../forms/CheckinForm";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";

export function CheckinPage() {
  const since = toRfc3339(startOfLocalDay());
  const loaded = useLoad(() => Promise.all([listAll("checkins", { since }), listAll("urges", { since })]));
  const [saved, setSaved] = useState<{ queued: boolean } | null>(null);
  const today = localDate();

  if (saved)
    return (
      <div>
        <PageTitle>Check-in saved</PageTitle>
        <p>
          Thank you for checking in. Noticing how you are is what makes patterns visible.
          {saved.queued && " It is kept on this device and will be sent once keel can be reached."}
        </p>
        <Link class="button primary" href="/">
          Back to Today
        </Link>
      </div>
    );

  const [checkins, urges] = loaded.data ?? [[], []];
  const existing = checkins.find((checkin) => checkin.date === today);
  return (
    <div>
      <PageTitle>Check-in</PageTitle>
      <p class="quiet">{existing ? "You checked in today already; saving again replaces it." : "About a minute. There are no wrong answers."}</p>
      <LoadState loaded={loaded} what="today's check-in" />
      {(loaded.data || loaded.error) && (
        <CheckinForm
          key={existing?.id ?? "new"}
          draftKey={`checkin-${today}`}
          initial={() =>
            checkinFieldsOf(existing ?? { urges_today: urges.length, acted_today: urges.some((urge) => urge.outcome === "acted") })
          }
          submitLabel="Save check-in"
          onSubmit={async (fields) => {
            const result = await saveOrQueue("checkins", {
              id: newId(),
              date: today,
              at: toRfc3339(),
              time_zone: recordTimeZone(),
              ...checkinBody(fields),
            });
            setSaved({ queued: result.queued });
          }}
        />
      )}
    </div>
  );
}
