// A delay timer: put the decision off for a few minutes. Urges change while you wait.
import { useEffect } from "preact/hooks";
import { useNow } from "../../lib/use-clock";
import { CountdownTimer } from "./CountdownTimer";
import type { ExerciseProps } from "./exercise";

export function DelayExercise({ minutes, startedAt, onFinish }: ExerciseProps) {
  const now = useNow(true);
  const plannedSeconds = minutes * 60;
  const elapsedSeconds = Math.floor((now - startedAt) / 1000);
  useEffect(() => {
    if (elapsedSeconds >= plannedSeconds) onFinish(plannedSeconds);
  }, [elapsedSeconds >= plannedSeconds]);
  return (
    <div class="exercise delay">
      <CountdownTimer label={`Waiting ${minutes} minutes before deciding anything`} secondsLeft={plannedSeconds - elapsedSeconds} />
      <p>
        You don't have to decide now. Do something else with your hands while the timer runs: get a glass of water,
        step outside, tidy one small thing. Your reasons and people are below.
      </p>
      <button type="button" class="button secondary" onClick={() => onFinish(elapsedSeconds)}>
        I'm ready to stop
      </button>
    </div>
  );
}
