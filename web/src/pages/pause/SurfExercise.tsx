// Urge surfing: a guided timer that asks how strong the urge is each minute and draws the wave.
import { useEffect } from "preact/hooks";
import type { IntensitySample } from "../../lib/types";
import { useNow } from "../../lib/use-clock";
import { IntensityScale } from "../../components/IntensityScale";
import { WaveChart } from "../../components/charts/WaveChart";
import { CountdownTimer } from "./CountdownTimer";
import type { ExerciseProps } from "./exercise";

const guidance = [
  "Notice where you feel the urge in your body. Just notice it.",
  "Breathe into that place. You don't have to do anything with the urge.",
  "Like a wave, it rises, peaks and falls. Ride it; you don't have to fight it.",
  "Let it be there. It is a feeling, not an order.",
  "If your mind wanders, gently come back to the breath and the body.",
  "Notice any change in the urge, however small.",
];

export function SurfExercise({ minutes, startedAt, samples, onSample, onFinish }: ExerciseProps) {
  const now = useNow(true);
  const elapsedSeconds = Math.floor((now - startedAt) / 1000);
  const plannedSeconds = minutes * 60;
  const minute = Math.floor(elapsedSeconds / 60);
  const answeredThisMinute = samples.some((sample) => minute > 0 && Math.floor(sample.offset_seconds / 60) === minute);

  useEffect(() => {
    if (elapsedSeconds >= plannedSeconds) onFinish(plannedSeconds);
  }, [elapsedSeconds >= plannedSeconds]);

  const lastIntensity = samples[samples.length - 1]?.intensity ?? null;
  function rate(intensity: number) {
    const sample: IntensitySample = { offset_seconds: Math.min(elapsedSeconds, 86400), intensity };
    onSample(sample);
  }

  return (
    <div class="exercise surf">
      <CountdownTimer label={`Urge surfing, ${minutes} minutes`} secondsLeft={plannedSeconds - elapsedSeconds} />
      <p class="guidance" aria-live="polite">
        {guidance[minute % guidance.length]}
      </p>
      <p class="visually-hidden" aria-live="polite">
        {minute > 0 && !answeredThisMinute ? `Minute ${minute}: how strong is the urge now?` : ""}
      </p>
      {minute > 0 && (
        <div class="minute-prompt">
          <IntensityScale
            label={answeredThisMinute ? `Minute ${minute}: thank you. You can change it.` : `Minute ${minute}: how strong is it now?`}
            value={answeredThisMinute ? lastIntensity : null}
            onChoose={rate}
          />
        </div>
      )}
      <WaveChart samples={samples} minutes={minutes} />
      <button type="button" class="button secondary" onClick={() => onFinish(elapsedSeconds)}>
        I'm ready to stop
      </button>
    </div>
  );
}
