// The words the app shows for the API's codes, and the tag suggestions. Kind and plain: an urge
// is information, acting on it is a lapse, and nothing here speaks of failing.
import type { ActivityCategory, JournalKind, Outcome, Technique } from "./types";

export const outcomeWords: Record<Outcome, { label: string; hint: string }> = {
  surfed: { label: "It passed", hint: "I rode it out" },
  delayed: { label: "I waited", hint: "I put it off and it eased" },
  coping: { label: "I coped", hint: "I used a coping step" },
  acted: { label: "I acted on it", hint: "a lapse; we'll look at it kindly" },
  ongoing: { label: "Still here", hint: "it's going on now" },
};

export const outcomes: Outcome[] = ["surfed", "delayed", "coping", "ongoing", "acted"];

export const techniqueWords: Record<Technique, string> = {
  surf: "Urge surfing",
  breathe: "Paced breathing",
  ground: "Grounding 5-4-3-2-1",
  delay: "Delay timer",
};

/** The outcome an urge gets when a Pause of this technique ended with the urge passing. */
export const outcomeAfterTechnique: Record<Technique, Outcome> = {
  surf: "surfed",
  delay: "delayed",
  breathe: "coping",
  ground: "coping",
};

export const categoryWords: Record<ActivityCategory, string> = {
  pleasant: "Pleasant",
  mastery: "Mastery",
  connection: "Connection",
};

export const journalKindWords: Record<JournalKind, string> = {
  free: "Free writing",
  thought_record: "Thought record",
  behavioural_experiment: "Behavioural experiment",
  self_compassion: "Self-compassion break",
  compassionate_letter: "Compassionate letter",
  reframe: "Reframing a setback",
};

/** The named parts of each structured journal kind (domain::journal_field_names), with their questions. */
export const journalFields: Partial<Record<JournalKind, { name: string; label: string }[]>> = {
  thought_record: [
    { name: "situation", label: "What was the situation?" },
    { name: "automatic_thought", label: "What went through your mind?" },
    { name: "emotion", label: "What did you feel?" },
    { name: "emotion_strength_before", label: "How strong was the feeling (0–100)?" },
    { name: "evidence_for", label: "What supports the thought?" },
    { name: "evidence_against", label: "What doesn't fit the thought?" },
    { name: "balanced_thought", label: "A more balanced thought" },
    { name: "emotion_strength_after", label: "How strong is the feeling now (0–100)?" },
  ],
  behavioural_experiment: [
    { name: "prediction", label: "What do you predict will happen?" },
    { name: "experiment", label: "What will you try?" },
    { name: "outcome", label: "What actually happened?" },
    { name: "what_i_learned", label: "What did you learn?" },
  ],
  self_compassion: [
    { name: "mindfulness", label: "Notice it: this is a moment of struggle" },
    { name: "common_humanity", label: "You are not alone: others feel this too" },
    { name: "kindness", label: "A kind word to yourself" },
  ],
};

export const contextSuggestions = [
  "alone",
  "phone in bed",
  "laptop",
  "at home",
  "at work",
  "late at night",
  "after an argument",
  "travelling",
];

export const emotionSuggestions = ["lonely", "stressed", "bored", "tired", "anxious", "sad", "angry", "restless"];

export const warningSignSuggestions = [
  "rumination",
  "impulsive scrolling",
  "compulsive planning",
  "secrecy",
  "skipping sleep",
  "isolating",
];

export const checkinStates = [
  { name: "mood", label: "Mood", low: "low", high: "good" },
  { name: "stress", label: "Stress", low: "calm", high: "very stressed" },
  { name: "loneliness", label: "Loneliness", low: "connected", high: "very lonely" },
  { name: "boredom", label: "Boredom", low: "engaged", high: "very bored" },
  { name: "tiredness", label: "Tiredness", low: "rested", high: "exhausted" },
  { name: "hunger", label: "Hunger", low: "fed", high: "very hungry" },
] as const;

export const weekdayNames = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"];

export function plural(count: number, one: string, many = one + "s"): string {
  return `${count} ${count === 1 ? one : many}`;
}

export function formatDays(days: number | null | undefined): string {
  if (days === null || days === undefined) return "–";
  if (days < 1) return plural(Math.round(days * 24), "hour");
  return `${days < 10 ? days.toFixed(1) : Math.round(days)} days`;
}

export function formatNumber(value: number | null | undefined, digits = 1): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return "–";
  return value.toFixed(digits);
}

export function formatInterval(interval: [number | null, number | null], digits = 1): string {
  return `${formatNumber(interval[0], digits)} to ${formatNumber(interval[1], digits)}`;
}

export function formatShare(share: number | null | undefined): string {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
}
