// The daily check-in (F5): how you are (HALT and more), sleep, urges today, a line of reflection.
import type { CheckIn } from "../lib/types";
import { checkinStates } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { DraftForm, type RecordFormProps } from "../components/DraftForm";
import { Slider } from "../components/Slider";
import { TextField } from "../components/TextField";

export type CheckinFields = Pick<
  CheckIn,
  "mood" | "stress" | "loneliness" | "boredom" | "tiredness" | "hunger" | "urges_today" | "acted_today" | "note"
> & { sleep_hours: string; urges_today_text: string };

export function checkinFieldsOf(checkin: Partial<CheckIn>): CheckinFields {
  return {
    mood: checkin.mood ?? 5,
    stress: checkin.stress ?? 5,
    loneliness: checkin.loneliness ?? 5,
    boredom: checkin.boredom ?? 5,
    tiredness: checkin.tiredness ?? 5,
    hunger: checkin.hunger ?? 5,
    sleep_hours: checkin.sleep_hours === undefined ? "" : String(checkin.sleep_hours),
    urges_today: checkin.urges_today ?? 0,
    urges_today_text: String(checkin.urges_today ?? 0),
    acted_today: checkin.acted_today ?? false,
    note: checkin.note ?? "",
  };
}

export function checkinBody(fields: CheckinFields) {
  const sleep = Number(fields.sleep_hours.replace(",", "."));
  const urges = Math.round(Number(fields.urges_today_text));
  return {
    mood: fields.mood,
    stress: fields.stress,
    loneliness: fields.loneliness,
    boredom: fields.boredom,
    tiredness: fields.tiredness,
    hunger: fields.hunger,
    sleep_hours: Number.isFinite(sleep) ? Math.min(24, Math.max(0, sleep)) : 0,
    urges_today: Number.isFinite(urges) ? Math.max(0, urges) : 0,
    acted_today: fields.acted_today,
    note: fields.note.trim(),
  };
}

export function CheckinForm(props: RecordFormProps<CheckinFields>) {
  return (
    <DraftForm {...props} check={(fields) => (fields.sleep_hours.trim() === "" ? "Please say about how many hours you slept (0 to 24)." : null)}>
      {(fields, update) => (
        <>
          <fieldset>
            <legend>How are you today? (0 to 10)</legend>
            {checkinStates.map((state) => (
              <Slider key={state.name} label={state.label} low={state.low} high={state.high} value={fields[state.name]}
                onChange={(value) => update({ [state.name]: value } as Partial<CheckinFields>)} />
            ))}
          </fieldset>
          <TextField label="Hours of sleep last night" type="number" inputMode="decimal" min={0} max={24} step={0.5}
            value={fields.sleep_hours} onChange={(sleep_hours) => update({ sleep_hours })} required />
          <TextField label="Urges today" type="number" inputMode="numeric" min={0} max={500} step={1}
            value={fields.urges_today_text} onChange={(urges_today_text) => update({ urges_today_text })} />
          <ChoiceGroup
            legend="Did you act on an urge today?"
            compact
            choices={[
              { value: "no", label: "No" },
              { value: "yes", label: "Yes" },
            ]}
            value={fields.acted_today ? "yes" : "no"}
            onChange={(answer) => update({ acted_today: answer === "yes" })}
          />
          <TextField label="One line of reflection (optional)" maxLength={2000} value={fields.note} onChange={(note) => update({ note })} />
        </>
      )}
    </DraftForm>
  );
}
