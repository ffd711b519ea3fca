// Every field of an urge (F6): for the Log page and for editing one in History.
import { useState } from "preact/hooks";
import { errorMessage } from "../lib/api";
import { useDraft } from "../lib/drafts";
import { useObservable } from "../lib/observable";
import type { UrgeFields } from "../lib/records";
import { latestStats, suggestionsFrom } from "../lib/suggestions";
import { outcomeWords, outcomes } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { FormError } from "../components/FormError";
import { IntensityScale } from "../components/IntensityScale";
import { TagPicker } from "../components/TagPicker";
import { TextField } from "../components/TextField";

interface UrgeFormProps {
  draftKey: string;
  initial: () => UrgeFields;
  submitLabel: string;
  onSubmit: (fields: UrgeFields) => Promise<void>;
  onCancel?: () => void;
}

export function UrgeForm({ draftKey, initial, submitLabel, onSubmit, onCancel }: UrgeFormProps) {
  const [fields, update, clearDraft] = useDraft(draftKey, initial);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const suggestions = suggestionsFrom(useObservable(latestStats));

  async function submit(event: Event) {
    event.preventDefault();
    if (fields.intensity === null) return setError("Please choose how strong the urge was, from 0 to 10.");
    if (!fields.outcome) return setError("Please choose what happened with the urge.");
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
      <TextField label="When did it begin?" type="datetime-local" value={fields.at} onChange={(at) => update({ at })} required />
      <IntensityScale label="How strong was it?" value={fields.intensity} onChoose={(intensity) => update({ intensity })} />
      <TextField
        label="How long did it last, in minutes? (optional)"
        type="number"
        inputMode="numeric"
        min={0}
        max={1440}
        step={1}
        value={fields.durationMinutes}
        onChange={(durationMinutes) => update({ durationMinutes })}
      />
      <TagPicker label="Where were you, what were you doing?" suggestions={suggestions.contexts} selected={fields.contexts}
        onChange={(contexts) => update({ contexts })} />
      <TagPicker label="What were you feeling?" suggestions={suggestions.emotions} selected={fields.emotions}
        onChange={(emotions) => update({ emotions })} />
      <TagPicker label="Any warning signs?" suggestions={suggestions.warningSigns} selected={fields.warningSigns}
        onChange={(warningSigns) => update({ warningSigns })} />
      <ChoiceGroup
        legend="What happened with it?"
        choices={outcomes.map((outcome) => ({ value: outcome, label: outcomeWords[outcome].label, hint: outcomeWords[outcome].hint }))}
        value={fields.outcome}
        onChange={(outcome) => update({ outcome })}
      />
      <TextField label="What did you do? (optional)" value={fields.strategy} maxLength={1000} onChange={(strategy) => update({ strategy })} />
      <TextField label="Note (optional)" multiline value={fields.note} onChange={(note) => update({ note })} />
      <FormError message={error} />
      <div class="actions">
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Saving…" : submitLabel}
        </button>
        {onCancel && (
          <button type="button" class="button secondary" onClick={() => { clearDraft(); onCancel(); }}>
            Cancel
          </button>
        )}
      </div>
    </form>
  );
}
