// Goals (F1, Goal Attainment Scaling): a few personal goals, each described at five levels, from
// "not yet" to "well beyond what I hoped", so that progress can be seen in steps, with your
// therapist or alone. A goal you are done with for now is set aside, never failed. Loaded only
// when opened.
import { useEffect, useRef } from "preact/hooks";
import { createRecord, listAll } from "../lib/api";
import { toRfc3339 } from "../lib/time";
import type { Goal, Value } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { formatNumber } from "../lib/words";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { AddItem, ItemActions, ListSection, useRecordItem } from "../components/ListEditor";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { TextField } from "../components/TextField";

/** The five levels of the scale, −2 to +2, in kind words. */
const levelNames = [
  { score: "−2", label: "Not yet", hint: "where things are now, or could be on a hard week" },
  { score: "−1", label: "Part of the way", hint: "some steps taken" },
  { score: "0", label: "What I'm aiming for", hint: "the result you would be glad of" },
  { score: "+1", label: "A bit beyond", hint: "better than you hoped" },
  { score: "+2", label: "Well beyond", hint: "much better than you hoped" },
];

interface GoalFields {
  title: string;
  levels: string[];
  weight: string;
  valueId: string;
}

function fieldsOf(goal: Goal): GoalFields {
  return { title: goal.title, levels: [...goal.levels], weight: String(goal.weight), valueId: goal.value_id };
}

function goalBody(fields: GoalFields) {
  return {
    title: fields.title.trim(),
    levels: levelNames.map((_, index) => (fields.levels[index] ?? "").trim()),
    weight: Number(fields.weight.replace(",", ".")),
    value_id: fields.valueId,
  };
}

function checkGoal(fields: GoalFields): string | null {
  if (!fields.title.trim()) return "Please give the goal a name, in a few words.";
  const weight = Number(fields.weight.replace(",", "."));
  if (!Number.isFinite(weight) || weight <= 0 || weight > 100)
    return "Please say how much the goal matters with a number above 0 and at most 100 (1 if unsure).";
  return null;
}

export default function GoalsPage() {
  const loaded = useLoad(() => Promise.all([listAll("goals"), listAll("values")]));
  const [goals, values] = loaded.data ?? [[], []];
  const byAge = [...goals].sort((a, b) => Date.parse(a.created_at) - Date.parse(b.created_at) || a.id.localeCompare(b.id));
  const active = byAge.filter((goal) => !goal.archived);
  const resting = byAge.filter((goal) => goal.archived);
  const goalItem = (goal: Goal) => <GoalItem key={goal.id} goal={goal} values={values} onChanged={loaded.reload} />;
  return (
    <div>
      <PageTitle>My goals</PageTitle>
      <p class="quiet">
        A few goals of your own, each described in five steps from “not yet” to “well beyond”. Every step counts, and a goal
        can be set aside and picked up again whenever you like.
      </p>
      <LoadState loaded={loaded} what="your goals" />
      {loaded.data && <NewGoalForm values={values} onAdded={loaded.reload} />}
      <ListSection id="active-goals-title" title="Working on" items={active} listClass="goal-list"
        empty={loaded.data ? "No goals yet. You can add one above, perhaps with your therapist." : undefined} render={goalItem} />
      {resting.length > 0 && <ListSection id="resting-goals-title" title="Set aside for now" items={resting} listClass="goal-list" render={goalItem} />}
    </div>
  );
}

// A goal set aside (or taken up again) moves to the other list and is drawn anew there; its
// heading then takes the focus the button had, so a keyboard or screen reader user is not lost.
let movedGoalId: string | null = null;

function GoalItem({ goal, values, onChanged }: { goal: Goal; values: Value[]; onChanged: () => void }) {
  const item = useRecordItem("goals", goal.id, onChanged);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    if (movedGoalId !== goal.id) return;
    movedGoalId = null;
    headingRef.current?.focus();
  }, [goal.id, goal.archived]);
  const value = values.find((candidate) => candidate.id === goal.value_id);
  return (
    <li class="card">
      {item.editing ? (
        <GoalForm
          draftKey={`edit-goal-${goal.id}`}
          initial={() => fieldsOf(goal)}
          values={values}
          submitLabel="Save changes"
          onSubmit={(fields) => item.save(goalBody(fields))}
          onCancel={() => item.setEditing(false)}
        />
      ) : (
        <>
          <h3 tabIndex={-1} ref={headingRef}>
            {goal.title}
          </h3>
          <p class="small quiet">
            {value ? `For ${value.name} · ` : ""}weight {formatNumber(goal.weight, goal.weight % 1 ? 1 : 0)}
          </p>
          <dl class="goal-levels">
            {levelNames.map((level, index) =>
              goal.levels[index] ? (
                <div key={level.score}>
                  <dt>
                    {level.label} <span class="small quiet">({level.score})</span>
                  </dt>
                  <dd>{goal.levels[index]}</dd>
                </div>
              ) : null,
            )}
          </dl>
          <ItemActions item={item} name={goal.title} deleteQuestion={`Delete “${goal.title}” for good?`}>
            <button type="button" class="button secondary small" onClick={() => {
              movedGoalId = goal.id;
              return item.change({ archived: !goal.archived });
            }}>
              {goal.archived ? "Work on it again" : "Set aside for now"} <span class="visually-hidden">{goal.title}</span>
            </button>
          </ItemActions>
        </>
      )}
    </li>
  );
}

function NewGoalForm({ values, onAdded }: { values: Value[]; onAdded: () => void }) {
  return (
    <AddItem draftKey="new-goal" summary="Add a goal">
      {(close) => (
        <GoalForm
          draftKey="new-goal"
          initial={() => ({ title: "", levels: ["", "", "", "", ""], weight: "1", valueId: "" })}
          values={values}
          submitLabel="Add goal"
          onSubmit={async (fields) => {
            await createRecord("goals", { id: newId(), created_at: toRfc3339(), archived: false, ...goalBody(fields) });
            close();
            onAdded();
          }}
        />
      )}
    </AddItem>
  );
}

function GoalForm({ values, ...props }: RecordFormProps<GoalFields> & { values: Value[] }) {
  const { draftKey } = props;
  return (
    <DraftForm {...props} check={checkGoal}>
      {(fields, update) => (
        <>
          <TextField label="Your goal" hint="In your own words, for example: use Pause when an urge is above 6." value={fields.title}
            maxLength={500} required onChange={(title) => update({ title })} />
          <fieldset>
            <legend>What each step looks like (optional)</legend>
            {levelNames.map((level, index) => (
              <TextField key={level.score} label={`${level.label} (${level.score})`} hint={level.hint} maxLength={2000}
                value={fields.levels[index] ?? ""}
                onChange={(text) => update({ levels: levelNames.map((_, position) => (position === index ? text : fields.levels[position] ?? "")) })} />
            ))}
          </fieldset>
          <TextField label="How much it matters to you" hint="A number above 0, up to 100. If you are not sure, leave it at 1." type="number"
            inputMode="decimal" min={0.1} max={100} step="any" value={fields.weight} onChange={(weight) => update({ weight })} />
          {values.length > 0 && (
            <div class="field">
              <label for={`${draftKey}-value`}>Which value does it serve? (optional)</label>
              <select id={`${draftKey}-value`} value={fields.valueId} onChange={(event) => update({ valueId: event.currentTarget.value })}>
                <option value="">None in particular</option>
                {values.map((value) => (
                  <option key={value.id} value={value.id}>
                    {value.name}
                  </option>
                ))}
              </select>
            </div>
          )}
        </>
      )}
    </DraftForm>
  );
}
