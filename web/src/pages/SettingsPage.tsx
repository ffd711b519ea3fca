// Settings: password, export, sign out, deleting the account, and crisis resources.
import { useState } from "preact/hooks";
import { changePassword, deleteAccount, errorMessage, signOut } from "../lib/api";
import { clearAllDrafts } from "../lib/drafts";
import { useObservable } from "../lib/observable";
import { clearOutbox, flushOutbox, outbox, waitingCount } from "../lib/outbox";
import { forgetPauseKit } from "../lib/pause-kit";
import { navigate } from "../lib/router";
import { currentSession, takeReturnPath } from "../lib/session";
import { plural } from "../lib/words";
import { CrisisResources } from "../components/CrisisResources";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { TextField } from "../components/TextField";

/** What this device keeps for the person: removed at sign-out (the outbox stays until sent). */
function forgetThisDevice(): void {
  clearAllDrafts();
  forgetPauseKit();
  takeReturnPath();
}

export function SettingsPage() {
  const session = useObservable(currentSession);
  return (
    <div>
      <PageTitle>Settings</PageTitle>
      {session && <p class="quiet">Signed in as {session.user.username}.</p>}
      <PasswordSection />
      <ExportSection />
      <SignOutSection />
      <CrisisResources />
      <DeleteAccountSection />
    </div>
  );
}

function PasswordSection() {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState(false);
  return (
    <section class="card" aria-labelledby="password-title">
      <h2 id="password-title">Change your password</h2>
      <form
        class="form"
        onSubmit={async (event) => {
          event.preventDefault();
          setDone(false);
          if (next !== repeat) return setError("The two new passwords are not the same. Please type them again.");
          setError(null);
          try {
            await changePassword(current, next);
            setCurrent("");
            setNext("");
            setRepeat("");
            setDone(true);
          } catch (failure) {
            setError(errorMessage(failure));
          }
        }}
      >
        <TextField label="Current password" type="password" autocomplete="current-password" required value={current} onChange={setCurrent} />
        <TextField label="New password" type="password" autocomplete="new-password" required value={next} onChange={setNext} />
        <TextField label="New password again" type="password" autocomplete="new-password" required value={repeat} onChange={setRepeat} />
        <FormError message={error} />
        <p role="status" class="success" hidden={!done}>
          Your password is changed. Other devices where you were signed in are signed out.
        </p>
        <button type="submit" class="button primary">
          Change password
        </button>
      </form>
    </section>
  );
}

function ExportSection() {
  return (
    <section class="card" aria-labelledby="export-title">
      <h2 id="export-title">Your data</h2>
      <p>Download every record you have in keel, in one file (JSON Lines), to keep or to take elsewhere.</p>
      <a class="button secondary" href="/api/v1/export" download="keel-export.jsonl">
        Download everything
      </a>
    </section>
  );
}

function SignOutSection() {
  const items = useObservable(outbox);
  const waiting = waitingCount(items);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="card" aria-labelledby="sign-out-title">
      <h2 id="sign-out-title">Sign out</h2>
      {waiting > 0 && (
        <p>
          {plural(waiting, "record")} on this device {waiting === 1 ? "is" : "are"} still waiting to be sent. They will
          be sent the next time you sign in here.
        </p>
      )}
      <FormError message={error} />
      <button
        type="button"
        class="button secondary"
        onClick={async () => {
          setError(null);
          await flushOutbox();
          try {
            await signOut();
          } catch (failure) {
            // The session is forgotten here either way; say so only if keel could not be told.
            setError(errorMessage(failure));
          }
          navigate("/signin", { replace: true });
          forgetThisDevice();
        }}
      >
        Sign out
      </button>
    </section>
  );
}

function DeleteAccountSection() {
  const [password, setPassword] = useState("");
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return (
    <section class="card danger-zone" aria-labelledby="delete-title">
      <h2 id="delete-title">Delete your account</h2>
      <p>
        This deletes you and every record of yours from keel for good. It cannot be undone. You may want to download your
        data first.
      </p>
      {!confirming ? (
        <button type="button" class="button danger" onClick={() => setConfirming(true)}>
          Delete my account…
        </button>
      ) : (
        <form
          class="form"
          onSubmit={async (event) => {
            event.preventDefault();
            setError(null);
            try {
              await deleteAccount(password);
              clearOutbox();
              forgetThisDevice();
              navigate("/signin", { replace: true });
              currentSession.set(null);
              sessionStorage.clear();
            } catch (failure) {
              setError(errorMessage(failure));
            }
          }}
        >
          <TextField label="Your password, to confirm" type="password" autocomplete="current-password" required value={password}
            onChange={setPassword} />
          <FormError message={error} />
          <div class="actions">
            <button type="submit" class="button danger">
              Delete everything for good
            </button>
            <button type="button" class="button secondary" onClick={() => { setConfirming(false); setPassword(""); }}>
              Keep my account
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
