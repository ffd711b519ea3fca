// How many records wait on this device to be sent, and any keel refused, with a way to discard them.
import { useObservable } from "../lib/observable";
import { discardOutboxItem, flushOutbox, outbox, waitingCount } from "../lib/outbox";
import { plural } from "../lib/words";

const kindNames = { urges: "urge", pauses: "Pause", "lapse-reviews": "lapse review", checkins: "check-in" } as const;

export function OutboxNotice() {
  const items = useObservable(outbox);
  const waiting = waitingCount(items);
  const refused = items.filter((item) => item.problem);
  if (!items.length) return null;
  return (
    <div class="notice outbox" role="status">
      {waiting > 0 && (
        <p>
          {plural(waiting, "record")} kept on this device, to be sent once keel can be reached.{" "}
          <button type="button" class="button secondary small" onClick={() => void flushOutbox()}>
            Send now
          </button>
        </p>
      )}
      {refused.map((item) => (
        <p key={item.record.id}>
          A {kindNames[item.kind]} could not be saved: {item.problem}{" "}
          <button type="button" class="button secondary small" onClick={() => discardOutboxItem(item.record.id)}>
            Discard it
          </button>
        </p>
      ))}
    </div>
  );
}
