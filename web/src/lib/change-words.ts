// Reliable change (Reliable Change Index) in plain words: whether a questionnaire's change is more
// than measurement noise. Progress and Questionnaires share them.
import type { ChangeClassification } from "./types";

export const classificationWords: Record<ChangeClassification, string> = {
  recovered: "That is a reliable change, and it crosses into the range of people without these difficulties.",
  improved: "That is a reliable improvement: larger than measurement noise alone would explain.",
  unchanged: "That change is within what measurement noise could explain, so it isn't counted as a reliable change yet.",
  deteriorated: "That is a reliable change for the worse. It may help to talk it over with your therapist.",
};

export const classificationLabels: Record<ChangeClassification, string> = {
  recovered: "reliable change, recovered range",
  improved: "reliable improvement",
  unchanged: "no reliable change",
  deteriorated: "reliably worse",
};

/** An instrument's short name: "PHQ-9" of "Patient Health Questionnaire (PHQ-9)". */
export function shortTitle(instrument: { title: string } | undefined, id: string): string {
  const match = instrument?.title.match(/\(([^)]+)\)\s*$/);
  return match ? match[1] : instrument?.title ?? id.toUpperCase();
}
