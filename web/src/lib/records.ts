// Turning what a form holds into the records of docs/data-format.md, and back.
import { currentSession } from "./session";
import { deviceTimeZone, fromDateTimeLocalValue, toDateTimeLocalValue, toRfc3339 } from "./time";
import type { LapseReview, Outcome, Urge } from "./types";
import { newId } from "./ulid";

/** The zone written with a new record: the device's, else the one keel has for the person. */
export function recordTimeZone(): string {
  return deviceTimeZone(currentSession.get()?.user.time_zone ?? "UTC");
}

export interface UrgeFields {
  at: string;
  intensity: number | null;
  durationMinutes: string;
  contexts: string[];
  emotions: string[];
  warningSigns: string[];
  outcome: Outcome | null;
  strategy: string;
  note: string;
}

export function emptyUrgeFields(): UrgeFields {
  return {
    at: toDateTimeLocalValue(new Date()),
    intensity: null,
    durationMinutes: "",
    contexts: [],
    emotions: [],
    warningSigns: [],
    outcome: null,
    strategy: "",
    note: "",
  };
}

export function urgeFieldsOf(urge: Urge): UrgeFields {
  return {
    at: toDateTimeLocalValue(new Date(urge.at)),
    intensity: urge.intensity,
    durationMinutes: urge.duration_minutes === undefined ? "" : String(urge.duration_minutes),
    contexts: urge.contexts,
    emotions: urge.emotions,
    warningSigns: urge.warning_signs,
    outcome: urge.outcome,
    strategy: urge.strategy,
    note: urge.note,
  };
}

function wholeOrNull(text: string): number | null {
  const trimmed = text.trim();
  if (!trimmed) return null;
  const value = Number(trimmed);
  return Number.isInteger(value) ? value : Math.round(value);
}

/** The fields every urge body carries, for a new record or a merge patch. */
export function urgeBody(fields: UrgeFields, original?: Urge) {
  const when = fromDateTimeLocalValue(fields.at) ?? new Date();
  const unchangedTime = original && toDateTimeLocalValue(new Date(original.at)) === fields.at;
  return {
    ...(unchangedTime ? {} : { at: toRfc3339(when) }),
    intensity: fields.intensity ?? 0,
    duration_minutes: wholeOrNull(fields.durationMinutes),
    contexts: fields.contexts,
    emotions: fields.emotions,
    warning_signs: fields.warningSigns,
    outcome: fields.outcome ?? "ongoing",
    strategy: fields.strategy.trim(),
    note: fields.note.trim(),
  };
}

export function newUrge(fields: UrgeFields): Urge & Record<string, unknown> {
  const body = urgeBody(fields);
  const { duration_minutes, ...rest } = body;
  return {
    id: newId(),
    at: body.at ?? toRfc3339(),
    time_zone: recordTimeZone(),
    ...rest,
    ...(duration_minutes === null ? {} : { duration_minutes }),
  };
}

export interface LapseReviewFields {
  vulnerability: string;
  trigger: string;
  links: string[];
  whatHelped: string;
  whatToChange: string;
  selfCompassion: string;
}

export function emptyLapseReviewFields(): LapseReviewFields {
  return { vulnerability: "", trigger: "", links: [], whatHelped: "", whatToChange: "", selfCompassion: "" };
}

export function lapseReviewFieldsOf(review: LapseReview): LapseReviewFields {
  return {
    vulnerability: review.vulnerability,
    trigger: review.trigger,
    links: review.links,
    whatHelped: review.what_helped,
    whatToChange: review.what_to_change,
    selfCompassion: review.self_compassion,
  };
}

export function lapseReviewBody(fields: LapseReviewFields) {
  return {
    vulnerability: fields.vulnerability.trim(),
    trigger: fields.trigger.trim(),
    links: fields.links.map((link) => link.trim()).filter(Boolean),
    what_helped: fields.whatHelped.trim(),
    what_to_change: fields.whatToChange.trim(),
    self_compassion: fields.selfCompassion.trim(),
  };
}

export function newLapseReview(urgeId: string, fields: LapseReviewFields): LapseReview & Record<string, unknown> {
  return { id: newId(), urge_id: urgeId, at: toRfc3339(), time_zone: recordTimeZone(), ...lapseReviewBody(fields) };
}
