// Log an urge in three taps: how strong, optionally a word or two, and what happened.
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage } from "../lib/api";
import { useDraft } from "../lib/drafts";
import { useObservable } from "../lib/observable";
import { saveOrQueue } from "../lib/outbox";
import { emptyUrgeFields, newUrge } from "../lib/records";
import { Link, navigate } from "../lib/router";
import { latestStats, suggestionsFrom } from "../lib/suggestions";
import { toRfc3339 } from "../lib/time";
import type { Outcome } from "../lib/types";
import { outcomeWords, outcomes } from "../lib/words";
import { FormError } from "../components/FormError";
import { IntensityScale } from "../components/IntensityScale";
import { TagPicker } from "../components/TagPicker";
import { TextField } from "../components/TextField";

interface Saved {
  outcome: Outcome;
  urgeId: string;
  queued: boolean;
}

const savedWords: Record<Outcome, string> = {
  surfed: "Saved. You rode that one out: one more urge that passed.",
  delayed: "Saved. Waiting it out is a real skill.",
  coping: "Saved. You used a coping step: that counts.",
  ongoing: "Saved. It's still here; a Pause can help you through the next few minutes.",
  acted: "Saved.",
};

export function QuickUrgeLog() {
  const [draft, update, clearDraft] = useDraft("quick-urge", () => ({
    intensity: null as number | null,
    contexts: [] as string[],
    emotions: [] as string[],
    note: "",
  }));
  const [saved, setSaved] = useState<Saved | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const suggestions = suggestionsFrom(useObservable(latestStats));
  const secondStepRef = useRef<HTMLParagraphElement>(null);
  const savedRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    if (saved) savedRef.current?.focus();
  }, [saved]);

  function chooseIntensity(intensity: number) {
    const first = draft.intensity === null;
    update({ intensity });
    setSaved(null);
    if (first) window.requestAnimationFrame(() => secondStepRef.current?.focus());
  }

  async function chooseOutcome(outcome: Outcome) {
    setBusy(true);
    setError(null);
    try {
      const urge = newUrge({ ...emptyUrgeFields(), intensity: draft.intensity, contexts: draft.contexts, emotions: draft.emotions, note: draft.note, outcome });
      // The moment of the tap, to the second (the form fields behind newUrge hold whole minutes only).
      urge.at = toRfc3339();
      const result = await saveOrQueue("urges", urge);
      clearDraft();
      if (outcome === "acted") navigate(`/log?review=${urge.id}`);
      else setSaved({ outcome, urgeId: urge.id, queued: result.queued });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <section class="card quick-log" aria-labelledby="quick-log-title">
      <h2 id="quick-log-title">Log an urge</h2>
      {saved && (
        <div class="saved" role="status">
          <p ref={savedRef} tabIndex={-1}>
            {savedWords[saved.outcome]}
            {saved.queued && " It is kept on this device and will be sent once keel can be reached."}
          </p>
          {saved.outcome === "ongoing" && (
            <Link class="button primary" href={`/pause?urge=${saved.urgeId}`}>
              Pause now
            </Link>
          )}
        </div>
      )}
      <IntensityScale label="How strong is it?" value={draft.intensity} onChoose={chooseIntensity} />
      {draft.intensity !== null && (
        <div class="quick-log-rest">
          <p ref={secondStepRef} tabIndex={-1} class="quiet small">
            Optional: a word or two about it. Then tap what happened; that saves it.
          </p>
          <TagPicker label="Where, what" suggestions={suggestions.contexts.slice(0, 6)} selected={draft.contexts}
            onChange={(contexts) => update({ contexts })} allowTyping={false} />
          <TagPicker label="Feeling" suggestions={suggestions.emotions.slice(0, 6)} selected={draft.emotions}
            onChange={(emotions) => update({ emotions })} allowTyping={false} />
          <details class="note-details">
            <summary>Add a note</summary>
            <TextField label="Note" multiline value={draft.note} onChange={(note) => update({ note })} />
          </details>
          <div role="group" aria-labelledby="quick-outcome-label" class="outcome-buttons">
            <p id="quick-outcome-label" class="group-label">
              What happened?
            </p>
            {outcomes.map((outcome) => (
              <button key={outcome} type="button" class={`button outcome outcome-${outcome}`} disabled={busy}
                onClick={() => chooseOutcome(outcome)}>
                {outcomeWords[outcome].label}
              </button>
            ))}
          </div>
          <FormError message={error} />
        </div>
      )}
    </section>
  );
}
