// Pause (F8/F9): rate the urge, choose a way through the next few minutes, rate it again, and
// see the wave. Every Pause is recorded (POST /api/v1/pauses), offline too (the outbox).
import { useEffect, useRef, useState } from "preact/hooks";
import { errorMessage, patchRecord } from "../lib/api";
import { useObservable } from "../lib/observable";
import { saveOrQueue } from "../lib/outbox";
import { refreshPauseKit } from "../lib/pause-kit";
import { emptyUrgeFields, newUrge, recordTimeZone } from "../lib/records";
import { Link, navigate, useLocation } from "../lib/router";
import { currentSession } from "../lib/session";
import { toRfc3339, toDateTimeLocalValue } from "../lib/time";
import type { IntensitySample, Outcome, Pause } from "../lib/types";
import { newId, idPattern } from "../lib/ulid";
import { outcomeAfterTechnique, techniqueWords } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { CrisisResources } from "../components/CrisisResources";
import { FormError } from "../components/FormError";
import { IntensityScale } from "../components/IntensityScale";
import { PageTitle } from "../components/PageTitle";
import { WaveChart } from "../components/charts/WaveChart";
import { BreathingExercise } from "./pause/BreathingExercise";
import { DelayExercise } from "./pause/DelayExercise";
import { GroundingExercise } from "./pause/GroundingExercise";
import { PauseSupport } from "./pause/PauseSupport";
import { SurfExercise } from "./pause/SurfExercise";
import { TechniqueChooser, type Choice } from "./pause/TechniqueChooser";

type Phase = "rate" | "choose" | "run" | "end" | "done";
type UrgeAnswer = Outcome | "none";

interface PauseState {
  startedAt: number;
  startIntensity: number;
  choice: Choice | null;
  samples: IntensitySample[];
  elapsedSeconds: number;
}

export function PausePage() {
  const location = useLocation();
  const linkedUrge = location.query.get("urge");
  const linkedUrgeId = linkedUrge && idPattern.test(linkedUrge) ? linkedUrge : "";
  const session = useObservable(currentSession);
  const [phase, setPhase] = useState<Phase>("rate");
  const [pause, setPause] = useState<PauseState | null>(null);
  const [saved, setSaved] = useState<{ queued: boolean; note: string | null } | null>(null);
  const stageRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (session) void refreshPauseKit();
  }, [session]);
  useEffect(() => {
    if (phase === "rate") return;
    stageRef.current?.querySelector<HTMLElement>("h2, [tabindex='-1']")?.focus();
  }, [phase]);

  function begin(intensity: number) {
    const now = Date.now();
    setPause({ startedAt: now, startIntensity: intensity, choice: null, samples: [{ offset_seconds: 0, intensity }], elapsedSeconds: 0 });
    setPhase("choose");
  }

  function start(choice: Choice) {
    if (!pause) return;
    // The Pause's time starts with the exercise; the first rating is its first sample.
    setPause({ ...pause, choice, startedAt: Date.now() });
    setPhase("run");
  }

  function addSample(sample: IntensitySample) {
    setPause((current) => {
      if (!current) return current;
      const minute = Math.floor(sample.offset_seconds / 60);
      const samples = [...current.samples];
      const last = samples[samples.length - 1];
      if (last && minute > 0 && Math.floor(last.offset_seconds / 60) === minute) samples[samples.length - 1] = sample;
      else samples.push(sample);
      return { ...current, samples };
    });
  }

  function finish() {
    setPause((current) => current && { ...current, elapsedSeconds: Math.floor((Date.now() - current.startedAt) / 1000) });
    setPhase("end");
  }

  return (
    <div class="pause-page">
      <PageTitle>Pause</PageTitle>
      <div ref={stageRef}>
        {phase === "rate" && (
          <section class="card">
            <p>You noticed the urge and stopped here. That's already a step.</p>
            <IntensityScale label="How strong is the urge right now?" value={null} onChoose={begin} />
          </section>
        )}
        {phase === "choose" && pause && <TechniqueChooser onChoose={start} />}
        {phase === "run" && pause?.choice && (
          <section class="card">
            <Exercise choice={pause.choice} pause={pause} onSample={addSample} onFinish={finish} />
          </section>
        )}
        {phase === "end" && pause?.choice && (
          <EndOfPause
            pause={pause}
            linkedUrgeId={linkedUrgeId}
            onSaved={(result, samples) => {
              setPause({ ...pause, samples });
              setSaved(result);
              setPhase("done");
            }}
          />
        )}
        {phase === "done" && pause && (
          <section class="card">
            <h2 tabIndex={-1}>Your wave</h2>
            <WaveChart samples={pause.samples} minutes={Math.max(1, Math.ceil(pause.elapsedSeconds / 60))} />
            <p>Urges rise, peak and pass. This one is now part of your own evidence.</p>
            {saved?.queued && <p class="small quiet">Saved on this device; it will be sent once keel can be reached.</p>}
            {saved?.note && <p class="small">{saved.note}</p>}
            <div class="actions">
              <Link class="button primary" href={session ? "/" : "/signin"}>
                {session ? "Back to Today" : "Sign in"}
              </Link>
              <button type="button" class="button secondary" onClick={() => { setPause(null); setSaved(null); setPhase("rate"); navigate("/pause", { replace: true }); }}>
                Another Pause
              </button>
            </div>
          </section>
        )}
      </div>
      {(phase === "choose" || phase === "run") && <PauseSupport />}
      <details class="card">
        <summary>I'm not safe right now</summary>
        <CrisisResources headingLevel={3} />
      </details>
    </div>
  );
}

function Exercise({ choice, pause, onSample, onFinish }: {
  choice: Choice;
  pause: PauseState;
  onSample: (sample: IntensitySample) => void;
  onFinish: () => void;
}) {
  const props = { minutes: choice.minutes, startedAt: pause.startedAt, samples: pause.samples, onSample, onFinish };
  switch (choice.technique) {
    case "surf":
      return <SurfExercise {...props} />;
    case "breathe":
      return <BreathingExercise {...props} pattern={choice.pattern ?? "paced"} />;
    case "ground":
      return <GroundingExercise {...props} />;
    case "delay":
      return <DelayExercise {...props} />;
  }
}

function EndOfPause({ pause, linkedUrgeId, onSaved }: {
  pause: PauseState;
  linkedUrgeId: string;
  onSaved: (result: { queued: boolean; note: string | null }, samples: IntensitySample[]) => void;
}) {
  const technique = pause.choice!.technique;
  const [endIntensity, setEndIntensity] = useState<number | null>(null);
  const [urgeAnswer, setUrgeAnswer] = useState<UrgeAnswer>(linkedUrgeId ? outcomeAfterTechnique[technique] : "none");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function save(rated: boolean) {
    setBusy(true);
    setError(null);
    const samples = [...pause.samples];
    if (rated && endIntensity !== null) {
      const offset = Math.max(pause.elapsedSeconds, (samples[samples.length - 1]?.offset_seconds ?? 0) + 1);
      samples.push({ offset_seconds: Math.min(offset, 86400), intensity: endIntensity });
    }
    let urgeId = linkedUrgeId;
    let note: string | null = null;
    try {
      if (!linkedUrgeId && urgeAnswer !== "none") {
        const urge = newUrge({
          ...emptyUrgeFields(),
          at: toDateTimeLocalValue(new Date(pause.startedAt)),
          intensity: pause.startIntensity,
          durationMinutes: String(Math.round(pause.elapsedSeconds / 60)),
          outcome: urgeAnswer,
          strategy: techniqueWords[technique].toLowerCase(),
        });
        urge.at = toRfc3339(new Date(pause.startedAt));
        await saveOrQueue("urges", urge);
        urgeId = urge.id;
      } else if (linkedUrgeId && urgeAnswer !== "none" && urgeAnswer !== "ongoing") {
        try {
          await patchRecord("urges", linkedUrgeId, { outcome: urgeAnswer }, { stayOnPage: true });
        } catch {
          note = "The urge's outcome could not be updated now; you can change it in History.";
        }
      }
      const record: Pause & Record<string, unknown> = {
        id: newId(pause.startedAt),
        at: toRfc3339(new Date(pause.startedAt)),
        time_zone: recordTimeZone(),
        technique,
        planned_minutes: pause.choice!.minutes,
        elapsed_seconds: Math.min(pause.elapsedSeconds, 86400),
        start_intensity: pause.startIntensity,
        ...(rated && endIntensity !== null ? { end_intensity: endIntensity } : {}),
        samples: samples.slice(0, 1440),
        urge_id: urgeId,
      };
      const result = await saveOrQueue("pauses", record);
      if (urgeAnswer === "acted") {
        navigate(`/log?review=${urgeId}`);
        return;
      }
      onSaved({ queued: result.queued, note }, samples);
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  const passedOutcome = outcomeAfterTechnique[technique];
  return (
    <section class="card">
      <h2 tabIndex={-1}>Well done for pausing</h2>
      <IntensityScale label="How strong is the urge now?" value={endIntensity} onChoose={setEndIntensity} />
      <ChoiceGroup<UrgeAnswer>
        legend={linkedUrgeId ? "What happened with the urge?" : "Log this urge too?"}
        value={urgeAnswer}
        onChange={setUrgeAnswer}
        choices={[
          ...(linkedUrgeId ? [] : [{ value: "none" as const, label: "No, just the Pause" }]),
          { value: passedOutcome, label: linkedUrgeId ? "It passed" : "Yes: it passed" },
          { value: "ongoing", label: linkedUrgeId ? "It's still here" : "Yes: it's still here" },
          { value: "acted", label: linkedUrgeId ? "I acted on it" : "Yes: I acted on it" },
        ]}
      />
      <FormError message={error} />
      <div class="actions">
        <button type="button" class="button primary" disabled={busy || endIntensity === null} onClick={() => save(true)}>
          Save and see my wave
        </button>
        <button type="button" class="button secondary" disabled={busy} onClick={() => save(false)}>
          Save without rating
        </button>
      </div>
    </section>
  );
}
