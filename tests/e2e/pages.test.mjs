// Every page of the web app, at a phone and at a laptop viewport, against one `keel serve` on a
// demo home (six months of synthetic records, so that charts, tables and lists are full):
//  - in a plain context (keel's Content-Security-Policy in force): the document title is "keel",
//    a screenshot goes to the artifacts folder, and no console error, page error or CSP violation;
//  - in a second context with bypassCSP, for the axe run only (axe-core is injected with
//    page.addScriptTag, an inline script that keel's `default-src 'self'` rightly refuses): no
//    serious or critical violation of WCAG 2.x A/AA or axe's best practices; every violation found,
//    of any impact, is written to axe-<viewport>.json in the artifacts folder;
//  - signing in and logging a quick urge with the keyboard alone.
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, describe, test } from "node:test";
import {
  api,
  axeScan,
  configuration,
  eventually,
  expectPage,
  launchBrowser,
  newContext,
  screenshot,
  signIn,
  startKeel,
  viewports,
} from "./harness.mjs";

const config = configuration();
let keel;
let browser;

before(async () => {
  [keel, browser] = await Promise.all([startKeel({ keel: config.keel, demoDays: 180 }), launchBrowser(config.chromium)]);
});

after(async () => {
  await browser?.close();
  await keel?.stop();
});

/** Waits until the page's own data has loaded: no "Loading …" left in main. */
async function settled(page) {
  await page.waitForFunction(
    () => ![...document.querySelectorAll("main [role=status]")].some((element) => /^\s*Loading/.test(element.textContent ?? "")),
  );
}

async function open(page, path, heading, ...ready) {
  await page.goto(path);
  await expectPage(page, heading);
  await settled(page);
  for (const locator of ready) await locator(page).first().waitFor();
}

/** Answers the open questionnaire's questions (`answer(index)`: an option's words, or null to skip) and saves. */
async function answerAll(page, answer) {
  const questions = page.locator("main fieldset.choice-group");
  await questions.first().waitFor();
  const count = await questions.count();
  for (let index = 0; index < count; index++) {
    const choice = answer(index);
    if (choice) await questions.nth(index).getByText(choice, { exact: true }).click();
  }
  await page.getByRole("button", { name: "Save my answers" }).click();
}

/**
 * The states scanned, in order; each opens a path or takes the page on from the state before it
 * (the Pause runs through its phases, the quick log opens, an edit form opens). `signIn` marks
 * where signing in happens (and `shared.actedUrge` is found, for the lapse review).
 */
function states(shared) {
  return [
    { name: "signin", run: (page) => open(page, "/signin", "Sign in") },
    { name: "pause-signed-out", run: (page) => open(page, "/pause", "Pause") },
    {
      // A wrong address opened in the browser: keel answers 404 with the app, which says so kindly.
      name: "not-found",
      expectedConsoleErrors: [/no-such-page: Failed to load resource: the server responded with a status of 404/],
      run: async (page) => {
        const response = await page.goto("/no-such-page");
        assert.equal(response.status(), 404);
        await expectPage(page, "Page not found");
        await settled(page);
      },
    },
    { signIn: true },
    {
      name: "today",
      run: (page) =>
        open(page, "/", "Today",
          (p) => p.getByRole("region", { name: "Small wins" }),
          (p) => p.getByRole("region", { name: "Next planned activity" }),
          (p) => p.getByRole("region", { name: "Check-in" })),
    },
    {
      name: "today-quick-log",
      run: async (page) => {
        await page.getByRole("region", { name: "Log an urge" }).getByRole("button", { name: "5", exact: true }).click();
        await page.getByRole("group", { name: "What happened?" }).waitFor();
      },
    },
    { name: "pause", run: (page) => open(page, "/pause", "Pause") },
    {
      name: "pause-choose",
      run: async (page) => {
        await page.getByRole("main").getByRole("button", { name: "6", exact: true }).click();
        await page.getByRole("heading", { name: "What would help right now?" }).waitFor();
      },
    },
    {
      name: "pause-surf",
      run: async (page) => {
        await page.getByRole("region", { name: "Urge surfing" }).getByRole("button", { name: "Start surfing" }).click();
        await page.getByRole("timer").waitFor();
      },
    },
    {
      name: "pause-end",
      run: async (page) => {
        await page.getByRole("button", { name: "I'm ready to stop" }).click();
        await page.getByRole("heading", { name: "Well done for pausing" }).waitFor();
      },
    },
    {
      name: "pause-done",
      run: async (page) => {
        await page.getByRole("button", { name: "Save without rating" }).click();
        await page.getByRole("heading", { name: "Your wave" }).waitFor();
      },
    },
    { name: "log", run: (page) => open(page, "/log", "Log an urge") },
    { name: "log-review", run: (page) => open(page, `/log?review=${shared.actedUrge}`, "A short look back") },
    { name: "checkin", run: (page) => open(page, "/checkin", "Check-in", (p) => p.getByRole("button", { name: "Save check-in" })) },
    { name: "history", run: (page) => open(page, "/history", "History", (p) => p.locator(".history-item")) },
    {
      name: "history-edit",
      run: async (page) => {
        await page.locator(".history-item").filter({ hasText: "Urge," }).first().getByRole("button", { name: "Edit" }).click();
        await page.getByRole("button", { name: "Save changes" }).waitFor();
      },
    },
    { name: "progress", run: (page) => open(page, "/progress", "Progress", (p) => p.getByRole("region", { name: "So far" })) },
    { name: "plan", run: (page) => open(page, "/plan", "My plan") },
    {
      name: "questionnaires",
      run: (page) => open(page, "/questionnaires", "Questionnaires", (p) => p.getByRole("region", { name: "Your questionnaires, newest first" })),
    },
    {
      name: "questionnaire-fill",
      run: async (page) => {
        await page.getByRole("link", { name: "Fill in Patient Health Questionnaire (PHQ-9)" }).click();
        await page.getByRole("button", { name: "Save my answers" }).waitFor();
      },
    },
    {
      // The PHQ-9 above, saved with its last item answered: the crisis text first, then the score.
      name: "questionnaire-safety",
      run: async (page) => {
        await answerAll(page, (index) => (index === 8 ? "Several days" : index < 8 ? "Not at all" : null));
        await page.getByRole("heading", { name: "If you are not safe right now" }).waitFor();
        await page.getByRole("heading", { name: "Your PHQ-9 result" }).waitFor();
      },
    },
    {
      name: "questionnaire-result",
      run: async (page) => {
        await open(page, "/questionnaires", "Questionnaires");
        await page.getByRole("link", { name: "Fill in Generalized Anxiety Disorder scale (GAD-7)" }).click();
        await answerAll(page, () => "Not at all");
        await page.getByRole("heading", { name: "Your GAD-7 result" }).waitFor();
      },
    },
    { name: "values", run: (page) => open(page, "/values", "My values") },
    { name: "goals", run: (page) => open(page, "/goals", "My goals", (p) => p.locator(".goal-list > li")) },
    { name: "activities", run: (page) => open(page, "/activities", "Activities") },
    { name: "journal", run: (page) => open(page, "/journal", "Journal") },
    { name: "settings", run: (page) => open(page, "/settings", "Settings") },
  ];
}

test("keel's Content-Security-Policy refuses an inline script, and the tests' watch reports it", async () => {
  // The watch that every other test relies on to find no violation must be able to find one.
  const session = await newContext(browser, keel.url, "laptop");
  try {
    const page = await session.context.newPage();
    await page.goto("/signin");
    await expectPage(page, "Sign in");
    await assert.rejects(page.addScriptTag({ content: "window.inlineRan = true;" }), /Content Security Policy/);
    assert.equal(await page.evaluate(() => window.inlineRan), undefined);
    await eventually(() => session.problems.some((problem) => /^CSP violation: script-src-elem blocked inline/.test(problem)));
    assert.ok(session.problems.some((problem) => /^console error .*Content Security Policy/.test(problem)));
  } finally {
    await session.context.close();
  }
});

for (const viewportName of Object.keys(viewports)) {
  describe(`every page at the ${viewportName} viewport`, () => {
    test("has the title keel, no console error or CSP violation, and no serious or critical axe violation", async () => {
      const plain = await newContext(browser, keel.url, viewportName);
      // For the axe run only: keel's CSP refuses the inline script addScriptTag makes of axe.min.js.
      const scanning = await newContext(browser, keel.url, viewportName, { bypassCSP: true });
      try {
        const plainPage = await plain.context.newPage();
        const axePage = await scanning.context.newPage();
        const shared = { actedUrge: null };
        const report = {};
        const serious = [];
        for (const state of states(shared)) {
          if (state.signIn) {
            await Promise.all([signIn(plainPage, "demo", keel.demoPassword), signIn(axePage, "demo", keel.demoPassword)]);
            const urges = (await api(plainPage, "/urges?limit=1000")).items;
            shared.actedUrge = urges.filter((urge) => urge.outcome === "acted").at(-1)?.id;
            assert.ok(shared.actedUrge, "the demo home has an urge acted on");
            continue;
          }
          await Promise.all([state.run(plainPage), state.run(axePage)]);
          assert.equal(await plainPage.title(), "keel", `the title of ${state.name}`);
          await screenshot(plainPage, config.artifacts, viewportName, state.name);
          plain.assertNoProblems(`on ${state.name}`, state.expectedConsoleErrors);
          const scan = await axeScan(axePage);
          assert.ok(scan.passes > 10, `axe checked something on ${state.name} (${scan.passes} rules passed)`);
          report[state.name] = scan.violations;
          serious.push(...scan.serious.map((line) => `${state.name}: ${line}`));
        }
        writeFileSync(join(config.artifacts, `axe-${viewportName}.json`), JSON.stringify(report, null, 2) + "\n");
        const counts = Object.entries(report)
          .map(([name, violations]) => `${name} ${violations.length}`)
          .join(", ");
        console.log(`axe at the ${viewportName} viewport (violations of any impact per state): ${counts}`);
        assert.deepEqual(serious, [], "serious or critical axe violations");
      } finally {
        await plain.context.close();
        await scanning.context.close();
      }
    });

    test("signing in and logging a quick urge work with the keyboard alone, and focus stays in sight", async () => {
      const session = await newContext(browser, keel.url, viewportName);
      try {
        const page = await session.context.newPage();
        const focused = () =>
          page.evaluate(() => {
            const element = document.activeElement;
            return {
              tag: element?.tagName.toLowerCase(),
              id: element?.id,
              text: (element?.textContent ?? "").trim(),
              pressed: element?.getAttribute("aria-pressed"),
              inQuickLog: Boolean(element?.closest(".quick-log")),
              outline: element ? getComputedStyle(element).outlineStyle : "",
            };
          });
        /** Presses Tab until `wanted` matches what has focus; fails after `limit` presses. */
        async function tabTo(wanted, what, limit = 40) {
          for (let presses = 0; presses < limit; presses++) {
            await page.keyboard.press("Tab");
            const now = await focused();
            if (wanted(now)) return now;
          }
          assert.fail(`Tab never reached ${what}`);
        }

        await page.goto("/signin");
        await expectPage(page, "Sign in");
        await tabTo((element) => element.id === "username", "the name field");
        await page.keyboard.type("demo");
        await page.keyboard.press("Tab");
        assert.equal((await focused()).id, "password");
        await page.keyboard.type(keel.demoPassword);
        await page.keyboard.press("Enter");
        await expectPage(page, "Today");
        await eventually(async () => (await focused()).tag === "h1", { timeout: 5_000 });
        assert.equal((await focused()).text, "Today", "focus starts at the new page's heading");

        const since = new Date(Date.now() - 1000).toISOString();
        const five = await tabTo((element) => element.inQuickLog && element.text === "5", "the quick log's 5");
        assert.equal(five.outline, "solid", "a visible focus ring");
        await page.keyboard.press("Enter");
        await eventually(async () => /^Optional/.test((await focused()).text), { timeout: 5_000 });
        const chip = await tabTo((element) => element.inQuickLog && element.pressed === "false", "a tag");
        await page.keyboard.press("Space");
        assert.equal((await focused()).pressed, "true", "the tag is chosen");
        await tabTo((element) => element.inQuickLog && element.text === "It passed", "the outcome It passed");
        await page.keyboard.press("Enter");
        await eventually(async () => /^Saved\. You rode that one out/.test((await focused()).text), { timeout: 5_000 });

        const urges = (await api(page, `/urges?since=${encodeURIComponent(since)}`)).items.filter(
          (urge) => urge.intensity === 5 && urge.outcome === "surfed" && urge.contexts.includes(chip.text),
        );
        assert.equal(urges.length, 1, "the urge logged with the keyboard is stored once");

        // Going back up a long page with Shift+Tab, focus is never hidden under the sticky header.
        await page.goto("/history");
        await expectPage(page, "History");
        await page.locator(".history-item").first().waitFor();
        await page.getByRole("button", { name: /^Show \d+ earlier days$/ }).focus();
        let checked = 0;
        for (let presses = 0; presses < 30; presses++) {
          await page.keyboard.press("Shift+Tab");
          const where = await page.evaluate(() => {
            const element = document.activeElement;
            const box = element.getBoundingClientRect();
            return {
              what: (element.textContent ?? "").trim().slice(0, 40),
              top: box.top,
              headerBottom: document.querySelector(".site-header").getBoundingClientRect().bottom,
              inHeader: Boolean(element.closest(".site-header, #site-menu")),
            };
          });
          if (where.inHeader) break;
          checked++;
          assert.ok(where.top >= where.headerBottom - 1, `"${where.what}" has focus under the sticky header (${where.top} < ${where.headerBottom})`);
        }
        assert.ok(checked >= 10, `Shift+Tab went through ${checked} controls of History`);
        session.assertNoProblems("while signing in and logging with the keyboard");
      } finally {
        await session.context.close();
      }
    });
  });
}
