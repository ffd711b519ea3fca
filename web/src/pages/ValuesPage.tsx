// Values (F1): what matters to you, in your own order. Pause shows them under "My reasons".
import { useState } from "preact/hooks";
import { createRecord, errorMessage, listAll, patchRecord } from "../lib/api";
import { refreshPauseKit } from "../lib/pause-kit";
import type { Value } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { FormError } from "../components/FormError";
import { ItemActions, useRecordItem } from "../components/ListEditor";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { TextField } from "../components/TextField";

export function ValuesPage() {
  const loaded = useLoad(() => listAll("values"));
  const values = [...(loaded.data ?? [])].sort((a, b) => a.rank - b.rank || a.id.localeCompare(b.id));
  const [error, setError] = useState<string | null>(null);

  function changed() {
    loaded.reload();
    void refreshPauseKit();
  }

  async function move(index: number, step: -1 | 1) {
    const other = values[index + step];
    const value = values[index];
    if (!other) return;
    setError(null);
    try {
      // Give every value its position as its rank, with the two swapped.
      const order = [...values];
      order[index] = other;
      order[index + step] = value;
      await Promise.all(order.map((item, rank) => (item.rank === rank ? null : patchRecord("values", item.id, { rank }))));
      changed();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }

  return (
    <div>
      <PageTitle>My values</PageTitle>
      <p class="quiet">What matters to you, most important first. They show in Pause, under “My reasons”.</p>
      <LoadState loaded={loaded} what="your values" />
      <FormError message={error} />
      <ol class="value-list">
        {values.map((value, index) => (
          <ValueItem key={value.id} value={value} first={index === 0} last={index === values.length - 1}
            onMove={(step) => move(index, step)} onChanged={changed} />
        ))}
      </ol>
      {loaded.data && <NewValueForm nextRank={values.length ? Math.max(...values.map((value) => value.rank)) + 1 : 0} onAdded={changed} />}
    </div>
  );
}

function ValueItem({ value, first, last, onMove, onChanged }: {
  value: Value;
  first: boolean;
  last: boolean;
  onMove: (step: -1 | 1) => void;
  onChanged: () => void;
}) {
  const item = useRecordItem("values", value.id, onChanged);
  return (
    <li class="card">
      {item.editing ? (
        <ValueForm
          draftKey={`edit-value-${value.id}`}
          initial={() => ({ name: value.name, description: value.description })}
          submitLabel="Save changes"
          onSubmit={item.save}
          onCancel={() => item.setEditing(false)}
        />
      ) : (
        <>
          <h2 class="value-name">{value.name}</h2>
          {value.description && <p>{value.description}</p>}
          <ItemActions item={item} name={value.name} deleteQuestion={`Delete “${value.name}” for good?`}>
            <button type="button" class="button secondary small" disabled={first} onClick={() => onMove(-1)}>
              Move up <span class="visually-hidden">{value.name}</span>
            </button>
            <button type="button" class="button secondary small" disabled={last} onClick={() => onMove(1)}>
              Move down <span class="visually-hidden">{value.name}</span>
            </button>
          </ItemActions>
        </>
      )}
    </li>
  );
}

interface ValueFields {
  name: string;
  description: string;
}

function ValueForm({ onSubmit, ...props }: RecordFormProps<ValueFields>) {
  return (
    <DraftForm {...props} onSubmit={(fields) => onSubmit({ name: fields.name.trim(), description: fields.description.trim() })}>
      {(fields, update) => (
        <>
          <TextField label="Value" hint="A word or two: connection, honesty, health…" value={fields.name} maxLength={200} required
            onChange={(name) => update({ name })} />
          <TextField label="What it means to you (optional)" multiline value={fields.description}
            onChange={(description) => update({ description })} />
        </>
      )}
    </DraftForm>
  );
}

function NewValueForm({ nextRank, onAdded }: { nextRank: number; onAdded: () => void }) {
  return (
    <section class="card" aria-labelledby="new-value-title">
      <h2 id="new-value-title">Add a value</h2>
      <ValueForm
        draftKey="new-value"
        initial={() => ({ name: "", description: "" })}
        submitLabel="Add"
        onSubmit={async (fields) => {
          await createRecord("values", { id: newId(), created_at: new Date().toISOString(), rank: nextRank, ...fields });
          onAdded();
        }}
      />
    </section>
  );
}
