import { render } from "preact";
import { App } from "./app";
import { startOutbox } from "./lib/outbox";
import { fetchMe } from "./lib/api";
import { currentSession } from "./lib/session";
import "./styles.css";

startOutbox();

// A session kept in this tab may have ended on the server; asking who is signed in finds out
// (a 401 forgets it, and every page but Pause then asks to sign in). Offline, nothing changes.
if (currentSession.get()) fetchMe({ stayOnPage: true }).catch(() => undefined);

render(<App />, document.getElementById("app")!);

if ("serviceWorker" in navigator && import.meta.env.PROD) {
  window.addEventListener("load", () => {
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(() => undefined);
  });
}
