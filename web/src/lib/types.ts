// The records and answers of keel's API (docs/data-format.md, docs/api.md).

export type Outcome = "surfed" | "delayed" | "coping" | "acted" | "ongoing";
export type Technique = "surf" | "breathe" | "ground" | "delay";
export type ActivityCategory = "pleasant" | "mastery" | "connection";
export type JournalKind =
  | "free"
  | "thought_record"
  | "behavioural_experiment"
  | "self_compassion"
  | "compassionate_letter"
  | "reframe";

export interface Person {
  person_id: string;
  username: string;
  role: "client" | "clinician" | "ally" | "admin";
  time_zone: string;
}

export interface Urge {
  id: string;
  at: string;
  time_zone: string;
  intensity: number;
  duration_minutes?: number;
  contexts: string[];
  emotions: string[];
  warning_signs: string[];
  outcome: Outcome;
  strategy: string;
  note: string;
}

export interface LapseReview {
  id: string;
  urge_id: string;
  at: string;
  time_zone: string;
  vulnerability: string;
  trigger: string;
  links: string[];
  what_helped: string;
  what_to_change: string;
  self_compassion: string;
}

export interface CheckIn {
  id: string;
  date: string;
  at: string;
  time_zone: string;
  mood: number;
  stress: number;
  loneliness: number;
  boredom: number;
  tiredness: number;
  hunger: number;
  sleep_hours: number;
  urges_today: number;
  acted_today: boolean;
  note: string;
}

export interface IntensitySample {
  offset_seconds: number;
  intensity: number;
}

export interface Pause {
  id: string;
  at: string;
  time_zone: string;
  technique: Technique;
  planned_minutes: number;
  elapsed_seconds: number;
  start_intensity: number;
  end_intensity?: number;
  samples: IntensitySample[];
  urge_id: string;
}

export interface Value {
  id: string;
  created_at: string;
  name: string;
  description: string;
  rank: number;
}

/** A goal on a five-level Goal Attainment Scale; `levels` describe −2, −1, 0, +1 and +2. */
export interface Goal {
  id: string;
  created_at: string;
  title: string;
  levels: string[];
  weight: number;
  value_id: string;
  archived: boolean;
}

export interface Activity {
  id: string;
  created_at: string;
  time_zone: string;
  title: string;
  category: ActivityCategory;
  value_ids: string[];
  scheduled_at?: string;
  done: boolean;
  done_at?: string;
  mood_before?: number;
  mood_after?: number;
  note: string;
}

export interface PlanPerson {
  name: string;
  contact: string;
}

export interface PlanVersion {
  id: string;
  version: number;
  created_at: string;
  time_zone: string;
  warning_signs: string[];
  high_risk_situations: string[];
  coping_steps: string[];
  people: PlanPerson[];
  environment_changes: string[];
  reasons: string[];
  review_date?: string;
  change_note: string;
}

export interface JournalField {
  name: string;
  value: string;
}

export interface JournalEntry {
  id: string;
  at: string;
  time_zone: string;
  kind: JournalKind;
  title: string;
  body: string;
  fields: JournalField[];
  is_private: boolean;
}

export interface Page<T> {
  items: T[];
  next_after: string | null;
}

/** The collections of docs/api.md and the record each holds. */
export interface RecordKinds {
  urges: Urge;
  "lapse-reviews": LapseReview;
  checkins: CheckIn;
  pauses: Pause;
  values: Value;
  goals: Goal;
  activities: Activity;
  plan: PlanVersion;
  journal: JournalEntry;
}
export type RecordKind = keyof RecordKinds;

export type Interval = [number | null, number | null];

export interface Proportion {
  count: number;
  total: number;
  share: number | null;
  ci95: Interval;
}

export interface MeanSummary {
  count: number;
  mean: number | null;
  standard_deviation: number | null;
  ci95: Interval;
}

export interface Section {
  enough_data: boolean;
  missing: string | null;
  sentence: string;
}

export interface TagStat {
  tag: string;
  urges: number;
  lapses: number;
  decided: number;
  acting_share: number | null;
  ci95: Interval;
  lift: number | null;
  peak_hour: number | null;
}

export interface IntervalStats extends Section {
  events: number;
  closed_intervals: number;
  median_days: number | null;
  ci95: Interval;
  survival_at: { days: number; survival: number | null; ci95: Interval }[];
  longest_days: number | null;
  current_days: number | null;
  curve: { time: number; survival: number; at_risk: number; events: number; censored: number; ci95: Interval }[];
}

export interface RateRatio extends Section {
  ratio: number | null;
  ci95: Interval;
  first_weeks: number[];
  last_weeks: number[];
}

export interface Stats {
  as_of: string;
  time_zone: string;
  observed_days: number;
  sentences: string[];
  trigger_map: Section & {
    urges: number;
    lapses: number;
    grid: { weekdays: string[]; urges: number[][]; lapses: number[][] };
    peak: { weekday: number; hour: number; urges: number } | null;
    contexts: TagStat[];
    emotions: TagStat[];
    warning_signs: TagStat[];
  };
  intervals: { between_urges: IntervalStats; between_lapses: IntervalStats };
  trends: Section & {
    weeks: { monday: string; urges: number; lapses: number; surfed: number; passed: number; urges_per_lapse: number | null }[];
    rate_ratio: { urges: RateRatio; lapses: RateRatio };
    acting_share: { first_weeks: Proportion; last_weeks: Proportion; sentence: string };
  };
  what_helps: Section & {
    surf_effect: {
      drop: MeanSummary;
      ended_lower: Proportion;
      by_technique: { technique: string; drop: MeanSummary; ended_lower: Proportion }[];
      sentence: string;
    };
    activities: {
      by_category: { name: string; lift: MeanSummary }[];
      by_title: { name: string; lift: MeanSummary }[];
      sentence: string;
    };
    techniques: { by_pause: { name: string; passed: Proportion }[]; by_strategy: { name: string; passed: Proportion }[]; sentence: string };
  };
  checkin_links: Section & {
    checkin_days: number;
    strongest: {
      state: string;
      outcome: string;
      day: string;
      high: string;
      high_day: { rate_ratio: number | null; ci95: Interval };
    }[];
  };
  small_wins: Section & {
    urges_logged: number;
    urges_passed: number;
    urges_surfed: number;
    pauses: number;
    pauses_completed: number;
    checkin_days: number;
    activities_done: number;
    lapse_reviews: number;
    personal_bests: {
      longest_days_between_lapses: number | null;
      longest_days_between_urges: number | null;
      most_urges_passed_in_a_week: number | null;
      best_week_monday: string | null;
    };
    milestones: { what: string; threshold: number; reached: string }[];
  };
  forecast: { urge: Section; lapse: Section };
}

export type ChangeClassification = "recovered" | "improved" | "unchanged" | "deteriorated";

export interface Change {
  before: number;
  classification: ChangeClassification;
  difference: number;
  minimum_reliable_change: number;
  rci: number;
  reliable: boolean;
}

export interface ScoredAssessment {
  id: string;
  at: string;
  instrument: string;
  answers: string;
  band: string | null;
  prorated: boolean;
  safety_flag: boolean;
  since_first: Change | null;
  since_previous: Change | null;
  total: number | null;
}

export interface UnscoredAssessment {
  id: string;
  at: string;
  instrument: string;
  problem: string;
}

export interface InstrumentSummary {
  id: string;
  title: string;
  /** How many questions it has; "placeholder": the licensed question text is not loaded. */
  items?: number;
  text?: "included" | "placeholder" | "licensed";
  direction: "higher-worse" | "higher-better" | "unknown";
  minimum: number;
  maximum: number;
}

export interface QuestionOption {
  code: string;
  display: string;
  score: number | null;
}

export interface Question {
  link_id: string;
  prefix: string;
  text: string;
  required: boolean;
  scored: boolean;
  options: QuestionOption[];
}

/** GET /api/v1/instruments/{id}: what the list says, and the questions to answer. */
export interface InstrumentForm extends InstrumentSummary {
  copyright: string;
  reliable_change: boolean;
  bands: { label: string; minimum: number; description?: string; provisional?: boolean }[];
  /** What to read before the questions: the time frame they ask about ("Over the last 2 weeks, …"). */
  instructions: string[];
  questions: Question[];
}

/** POST /api/v1/assessments answers the score keel gave the answers. */
export interface RecordedAssessment {
  id: string;
  at: string;
  score: {
    title: string;
    total: number | null;
    no_total_reason: string | null;
    band: string | null;
    band_provisional: boolean;
    minimum: number;
    maximum: number;
    direction: InstrumentSummary["direction"];
    prorated: boolean;
    reading: string;
    safety: {
      flag: boolean;
      findings: { description: string; item: string }[];
      crisis_resources?: { text: string; source: string };
    };
  };
}
