// The short, kind look back after a lapse (F4): what came before, what helped a little, what to
// try next time. It counts a lapse; it takes nothing away.
import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api";
import { useDraft } from "../lib/drafts";
import type { LapseReviewFields } from "../lib/records";
import { FormError } from "../components/FormError";
import { LinesField, TextField } from "../components/TextField";

interface LapseReviewFormProps {
  draftKey: string;
  initial: () => LapseReviewFields;
  submitLabel: string;
  onSubmit: (fields: LapseReviewFields) => Promise<void>;
  onCancel?: () => void;
  cancelLabel?: string;
}

export function LapseReviewForm({ draftKey, initial, submitLabel, onSubmit, onCancel, cancelLabel = "Cancel" }: LapseReviewFormProps) {
  const [fields, update, clearDraft] = useDraft(draftKey, initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await onSubmit(fields);
      clearDraft();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <form class="form" onSubmit={submit}>
      <TextField label="What made you more vulnerable today?" hint="Tired, lonely, stressed, a hard conversation…" multiline
        value={fields.vulnerability} onChange={(vulnerability) => update({ vulnerability })} />
      <TextField label="What set the urge off?" multiline value={fields.trigger} onChange={(trigger) => update({ trigger })} />
      <LinesField label="The steps from the urge to acting, in order" hint="One step per line, for example: noticed the urge, argued with it, picked up the phone."
        lines={fields.links} onChange={(links) => update({ links })} />
      <TextField label="That was a hard moment; what helped a little?" multiline value={fields.whatHelped}
        onChange={(whatHelped) => update({ whatHelped })} />
      <TextField label="What might you try next time?" multiline value={fields.whatToChange}
        onChange={(whatToChange) => update({ whatToChange })} />
      <TextField label="A kind word to yourself" hint="What would you say to a friend in your place?" multiline
        value={fields.selfCompassion} onChange={(selfCompassion) => update({ selfCompassion })} />
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
