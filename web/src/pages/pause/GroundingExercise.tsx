// Grounding 5-4-3-2-1: come back to the room through the senses, one step at a time.
import { useEffect, useRef, useState } from "preact/hooks";
import type { ExerciseProps } from "./exercise";

const steps = [
  { count: 5, sense: "things you can see", hint: "Look around slowly. Name them, out loud or in your head." },
  { count: 4, sense: "things you can feel", hint: "Your feet on the floor, the chair, the air on your skin." },
  { count: 3, sense: "things you can hear", hint: "Near and far. Traffic, a fridge, your own breath." },
  { count: 2, sense: "things you can smell", hint: "Or two smells you like, remembered." },
  { count: 1, sense: "thing you can taste", hint: "Or one kind thing you can say to yourself." },
];

export function GroundingExercise({ startedAt, onFinish }: ExerciseProps) {
  const [index, setIndex] = useState(0);
  const headingRef = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    headingRef.current?.focus();
  }, [index]);
  const step = steps[index];
  const last = index === steps.length - 1;
  return (
    <div class="exercise ground">
      <p class="quiet small">
        Step {index + 1} of {steps.length}
      </p>
      <h2 ref={headingRef} tabIndex={-1} class="grounding-step">
        Notice {step.count} {step.sense}
      </h2>
      <p>{step.hint}</p>
      <div class="actions">
        <button
          type="button"
          class="button primary"
          onClick={() => (last ? onFinish(Math.floor((Date.now() - startedAt) / 1000)) : setIndex(index + 1))}
        >
          {last ? "Done" : "Next"}
        </button>
        {index > 0 && (
          <button type="button" class="button secondary" onClick={() => setIndex(index - 1)}>
            Back
          </button>
        )}
      </div>
    </div>
  );
}
