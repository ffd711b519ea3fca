// The relapse-prevention plan (F18): the latest version to read, a form that saves a new
// version, and every earlier version with what changed.
import { useState } from "preact/hooks";
import { createRecord, listAll } from "../lib/api";
import { hasDraft, useDraft } from "../lib/drafts";
import { latestPlan, refreshPauseKit } from "../lib/pause-kit";
import { recordTimeZone } from "../lib/records";
import { localDate, toRfc3339 } from "../lib/time";
import type { PlanPerson, PlanVersion } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { useSubmit } from "../lib/use-submit";
import { PeopleList } from "../components/CrisisResources";
import { FormError } from "../components/FormError";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { LinesField, TextField, cleanLines } from "../components/TextField";

type ListName = "warning_signs" | "high_risk_situations" | "coping_steps" | "environment_changes" | "reasons";

const sections: { name: ListName; title: string; hint: string }[] = [
  { name: "warning_signs", title: "My warning signs", hint: "Thoughts, feelings or habits that tell you an urge may be coming." },
  { name: "high_risk_situations", title: "High-risk situations", hint: "Places, times and moods when urges are stronger." },
  { name: "coping_steps", title: "Coping steps", hint: "What you can do, in order, when an urge comes. Pause shows these." },
  { name: "environment_changes", title: "Changes around me", hint: "Small changes that add friction, like charging the phone outside the bedroom." },
  { name: "reasons", title: "My reasons", hint: "Why this matters to you. Pause shows these." },
];

export function PlanPage() {
  const loaded = useLoad(() => listAll("plan"));
  const [editing, setEditing] = useState(() => hasDraft("plan"));
  const versions = [...(loaded.data ?? [])].sort((a, b) => b.version - a.version);
  const latest = latestPlan(versions);
  const reviewDue = latest?.review_date && latest.review_date <= localDate();

  return (
    <div>
      <PageTitle>My plan</PageTitle>
      <p class="quiet">
        Every change is kept as a version. Revisit your plan at big moments too: a new relationship, a move, a new job,
        becoming a parent, a loss.
      </p>
      <LoadState loaded={loaded} what="your plan" />
      {reviewDue && <p class="notice">Your review date has come. A good moment to look through your plan again.</p>}
      {loaded.data && !editing && (
        <button type="button" class="button primary" onClick={() => setEditing(true)}>
          {latest ? "Change my plan" : "Write my plan"}
        </button>
      )}
      {editing && (
        <PlanForm
          latest={latest}
          onDone={() => {
            setEditing(false);
            loaded.reload();
            void refreshPauseKit();
          }}
        />
      )}
      {latest && !editing && <PlanView plan={latest} />}
      {versions.length > 1 && (
        <section aria-labelledby="versions-title">
          <h2 id="versions-title">Earlier versions</h2>
          {versions.slice(1).map((version, index) => (
            <details key={version.id} class="card">
              <summary>
                Version {version.version}, {version.created_at.slice(0, 10)}
                {version.change_note && `: ${version.change_note}`}
              </summary>
              <VersionChanges older={version} newer={versions[index]} />
            </details>
          ))}
        </section>
      )}
    </div>
  );
}

function PlanView({ plan }: { plan: PlanVersion }) {
  return (
    <div class="plan">
      <p class="small quiet">
        Version {plan.version}, saved {plan.created_at.slice(0, 10)}
        {plan.review_date && `; review by ${plan.review_date}`}
      </p>
      {sections.map((section) => (
        <section key={section.name} class="card">
          <h2>{section.title}</h2>
          {plan[section.name].length ? (
            <ul>
              {plan[section.name].map((item) => (
                <li key={item}>{item}</li>
              ))}
            </ul>
          ) : (
            <p class="quiet">Nothing here yet.</p>
          )}
        </section>
      ))}
      <section class="card">
        <h2>People I can contact</h2>
        {plan.people.length ? <PeopleList people={plan.people} /> : <p class="quiet">Nobody here yet.</p>}
      </section>
    </div>
  );
}

function difference(older: string[], newer: string[]) {
  return { added: newer.filter((item) => !older.includes(item)), removed: older.filter((item) => !newer.includes(item)) };
}

/** What version `newer` changed compared with `older`, list by list. */
function VersionChanges({ older, newer }: { older: PlanVersion; newer: PlanVersion }) {
  const people = (plan: PlanVersion) => plan.people.map((person) => `${person.name} (${person.contact})`);
  const lists = [
    ...sections.map((section) => ({ title: section.title, ...difference(older[section.name], newer[section.name]) })),
    { title: "People", ...difference(people(older), people(newer)) },
  ].filter((list) => list.added.length || list.removed.length);
  return (
    <div>
      <PlanView plan={older} />
      <h3>Changed in version {newer.version}</h3>
      {lists.length === 0 && <p>No list changed.</p>}
      <ul>
        {lists.map((list) => (
          <li key={list.title}>
            {list.title}: {list.added.length > 0 && `added ${list.added.join("; ")}`}
            {list.added.length > 0 && list.removed.length > 0 && ", "}
            {list.removed.length > 0 && `removed ${list.removed.join("; ")}`}
          </li>
        ))}
      </ul>
    </div>
  );
}

type PlanFields = Record<ListName, string[]> & { people: PlanPerson[]; review_date: string; change_note: string };

function PlanForm({ latest, onDone }: { latest: PlanVersion | null; onDone: () => void }) {
  const [fields, update, clearDraft] = useDraft<PlanFields>("plan", () => ({
    warning_signs: latest?.warning_signs ?? [],
    high_risk_situations: latest?.high_risk_situations ?? [],
    coping_steps: latest?.coping_steps ?? [],
    environment_changes: latest?.environment_changes ?? [],
    reasons: latest?.reasons ?? [],
    people: latest?.people ?? [],
    review_date: latest?.review_date ?? "",
    change_note: "",
  }));
  const { busy, error, submit } = useSubmit(async () => {
    await createRecord("plan", {
      id: newId(),
      created_at: toRfc3339(),
      time_zone: recordTimeZone(),
      warning_signs: cleanLines(fields.warning_signs),
      high_risk_situations: cleanLines(fields.high_risk_situations),
      coping_steps: cleanLines(fields.coping_steps),
      environment_changes: cleanLines(fields.environment_changes),
      reasons: cleanLines(fields.reasons),
      people: fields.people
        .map((person) => ({ name: person.name.trim(), contact: person.contact.trim() }))
        .filter((person) => person.name),
      ...(fields.review_date ? { review_date: fields.review_date } : {}),
      change_note: fields.change_note.trim(),
    });
    clearDraft();
    onDone();
  });

  function updatePerson(index: number, change: Partial<PlanPerson>) {
    update({ people: fields.people.map((person, position) => (position === index ? { ...person, ...change } : person)) });
  }

  return (
    <form class="form card" onSubmit={submit}>
      <h2>{latest ? `Version ${latest.version + 1}` : "My first plan"}</h2>
      {sections.map((section) => (
        <LinesField key={section.name} label={section.title} hint={`${section.hint} One per line.`} lines={fields[section.name]}
          onChange={(lines) => update({ [section.name]: lines } as Partial<PlanFields>)} />
      ))}
      <fieldset>
        <legend>People I can contact</legend>
        {fields.people.map((person, index) => (
          <div key={index} class="person-row">
            <TextField label={`Name ${index + 1}`} value={person.name} maxLength={200} onChange={(name) => updatePerson(index, { name })} />
            <TextField label={`Phone or how to reach ${person.name || "them"}`} value={person.contact} maxLength={500}
              onChange={(contact) => updatePerson(index, { contact })} />
            <button type="button" class="button secondary small"
              onClick={() => update({ people: fields.people.filter((_, position) => position !== index) })}>
              Remove {person.name || `person ${index + 1}`}
            </button>
          </div>
        ))}
        <button type="button" class="button secondary small" onClick={() => update({ people: [...fields.people, { name: "", contact: "" }] })}>
          Add a person
        </button>
      </fieldset>
      <TextField label="Review the plan by (optional)" type="date" value={fields.review_date} onChange={(review_date) => update({ review_date })} />
      <TextField label="What changed, and why? (optional)" value={fields.change_note} onChange={(change_note) => update({ change_note })} />
      <FormError message={error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : "Save this version"}
        </button>
        <button type="button" class="button secondary" onClick={() => { clearDraft(); onDone(); }}>
          Cancel
        </button>
      </div>
    </form>
  );
}
