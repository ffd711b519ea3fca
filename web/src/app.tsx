// The shell: a skip link, the header with Pause one tap away, the menu, notices, and the page.
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { useObservable } from "./lib/observable";
import { online } from "./lib/online";
import { Link, currentLocation, navigate, useLocation } from "./lib/router";
import { currentSession, rememberReturnPath } from "./lib/session";
import { lazyPage } from "./components/LazyPage";
import { OutboxNotice } from "./components/OutboxNotice";
import { ActivitiesPage } from "./pages/ActivitiesPage";
import { CheckinPage } from "./pages/CheckinPage";
import { HistoryPage } from "./pages/HistoryPage";
import { JournalPage } from "./pages/JournalPage";
import { LogPage } from "./pages/LogPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { PausePage } from "./pages/PausePage";
import { PlanPage } from "./pages/PlanPage";
import { SettingsPage } from "./pages/SettingsPage";
import { SignInPage } from "./pages/SignInPage";
import { TodayPage } from "./pages/TodayPage";
import { ValuesPage } from "./pages/ValuesPage";

const ProgressPage = lazyPage(() => import("./pages/ProgressPage"));
const QuestionnairesPage = lazyPage(() => import("./pages/QuestionnairesPage"));
const GoalsPage = lazyPage(() => import("./pages/GoalsPage"));

interface Route {
  component: ComponentType;
  /** Open without signing in: Sign in itself, and Pause, which must always work. */
  open?: boolean;
}

const routes: Record<string, Route> = {
  "/": { component: TodayPage },
  "/signin": { component: SignInPage, open: true },
  "/pause": { component: PausePage, open: true },
  "/log": { component: LogPage },
  "/checkin": { component: CheckinPage },
  "/history": { component: HistoryPage },
  "/progress": { component: ProgressPage },
  "/questionnaires": { component: QuestionnairesPage },
  "/plan": { component: PlanPage },
  "/values": { component: ValuesPage },
  "/goals": { component: GoalsPage },
  "/activities": { component: ActivitiesPage },
  "/journal": { component: JournalPage },
  "/settings": { component: SettingsPage },
};

const menu = [
  { href: "/", label: "Today" },
  { href: "/log", label: "Log" },
  { href: "/checkin", label: "Check-in" },
  { href: "/history", label: "History" },
  { href: "/progress", label: "Progress" },
  { href: "/questionnaires", label: "Questionnaires" },
  { href: "/plan", label: "Plan" },
  { href: "/values", label: "Values" },
  { href: "/goals", label: "Goals" },
  { href: "/activities", label: "Activities" },
  { href: "/journal", label: "Journal" },
  { href: "/settings", label: "Settings" },
];

export function App() {
  const location = useLocation();
  const session = useObservable(currentSession);
  const isOnline = useObservable(online);
  const [menuOpen, setMenuOpen] = useState(false);
  const firstRender = useRef(true);
  const route = routes[location.path] ?? { component: NotFoundPage, open: true };
  const mustSignIn = !session && !route.open;

  useEffect(() => {
    // Effects run a little after rendering: look at where the app is now, not where it was.
    const here = currentLocation.get();
    const hereRoute = routes[here.path];
    const stillClosed = !currentSession.get() && hereRoute !== undefined && !hereRoute.open;
    if (mustSignIn && stillClosed) {
      rememberReturnPath(here.path + (here.query.toString() ? "?" + here.query.toString() : ""));
      navigate("/signin", { replace: true });
    }
  }, [mustSignIn, location.path]);

  useEffect(() => {
    setMenuOpen(false);
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    // Move focus to the new page's heading so keyboard and screen reader users start there.
    window.requestAnimationFrame(() => {
      const heading = document.querySelector<HTMLElement>("main h1");
      (heading ?? document.getElementById("main"))?.focus();
    });
  }, [location.path]);

  const Page = mustSignIn ? SignInPage : route.component;
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <Link href={session ? "/" : "/signin"} class="brand">
          <img src="/icon.svg" alt="" width={28} height={28} />
          <span>keel</span>
        </Link>
        {location.path !== "/pause" && (
          <Link href="/pause" class="button pause-button">
            Pause
          </Link>
        )}
        {session && (
          <button type="button" class="button secondary menu-button" aria-expanded={menuOpen} aria-controls="site-menu"
            onClick={() => setMenuOpen(!menuOpen)}>
            Menu
          </button>
        )}
      </header>
      {session && (
        <nav id="site-menu" class={menuOpen ? "site-menu open" : "site-menu"} aria-label="Main">
          <ul>
            {menu.map((item) => (
              <li key={item.href}>
                <Link href={item.href}>{item.label}</Link>
              </li>
            ))}
          </ul>
        </nav>
      )}
      <main id="main" tabIndex={-1}>
        {!isOnline && (
          <p class="notice offline" role="status">
            You're offline. Pause works, and urges and Pauses you record are kept on this device until you're back.
          </p>
        )}
        <OutboxNotice />
        <Page key={location.path} />
      </main>
    </>
  );
}
