// keel's HTTP API, same origin, under /api/v1 (docs/api.md). Every unsafe request carries the
// CSRF token; a 401 ends the session here too and opens Sign in, where the page that was open is
// remembered (its drafts stay in sessionStorage, see drafts.ts).
import { navigate } from "./router";
import { currentSession, endSession, rememberReturnPath, startSession } from "./session";
import type {
  InstrumentSummary,
  Page,
  Person,
  RecordKind,
  RecordKinds,
  ScoredAssessment,
  Stats,
  UnscoredAssessment,
} from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

/** The request never reached keel: the device is offline or the server is down. */
export class OfflineError extends Error {
  constructor() {
    super("keel can't be reached right now. Check your connection and try again.");
    this.name = "OfflineError";
  }
}

export function errorMessage(error: unknown): string {
  if (error instanceof ApiError || error instanceof OfflineError) return error.message;
  return "Something went wrong on this page. Please try again.";
}

interface RequestOptions {
  body?: unknown;
  /** Sign-in answers 401 for a wrong password; that is an answer to show, not an ended session. */
  isSignIn?: boolean;
  /** On a 401, forget the session but stay on the page (the outbox keeps the record for later). */
  stayOnPage?: boolean;
}

const safeMethods = new Set(["GET", "HEAD"]);

function sessionEnded(): void {
  endSession();
  rememberReturnPath(window.location.pathname + window.location.search);
  navigate("/signin", { replace: true });
}

async function readError(response: Response): Promise<ApiError> {
  let code = "unknown";
  let message = `keel answered ${response.status}. Please try again.`;
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    if (body.error?.message) message = capitalise(body.error.message);
    if (body.error?.code) code = body.error.code;
  } catch {
    // Not JSON (a proxy's page, for instance): keep the plain sentence.
  }
  if (response.status === 413) message = "That is too long to save. Please shorten it.";
  if (response.status === 429) {
    const wait = Number(response.headers.get("Retry-After"));
    if (wait > 0) message += ` You can try again in ${Math.ceil(wait / 60)} minute${wait > 60 ? "s" : ""}.`;
  }
  return new ApiError(response.status, code, message);
}

function capitalise(sentence: string): string {
  const text = sentence.charAt(0).toUpperCase() + sentence.slice(1);
  return /[.!?]$/.test(text) ? text : text + ".";
}

export async function request<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: "application/json" };
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  const token = currentSession.get()?.csrfToken;
  if (!safeMethods.has(method) && token) headers["X-CSRF-Token"] = token;
  let response: Response;
  try {
    response = await fetch("/api/v1" + path, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      credentials: "same-origin",
      cache: "no-store",
    });
  } catch {
    throw new OfflineError();
  }
  if (response.status === 401 && !options.isSignIn) {
    if (options.stayOnPage) endSession();
    else sessionEnded();
  }
  if (!response.ok) throw await readError(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

// Account

export async function signIn(username: string, password: string): Promise<void> {
  const answer = await request<{ csrf_token: string; user: Person }>("POST", "/session", {
    body: { username, password },
    isSignIn: true,
  });
  startSession({ csrfToken: answer.csrf_token, user: answer.user });
}

export async function signOut(): Promise<void> {
  try {
    await request<void>("DELETE", "/session");
  } finally {
    endSession();
  }
}

export function changePassword(currentPassword: string, newPassword: string): Promise<void> {
  return request("PUT", "/me/password", { body: { current_password: currentPassword, new_password: newPassword } });
}

export function deleteAccount(password: string): Promise<void> {
  return request("DELETE", "/me", { body: { password } });
}

export function fetchMe(options: { stayOnPage?: boolean } = {}): Promise<{ user: Person }> {
  return request("GET", "/me", options);
}

// Records

export interface ListParameters {
  since?: string;
  until?: string;
  limit?: number;
  after?: string;
}

function queryString(parameters: object): string {
  const query = new URLSearchParams();
  for (const [name, value] of Object.entries(parameters)) {
    if (value !== undefined && value !== null && value !== "") query.set(name, String(value));
  }
  const text = query.toString();
  return text ? "?" + text : "";
}

interface QuietOption {
  stayOnPage?: boolean;
}

export function listPage<K extends RecordKind>(
  kind: K,
  parameters: ListParameters = {},
  options: QuietOption = {},
): Promise<Page<RecordKinds[K]>> {
  return request("GET", `/${kind}${queryString(parameters)}`, options);
}

/** Every record of a kind in the span, oldest first, following next_after page by page. */
export async function listAll<K extends RecordKind>(
  kind: K,
  parameters: Omit<ListParameters, "after" | "limit"> = {},
  options: QuietOption = {},
): Promise<RecordKinds[K][]> {
  const records: RecordKinds[K][] = [];
  let after: string | undefined;
  for (let pageCount = 0; pageCount < 100; pageCount++) {
    const page = await listPage(kind, { ...parameters, limit: 1000, after }, options);
    records.push(...page.items);
    if (!page.next_after) break;
    after = page.next_after;
  }
  return records;
}

/** Adds a record with the client's own id; a 200 means keel already had it (a safe retry). */
export function createRecord<K extends RecordKind>(
  kind: K,
  record: object,
  options: QuietOption = {},
): Promise<RecordKinds[K]> {
  return request("POST", `/${kind}`, { body: record, stayOnPage: options.stayOnPage });
}

export function patchRecord<K extends RecordKind>(
  kind: K,
  id: string,
  patch: object,
  options: QuietOption = {},
): Promise<RecordKinds[K]> {
  return request("PATCH", `/${kind}/${encodeURIComponent(id)}`, { body: patch, ...options });
}

export function deleteRecord(kind: RecordKind, id: string): Promise<void> {
  return request("DELETE", `/${kind}/${encodeURIComponent(id)}`);
}

// Measures and patterns

export function fetchStats(): Promise<Stats> {
  return request("GET", "/stats");
}

export function fetchAssessments(): Promise<{ items: (ScoredAssessment | UnscoredAssessment)[] }> {
  return request("GET", "/assessments");
}

export function fetchInstruments(): Promise<{ items: InstrumentSummary[] }> {
  return request("GET", "/instruments");
}

// The crisis text the server shows (a clinic's own, or keel's). stayOnPage: a person reading it
// must not be sent to sign in.
export function fetchCrisisResources(): Promise<{ text: string; source: string }> {
  return request("GET", "/crisis-resources", { stayOnPage: true });
}
