// What every list of the client's own records shares (values, activities, journal, goals): one
// item's edit form opened and closed, its changes saved, and Delete, asked once more, with
// keel's sentence shown under the item when it fails.
import type { ComponentChildren } from "preact";
import { useRef, useState } from "preact/hooks";
import { deleteRecord, errorMessage, patchRecord } from "../lib/api";
import { hasDraft } from "../lib/drafts";
import type { RecordKind } from "../lib/types";
import { ConfirmButton } from "./ConfirmButton";
import { FormError } from "./FormError";

export interface RecordItem {
  editing: boolean;
  setEditing: (editing: boolean) => void;
  /** Saves a change (a JSON Merge Patch), closes the form and reloads the list; throws on failure. */
  save: (patch: object) => Promise<void>;
  /** Saves a change made by a button rather than a form; a failure shows under the item. */
  change: (patch: object) => Promise<void>;
  /** Deletes the record and reloads the list; a failure shows under the item. */
  remove: () => Promise<void>;
  error: string | null;
}

export function useRecordItem(kind: RecordKind, id: string, onChanged: () => void): RecordItem {
  const [editing, setEditing] = useState(false);
  const [error, setError] = useState<string | null>(null);
  async function attempt(action: () => Promise<unknown>) {
    setError(null);
    try {
      await action();
      onChanged();
    } catch (failure) {
      setError(errorMessage(failure));
    }
  }
  return {
    editing,
    setEditing,
    error,
    async save(patch) {
      await patchRecord(kind, id, patch);
      setEditing(false);
      onChanged();
    },
    change: (patch) => attempt(() => patchRecord(kind, id, patch)),
    remove: () => attempt(() => deleteRecord(kind, id)),
  };
}

interface ItemActionsProps {
  item: RecordItem;
  /** "Delete “…” for good?" */
  deleteQuestion: string;
  /** Whether the item has an Edit button (that opens its form). */
  editable?: boolean;
  /** Said after "Edit" to a screen reader, so that each item's button has a name of its own. */
  name?: string;
  /** More buttons, between Edit and Delete. */
  children?: ComponentChildren;
}

/** An item's buttons: Edit, the item's own, and Delete; then the error of a failed delete. */
export function ItemActions({ item, deleteQuestion, editable = true, name, children }: ItemActionsProps) {
  return (
    <>
      <div class="actions">
        {editable && (
          <button type="button" class="button secondary small" onClick={() => item.setEditing(true)}>
            Edit{name !== undefined && <> <span class="visually-hidden">{name}</span></>}
          </button>
        )}
        {children}
        <ConfirmButton label="Delete" question={deleteQuestion} confirmLabel="Yes, delete" onConfirm={item.remove} />
      </div>
      <FormError message={item.error} />
    </>
  );
}

interface ListSectionProps<T> {
  /** The heading's id, which names the section. */
  id: string;
  title: string;
  items: T[];
  /** Said when there are no items (nothing, when left out). */
  empty?: string;
  listClass: string;
  /** One item, as an li with its key. */
  render: (item: T) => ComponentChildren;
}

/** A titled part of a list page: its heading, a sentence when it is empty, and its items. */
export function ListSection<T>({ id, title, items, empty, listClass, render }: ListSectionProps<T>) {
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {items.length === 0 && empty && <p class="quiet">{empty}</p>}
      <ul class={listClass}>{items.map(render)}</ul>
    </section>
  );
}

/**
 * The folded "add" form: open while a draft of it is kept; `children` gets `close`, for a
 * successful add, which folds it again and puts focus back on its summary.
 */
export function AddItem({ draftKey, summary, children }: {
  draftKey: string;
  summary: string;
  children: (close: () => void) => ComponentChildren;
}) {
  const [open, setOpen] = useState(() => hasDraft(draftKey));
  const summaryRef = useRef<HTMLElement>(null);
  const close = () => {
    setOpen(false);
    summaryRef.current?.focus();
  };
  return (
    <details class="card" open={open} onToggle={(event) => setOpen((event.currentTarget as HTMLDetailsElement).open)}>
      <summary ref={summaryRef}>{summary}</summary>
      {children(close)}
    </details>
  );
}
