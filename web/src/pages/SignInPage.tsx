import { useState } from "preact/hooks";
import { signIn } from "../lib/api";
import { navigate } from "../lib/router";
import { takeReturnPath } from "../lib/session";
import { useSubmit } from "../lib/use-submit";
import { FormError } from "../components/FormError";
import { PageTitle } from "../components/PageTitle";
import { Link } from "../lib/router";

export function SignInPage() {
  const [username, setUsername] = useState("");
  const [password, setPassword] = useState("");
  const { busy, error, submit } = useSubmit(async () => {
    await signIn(username.trim(), password);
    setPassword("");
    navigate(takeReturnPath(), { replace: true });
  });

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
