import type { IntensitySample } from "../../lib/types";

/** What every Pause exercise is given: how long, when it began, the ratings so far, and how to end. */
export interface ExerciseProps {
  minutes: number;
  startedAt: number;
  samples: IntensitySample[];
  onSample: (sample: IntensitySample) => void;
  onFinish: (elapsedSeconds: number) => void;
}
