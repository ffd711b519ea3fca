// Behavioural activation (F13): plan pleasant, mastery and connection activities tied to your
// values, mark them done, and rate your mood before and after.
import { createRecord, listAll } from "../lib/api";
import { recordTimeZone } from "../lib/records";
import { fromDateTimeLocalValue, toRfc3339 } from "../lib/time";
import type { Activity, ActivityCategory, Value } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { categoryWords } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { DraftForm } from "../components/DraftForm";
import { IntensityScale } from "../components/IntensityScale";
import { AddItem, ItemActions, ListSection, useRecordItem } from "../components/ListEditor";
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
      <ListSection id="planned-title" title="Planned" items={planned} empty="Nothing planned right now." listClass="activity-list"
        render={(activity) => <ActivityItem key={activity.id} activity={activity} values={values} onChanged={loaded.reload} />} />
      <ListSection id="done-title" title="Done" items={done} empty="Activities you mark done show here." listClass="activity-list"
        render={(activity) => <ActivityItem key={activity.id} activity={activity} values={values} onChanged={loaded.reload} />} />
    </div>
  );
}

function ActivityItem({ activity, values, onChanged }: { activity: Activity; values: Value[]; onChanged: () => void }) {
  // The item's form is the one that marks it done.
  const item = useRecordItem("activities", activity.id, onChanged);
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
      <ItemActions item={item} editable={false} deleteQuestion={`Delete “${activity.title}” for good?`}>
        {!activity.done && (
          <button type="button" class="button primary small" aria-expanded={item.editing} onClick={() => item.setEditing(!item.editing)}>
            Mark done <span class="visually-hidden">{activity.title}</span>
          </button>
        )}
      </ItemActions>
      {item.editing && (
        <DraftForm
          draftKey={`done-${activity.id}`}
          initial={() => ({ moodBefore: activity.mood_before ?? (null as number | null), moodAfter: null as number | null, note: activity.note })}
          submitLabel="Save as done"
          onSubmit={(fields) =>
            item.save({ done: true, done_at: toRfc3339(), mood_before: fields.moodBefore, mood_after: fields.moodAfter, note: fields.note.trim() })
          }
        >
          {(fields, update) => (
            <>
              <IntensityScale label="Your mood before (optional)" hint="0 is very low, 10 is very good" value={fields.moodBefore}
                onChoose={(moodBefore) => update({ moodBefore })} />
              <IntensityScale label="Your mood after (optional)" hint="0 is very low, 10 is very good" value={fields.moodAfter}
                onChoose={(moodAfter) => update({ moodAfter })} />
              <TextField label="Note (optional)" value={fields.note} onChange={(note) => update({ note })} />
            </>
          )}
        </DraftForm>
      )}
    </li>
  );
}

function NewActivityForm({ values, onAdded }: { values: Value[]; onAdded: () => void }) {
  return (
    <AddItem draftKey="new-activity" summary="Plan an activity">
      {(close) => (
        <DraftForm
          draftKey="new-activity"
          initial={() => ({ title: "", category: "pleasant" as ActivityCategory, valueIds: [] as string[], scheduledAt: "" })}
          submitLabel="Add to my plan"
          onSubmit={async (fields) => {
            const scheduled = fromDateTimeLocalValue(fields.scheduledAt);
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
            close();
            onAdded();
          }}
        >
          {(fields, update) => (
            <>
              <TextField label="What will you do?" value={fields.title} maxLength={500} required onChange={(title) => update({ title })} />
              <ChoiceGroup legend="Kind of activity" choices={categoryChoices} value={fields.category} onChange={(category) => update({ category })} />
              {values.length > 0 && (
                <ValueChoices values={values} chosen={fields.valueIds} onChange={(valueIds) => update({ valueIds })} />
              )}
              <TextField label="When? (optional)" type="datetime-local" value={fields.scheduledAt} onChange={(scheduledAt) => update({ scheduledAt })} />
            </>
          )}
        </DraftForm>
      )}
    </AddItem>
  );
}

function ValueChoices({ values, chosen, onChange }: { values: Value[]; chosen: string[]; onChange: (ids: string[]) => void }) {
  return (
    <fieldset>
      <legend>Which values does it serve? (optional)</legend>
      {values.map((value) => (
        <label key={value.id} class="choice">
          <input
            type="checkbox"
            checked={chosen.includes(value.id)}
            onChange={(event) => onChange(event.currentTarget.checked ? [...chosen, value.id] : chosen.filter((id) => id !== value.id))}
          />
          <span>{value.name}</span>
        </label>
      ))}
    </fieldset>
  );
}
