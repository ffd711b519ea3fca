// Behavioural activation (F13): plan pleasant, mastery and connection activities tied to your
// values, mark them done, and rate your mood before and after.
import { useState } from "preact/hooks";
import { createRecord, deleteRecord, errorMessage, listAll, patchRecord } from "../lib/api";
import { hasDraft, useDraft } from "../lib/drafts";
import { recordTimeZone } from "../lib/records";
import { fromDateTimeLocalValue, toRfc3339 } from "../lib/time";
import type { Activity, ActivityCategory, Value } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { categoryWords } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { ConfirmButton } from "../components/ConfirmButton";
import { FormError } from "../components/FormError";
import { IntensityScale } from "../components/IntensityScale";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { TextField } from "../components/TextField";

const categoryChoices = (["pleasant", "mastery", "connection"] as ActivityCategory[]).map((category) => ({
  value: category,
  label: categoryWords[category],
  hint: { pleasant: "something you enjoy", mastery: "something that gives a sense of achievement", connection: "time with others" }[category],
}));

const whenFormatter = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", hour: "2-digit", minute: "2-digit" });

export function ActivitiesPage() {
  const loaded = useLoad(() => Promise.all([listAll("activities"), listAll("values")]));
  const [activities, values] = loaded.data ?? [[], []];
  const planned = activities
    .filter((activity) => !activity.done)
    .sort((a, b) => Date.parse(a.scheduled_at ?? a.created_at) - Date.parse(b.scheduled_at ?? b.created_at));
  const done = activities
    .filter((activity) => activity.done)
    .sort((a, b) => Date.parse(b.done_at ?? b.created_at) - Date.parse(a.done_at ?? a.created_at))
    .slice(0, 30);

  return (
    <div>
      <PageTitle>Activities</PageTitle>
      <p class="quiet">Doing things that matter to you lifts mood and leaves less room for urges. Plan one, then rate how you felt.</p>
      <LoadState loaded={loaded} what="your activities" />
      {loaded.data && <NewActivityForm values={values} onAdded={loaded.reload} />}
      <section aria-labelledby="planned-title">
        <h2 id="planned-title">Planned</h2>
        {planned.length === 0 && <p class="quiet">Nothing planned right now.</p>}
        <ul class="activity-list">
          {planned.map((activity) => (
            <ActivityItem key={activity.id} activity={activity} values={values} onChanged={loaded.reload} />
          ))}
        </ul>
      </section>
      <section aria-labelledby="done-title">
        <h2 id="done-title">Done</h2>
        {done.length === 0 && <p class="quiet">Activities you mark done show here.</p>}
        <ul class="activity-list">
          {done.map((activity) => (
            <ActivityItem key={activity.id} activity={activity} values={values} onChanged={loaded.reload} />
          ))}
        </ul>
      </section>
    </div>
  );
}

function ActivityItem({ activity, values, onChanged }: { activity: Activity; values: Value[]; onChanged: () => void }) {
  const [marking, setMarking] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const valueNames = activity.value_ids.map((id) => values.find((value) => value.id === id)?.name).filter(Boolean);
  return (
    <li class="card">
      <h3>{activity.title}</h3>
      <p class="small">
        {categoryWords[activity.category]}
        {activity.scheduled_at && !activity.done && ` · ${whenFormatter.format(new Date(activity.scheduled_at))}`}
        {activity.done && activity.done_at && ` · done ${whenFormatter.format(new Date(activity.done_at))}`}
        {activity.mood_before !== undefined && activity.mood_after !== undefined &&
          ` · mood ${activity.mood_before} → ${activity.mood_after}`}
        {valueNames.length > 0 && ` · for ${valueNames.join(", ")}`}
      </p>
      {activity.note && <p>{activity.note}</p>}
      <div class="actions">
        {!activity.done && (
          <button type="button" class="button primary small" aria-expanded={marking} onClick={() => setMarking(!marking)}>
            Mark done <span class="visually-hidden">{activity.title}</span>
          </button>
        )}
        <ConfirmButton label="Delete" question={`Delete “${activity.title}” for good?`} confirmLabel="Yes, delete"
          onConfirm={async () => {
            try {
              await deleteRecord("activities", activity.id);
              onChanged();
            } catch (failure) {
              setError(errorMessage(failure));
            }
          }} />
      </div>
      <FormError message={error} />
      {marking && <MarkDoneForm activity={activity} onDone={() => { setMarking(false); onChanged(); }} />}
    </li>
  );
}

function MarkDoneForm({ activity, onDone }: { activity: Activity; onDone: () => void }) {
  const [fields, update, clearDraft] = useDraft(`done-${activity.id}`, () => ({
    moodBefore: activity.mood_before ?? (null as number | null),
    moodAfter: null as number | null,
    note: activity.note,
  }));
  const [error, setError] = useState<string | null>(null);
  return (
    <form
      class="form"
      onSubmit={async (event) => {
        event.preventDefault();
        setError(null);
        try {
          await patchRecord("activities", activity.id, {
            done: true,
            done_at: toRfc3339(),
            mood_before: fields.moodBefore,
            mood_after: fields.moodAfter,
            note: fields.note.trim(),
          });
          clearDraft();
          onDone();
        } catch (failure) {
          setError(errorMessage(failure));
        }
      }}
    >
      <IntensityScale label="Your mood before (optional)" hint="0 is very low, 10 is very good" value={fields.moodBefore}
        onChoose={(moodBefore) => update({ moodBefore })} />
      <IntensityScale label="Your mood after (optional)" hint="0 is very low, 10 is very good" value={fields.moodAfter}
        onChoose={(moodAfter) => update({ moodAfter })} />
      <TextField label="Note (optional)" value={fields.note} onChange={(note) => update({ note })} />
      <FormError message={error} />
      <button type="submit" class="button primary">
        Save as done
      </button>
    </form>
  );
}

function NewActivityForm({ values, onAdded }: { values: Value[]; onAdded: () => void }) {
  const [fields, update, clearDraft] = useDraft("new-activity", () => ({
    title: "",
    category: "pleasant" as ActivityCategory,
    valueIds: [] as string[],
    scheduledAt: "",
  }));
  const [error, setError] = useState<string | null>(null);
  return (
    <details class="card" open={hasDraft("new-activity")}>
      <summary>Plan an activity</summary>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          setError(null);
          const scheduled = fromDateTimeLocalValue(fields.scheduledAt);
          try {
            await createRecord("activities", {
              id: newId(),
              created_at: toRfc3339(),
              time_zone: recordTimeZone(),
              title: fields.title.trim(),
              category: fields.category,
              value_ids: fields.valueIds,
              ...(scheduled ? { scheduled_at: toRfc3339(scheduled) } : {}),
              done: false,
              note: "",
            });
            clearDraft();
            onAdded();
          } catch (failure) {
            setError(errorMessage(failure));
          }
        }}
      >
        <TextField label="What will you do?" value={fields.title} maxLength={500} required onChange={(title) => update({ title })} />
        <ChoiceGroup legend="Kind of activity" choices={categoryChoices} value={fields.category} onChange={(category) => update({ category })} />
        {values.length > 0 && (
          <fieldset>
            <legend>Which values does it serve? (optional)</legend>
            {values.map((value) => (
              <label key={value.id} class="choice">
                <input
                  type="checkbox"
                  checked={fields.valueIds.includes(value.id)}
                  onChange={(event) =>
                    update({
                      valueIds: event.currentTarget.checked
                        ? [...fields.valueIds, value.id]
                        : fields.valueIds.filter((id) => id !== value.id),
                    })
                  }
                />
                <span>{value.name}</span>
              </label>
            ))}
          </fieldset>
        )}
        <TextField label="When? (optional)" type="datetime-local" value={fields.scheduledAt} onChange={(scheduledAt) => update({ scheduledAt })} />
        <FormError message={error} />
        <button type="submit" class="button primary">
          Add to my plan
        </button>
      </form>
    </details>
  );
}
