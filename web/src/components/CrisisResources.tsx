// What to do when you are not safe: the server's crisis text (a clinic's own, or keel's) when it
// can be fetched, else a general text that works offline; the people from your plan with it.
import { fetchCrisisResources } from "../lib/api";
import { useObservable } from "../lib/observable";
import { pauseKit, phoneNumber } from "../lib/pause-kit";
import { useLoad } from "../lib/use-load";

// `text`: the crisis text keel already sent with an answer (a questionnaire's safety finding).
export function CrisisResources({ headingLevel = 2, text }: { headingLevel?: 2 | 3; text?: string }) {
  const kit = useObservable(pauseKit);
  const served = useLoad(() => (text ? Promise.resolve({ text, source: "answer" }) : fetchCrisisResources()));
  const Heading = headingLevel === 2 ? "h2" : "h3";
  return (
    <section class="card crisis" aria-labelledby="crisis-title" id="crisis">
      <Heading id="crisis-title" tabIndex={-1}>
        If you are not safe right now
      </Heading>
      {served.data ? <ServedCrisisText text={served.data.text} /> : <GeneralCrisisText />}
      {kit && kit.people.length > 0 && (
        <>
          <p>People from your plan:</p>
          <PeopleList people={kit.people} />
        </>
      )}
    </section>
  );
}

// The server's plain text: paragraphs between blank lines, lines that start with "- " as a list,
// wrapped lines joined again.
function ServedCrisisText({ text }: { text: string }) {
  const paragraphs = text.split(/\n\s*\n/).filter((paragraph) => paragraph.trim() !== "");
  return (
    <>
      {paragraphs.map((paragraph) => {
        const items = paragraph.split(/\n(?=- )/).map((item) => item.replace(/\s*\n\s*/g, " ").trim());
        if (items.every((item) => item.startsWith("- "))) {
          return (
            <ul key={paragraph}>
              {items.map((item) => (
                <li key={item}>{item.slice(2)}</li>
              ))}
            </ul>
          );
        }
        return <p key={paragraph}>{items.join(" ")}</p>;
      })}
    </>
  );
}

// Shown while the server's text loads, or offline.
function GeneralCrisisText() {
  return (
    <>
      <p>
        If you might hurt yourself or you are in danger, call your local emergency number now: <a href="tel:112">112</a>{" "}
        in Europe, <a href="tel:911">911</a> in the US and Canada, <a href="tel:999">999</a> in the UK.
      </p>
      <p>
        You can also call a crisis line in your country, your therapist's out-of-hours number, or go to the nearest
        emergency department. You deserve help, and asking for it is a strong thing to do.
      </p>
    </>
  );
}

export function PeopleList({ people }: { people: { name: string; contact: string }[] }) {
  return (
    <ul class="people">
      {people.map((person) => {
        const number = phoneNumber(person.contact);
        return (
          <li key={person.name + person.contact}>
            <strong>{person.name}</strong>
            {person.contact && !number && <span> · {person.contact}</span>}
            {number && (
              <span class="contact-links">
                <a class="button secondary small" href={`tel:${number}`}>
                  Call {person.name}
                </a>
                <a class="button secondary small" href={`sms:${number}`}>
                  Text {person.name}
                </a>
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}
