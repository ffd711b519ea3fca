// Who is signed in and the CSRF token the API gave at sign-in: kept in memory and in this tab's
// sessionStorage (never in localStorage), so a reload stays signed in and closing the tab forgets it.
import { observable } from "./observable";
import { readJson, removeKey, writeJson } from "./storage";
import type { Person } from "./types";

export interface Session {
  csrfToken: string;
  user: Person;
}

const sessionKey = "keel.session";
const returnPathKey = "keel.return-path";

export const currentSession = observable<Session | null>(readJson<Session>("session", sessionKey));

export function startSession(session: Session): void {
  writeJson("session", sessionKey, session);
  currentSession.set(session);
}

export function endSession(): void {
  removeKey("session", sessionKey);
  currentSession.set(null);
}

/** Where to go back to after signing in again (the page the person was on when the session ended). */
export function rememberReturnPath(path: string): void {
  if (path !== "/signin") writeJson("session", returnPathKey, path);
}

export function takeReturnPath(): string {
  const path = readJson<string>("session", returnPathKey);
  removeKey("session", returnPathKey);
  return path && path.startsWith("/") && !path.startsWith("//") ? path : "/";
}
