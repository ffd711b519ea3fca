#!/usr/bin/env node
// Time to first render of the web app's Today and Pause pages on a cold load from loopback, and
// the compressed bytes the first page downloads. Not run by CI; see bench/README.md.
//
//   node bench/web_first_render.mjs [--keel PATH] [--chromium PATH] [--runs N] [--days N]
//
// keel (default: build/release/keel) serves a demo home (`keel demo --no-serve`, 180 days) on
// 127.0.0.1; headless Debian chromium (playwright-core from tests/e2e/node_modules: run
// `scripts/setup test` or `npm ci --prefix tests/e2e` first) loads each page N times (default 7),
// each in a fresh browser context: an empty HTTP cache, no service worker, signed in as "demo"
// (the session cookie from POST /api/v1/session and the tab's sessionStorage entry, set before the
// page's scripts run, as after signing in). Per load: first-contentful-paint, the moment the page's
// own data is in the document (a MutationObserver notes it), and, from the Resource Timing API once the network is idle, the encoded
// (compressed, as sent) body bytes of the app's files (document, scripts, styles, icon, manifest)
// and of the API's answers. Medians are printed, with the range.
import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { createRequire } from "node:module";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs, promisify } from "node:util";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const { values: options } = parseArgs({
  options: {
    keel: { type: "string", default: join(root, "build", "release", "keel") },
    chromium: { type: "string", default: "/usr/bin/chromium" },
    runs: { type: "string", default: "7" },
    days: { type: "string", default: "180" },
  },
});
const runs = Number(options.runs);

const require = createRequire(join(root, "tests", "e2e", "package.json"));
let chromium;
try {
  ({ chromium } = require("playwright-core"));
} catch {
  console.error("web_first_render: playwright-core is missing: run scripts/setup test (or npm ci --prefix tests/e2e)");
  process.exit(2);
}
for (const [what, path] of [["keel", options.keel], ["chromium", options.chromium]]) {
  if (!existsSync(path)) {
    console.error(`web_first_render: no ${what} at ${path}`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), "keel-web-bench."));
const home = join(work, "home");
const env = { ...process.env, KEEL_KDF: "test" };
const { stdout } = await promisify(execFile)(options.keel, ["--home", home, "demo", "--no-serve", "--days", options.days], { env });
const password = /passphrase: (\S+)/.exec(stdout)?.[1];
const server = spawn(options.keel, ["--home", home, "serve", "--listen", "127.0.0.1:0"], { env, stdio: ["ignore", "ignore", "pipe"] });
const baseURL = await new Promise((found, fail) => {
  let log = "";
  server.stderr.setEncoding("utf8");
  server.stderr.on("data", (chunk) => {
    log += chunk;
    const match = /listening on (http:\/\/\S+)/.exec(log);
    if (match) found(match[1]);
  });
  server.on("exit", () => fail(new Error("keel serve stopped:\n" + log)));
});
server.stderr.resume();

const browser = await chromium.launch({ executablePath: options.chromium, headless: true });

/** Loads `path` cold, signed in, and measures it. `ready` is the selector of the page's data. */
async function coldLoad(path, ready) {
  const context = await browser.newContext({
    baseURL,
    serviceWorkers: "block",
    viewport: { width: 390, height: 844 },
    deviceScaleFactor: 2,
    isMobile: true,
    hasTouch: true,
    timezoneId: "Europe/Berlin",
  });
  try {
    const answer = await context.request.post("/api/v1/session", { data: { username: "demo", password } });
    if (!answer.ok()) throw new Error(`sign-in answered ${answer.status()}`);
    const body = await answer.json();
    const session = JSON.stringify({ csrfToken: body.csrf_token, user: body.user });
    await context.addInitScript((value) => sessionStorage.setItem("keel.session", value), session);
    // The moment the page's data is in the document, noted by the page itself.
    await context.addInitScript((selector) => {
      const observer = new MutationObserver(() => {
        if (document.querySelector(selector)) {
          window.__keelBenchReady = performance.now();
          observer.disconnect();
        }
      });
      observer.observe(document, { childList: true, subtree: true });
    }, ready);
    const page = await context.newPage();
    await page.goto(path, { waitUntil: "load" });
    await page.waitForSelector(ready);
    await page.waitForLoadState("networkidle");
    return await page.evaluate(() => {
      const paint = performance.getEntriesByName("first-contentful-paint")[0];
      const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
      const api = entries.filter((entry) => new URL(entry.name).pathname.startsWith("/api/"));
      const app = entries.filter((entry) => !new URL(entry.name).pathname.startsWith("/api/"));
      const sum = (list) => list.reduce((total, entry) => total + entry.encodedBodySize, 0);
      return {
        fcp: paint ? paint.startTime : NaN,
        ready: window.__keelBenchReady,
        appBytes: sum(app),
        appFiles: app.length,
        decodedAppBytes: app.reduce((total, entry) => total + entry.decodedBodySize, 0),
        apiBytes: sum(api),
        apiRequests: api.length,
        files: entries.map((entry) => `${new URL(entry.name).pathname} ${(entry.encodedBodySize / 1024).toFixed(1)}`),
      };
    });
  } finally {
    await context.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

const pages = [
  { name: "Today", path: "/", ready: "section[aria-labelledby=wins-title]" },
  { name: "Pause", path: "/pause", ready: ".pause-page .intensity-buttons" },
];
const results = Object.fromEntries(pages.map((page) => [page.name, []]));
try {
  console.log(`load average before: ${loadavg().map((value) => value.toFixed(2)).join(" ")} (${cpus().length} processors)`);
  await coldLoad("/", pages[0].ready); // warm keel itself (its first stats, the demo home's pages) and the browser
  // Alternate the pages, so that drift in the machine's load touches both alike.
  for (let run = 0; run < runs; run++) for (const page of pages) results[page.name].push(await coldLoad(page.path, page.ready));
  console.log(`load average after: ${loadavg().map((value) => value.toFixed(2)).join(" ")}`);
} finally {
  await browser.close();
  server.kill("SIGTERM");
  await new Promise((done) => server.on("exit", done));
  rmSync(work, { recursive: true, force: true });
}

const kib = (bytes) => (bytes / 1024).toFixed(1);
for (const page of pages) console.log(`${page.name} downloads (path, KiB as sent): ${results[page.name].at(-1).files.join(", ")}`);
const rows = [["page", "FCP median (range), ms", "data in page median, ms", "app files: gzip KiB (decoded)", "API: KiB, requests"]];
for (const page of pages) {
  const list = results[page.name];
  const fcp = list.map((entry) => entry.fcp);
  const last = list[list.length - 1];
  rows.push([
    page.name,
    `${median(fcp).toFixed(0)} (${Math.min(...fcp).toFixed(0)}-${Math.max(...fcp).toFixed(0)})`,
    median(list.map((entry) => entry.ready)).toFixed(0),
    `${kib(median(list.map((entry) => entry.appBytes)))} in ${last.appFiles} files (${kib(last.decodedAppBytes)})`,
    `${kib(median(list.map((entry) => entry.apiBytes)))}, ${last.apiRequests}`,
  ]);
}
const widths = rows[0].map((_, column) => Math.max(...rows.map((row) => row[column].length)));
console.log(`RESULT web_first_render (${runs} cold loads each, ${baseURL.replace(/:\d+$/, "")}, phone viewport)`);
for (const row of rows) console.log(row.map((cell, column) => cell.padEnd(widths[column])).join("  "));
