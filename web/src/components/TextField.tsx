// Labelled text inputs: one line, several lines, and a list written one item per line.
import { useId } from "preact/hooks";

interface TextFieldProps {
  label: string;
  value: string;
  onChange: (value: string) => void;
  multiline?: boolean;
  hint?: string;
  maxLength?: number;
  required?: boolean;
  type?: "text" | "date" | "datetime-local" | "number" | "password" | "tel";
  autocomplete?: string;
  inputMode?: "decimal" | "numeric" | "text";
  min?: number;
  max?: number;
  step?: number | "any";
  rows?: number;
}

export function TextField({ label, value, onChange, multiline, hint, rows = 3, ...input }: TextFieldProps) {
  const id = useId();
  const hintId = hint ? id + "-hint" : undefined;
  return (
    <div class="field">
      <label for={id}>{label}</label>
      {hint && (
        <p id={hintId} class="small quiet">
          {hint}
        </p>
      )}
      {multiline ? (
        <textarea
          id={id}
          rows={rows}
          value={value}
          maxLength={input.maxLength}
          required={input.required}
          aria-describedby={hintId}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
      ) : (
        <input
          id={id}
          type={input.type ?? "text"}
          value={value}
          maxLength={input.maxLength}
          required={input.required}
          autocomplete={input.autocomplete}
          inputMode={input.inputMode}
          min={input.min}
          max={input.max}
          step={input.step}
          aria-describedby={hintId}
          onInput={(event) => onChange(event.currentTarget.value)}
        />
      )}
    </div>
  );
}

interface LinesFieldProps {
  label: string;
  lines: string[];
  onChange: (lines: string[]) => void;
  hint?: string;
}

/** A list as a text box with one item per line; empty lines are dropped when it is saved. */
export function LinesField({ label, lines, onChange, hint = "One per line." }: LinesFieldProps) {
  return (
    <TextField label={label} hint={hint} multiline rows={Math.max(3, lines.length + 1)} value={lines.join("\n")}
      onChange={(text) => onChange(text.split("\n"))} />
  );
}

export function cleanLines(lines: string[]): string[] {
  return lines.map((line) => line.trim()).filter(Boolean);
}
