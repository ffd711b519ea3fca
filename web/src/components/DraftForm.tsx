// The shell every record form shares: the fields kept as a draft while typed (drafts.ts), the
// submit (use-submit.ts), the error sentence, and the Save and Cancel buttons. The form's own
// fields come from its children, given the draft and a way to change it.
import type { ComponentChildren } from "preact";
import { type DraftUpdate, useDraft } from "../lib/drafts";
import { useSubmit } from "../lib/use-submit";
import { FormError } from "./FormError";

/** What a page gives a record form: where its draft is kept, its first values, and what saving does. */
export interface RecordFormProps<T> {
  draftKey: string;
  initial: () => T;
  submitLabel: string;
  onSubmit: (fields: T) => Promise<void>;
  onCancel?: () => void;
  cancelLabel?: string;
}

interface DraftFormProps<T> extends RecordFormProps<T> {
  /** One sentence on what is missing, or null when the fields can be sent. */
  check?: (fields: T) => string | null;
  children: (fields: T, update: DraftUpdate<T>) => ComponentChildren;
}

export function DraftForm<T extends object>({ draftKey, initial, submitLabel, onSubmit, onCancel, cancelLabel = "Cancel", check, children }: DraftFormProps<T>) {
  const [fields, update, clearDraft] = useDraft(draftKey, initial);
  const { busy, error, submit } = useSubmit(
    async () => {
      await onSubmit(fields);
      clearDraft();
    },
    check && (() => check(fields)),
  );
  return (
    <form class="form" onSubmit={submit}>
      {children(fields, update)}
      <FormError message={error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button secondary" onClick={() => { clearDraft(); onCancel(); }}>
            {cancelLabel}
          </button>
        )}
      </div>
    </form>
  );
}
