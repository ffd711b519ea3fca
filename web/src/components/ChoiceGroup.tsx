// A set of radio buttons under one legend: pick one of a few named choices.
import { useId } from "preact/hooks";

interface ChoiceGroupProps<T extends string> {
  legend: string;
  choices: { value: T; label: string; hint?: string }[];
  value: T | null;
  onChange: (value: T) => void;
  compact?: boolean;
}

export function ChoiceGroup<T extends string>({ legend, choices, value, onChange, compact }: ChoiceGroupProps<T>) {
  const name = useId();
  return (
    <fieldset class={compact ? "choice-group compact" : "choice-group"}>
      <legend>{legend}</legend>
      {choices.map((choice) => (
        <label key={choice.value} class="choice">
          <input
            type="radio"
            name={name}
            value={choice.value}
            checked={value === choice.value}
            onChange={() => onChange(choice.value)}
          />
          <span>
            {choice.label}
            {choice.hint && <span class="small quiet"> ({choice.hint})</span>}
          </span>
        </label>
      ))}
    </fieldset>
  );
}
