// What the e2e tests share: a `keel serve` of their own on loopback (started and stopped here),
// Debian's chromium driven by playwright-core, the two viewports, a context that records console
// errors and CSP violations, small waiting helpers, screenshots into the artifacts folder, and
// the axe-core scan.
//
// Environment (tests/CMakeLists.txt sets it; see README.md):
//   KEEL_BINARY         the keel binary to serve (required)
//   KEEL_E2E_ARTIFACTS  where screenshots and the export go (default: a new temporary folder)
//   KEEL_CHROMIUM       the browser (default /usr/bin/chromium, from Debian's chromium package)
import assert from "node:assert/strict";
import { spawn, execFile } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const here = dirname(fileURLToPath(import.meta.url));
const run = promisify(execFile);

/** The keel binary, the browser and the artifacts folder, or a clear failure naming what is missing. */
export function configuration() {
  const keel = process.env.KEEL_BINARY;
  const chromium = process.env.KEEL_CHROMIUM || "/usr/bin/chromium";
  const missing = [];
  if (!keel || !existsSync(keel)) missing.push(`the keel binary (KEEL_BINARY=${keel ?? ""})`);
  if (!existsSync(chromium)) missing.push(`chromium at ${chromium} (scripts/setup test installs Debian's chromium)`);
  if (!existsSync(join(here, "node_modules", "playwright-core")) || !existsSync(join(here, "node_modules", "axe-core")))
    missing.push("the npm packages of tests/e2e (scripts/setup test, or npm ci --prefix tests/e2e)");
  if (missing.length) throw new Error("e2e: cannot run without " + missing.join("; "));
  const artifacts = process.env.KEEL_E2E_ARTIFACTS || mkdtempSync(join(tmpdir(), "keel-e2e-artifacts."));
  mkdirSync(artifacts, { recursive: true });
  return { keel, chromium, artifacts };
}

export const password = "correct horse battery staple";
export const timeZone = "Europe/Berlin";

/** The phone (touch, mobile layout) and the laptop every test runs at. */
export const viewports = {
  phone: { viewport: { width: 390, height: 844 }, deviceScaleFactor: 2, isMobile: true, hasTouch: true },
  laptop: { viewport: { width: 1366, height: 768 }, deviceScaleFactor: 1, isMobile: false, hasTouch: false },
};

/**
 * `keel serve --listen 127.0.0.1:0` on a home of its own: an empty one, or a demo home with
 * `demoDays` of synthetic records (person "demo"). The users named are added as clients.
 */
export async function startKeel({ keel, users = [], demoDays = 0 }) {
  const work = mkdtempSync(join(tmpdir(), "keel-e2e."));
  const home = join(work, "home");
  const env = { ...process.env, KEEL_KDF: "test" };
  let demoPassword = null;
  if (demoDays) {
    const { stdout } = await run(keel, ["--home", home, "demo", "--no-serve", "--days", String(demoDays)], { env });
    demoPassword = /passphrase: (\S+)/.exec(stdout)?.[1] ?? null;
    assert.ok(demoPassword, "keel demo printed no passphrase:\n" + stdout);
  }
  const server = spawn(keel, ["--home", home, "serve", "--listen", "127.0.0.1:0"], {
    env,
    stdio: ["ignore", "ignore", "pipe"],
  });
  let log = "";
  const exited = new Promise((resolve) => server.on("exit", (code, signal) => resolve({ code, signal })));
  const url = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("keel serve did not say where it listens within 60 s:\n" + log)), 60_000);
    server.stderr.setEncoding("utf8");
    server.stderr.on("data", (chunk) => {
      log += chunk;
      const match = /keel: listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    exited.then(({ code, signal }) => {
      clearTimeout(timer);
      reject(new Error(`keel serve exited (${code ?? signal}) before listening:\n${log}`));
    });
  });
  const passwordFile = join(work, "password");
  writeFileSync(passwordFile, password + "\n", { mode: 0o600 });
  for (const name of users)
    await run(keel, ["--home", home, "user", "add", name, "--role", "client", "--password-file", passwordFile, "--time-zone", timeZone], { env });
  return {
    url,
    home,
    demoPassword,
    log: () => log,
    /** SIGTERM, and keel must stop cleanly (exit 0) once the requests in flight are done. */
    async stop() {
      if (server.exitCode === null && server.signalCode === null) server.kill("SIGTERM");
      let timer;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve(null), 30_000)));
      const result = await Promise.race([exited, timeout]);
      clearTimeout(timer);
      if (result === null) server.kill("SIGKILL");
      rmSync(work, { recursive: true, force: true });
      assert.ok(result !== null, "keel serve did not stop within 30 s of SIGTERM:\n" + log);
      assert.equal(result.code, 0, `keel serve stopped with ${result.code ?? result.signal}:\n` + log.slice(-4000));
    },
  };
}

export async function launchBrowser(chromiumPath) {
  const { chromium } = await import("playwright-core");
  return chromium.launch({ executablePath: chromiumPath, headless: true, args: ["--disable-dev-shm-usage"] });
}

/**
 * A browser context at a viewport, in Berlin's time zone, that records every console error, page
 * error and Content-Security-Policy violation in `problems` (the tests expect none). Options such
 * as bypassCSP pass through.
 */
export async function newContext(browser, baseURL, viewportName, options = {}) {
  const context = await browser.newContext({
    baseURL,
    ...viewports[viewportName],
    locale: "en-GB",
    timezoneId: timeZone,
    acceptDownloads: true,
    ...options,
  });
  context.setDefaultTimeout(20_000);
  const problems = [];
  // Errors the browser logs for requests made while a test has the context offline on purpose.
  let offline = false;
  const expectedWhileOffline = /net::ERR_INTERNET_DISCONNECTED|Failed to fetch/;
  context.on("console", (message) => {
    if (message.type() !== "error") return;
    if (offline && expectedWhileOffline.test(message.text())) return;
    problems.push(`console error on ${message.page()?.url() ?? "?"}: ${message.text()}`);
  });
  context.on("weberror", (error) => problems.push(`page error: ${error.error().message}`));
  await context.exposeBinding("__keelE2eCsp", (_source, violation) =>
    problems.push(`CSP violation: ${violation.directive} blocked ${violation.blocked} (${violation.sample})`),
  );
  await context.addInitScript(() => {
    document.addEventListener("securitypolicyviolation", (event) => {
      window.__keelE2eCsp?.({ directive: event.violatedDirective, blocked: event.blockedURI, sample: event.sample });
    });
  });
  return {
    context,
    problems,
    async setOffline(value) {
      offline = value;
      await context.setOffline(value);
    },
    /**
     * Fails with every problem recorded so far, and forgets them. Each pattern of `expected` must
     * match one of them (the browser's own line for a page answered 404, say), and is then allowed.
     */
    assertNoProblems(when, expected = []) {
      let found = problems.splice(0);
      for (const pattern of expected) {
        assert.ok(found.some((line) => pattern.test(line)), `${when}: expected a console line matching ${pattern}`);
        found = found.filter((line) => !pattern.test(line));
      }
      assert.deepEqual(found, [], `console errors, page errors or CSP violations ${when}`);
    },
  };
}

/** Polls `check` (which throws or returns false until it holds) for up to `timeout` ms. */
export async function eventually(check, { timeout = 15_000, interval = 100 } = {}) {
  const deadline = Date.now() + timeout;
  for (;;) {
    try {
      const result = await check();
      if (result !== false) return result;
      if (Date.now() > deadline) throw new Error("eventually: the condition still does not hold");
    } catch (error) {
      if (Date.now() > deadline) throw error;
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
  }
}

/** Waits for the page whose h1 reads `heading`, and checks the document title there. */
export async function expectPage(page, heading) {
  await page.locator("main h1").filter({ hasText: heading }).first().waitFor();
  assert.equal(await page.title(), "keel", `the document title on ${page.url()}`);
}

/** Opens a page from the main menu (behind the Menu button on a phone, as a person would). */
export async function openFromMenu(page, label, heading = label) {
  const link = page.locator("#site-menu").getByRole("link", { name: label, exact: true });
  if (!(await link.isVisible())) await page.getByRole("button", { name: "Menu" }).click();
  await link.click();
  await expectPage(page, heading);
}

export async function signIn(page, username, secret = password) {
  await page.goto("/signin");
  await expectPage(page, "Sign in");
  await page.getByLabel("Name").fill(username);
  await page.getByLabel("Password").fill(secret);
  await page.getByRole("button", { name: "Sign in" }).click();
  await expectPage(page, "Today");
}

/** GET /api/v1/PATH with the context's session cookie (as the app would). */
export async function api(page, path) {
  const response = await page.request.get("/api/v1" + path);
  assert.ok(response.ok(), `GET /api/v1${path} answered ${response.status()}`);
  return response.json();
}

/** A full-page screenshot into the artifacts folder: <viewport>-<name>.png. */
export async function screenshot(page, artifacts, viewportName, name) {
  // Let charts and transitions settle; a screenshot of a half-drawn page helps nobody.
  await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
  await page.screenshot({ path: join(artifacts, "screenshots", `${viewportName}-${name}.png`), fullPage: true });
}

export const axeScript = join(here, "node_modules", "axe-core", "axe.min.js");

/**
 * axe-core on the page as it is now (WCAG 2.0-2.2 A and AA and best practices); answers the
 * violations of every impact, the serious and critical ones each as one line, and how many
 * rules passed (so that a scan that checked nothing cannot pass unnoticed).
 */
export async function axeScan(page) {
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.addScriptTag({ path: axeScript });
  // At the top of the page: scrolled, whatever passes under the sticky header counts as covered
  // for target-size, and what is under it depends only on where the last click scrolled to.
  // (That focus never lands under the header is checked with the keyboard in pages.test.mjs.)
  await page.evaluate(() => window.scrollTo(0, 0));
  const result = await page.evaluate(async () => {
    const answer = await window.axe.run(document, {
      runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"] },
      resultTypes: ["violations"],
    });
    return {
      passes: answer.passes.length,
      violations: answer.violations.map((violation) => ({
        id: violation.id,
        impact: violation.impact,
        help: violation.help,
        targets: violation.nodes.slice(0, 5).map((node) => node.target.join(" ")),
      })),
    };
  });
  const serious = result.violations
    .filter((violation) => violation.impact === "serious" || violation.impact === "critical")
    .map((violation) => `${violation.impact} ${violation.id}: ${violation.help} (${violation.targets.join(", ")})`);
  return { ...result, serious };
}
