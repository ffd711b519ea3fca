// 0 to 10 as eleven large buttons: one tap picks the intensity of an urge.
import { useId } from "preact/hooks";

interface IntensityScaleProps {
  label: string;
  value: number | null;
  onChoose: (intensity: number) => void;
  hint?: string;
}

const levels = Array.from({ length: 11 }, (_, index) => index);

export function IntensityScale({ label, value, onChoose, hint = "0 is none, 10 is the strongest" }: IntensityScaleProps) {
  const labelId = useId();
  const hintId = useId();
  return (
    <div role="group" aria-labelledby={labelId} aria-describedby={hintId} class="intensity-scale">
      <p id={labelId} class="group-label">
        {label}
      </p>
      <p id={hintId} class="quiet small">
        {hint}
      </p>
      <div class="intensity-buttons">
        {levels.map((level) => (
          <button
            key={level}
            type="button"
            class={`intensity-button level-${level}`}
            aria-pressed={value === level}
            onClick={() => onChoose(level)}
          >
            {level}
          </button>
        ))}
      </div>
    </div>
  );
}
