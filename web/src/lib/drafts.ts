// What a person is typing, kept in this tab's sessionStorage as they type: a session that ends
// in the middle of a form, or a reload, loses nothing. A draft is cleared once it is saved.
import { useCallback, useState } from "preact/hooks";
import { readJson, removeKey, removeKeysWithPrefix, writeJson } from "./storage";

const prefix = "keel.draft.";

export type DraftUpdate<T> = (change: Partial<T>) => void;

export function useDraft<T extends object>(key: string, initial: () => T): [T, DraftUpdate<T>, () => void] {
  const storageKey = prefix + key;
  const [value, setValue] = useState<T>(() => ({ ...initial(), ...(readJson<Partial<T>>("session", storageKey) ?? {}) }));
  const update = useCallback(
    (change: Partial<T>) => {
      setValue((previous) => {
        const next = { ...previous, ...change };
        writeJson("session", storageKey, next);
        return next;
      });
    },
    [storageKey],
  );
  const clear = useCallback(() => {
    removeKey("session", storageKey);
    setValue(initial());
    // initial is a fresh function each render; the key is what identifies the draft.
  }, [storageKey]);
  return [value, update, clear];
}

export function hasDraft(key: string): boolean {
  return readJson("session", prefix + key) !== null;
}

export function clearAllDrafts(): void {
  removeKeysWithPrefix("session", prefix);
}
