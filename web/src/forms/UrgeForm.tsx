// Every field of an urge (F6): for the Log page and for editing one in History.
import { useObservable } from "../lib/observable";
import type { UrgeFields } from "../lib/records";
import { latestStats, suggestionsFrom } from "../lib/suggestions";
import { outcomeWords, outcomes } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { IntensityScale } from "../components/IntensityScale";
import { TagPicker } from "../components/TagPicker";
import { TextField } from "../components/TextField";

export function UrgeForm(props: RecordFormProps<UrgeFields>) {
  const suggestions = suggestionsFrom(useObservable(latestStats));
  return (
    <DraftForm {...props} check={(fields) =>
      fields.intensity === null ? "Please choose how strong the urge was, from 0 to 10."
        : !fields.outcome ? "Please choose what happened with the urge." : null}>
      {(fields, update) => (
        <>
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
        </>
      )}
    </DraftForm>
  );
}
