// Everything you recorded, day by day, newest first; each record can be changed (PATCH) or
// deleted for good (DELETE, after a confirm).
import { useState } from "preact/hooks";
import { deleteRecord, errorMessage, listAll, patchRecord } from "../lib/api";
import { lapseReviewBody, lapseReviewFieldsOf, urgeBody, urgeFieldsOf } from "../lib/records";
import { Link } from "../lib/router";
import { addDays, clockTime, dayOfRecordTime, describeDay, startOfLocalDay, toRfc3339 } from "../lib/time";
import type { Activity, CheckIn, JournalEntry, LapseReview, Pause, RecordKind, Urge } from "../lib/types";
import { useLoad } from "../lib/use-load";
import { categoryWords, journalKindWords, outcomeWords, techniqueWords } from "../lib/words";
import { CheckinForm, checkinBody, checkinFieldsOf } from "../forms/CheckinForm";
import { LapseReviewForm } from "../forms/LapseReviewForm";
import { UrgeForm } from "../forms/UrgeForm";
import { ConfirmButton } from "../components/ConfirmButton";
import { FormError } from "../components/FormError";
import { IntensityScale } from "../components/IntensityScale";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";

type Entry =
  | { kind: "urges"; record: Urge }
  | { kind: "lapse-reviews"; record: LapseReview }
  | { kind: "checkins"; record: CheckIn }
  | { kind: "pauses"; record: Pause }
  | { kind: "journal"; record: JournalEntry }
  | { kind: "activities"; record: Activity };

const pageDays = 14;

function timeOf(entry: Entry): string {
  if (entry.kind === "activities") return entry.record.done_at ?? entry.record.scheduled_at ?? entry.record.created_at;
  return entry.record.at;
}

function dayOf(entry: Entry): string {
  return entry.kind === "checkins" ? entry.record.date : dayOfRecordTime(timeOf(entry));
}

async function loadHistory(days: number): Promise<Entry[]> {
  const since = toRfc3339(addDays(startOfLocalDay(), -(days - 1)));
  const [urges, reviews, checkins, pauses, journal, activities] = await Promise.all([
    listAll("urges", { since }),
    listAll("lapse-reviews", { since }),
    listAll("checkins", { since }),
    listAll("pauses", { since }),
    listAll("journal", { since }),
    listAll("activities"),
  ]);
  const entries: Entry[] = [
    ...urges.map((record) => ({ kind: "urges" as const, record })),
    ...reviews.map((record) => ({ kind: "lapse-reviews" as const, record })),
    ...checkins.map((record) => ({ kind: "checkins" as const, record })),
    ...pauses.map((record) => ({ kind: "pauses" as const, record })),
    ...journal.map((record) => ({ kind: "journal" as const, record })),
    ...activities.map((record) => ({ kind: "activities" as const, record })),
  ];
  const earliest = Date.parse(since);
  return entries
    .filter((entry) => Date.parse(timeOf(entry)) >= earliest && Date.parse(timeOf(entry)) <= Date.now() + 86_400_000)
    .sort((a, b) => Date.parse(timeOf(b)) - Date.parse(timeOf(a)));
}

export function HistoryPage() {
  const [days, setDays] = useState(pageDays);
  const loaded = useLoad(() => loadHistory(days), [days]);
  const entries = loaded.data ?? [];
  const reviewedUrges = new Set(entries.filter((entry) => entry.kind === "lapse-reviews").map((entry) => (entry.record as LapseReview).urge_id));
  const byDay = new Map<string, Entry[]>();
  for (const entry of entries) byDay.set(dayOf(entry), [...(byDay.get(dayOf(entry)) ?? []), entry]);

  return (
    <div>
      <PageTitle>History</PageTitle>
      <p class="quiet">The last {days} days. You can change or delete anything here.</p>
      <LoadState loaded={loaded} what="your history" />
      {loaded.data && entries.length === 0 && <p>Nothing recorded in these days yet.</p>}
      {[...byDay.entries()].map(([day, dayEntries]) => (
        <section key={day} class="history-day" aria-labelledby={`day-${day}`}>
          <h2 id={`day-${day}`}>{describeDay(day)}</h2>
          <ul class="history-list">
            {dayEntries.map((entry) => (
              <HistoryItem key={entry.record.id} entry={entry} reviewed={reviewedUrges.has(entry.record.id)} onChanged={loaded.reload} />
            ))}
          </ul>
        </section>
      ))}
      {loaded.data && (
        <button type="button" class="button secondary" onClick={() => setDays(days + pageDays)}>
          Show {pageDays} earlier days
        </button>
      )}
    </div>
  );
}

const kindNames: Record<Entry["kind"], string> = {
  urges: "urge",
  "lapse-reviews": "lapse review",
  checkins: "check-in",
  pauses: "Pause",
  journal: "journal entry",
  activities: "activity",
};

function HistoryItem({ entry, reviewed, onChanged }: { entry: Entry; reviewed: boolean; onChanged: () => void }) {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const time = entry.kind === "checkins" ? "" : clockTime(timeOf(entry));

  async function remove() {
    setError(null);
    try {
      await deleteRecord(entry.kind as RecordKind, entry.record.id);
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  async function save(patch: object) {
    await patchRecord(entry.kind as RecordKind, entry.record.id, patch);
    setEditing(false);
    onChanged();
  }

  const editable = entry.kind !== "journal" && entry.kind !== "activities";
  return (
    <li class="history-item">
      <div class="history-summary">
        {time && <span class="history-time">{time}</span>}
        <div class="history-text">
          <Summary entry={entry} />
          {entry.kind === "urges" && entry.record.outcome === "acted" && !reviewed && (
            <Link href={`/log?review=${entry.record.id}`}>Write a short look back</Link>
          )}
        </div>
      </div>
      <div class="history-actions">
        {editable && (
          <button type="button" class="button secondary small" aria-expanded={editing} onClick={() => setEditing(!editing)}>
            {editing ? "Close" : "Edit"}
          </button>
        )}
        {entry.kind === "journal" && <Link class="button secondary small" href="/journal">Open journal</Link>}
        {entry.kind === "activities" && <Link class="button secondary small" href="/activities">Open activities</Link>}
        <ConfirmButton
          label="Delete"
          question={
            entry.kind === "urges"
              ? "Delete this urge for good? A lapse review of it goes too."
              : `Delete this ${kindNames[entry.kind]} for good?`
          }
          confirmLabel="Yes, delete"
          onConfirm={remove}
        />
      </div>
      <FormError message={error} />
      {editing && <EditForm entry={entry} onSave={save} onCancel={() => setEditing(false)} />}
    </li>
  );
}

/** A label in the middle of a sentence: "It passed" becomes "it passed", but "I waited" keeps its "I". */
function inSentence(label: string): string {
  return /^I\b/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function Summary({ entry }: { entry: Entry }) {
  switch (entry.kind) {
    case "urges": {
      const urge = entry.record;
      const words = [...urge.contexts, ...urge.emotions].join(", ");
      return (
        <p>
          <strong>Urge, {urge.intensity} of 10</strong>: {inSentence(outcomeWords[urge.outcome].label)}
          {words && ` · ${words}`}
          {urge.note && ` · “${urge.note}”`}
        </p>
      );
    }
    case "lapse-reviews":
      return (
        <p>
          <strong>Lapse review</strong>
          {entry.record.what_to_change && `: next time, ${entry.record.what_to_change}`}
        </p>
      );
    case "checkins": {
      const checkin = entry.record;
      return (
        <p>
          <strong>Check-in</strong>: mood {checkin.mood}, stress {checkin.stress}, loneliness {checkin.loneliness}, sleep{" "}
          {checkin.sleep_hours} h{checkin.note && ` · “${checkin.note}”`}
        </p>
      );
    }
    case "pauses": {
      const pause = entry.record;
      return (
        <p>
          <strong>Pause, {techniqueWords[pause.technique].toLowerCase()}</strong>: {pause.start_intensity}
          {pause.end_intensity !== undefined ? ` → ${pause.end_intensity}` : ""} over {Math.round(pause.elapsed_seconds / 60)} min
        </p>
      );
    }
    case "journal":
      return (
        <p>
          <strong>{journalKindWords[entry.record.kind]}</strong>
          {entry.record.title && `: ${entry.record.title}`}
        </p>
      );
    case "activities":
      return (
        <p>
          <strong>{categoryWords[entry.record.category]} activity</strong>: {entry.record.title}
          {entry.record.done ? " (done)" : " (planned)"}
        </p>
      );
  }
}

function EditForm({ entry, onSave, onCancel }: { entry: Entry; onSave: (patch: object) => Promise<void>; onCancel: () => void }) {
  const draftKey = `edit-${entry.record.id}`;
  switch (entry.kind) {
    case "urges":
      return (
        <UrgeForm draftKey={draftKey} initial={() => urgeFieldsOf(entry.record)} submitLabel="Save changes"
          onSubmit={(fields) => onSave(urgeBody(fields, entry.record))} onCancel={onCancel} />
      );
    case "lapse-reviews":
      return (
        <LapseReviewForm draftKey={draftKey} initial={() => lapseReviewFieldsOf(entry.record)} submitLabel="Save changes"
          onSubmit={(fields) => onSave(lapseReviewBody(fields))} onCancel={onCancel} />
      );
    case "checkins":
      return (
        <CheckinForm draftKey={draftKey} initial={() => checkinFieldsOf(entry.record)} submitLabel="Save changes"
          onSubmit={(fields) => onSave(checkinBody(fields))} onCancel={onCancel} />
      );
    case "pauses":
      return <PauseEditForm pause={entry.record} onSave={onSave} onCancel={onCancel} />;
    default:
      return null;
  }
}

function PauseEditForm({ pause, onSave, onCancel }: { pause: Pause; onSave: (patch: object) => Promise<void>; onCancel: () => void }) {
  const [endIntensity, setEndIntensity] = useState<number | null>(pause.end_intensity ?? null);
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="form"
      onSubmit={async (event) => {
        event.preventDefault();
        try {
          await onSave({ end_intensity: endIntensity });
        } catch (failure) {
          setError(errorMessage(failure));
        }
      }}
    >
      <IntensityScale label="How strong was the urge at the end?" value={endIntensity} onChoose={setEndIntensity} />
      <FormError message={error} />
      <div class="actions">
        <button type="submit" class="button primary">
          Save changes
        </button>
        <button type="button" class="button secondary" onClick={() => setEndIntensity(null)}>
          Remove the end rating
        </button>
        <button type="button" class="button secondary" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </form>
  );
}
