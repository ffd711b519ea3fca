// Paced breathing: a circle that grows as you breathe in and shrinks as you breathe out, about
// six breaths a minute (in 4 s, out 6 s), or box breathing (4 s in, hold, out, hold). With
// reduced motion the circle stays still and the words and count lead.
import { useEffect } from "preact/hooks";
import { useNow } from "../../lib/use-clock";
import { CountdownTimer } from "./CountdownTimer";
import type { ExerciseProps } from "./exercise";

export type BreathingPattern = "paced" | "box";

interface Phase {
  name: "in" | "hold-full" | "out" | "hold-empty";
  words: string;
  seconds: number;
}

const patterns: Record<BreathingPattern, Phase[]> = {
  paced: [
    { name: "in", words: "Breathe in", seconds: 4 },
    { name: "out", words: "Breathe out", seconds: 6 },
  ],
  box: [
    { name: "in", words: "Breathe in", seconds: 4 },
    { name: "hold-full", words: "Hold", seconds: 4 },
    { name: "out", words: "Breathe out", seconds: 4 },
    { name: "hold-empty", words: "Hold", seconds: 4 },
  ],
};

function phaseAt(pattern: Phase[], elapsedMilliseconds: number): { phase: Phase; secondsLeft: number } {
  const cycle = pattern.reduce((total, phase) => total + phase.seconds * 1000, 0);
  let position = elapsedMilliseconds % cycle;
  for (const phase of pattern) {
    if (position < phase.seconds * 1000) return { phase, secondsLeft: Math.ceil((phase.seconds * 1000 - position) / 1000) };
    position -= phase.seconds * 1000;
  }
  return { phase: pattern[0], secondsLeft: pattern[0].seconds };
}

export function BreathingExercise({ minutes, startedAt, onFinish, pattern }: ExerciseProps & { pattern: BreathingPattern }) {
  const now = useNow(true, 100);
  const elapsedMilliseconds = now - startedAt;
  const plannedSeconds = minutes * 60;
  const elapsedSeconds = Math.floor(elapsedMilliseconds / 1000);
  const { phase, secondsLeft } = phaseAt(patterns[pattern], elapsedMilliseconds);

  useEffect(() => {
    if (elapsedSeconds >= plannedSeconds) onFinish(plannedSeconds);
  }, [elapsedSeconds >= plannedSeconds]);

  return (
    <div class="exercise breathe">
      <CountdownTimer label={pattern === "box" ? "Box breathing" : "Slow breathing, about six breaths a minute"}
        secondsLeft={plannedSeconds - elapsedSeconds} />
      <div class="pacer-stage" aria-hidden="true">
        <div class={`pacer pacer-${phase.name} pacer-${phase.seconds}s`} />
      </div>
      <p class="pacer-words">
        {phase.words} <span class="pacer-count">{secondsLeft}</span>
      </p>
      <p class="quiet small">Breathe through your nose if you can, low into your belly. There is no wrong way.</p>
      <button type="button" class="button secondary" onClick={() => onFinish(elapsedSeconds)}>
        I'm ready to stop
      </button>
    </div>
  );
}
