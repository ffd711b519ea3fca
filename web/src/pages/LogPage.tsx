// Log an urge with every field, or a lapse (an urge acted on), which opens the short lapse
// review and then a self-compassion prompt.
import { useEffect, useRef, useState } from "preact/hooks";
import { saveOrQueue } from "../lib/outbox";
import { emptyLapseReviewFields, emptyUrgeFields, newLapseReview, newUrge } from "../lib/records";
import { Link, navigate, useLocation } from "../lib/router";
import { idPattern } from "../lib/ulid";
import { LapseReviewForm } from "../forms/LapseReviewForm";
import { UrgeForm } from "../forms/UrgeForm";
import { PageTitle } from "../components/PageTitle";
import { SelfCompassionNote } from "../components/SelfCompassionNote";

type Step = { name: "urge" } | { name: "saved"; queued: boolean; ongoingUrgeId?: string } | { name: "kind-words"; queued: boolean };

export function LogPage() {
  const location = useLocation();
  const reviewUrgeId = location.query.get("review");
  const asLapse = location.query.get("lapse") === "1";
  const [step, setStep] = useState<Step>({ name: "urge" });
  const statusRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (step.name !== "urge") statusRef.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [step]);

  if (reviewUrgeId && idPattern.test(reviewUrgeId) && step.name !== "kind-words")
    return (
      <div>
        <PageTitle>A short look back</PageTitle>
        <p>
          That was a hard moment. Looking at it kindly helps you see the chain next time; it takes nothing away from
          what you have built. Every box is optional.
        </p>
        <LapseReviewForm
          draftKey={`lapse-review-${reviewUrgeId}`}
          initial={emptyLapseReviewFields}
          submitLabel="Save the review"
          cancelLabel="Not now"
          onCancel={() => navigate("/")}
          onSubmit={async (fields) => {
            const result = await saveOrQueue("lapse-reviews", newLapseReview(reviewUrgeId, fields));
            navigate("/log", { replace: true });
            setStep({ name: "kind-words", queued: result.queued });
          }}
        />
      </div>
    );

  return (
    <div>
      <PageTitle>Log an urge</PageTitle>
      <div ref={statusRef} aria-live="polite">
        {step.name === "kind-words" && <SelfCompassionNote queued={step.queued} />}
        {step.name === "saved" && (
          <section class="card">
            <h2 tabIndex={-1}>Saved</h2>
            <p>
              Noticing an urge and writing it down is a skill in itself.
              {step.queued && " It is kept on this device and will be sent once keel can be reached."}
            </p>
            <div class="actions">
              {step.ongoingUrgeId && (
                <Link class="button primary" href={`/pause?urge=${step.ongoingUrgeId}`}>
                  Pause now
                </Link>
              )}
              <button type="button" class="button secondary" onClick={() => setStep({ name: "urge" })}>
                Log another
              </button>
            </div>
          </section>
        )}
      </div>
      {step.name === "urge" && (
        <>
          <p class="quiet">
            An urge is information, not an order. If you acted on it, choose “I acted on it”: a short, kind review
            follows.
          </p>
          <UrgeForm
            draftKey="log-urge"
            initial={() => ({ ...emptyUrgeFields(), outcome: asLapse ? "acted" : null })}
            submitLabel="Save"
            onSubmit={async (fields) => {
              const urge = newUrge(fields);
              const result = await saveOrQueue("urges", urge);
              if (urge.outcome === "acted") navigate(`/log?review=${urge.id}`);
              else setStep({ name: "saved", queued: result.queued, ongoingUrgeId: urge.outcome === "ongoing" ? urge.id : undefined });
            }}
          />
        </>
      )}
    </div>
  );
}
