// What the Pause page shows from the person's own records (their reasons, values, coping steps
// and people from the latest plan version), kept on this device so Pause works offline too.
// It is removed at sign-out and when the account is deleted.
import { listAll } from "./api";
import { observable } from "./observable";
import { readJson, removeKey, writeJson } from "./storage";
import type { PlanPerson, PlanVersion, Value } from "./types";

export interface PauseKit {
  reasons: string[];
  values: { name: string; description: string }[];
  copingSteps: string[];
  people: PlanPerson[];
}

const kitKey = "keel.pause-kit";

export const pauseKit = observable<PauseKit | null>(readJson<PauseKit>("local", kitKey));

export function latestPlan(versions: PlanVersion[]): PlanVersion | null {
  return versions.reduce<PlanVersion | null>((latest, plan) => (!latest || plan.version > latest.version ? plan : latest), null);
}

export function rememberPauseKit(plan: PlanVersion | null, values: Value[]): void {
  const kit: PauseKit = {
    reasons: plan?.reasons ?? [],
    values: [...values].sort((a, b) => a.rank - b.rank).map(({ name, description }) => ({ name, description })),
    copingSteps: plan?.coping_steps ?? [],
    people: plan?.people ?? [],
  };
  writeJson("local", kitKey, kit);
  pauseKit.set(kit);
}

/** Fetches the newest plan and values; offline, the copy kept from last time stays. */
export async function refreshPauseKit(): Promise<void> {
  try {
    const [plans, values] = await Promise.all([
      listAll("plan", {}, { stayOnPage: true }),
      listAll("values", {}, { stayOnPage: true }),
    ]);
    rememberPauseKit(latestPlan(plans), values);
  } catch {
    // Offline or signed out: keep what we have.
  }
}

export function forgetPauseKit(): void {
  removeKey("local", kitKey);
  pauseKit.set(null);
}

/** A tel: or sms: link for a contact that looks like a phone number, else null. */
export function phoneNumber(contact: string): string | null {
  const digits = contact.replace(/[\s()./-]/g, "");
  return /^\+?\d{5,15}$/.test(digits) ? digits : null;
}
