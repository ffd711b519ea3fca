// Records made while keel could not be reached (offline, a server hiccup, a session that ended)
// wait here, in this device's localStorage, with the ids made on the device. They are sent in the
// order they were made once keel answers again; a 200 (keel already had it) counts as sent.
import { ApiError, OfflineError, createRecord } from "./api";
import { observable } from "./observable";
import { currentSession } from "./session";
import { readJson, removeKey, writeJson } from "./storage";
import type { RecordKind, RecordKinds } from "./types";

export type QueueableKind = Extract<RecordKind, "urges" | "pauses" | "lapse-reviews" | "checkins">;

export interface OutboxItem {
  kind: QueueableKind;
  record: { id: string } & Record<string, unknown>;
  /** The person who was signed in when it was made; null when nobody was (a Pause after the session ended). */
  personId: string | null;
  queuedAt: number;
  /** Set when keel refused it for good; the person can read why and discard it. */
  problem?: string;
}

const outboxKey = "keel.outbox";

export const outbox = observable<OutboxItem[]>(readJson<OutboxItem[]>("local", outboxKey) ?? []);

function store(items: OutboxItem[]): void {
  if (items.length) writeJson("local", outboxKey, items);
  else removeKey("local", outboxKey);
  outbox.set(items);
}

function shouldWait(error: unknown): boolean {
  return error instanceof OfflineError || (error instanceof ApiError && (error.status === 401 || error.status >= 500));
}

export interface SaveResult<T> {
  /** The record as keel stored it, or as it waits in the outbox. */
  record: T;
  queued: boolean;
}

/**
 * Sends a new record; when keel cannot take it now, keeps it in the outbox instead. Refusals
 * that a retry cannot fix (a 400 or 409) are thrown, for the form to show.
 */
export async function saveOrQueue<K extends QueueableKind>(
  kind: K,
  record: { id: string } & Record<string, unknown>,
): Promise<SaveResult<RecordKinds[K]>> {
  const personId = currentSession.get()?.user.person_id ?? null;
  if (outbox.get().some((item) => !item.problem && (item.personId === null || item.personId === personId))) {
    // Keep the order: something made earlier is still waiting, so this one waits behind it.
    enqueue(kind, record);
    void flushOutbox();
    return { record: record as unknown as RecordKinds[K], queued: true };
  }
  try {
    const stored = await createRecord(kind, record, { stayOnPage: true });
    return { record: stored, queued: false };
  } catch (error) {
    if (!shouldWait(error)) throw error;
    enqueue(kind, record);
    return { record: record as unknown as RecordKinds[K], queued: true };
  }
}

function enqueue(kind: QueueableKind, record: OutboxItem["record"]): void {
  const personId = currentSession.get()?.user.person_id ?? null;
  store([...outbox.get(), { kind, record, personId, queuedAt: Date.now() }]);
}

let flushing = false;

/** Sends what waits, oldest first; stops at the first that must wait longer. */
export async function flushOutbox(): Promise<void> {
  const session = currentSession.get();
  if (flushing || !session) return;
  flushing = true;
  try {
    for (;;) {
      const next = outbox
        .get()
        .find((item) => !item.problem && (item.personId === null || item.personId === session.user.person_id));
      if (!next) break;
      try {
        await createRecord(next.kind, next.record, { stayOnPage: true });
        store(outbox.get().filter((item) => item !== next));
      } catch (error) {
        if (shouldWait(error)) break;
        const problem = error instanceof Error ? error.message : "keel could not save this record.";
        store(outbox.get().map((item) => (item === next ? { ...item, problem } : item)));
      }
    }
  } finally {
    flushing = false;
  }
}

export function discardOutboxItem(id: string): void {
  store(outbox.get().filter((item) => item.record.id !== id));
}

export function waitingCount(items: OutboxItem[]): number {
  return items.filter((item) => !item.problem).length;
}

/** Sends the outbox when the device comes back online, when someone signs in, and now and then. */
export function startOutbox(): void {
  window.addEventListener("online", () => void flushOutbox());
  currentSession.subscribe((session) => {
    if (session) void flushOutbox();
  });
  window.setInterval(() => {
    if (waitingCount(outbox.get())) void flushOutbox();
  }, 30_000);
  void flushOutbox();
}

export function clearOutbox(): void {
  store([]);
}
