// A button for something that cannot be undone: it asks once more, in words, before it acts.
import { useEffect, useRef, useState } from "preact/hooks";

interface ConfirmButtonProps {
  label: string;
  question: string;
  confirmLabel: string;
  onConfirm: () => Promise<void> | void;
}

export function ConfirmButton({ label, question, confirmLabel, onConfirm }: ConfirmButtonProps) {
  const [asking, setAsking] = useState(false);
  const [busy, setBusy] = useState(false);
  const confirmRef = useRef<HTMLButtonElement>(null);
  const openRef = useRef<HTMLButtonElement>(null);
  const hasAsked = useRef(false);
  useEffect(() => {
    // Focus follows the question, and returns to the button when the answer is "keep it".
    if (asking) {
      hasAsked.current = true;
      confirmRef.current?.focus();
    } else if (hasAsked.current) openRef.current?.focus();
  }, [asking]);

  if (!asking)
    return (
      <button ref={openRef} type="button" class="button secondary small" onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  return (
    <div class="confirm" role="group" aria-label={question}>
      <p>{question}</p>
      <button
        ref={confirmRef}
        type="button"
        class="button danger small"
        disabled={busy}
        onClick={async () => {
          setBusy(true);
          try {
            await onConfirm();
          } finally {
            setBusy(false);
            setAsking(false);
          }
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" class="button secondary small" onClick={() => setAsking(false)}>
        Keep it
      </button>
    </div>
  );
}
