// A form's submit in one place: no page reload, a sentence for what is missing before anything is
// sent, busy while keel answers, and keel's own sentence when saving fails.
import { useState } from "preact/hooks";
import { errorMessage } from "./api";

export interface Submission {
  /** True from the moment the form is sent until keel has answered. */
  busy: boolean;
  /** What to show beside the form (FormError), or null. */
  error: string | null;
  setError: (message: string | null) => void;
  /** The form's onSubmit. */
  submit: (event: Event) => Promise<void>;
}

/**
 * `check` answers one sentence on what is missing (nothing is sent then) or null; `save` sends.
 * A save that throws leaves the form as it is, with the error's sentence shown.
 */
export function useSubmit(save: () => Promise<void>, check?: () => string | null): Submission {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function submit(event: Event) {
    event.preventDefault();
    const problem = check?.() ?? null;
    if (problem) return setError(problem);
    setBusy(true);
    setError(null);
    try {
      await save();
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, setError, submit };
}
