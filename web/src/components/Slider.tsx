// A labelled 0–10 slider that says its value in words next to it.
import { useId } from "preact/hooks";

interface SliderProps {
  label: string;
  value: number;
  onChange: (value: number) => void;
  low: string;
  high: string;
  minimum?: number;
  maximum?: number;
}

export function Slider({ label, value, onChange, low, high, minimum = 0, maximum = 10 }: SliderProps) {
  const id = useId();
  return (
    <div class="slider">
      <label for={id}>
        {label}: <output for={id}>{value}</output>
      </label>
      <input
        id={id}
        type="range"
        min={minimum}
        max={maximum}
        step={1}
        value={value}
        aria-valuetext={`${value} of ${maximum}, from ${low} to ${high}`}
        onInput={(event) => onChange(Number(event.currentTarget.value))}
      />
      <div class="slider-ends small quiet" aria-hidden="true">
        <span>{low}</span>
        <span>{high}</span>
      </div>
    </div>
  );
}
