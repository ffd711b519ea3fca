// Journal (F11, F12, F21): free writing, thought records, behavioural experiments,
// self-compassion breaks, compassionate letters and reframes. Private entries stay private.
import { useState } from "preact/hooks";
import { createRecord, listAll } from "../lib/api";
import { hasDraft } from "../lib/drafts";
import { recordTimeZone } from "../lib/records";
import { useLocation } from "../lib/router";
import { describeDay, toRfc3339 } from "../lib/time";
import type { JournalEntry, JournalKind } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { journalFields, journalKindWords } from "../lib/words";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { ItemActions, useRecordItem } from "../components/ListEditor";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { TextField } from "../components/TextField";

const kinds = Object.keys(journalKindWords) as JournalKind[];

const bodyPrompts: Record<JournalKind, string> = {
  free: "Write whatever is on your mind",
  thought_record: "Anything else (optional)",
  behavioural_experiment: "Anything else (optional)",
  self_compassion: "Anything else (optional)",
  compassionate_letter: "Write to yourself as a kind friend would",
  reframe: "What happened, and how else could you see it?",
};

interface EntryFields {
  kind: JournalKind;
  title: string;
  body: string;
  fields: Record<string, string>;
  isPrivate: boolean;
}

function fieldsOf(entry: JournalEntry): EntryFields {
  return {
    kind: entry.kind,
    title: entry.title,
    body: entry.body,
    fields: Object.fromEntries(entry.fields.map((field) => [field.name, field.value])),
    isPrivate: entry.is_private,
  };
}

function entryBody(fields: EntryFields) {
  const named = journalFields[fields.kind] ?? [];
  return {
    kind: fields.kind,
    title: fields.title.trim(),
    body: fields.body.trim(),
    fields: named
      .map((field) => ({ name: field.name, value: (fields.fields[field.name] ?? "").trim() }))
      .filter((field) => field.value),
    is_private: fields.isPrivate,
  };
}

export function JournalPage() {
  const location = useLocation();
  const requestedKind = location.query.get("kind") as JournalKind | null;
  const loaded = useLoad(() => listAll("journal"));
  const entries = [...(loaded.data ?? [])].sort((a, b) => Date.parse(b.at) - Date.parse(a.at));
  const [writing, setWriting] = useState(Boolean(requestedKind) || hasDraft("new-journal"));

  return (
    <div>
      <PageTitle>Journal</PageTitle>
      {!writing && (
        <button type="button" class="button primary" onClick={() => setWriting(true)}>
          Write an entry
        </button>
      )}
      {writing && (
        <section class="card" aria-labelledby="new-entry-title">
          <h2 id="new-entry-title">New entry</h2>
          <EntryForm
            draftKey="new-journal"
            initial={() => ({
              kind: requestedKind && kinds.includes(requestedKind) ? requestedKind : "free",
              title: "",
              body: "",
              fields: {},
              isPrivate: true,
            })}
            submitLabel="Save entry"
            onSubmit={async (fields) => {
              await createRecord("journal", { id: newId(), at: toRfc3339(), time_zone: recordTimeZone(), ...entryBody(fields) });
              setWriting(false);
              loaded.reload();
            }}
            onCancel={() => setWriting(false)}
          />
        </section>
      )}
      <LoadState loaded={loaded} what="your journal" />
      {loaded.data && entries.length === 0 && <p class="quiet">Your entries will show here.</p>}
      <ul class="journal-list">
        {entries.map((entry) => (
          <JournalItem key={entry.id} entry={entry} onChanged={loaded.reload} />
        ))}
      </ul>
    </div>
  );
}

function JournalItem({ entry, onChanged }: { entry: JournalEntry; onChanged: () => void }) {
  const item = useRecordItem("journal", entry.id, onChanged);
  const named = journalFields[entry.kind] ?? [];
  return (
    <li class="card">
      <details>
        <summary>
          {describeDay(entry.at.slice(0, 10))} · {journalKindWords[entry.kind]}
          {entry.title && `: ${entry.title}`}
          {entry.is_private && <span class="small quiet"> (private)</span>}
        </summary>
        {item.editing ? (
          <EntryForm
            draftKey={`edit-journal-${entry.id}`}
            initial={() => fieldsOf(entry)}
            submitLabel="Save changes"
            onSubmit={(fields) => item.save(entryBody(fields))}
            onCancel={() => item.setEditing(false)}
          />
        ) : (
          <>
            <dl class="journal-fields">
              {entry.fields.map((field) => (
                <div key={field.name}>
                  <dt>{named.find((known) => known.name === field.name)?.label ?? field.name}</dt>
                  <dd>{field.value}</dd>
                </div>
              ))}
            </dl>
            {entry.body && <p class="journal-body">{entry.body}</p>}
            <ItemActions item={item} deleteQuestion="Delete this entry for good?" />
          </>
        )}
      </details>
    </li>
  );
}

function EntryForm(props: RecordFormProps<EntryFields>) {
  const { draftKey } = props;
  return (
    <DraftForm
      {...props}
      check={(fields) => {
        const body = entryBody(fields);
        return !body.title && !body.body && body.fields.length === 0 ? "Please write something first: a title, a few words or an answer." : null;
      }}
    >
      {(fields, update) => (
        <>
          <div class="field">
            <label for={`${draftKey}-kind`}>Kind of entry</label>
            <select id={`${draftKey}-kind`} value={fields.kind} onChange={(event) => update({ kind: event.currentTarget.value as JournalKind })}>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {journalKindWords[kind]}
                </option>
              ))}
            </select>
          </div>
          <TextField label="Title (optional)" value={fields.title} maxLength={500} onChange={(title) => update({ title })} />
          {(journalFields[fields.kind] ?? []).map((field) => (
            <TextField key={field.name} label={field.label} multiline rows={2} value={fields.fields[field.name] ?? ""}
              onChange={(value) => update({ fields: { ...fields.fields, [field.name]: value } })} />
          ))}
          <TextField label={bodyPrompts[fields.kind]} multiline rows={6} value={fields.body} onChange={(body) => update({ body })} />
          <label class="choice">
            <input type="checkbox" checked={fields.isPrivate} onChange={(event) => update({ isPrivate: event.currentTarget.checked })} />
            <span>Private: never shared with anyone</span>
          </label>
        </>
      )}
    </DraftForm>
  );
}
