// The short, kind look back after a lapse (F4): what came before, what helped a little, what to
// try next time. It counts a lapse; it takes nothing away.
import type { LapseReviewFields } from "../lib/records";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { LinesField, TextField } from "../components/TextField";

export function LapseReviewForm(props: RecordFormProps<LapseReviewFields>) {
  return (
    <DraftForm {...props}>
      {(fields, update) => (
        <>
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
        </>
      )}
    </DraftForm>
  );
}
