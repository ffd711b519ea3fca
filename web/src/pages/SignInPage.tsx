import { useState } from "preact/hooks";
import { errorMessage, signIn } from "../lib/api";
import { navigate } from "../lib/router";
import { takeReturnPath } from "../lib/session";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { Link } from "../lib/router";

export function SignInPage() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  async function submit(event: Event) {
    event.preventDefault();
    setBusy(true);
    setError(null);
    try {
      await signIn(username.trim(), password);
      setPassword("");
      navigate(takeReturnPath(), { replace: true });
    } catch (failure) {
      setError(errorMessage(failure));
    } finally {
      setBusy(false);
    }
  }

  return (
    <div class="narrow">
      <PageTitle>Sign in</PageTitle>
      <p class="quiet">Anything you were typing before is kept and will be there after you sign in.</p>
      <form class="card form" onSubmit={submit} aria-describedby="sign-in-error">
        <div class="field">
          <label for="username">Name</label>
          <input
            id="username"
            name="username"
            autocomplete="username"
            autocapitalize="none"
            spellcheck={false}
            required
            value={username}
            onInput={(event) => setUsername(event.currentTarget.value)}
          />
        </div>
        <div class="field">
          <label for="password">Password</label>
          <input
            id="password"
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(event) => setPassword(event.currentTarget.value)}
          />
        </div>
        <FormError id="sign-in-error" message={error} />
        <button type="submit" class="button primary" disabled={busy}>
          {busy ? "Signing in…" : "Sign in"}
        </button>
      </form>
      <p>
        Need a moment first? <Link href="/pause">Pause</Link> works without signing in.
      </p>
    </div>
  );
}
