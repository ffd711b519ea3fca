// Questionnaires (F24): the instruments keel and the clinic offer, filled in one form with a radio
// group per question, scored by keel. After saving: the score and its range in plain words, and
// whether it changed reliably since the one before (Reliable Change Index); a safety answer shows
// the crisis resources first. Past results as a table. Loaded only when opened.
import type { RefObject } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { fetchAssessments, fetchInstruments, request } from "../lib/api";
import { classificationLabels, classificationWords, shortTitle } from "../lib/change-words";
import { Link, navigate, useLocation } from "../lib/router";
import { describeDay } from "../lib/time";
import type { Change, InstrumentForm, InstrumentSummary, RecordedAssessment, ScoredAssessment, UnscoredAssessment } from "../lib/types";
import { newId } from "../lib/ulid";
import { useLoad } from "../lib/use-load";
import { formatNumber, plural } from "../lib/words";
import { ChoiceGroup } from "../components/ChoiceGroup";
import { CrisisResources } from "../components/CrisisResources";
import { DraftForm } from "../components/DraftForm";
import { LoadState } from "../components/LoadState";
import { PageTitle } from "../components/PageTitle";
import { DataTable } from "../components/charts/DataTable";

type Assessment = ScoredAssessment | UnscoredAssessment;

const listPath = "/questionnaires";

function isScored(item: Assessment): item is ScoredAssessment {
  return "total" in item;
}

function number(value: number): string {
  return formatNumber(value, value % 1 ? 1 : 0);
}

/** "Your total is 7 (from 0 to 21; higher means more difficulty), in the “mild” range." */
function scoreSentence(score: RecordedAssessment["score"]): string {
  if (score.total === null) return `keel could not give a total this time: ${score.no_total_reason ?? "too few answers"}.`;
  const direction =
    score.direction === "higher-better" ? "; higher is better" : score.direction === "higher-worse" ? "; higher means more difficulty" : "";
  const band = score.band ? `, in the “${score.band}” range${score.band_provisional ? " (a provisional range)" : ""}` : "";
  const prorated = score.prorated ? " A few questions were left open, so the total is estimated from the others." : "";
  return `Your total is ${number(score.total)} (from ${number(score.minimum)} to ${number(score.maximum)}${direction})${band}.${prorated}`;
}

function changeSentence(change: Change | null, canSayChange: boolean, title: string): string {
  if (!change) {
    if (!canSayChange)
      return `${title} has no published figures for reliable change, so keel shows your totals without judging the change between them.`;
    return "This is the first one keel has, so there is nothing to compare with yet. Next time you will see whether it has changed.";
  }
  const size = Math.abs(change.difference);
  const moved =
    change.difference === 0
      ? `It is the same as the one before (${number(change.before)}).`
      : `It is ${number(size)} point${size === 1 ? "" : "s"} ${change.difference < 0 ? "lower" : "higher"} than the one before (${number(change.before)}).`;
  return `${moved} ${classificationWords[change.classification]}`;
}

export default function QuestionnairesPage() {
  const location = useLocation();
  const chosen = location.query.get("fill");
  const loaded = useLoad(() => Promise.all([fetchInstruments(), fetchAssessments()]), [chosen]);
  const [instruments, assessments] = loaded.data ? [loaded.data[0].items, loaded.data[1].items] : [[], []];
  const headingRef = useRef<HTMLHeadingElement>(null);
  const opened = useRef(false);
  useEffect(() => {
    // Opening a questionnaire or coming back from one moves focus to what is now shown.
    if (opened.current) headingRef.current?.focus();
    opened.current = true;
  }, [chosen]);

  return (
    <div>
      <PageTitle>Questionnaires</PageTitle>
      {chosen ? (
        <FillIn key={chosen} id={chosen} headingRef={headingRef} />
      ) : (
        <>
          <p class="quiet">
            Short questionnaires your therapist may ask you to fill in now and then. The score shows how things are going for
            you at the moment; it says nothing about who you are.
          </p>
          <LoadState loaded={loaded} what="the questionnaires" />
          {loaded.data && <InstrumentList instruments={instruments} assessments={assessments} headingRef={headingRef} />}
          {loaded.data && <PastResults instruments={instruments} assessments={assessments} />}
        </>
      )}
    </div>
  );
}

function InstrumentList({ instruments, assessments, headingRef }: {
  instruments: InstrumentSummary[];
  assessments: Assessment[];
  headingRef: RefObject<HTMLHeadingElement>;
}) {
  const offered = instruments.filter((instrument) => instrument.text !== "placeholder");
  const notLoaded = instruments.filter((instrument) => instrument.text === "placeholder");
  return (
    <section aria-labelledby="fill-in-title">
      <h2 id="fill-in-title" tabIndex={-1} ref={headingRef}>
        Fill one in
      </h2>
      <ul class="goal-list">
        {offered.map((instrument) => {
          const answered = assessments.filter((item): item is ScoredAssessment => item.instrument === instrument.id && isScored(item));
          const latest = answered[answered.length - 1];
          return (
            <li key={instrument.id} class="card">
              <h3>{instrument.title}</h3>
              <p class="small quiet">
                {instrument.items !== undefined && plural(instrument.items, "question")}
                {latest && latest.total !== null && ` · last time ${describeDay(latest.at.slice(0, 10))}: ${number(latest.total)}${latest.band ? ` (${latest.band})` : ""}`}
              </p>
              <Link class="button secondary small" href={`${listPath}?fill=${encodeURIComponent(instrument.id)}`}>
                Fill in <span class="visually-hidden">{instrument.title}</span>
              </Link>
            </li>
          );
        })}
      </ul>
      {notLoaded.length > 0 && (
        <p class="small quiet">
          {notLoaded.map((instrument) => shortTitle(instrument, instrument.id)).join(", ")}: the questions of these are licensed, and
          your clinic can add them to keel.
        </p>
      )}
    </section>
  );
}

function PastResults({ instruments, assessments }: { instruments: InstrumentSummary[]; assessments: Assessment[] }) {
  const newestFirst = [...assessments].sort((a, b) => Date.parse(b.at) - Date.parse(a.at)).slice(0, 30);
  return (
    <section aria-labelledby="past-results-title">
      <h2 id="past-results-title">Past results</h2>
      {newestFirst.length === 0 ? (
        <p class="quiet">Your results will show here once you have filled one in.</p>
      ) : (
        <DataTable
          caption="Your questionnaires, newest first"
          columns={["Date", "Questionnaire", "Total", "Range", "Change since the one before"]}
          rows={newestFirst.map((item) => {
            const title = shortTitle(instruments.find((instrument) => instrument.id === item.instrument), item.instrument);
            if (!isScored(item)) return [item.at.slice(0, 10), title, "–", "–", `not scored: ${item.problem}`];
            return [
              item.at.slice(0, 10),
              title,
              item.total === null ? "–" : number(item.total),
              item.band ?? "–",
              item.since_previous
                ? `${item.since_previous.difference > 0 ? "+" : ""}${number(item.since_previous.difference)} (${classificationLabels[item.since_previous.classification]})`
                : "first",
            ];
          })}
        />
      )}
    </section>
  );
}

interface Saved {
  recorded: RecordedAssessment;
  change: Change | null;
}

/** `id` is made on the device with the answers, so that sending them again saves nothing new. */
async function saveAnswers(instrument: string, answers: Record<string, string>, id: string): Promise<Saved> {
  const recorded = await request<RecordedAssessment>("POST", "/assessments", { body: { instrument, answers, id } });
  // The change since the one before is scored with the others: read it from the list.
  let change: Change | null = null;
  try {
    const list = await request<{ items: Assessment[] }>("GET", `/assessments?instrument=${encodeURIComponent(instrument)}`);
    const stored = list.items.find((item) => item.id === recorded.id);
    if (stored && isScored(stored)) change = stored.since_previous;
  } catch {
    // Saved all the same; the result shows without the comparison.
  }
  return { recorded, change };
}

function FillIn({ id, headingRef }: { id: string; headingRef: RefObject<HTMLHeadingElement> }) {
  const loaded = useLoad(() => request<InstrumentForm>("GET", `/instruments/${encodeURIComponent(id)}`));
  const [saved, setSaved] = useState<Saved | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    // After saving, focus goes to the first heading of the result: the crisis text, when shown.
    if (saved) resultRef.current?.querySelector<HTMLElement>("h2")?.focus();
  }, [saved]);
  const instrument = loaded.data;

  if (saved && instrument) return <Result instrument={instrument} saved={saved} containerRef={resultRef} />;
  return (
    <section aria-labelledby="questionnaire-title">
      <h2 id="questionnaire-title" tabIndex={-1} ref={headingRef}>
        {instrument?.title ?? "Questionnaire"}
      </h2>
      <LoadState loaded={loaded} what="the questions" />
      {instrument && instrument.text === "placeholder" && (
        <div class="notice">
          <p>The questions of this questionnaire are licensed, and your clinic has not added them to keel yet.</p>
          <Link href={listPath}>Back to questionnaires</Link>
        </div>
      )}
      {instrument && instrument.text !== "placeholder" && (
        <>
          <p class="quiet">
            {plural(instrument.questions.length, "question")}. Choose the answer closest to how things have been for you; there are no
            right or wrong answers.
          </p>
          {instrument.instructions.map((instruction) => (
            <p key={instruction} class="instructions">
              {instruction}
            </p>
          ))}
          <DraftForm
            draftKey={`questionnaire-${instrument.id}`}
            initial={() => ({ answers: {} as Record<string, string>, id: newId() })}
            submitLabel="Save my answers"
            check={(fields) => {
              const open = instrument.questions.filter((question) => question.scored && !fields.answers[question.link_id]);
              if (open.length === 0) return null;
              const first = open[0].prefix || `the question “${open[0].text}”`;
              return `Please answer every question; ${open.length} ${open.length === 1 ? "is" : "are"} still open, starting with ${first.replace(/\.$/, "")}.`;
            }}
            onSubmit={async (fields) => setSaved(await saveAnswers(instrument.id, fields.answers, fields.id))}
            onCancel={() => navigate(listPath)}
            cancelLabel="Back without saving"
          >
            {(fields, update) =>
              instrument.questions.map((question) => (
                <div key={question.link_id} class="question">
                  <ChoiceGroup
                    legend={`${question.prefix ? question.prefix + " " : ""}${question.text}${question.scored ? "" : " (optional)"}`}
                    choices={question.options.map((option) => ({ value: option.code, label: option.display }))}
                    value={fields.answers[question.link_id] ?? null}
                    onChange={(code) => update({ answers: { ...fields.answers, [question.link_id]: code }, id: newId() })}
                  />
                </div>
              ))
            }
          </DraftForm>
          {instrument.copyright && <p class="small quiet">{instrument.copyright}</p>}
        </>
      )}
    </section>
  );
}

function Result({ instrument, saved, containerRef }: {
  instrument: InstrumentForm;
  saved: Saved;
  containerRef: RefObject<HTMLDivElement>;
}) {
  const { score } = saved.recorded;
  const title = shortTitle(instrument, instrument.id);
  return (
    <div ref={containerRef}>
      {score.safety.flag && (
        <>
          <div class="notice" role="alert">
            <p>
              <strong>Thank you for answering honestly.</strong> Some of your answers say you may be having thoughts of hurting
              yourself. You deserve support with that right now, and you do not have to face it alone.
            </p>
          </div>
          <CrisisResources text={score.safety.crisis_resources?.text} />
        </>
      )}
      <section class="card" aria-labelledby="result-title">
        <h2 id="result-title" tabIndex={-1}>
          Your {title} result
        </h2>
        {score.total !== null && <p class="result-score">{number(score.total)}</p>}
        <p>{scoreSentence(score)}</p>
        <p>{changeSentence(saved.change, instrument.reliable_change, title)}</p>
        <p class="small quiet">Saved. If you like, your therapist can go through it with you.</p>
        <div class="actions">
          <Link class="button primary" href={listPath}>
            Back to questionnaires
          </Link>
        </div>
      </section>
    </div>
  );
}
