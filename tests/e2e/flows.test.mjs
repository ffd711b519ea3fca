// The client's flows in a real browser, at a phone and at a laptop viewport, against one
// `keel serve` on an empty home with a client per viewport: sign in; log an urge in three taps;
// a Pause (a 5-minute delay timer, fast-forwarded with Playwright's clock); a check-in; Progress;
// edit and delete in History; an urge logged offline that reaches keel exactly once; a value, an
// activity and a journal entry added, edited and deleted; a goal added, edited, set aside and
// deleted; questionnaires filled in and scored (a safety answer shows the crisis text first); the
// export; sign out.
// Each viewport's tests share one signed-in tab, in order, as one person would use it; after
// each, no console error, page error or CSP violation may have happened.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { after, afterEach, before, describe, test } from "node:test";
import {
  api,
  configuration,
  eventually,
  expectPage,
  launchBrowser,
  newContext,
  openFromMenu,
  password,
  screenshot,
  startKeel,
  viewports,
} from "./harness.mjs";

const config = configuration();
let keel;
let browser;

before(async () => {
  [keel, browser] = await Promise.all([
    startKeel({ keel: config.keel, users: Object.keys(viewports).map((name) => `alex-${name}`) }),
    launchBrowser(config.chromium),
  ]);
});

after(async () => {
  await browser?.close();
  await keel?.stop();
});

for (const viewportName of Object.keys(viewports)) {
  describe(`flows at the ${viewportName} viewport`, () => {
    const username = `alex-${viewportName}`;
    const touch = viewports[viewportName].hasTouch;
    let session;
    let page;
    const ids = {};
    // A tap on the phone (touch events, then the click the browser makes of them), a click elsewhere.
    const press = (locator) => (touch ? locator.tap() : locator.click());
    const shot = (name) => screenshot(page, config.artifacts, viewportName, "flow-" + name);
    // The steps build on each other: after one fails, the rest are skipped rather than failing too
    // (but for a step that only looks, which changes nothing the later steps need).
    let broken = false;
    const step = (name, body, { onlyLooks = false } = {}) =>
      test(name, async (context) => {
        if (broken) return context.skip("an earlier step failed");
        try {
          await body();
        } catch (error) {
          if (!onlyLooks) broken = true;
          throw error;
        }
      });

    before(async () => {
      session = await newContext(browser, keel.url, viewportName);
      page = await session.context.newPage();
    });
    after(async () => {
      await session?.context.close();
    });
    afterEach((context) => {
      session.assertNoProblems(`during "${context.name}" at the ${viewportName} viewport`);
    });

    step("a closed page asks to sign in, and opens once signed in; the menu suits the viewport", async () => {
      await page.goto("/history");
      await page.waitForURL("**/signin");
      await expectPage(page, "Sign in");
      await shot("signin");
      await page.getByLabel("Name").fill(username);
      await page.getByLabel("Password").fill("not the password");
      await press(page.getByRole("button", { name: "Sign in" }));
      await page.getByRole("alert").filter({ hasText: "That name and password do not match." }).waitFor();
      // The browser logs the 401 of a wrong password as a failed resource; that one is expected.
      const unexpected = session.problems.filter((problem) => !/status of 401/.test(problem));
      session.problems.splice(0, session.problems.length, ...unexpected);
      await page.getByLabel("Password").fill(password);
      await press(page.getByRole("button", { name: "Sign in" }));
      // Back on the page the person was going to, with the session kept in this tab only.
      await expectPage(page, "History");
      assert.equal(new URL(page.url()).pathname, "/history");
      await openFromMenu(page, "Today");
      const storage = await page.evaluate(() => ({
        session: sessionStorage.getItem("keel.session"),
        local: Object.keys(localStorage).filter((key) => key.includes("session")),
      }));
      assert.match(storage.session ?? "", /csrfToken/);
      assert.deepEqual(storage.local, []);
      // The menu: behind the Menu button on a phone, always shown (and no Menu button) on a laptop.
      const menuButton = page.getByRole("button", { name: "Menu" });
      const menu = page.getByRole("navigation", { name: "Main" });
      if (viewportName === "phone") {
        assert.ok(await menuButton.isVisible(), "a Menu button on the phone");
        assert.ok(!(await menu.isVisible()), "the menu is closed until asked for");
      } else {
        assert.ok(!(await menuButton.isVisible()), "no Menu button where the menu is always shown");
        assert.ok(await menu.isVisible());
      }
      await shot("today");
    });

    step("logs an urge in three taps on Today and finds it in the API and History", async () => {
      const quick = page.getByRole("region", { name: "Log an urge" });
      await press(quick.getByRole("button", { name: "6", exact: true }));
      await press(quick.getByRole("button", { name: "alone", exact: true }));
      await shot("today-quick-log");
      const tapped = Date.now();
      await press(quick.getByRole("button", { name: "I waited", exact: true }));
      await quick.getByRole("status").filter({ hasText: "Saved. Waiting it out is a real skill." }).waitFor();
      const urges = (await api(page, "/urges")).items;
      assert.equal(urges.length, 1, "one urge stored");
      const [urge] = urges;
      assert.equal(urge.intensity, 6);
      assert.equal(urge.outcome, "delayed");
      assert.deepEqual(urge.contexts, ["alone"]);
      assert.equal(urge.time_zone, "Europe/Berlin");
      const offset = Date.parse(urge.at) - tapped;
      assert.ok(offset > -2000 && offset < 5000, `the urge is at the moment of the tap (${urge.at}, ${offset} ms off)`);
      ids.quickUrge = urge.id;
      await openFromMenu(page, "History");
      await page.locator(".history-item").filter({ hasText: "Urge, 6 of 10" }).filter({ hasText: ": I waited · alone" }).waitFor();
    });

    step("runs a 5-minute delay Pause (clock fast-forwarded) and sees it recorded", async () => {
      await page.clock.install();
      await press(page.locator(".site-header").getByRole("link", { name: "Pause", exact: true }));
      await expectPage(page, "Pause");
      await shot("pause-rate");
      await press(page.getByRole("main").getByRole("button", { name: "7", exact: true }));
      await page.getByRole("heading", { name: "What would help right now?" }).waitFor();
      const delay = page.getByRole("region", { name: "Delay timer" });
      await press(delay.getByText("5 min", { exact: true }));
      assert.ok(await delay.getByRole("radio", { name: "5 min", exact: true }).isChecked());
      await press(delay.getByRole("button", { name: "Start the timer" }));
      const timer = page.getByRole("timer");
      await timer.waitFor();
      assert.match(await timer.innerText(), /^(5:00|4:5\d)$/, "a 5-minute timer, just started");
      await shot("pause-run");
      await page.clock.fastForward("05:01");
      await page.getByRole("heading", { name: "Well done for pausing" }).waitFor();
      const end = page.locator(".card").filter({ has: page.getByRole("heading", { name: "Well done for pausing" }) });
      await press(end.getByRole("button", { name: "3", exact: true }));
      await press(end.getByText("Yes: it passed", { exact: true }));
      await shot("pause-end");
      await press(end.getByRole("button", { name: "Save and see my wave" }));
      await page.getByRole("heading", { name: "Your wave" }).waitFor();
      await shot("pause-done");

      const pauses = (await api(page, "/pauses")).items;
      assert.equal(pauses.length, 1, "one Pause stored");
      const [pause] = pauses;
      assert.equal(pause.technique, "delay");
      assert.equal(pause.planned_minutes, 5);
      assert.ok(pause.elapsed_seconds >= 300 && pause.elapsed_seconds <= 330, `elapsed ${pause.elapsed_seconds} s`);
      assert.equal(pause.start_intensity, 7);
      assert.equal(pause.end_intensity, 3);
      assert.deepEqual(pause.samples.map((sample) => sample.intensity), [7, 3]);
      const urge = (await api(page, "/urges/" + pause.urge_id));
      assert.equal(urge.outcome, "delayed");
      assert.equal(urge.intensity, 7);
      assert.equal(urge.strategy, "delay timer");
      ids.pause = pause.id;
      ids.pauseUrge = urge.id;
      // Back to the real time, so that what follows is not recorded five minutes ahead of keel's clock
      // (keel's stats count nothing after their as_of, which is keel's now).
      await page.clock.setSystemTime(new Date());
      await press(page.getByRole("link", { name: "Back to Today" }));
      await expectPage(page, "Today");
    });

    step("completes a check-in", async () => {
      await openFromMenu(page, "Check-in");
      const urgesToday = page.getByLabel("Urges today");
      await eventually(async () => (await urgesToday.inputValue()) === "2");
      await page.getByLabel(/^Mood/).fill("7");
      await page.getByLabel(/^Stress/).fill("3");
      await page.getByLabel("Hours of sleep last night").fill("7.5");
      await page.getByLabel("One line of reflection (optional)").fill("A calmer evening");
      await shot("checkin");
      await press(page.getByRole("button", { name: "Save check-in" }));
      await expectPage(page, "Check-in saved");
      const checkins = (await api(page, "/checkins")).items;
      assert.equal(checkins.length, 1);
      const [checkin] = checkins;
      assert.equal(checkin.mood, 7);
      assert.equal(checkin.stress, 3);
      assert.equal(checkin.sleep_hours, 7.5);
      assert.equal(checkin.urges_today, 2);
      assert.equal(checkin.acted_today, false);
      assert.equal(checkin.note, "A calmer evening");
      ids.checkin = checkin.id;
      await press(page.getByRole("link", { name: "Back to Today" }));
      await expectPage(page, "Today");
      await page.getByRole("region", { name: "Check-in" }).getByText("You checked in today.").waitFor();
    });

    step("sees the urges, the Pause and the check-in on Today and Progress", async () => {
      const stats = await api(page, "/stats");
      assert.deepEqual(
        [stats.small_wins.urges_passed, stats.small_wins.pauses_completed, stats.small_wins.checkin_days],
        [2, 1, 1],
        `GET /api/v1/stats (as_of ${stats.as_of}) counts the urges, Pause and check-in just made`,
      );
      const wins = page.getByRole("region", { name: "Small wins" });
      await wins.waitFor();
      const winsText = await wins.innerText();
      assert.match(winsText, /2 urges let pass/);
      assert.match(winsText, /1 Pause finished/);
      assert.match(winsText, /1 day checked in/);
      await openFromMenu(page, "Progress");
      const soFar = page.getByRole("region", { name: "So far" });
      await soFar.waitFor();
      const sentence = await soFar.innerText();
      assert.match(sentence, /let 2 urges pass/, sentence);
      assert.match(sentence, /finished 1 Pause/, sentence);
      assert.match(sentence, /checked in on 1 day/, sentence);
      // The Pause is in "What Pauses do": its technique and the drop from 7 to 3, in the table view.
      const pauses = page.locator("section").filter({ has: page.getByRole("heading", { name: "What Pauses do" }) });
      await press(pauses.getByText("Show as a table"));
      const row = pauses.getByRole("row").filter({ hasText: "Delay timer" });
      assert.deepEqual((await row.getByRole("cell").allInnerTexts()).slice(0, 2), ["1", "4.0"]);
      await shot("progress");
    }, { onlyLooks: true });

    step("edits an urge and deletes the Pause in History", async () => {
      await openFromMenu(page, "History");
      const quickUrge = page.locator(".history-item").filter({ hasText: "Urge, 6 of 10" });
      await quickUrge.waitFor();
      await page.locator(".history-item").filter({ hasText: "Pause, delay timer" }).waitFor();
      await page.locator(".history-item").filter({ hasText: "Check-in" }).waitFor();
      await shot("history");
      await press(quickUrge.getByRole("button", { name: "Edit" }));
      const form = quickUrge.locator("form");
      await press(form.getByRole("button", { name: "4", exact: true }));
      await form.getByLabel("Note (optional)").fill("Edited in the browser");
      await shot("history-edit");
      await press(form.getByRole("button", { name: "Save changes" }));
      const edited = page.locator(".history-item").filter({ hasText: "Urge, 4 of 10" });
      await edited.filter({ hasText: "“Edited in the browser”" }).waitFor();
      const urge = await api(page, "/urges/" + ids.quickUrge);
      assert.equal(urge.intensity, 4);
      assert.equal(urge.note, "Edited in the browser");
      assert.equal(urge.outcome, "delayed", "fields not edited stay as they were");
      assert.deepEqual(urge.contexts, ["alone"]);

      const pauseItem = page.locator(".history-item").filter({ hasText: "Pause, delay timer" });
      await press(pauseItem.getByRole("button", { name: "Delete" }));
      await pauseItem.getByText("Delete this Pause for good?").waitFor();
      await press(pauseItem.getByRole("button", { name: "Yes, delete" }));
      await page.locator(".history-item").filter({ hasText: "Pause, delay timer" }).waitFor({ state: "detached" });
      const response = await page.request.get("/api/v1/pauses/" + ids.pause);
      assert.equal(response.status(), 404);
      assert.equal((await api(page, "/urges/" + ids.pauseUrge)).id, ids.pauseUrge, "the Pause's urge stays");
    });

    step("logs an urge offline, and the outbox sends it exactly once when back online", async () => {
      await openFromMenu(page, "Today");
      await session.setOffline(true);
      await page.getByText("You're offline.").waitFor();
      const quick = page.getByRole("region", { name: "Log an urge" });
      await press(quick.getByRole("button", { name: "8", exact: true }));
      await press(quick.getByRole("button", { name: "Still here", exact: true }));
      await quick.getByRole("status").filter({ hasText: "It is kept on this device" }).waitFor();
      await page.getByText("1 record kept on this device, to be sent once keel can be reached.").waitFor();
      await shot("today-offline");
      const waiting = await page.evaluate(() => JSON.parse(localStorage.getItem("keel.outbox") ?? "[]"));
      assert.equal(waiting.length, 1);
      assert.equal(waiting[0].kind, "urges");
      const id = waiting[0].record.id;
      assert.match(id, /^[0-9A-HJKMNP-TV-Z]{26}$/, "a ULID made on the device");
      // keel has not seen it (the API context of the test is not the browser's, so it is online).
      assert.equal((await page.request.get("/api/v1/urges/" + id)).status(), 404);

      await session.setOffline(false);
      await page.getByText("You're offline.").waitFor({ state: "detached" });
      await page.getByText("kept on this device, to be sent").waitFor({ state: "detached" });
      assert.equal(await page.evaluate(() => localStorage.getItem("keel.outbox")), null);
      const sent = (await api(page, "/urges")).items.filter((urge) => urge.id === id);
      assert.equal(sent.length, 1, "the queued urge is stored once, under the id made on the device");
      assert.equal(sent[0].intensity, 8);
      assert.equal(sent[0].outcome, "ongoing");
      // Sending it again (a retry after a lost answer) changes nothing.
      const csrf = await page.evaluate(() => JSON.parse(sessionStorage.getItem("keel.session")).csrfToken);
      const again = await page.request.post("/api/v1/urges", {
        headers: { "X-CSRF-Token": csrf, "Content-Type": "application/json" },
        data: waiting[0].record,
      });
      assert.equal(again.status(), 200);
      const all = (await api(page, "/urges")).items;
      assert.equal(all.filter((urge) => urge.id === id).length, 1);
      assert.equal(all.length, 3, "the quick urge, the Pause's urge and the offline urge");
      ids.offlineUrge = id;
    });

    step("adds, edits and deletes a value, an activity and a journal entry", async () => {
      await openFromMenu(page, "Values", "My values");
      await page.getByLabel("Value", { exact: true }).fill("connection");
      await press(page.getByRole("button", { name: "Add", exact: true }));
      const value = page.locator(".value-list > li");
      await value.getByRole("heading", { name: "connection" }).waitFor();
      await press(value.getByRole("button", { name: "Edit connection" }));
      await value.getByLabel("What it means to you (optional)").fill("Being close to people");
      await press(value.getByRole("button", { name: "Save changes" }));
      await value.getByText("Being close to people").waitFor();
      const [storedValue] = (await api(page, "/values")).items;
      assert.deepEqual([storedValue.name, storedValue.description], ["connection", "Being close to people"]);

      await openFromMenu(page, "Activities");
      await press(page.getByText("Plan an activity", { exact: true }));
      await page.getByLabel("What will you do?").fill("Call my sister");
      await press(page.getByRole("checkbox", { name: "connection", exact: true }));
      await press(page.getByRole("button", { name: "Add to my plan" }));
      const activity = page.locator(".activity-list > li").filter({ hasText: "Call my sister" });
      await activity.waitFor();
      await press(activity.getByRole("button", { name: "Mark done Call my sister" }));
      await press(activity.getByRole("group", { name: "Your mood after (optional)" }).getByRole("button", { name: "7", exact: true }));
      await press(activity.getByRole("button", { name: "Save as done" }));
      await page.locator("section").filter({ has: page.getByRole("heading", { name: "Done" }) }).getByText("Call my sister").waitFor();
      const [storedActivity] = (await api(page, "/activities")).items;
      assert.equal(storedActivity.done, true);
      assert.equal(storedActivity.mood_after, 7);
      assert.deepEqual(storedActivity.value_ids, [storedValue.id]);
      const done = page.locator(".activity-list > li").filter({ hasText: "Call my sister" });
      await press(done.getByRole("button", { name: "Delete" }));
      await press(done.getByRole("button", { name: "Yes, delete" }));
      await done.waitFor({ state: "detached" });
      assert.equal((await api(page, "/activities")).items.length, 0);

      await openFromMenu(page, "Journal");
      await press(page.getByRole("button", { name: "Write an entry" }));
      // Nothing written yet: the form says so and saves nothing.
      await press(page.getByRole("button", { name: "Save entry" }));
      await page.getByRole("alert").filter({ hasText: "Please write something first" }).waitFor();
      await page.getByLabel("Write whatever is on your mind").fill("A good talk today");
      await press(page.getByRole("button", { name: "Save entry" }));
      const entry = page.locator(".journal-list > li");
      await entry.waitFor();
      await press(entry.locator("summary"));
      await press(entry.getByRole("button", { name: "Edit" }));
      await entry.getByLabel("Title (optional)").fill("Sunday");
      await press(entry.getByRole("button", { name: "Save changes" }));
      await entry.locator("summary").filter({ hasText: ": Sunday" }).waitFor();
      await entry.getByRole("button", { name: "Edit" }).waitFor();
      const [storedEntry] = (await api(page, "/journal")).items;
      assert.deepEqual([storedEntry.title, storedEntry.body, storedEntry.is_private], ["Sunday", "A good talk today", true]);
      // The entry stays open after saving.
      await press(entry.getByRole("button", { name: "Delete" }));
      await press(entry.getByRole("button", { name: "Yes, delete" }));
      await entry.waitFor({ state: "detached" });
      assert.equal((await api(page, "/journal")).items.length, 0);

      await openFromMenu(page, "Values", "My values");
      await press(value.getByRole("button", { name: "Delete" }));
      await press(value.getByRole("button", { name: "Yes, delete" }));
      await value.waitFor({ state: "detached" });
      assert.equal((await api(page, "/values")).items.length, 0);
    });

    step("adds, edits, sets aside and deletes a goal", async () => {
      await openFromMenu(page, "Goals", "My goals");
      await press(page.getByText("Add a goal", { exact: true }));
      await page.getByLabel("Your goal", { exact: true }).fill("Phone out of the bedroom");
      await page.getByLabel("Not yet (−2)").fill("every night in bed");
      await page.getByLabel("What I'm aiming for (0)").fill("most nights outside");
      await shot("goals-add");
      await press(page.getByRole("button", { name: "Add goal" }));
      await page.locator(".goal-list").getByRole("heading", { name: "Phone out of the bedroom" }).waitFor();
      // Added: the form folds away again, with focus back on its summary.
      assert.equal(await page.locator("details", { hasText: "Add a goal" }).getAttribute("open"), null, "the add form folded");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Add a goal");
      // The only goal (its heading makes way for the form while it is edited).
      const item = page.locator(".goal-list > li");
      let goals = (await api(page, "/goals")).items;
      assert.equal(goals.length, 1, "one goal stored");
      assert.equal(goals[0].title, "Phone out of the bedroom");
      assert.deepEqual(goals[0].levels, ["every night in bed", "", "most nights outside", "", ""]);
      assert.equal(goals[0].weight, 1);
      assert.equal(goals[0].archived, false);

      await press(item.getByRole("button", { name: "Edit Phone out of the bedroom" }));
      const form = item.locator("form");
      await form.getByLabel("Your goal", { exact: true }).fill("Phone out of the bedroom at night");
      await form.getByLabel("A bit beyond (+1)").fill("every night but one");
      await press(form.getByRole("button", { name: "Save changes" }));
      await item.getByRole("heading", { name: "Phone out of the bedroom at night" }).waitFor();
      await item.getByText("every night but one").waitFor();
      goals = (await api(page, "/goals")).items;
      assert.equal(goals[0].title, "Phone out of the bedroom at night");
      assert.deepEqual(goals[0].levels, ["every night in bed", "", "most nights outside", "every night but one", ""]);
      await shot("goals");

      await press(item.getByRole("button", { name: "Set aside for now" }));
      const resting = page.locator("section").filter({ has: page.getByRole("heading", { name: "Set aside for now", exact: true }) });
      await resting.getByRole("button", { name: "Work on it again" }).waitFor();
      // The goal moved lists; focus went with it, to its heading.
      await page.waitForFunction(() => document.activeElement?.tagName === "H3");
      assert.equal(await page.evaluate(() => document.activeElement?.textContent), "Phone out of the bedroom at night");
      assert.equal((await api(page, "/goals/" + goals[0].id)).archived, true, "set aside, not deleted");

      await press(resting.getByRole("button", { name: "Delete" }));
      await resting.getByText("Delete “Phone out of the bedroom at night” for good?").waitFor();
      await press(resting.getByRole("button", { name: "Yes, delete" }));
      await page.getByRole("heading", { name: "Phone out of the bedroom at night" }).waitFor({ state: "detached" });
      assert.equal((await page.request.get("/api/v1/goals/" + goals[0].id)).status(), 404);
      assert.equal((await api(page, "/goals")).items.length, 0);
    });

    step("fills in a questionnaire and sees its score", async () => {
      await openFromMenu(page, "Questionnaires");
      await press(page.getByRole("link", { name: "Fill in Generalized Anxiety Disorder scale (GAD-7)" }));
      await page.getByRole("heading", { name: "Generalized Anxiety Disorder scale (GAD-7)" }).waitFor();
      const questions = page.locator("main fieldset.choice-group");
      await questions.first().waitFor();
      assert.equal(await questions.count(), 7);
      // The time frame the questions are about comes first, as on the published form.
      await page.getByText("Over the last 2 weeks, how often have you been bothered by the following problems?").waitFor();
      // Saving with questions open says which; nothing is stored.
      await press(page.getByRole("button", { name: "Save my answers" }));
      await page.getByRole("alert").filter({ hasText: "Please answer every question; 7 are still open" }).waitFor();
      for (let index = 0; index < 7; index++) await press(questions.nth(index).getByText("Several days", { exact: true }));
      await shot("questionnaire");
      await press(page.getByRole("button", { name: "Save my answers" }));
      const result = page.locator("section").filter({ has: page.getByRole("heading", { name: "Your GAD-7 result" }) });
      await result.waitFor();
      const text = await result.innerText();
      assert.match(text, /Your total is 7 \(from 0 to 21; higher means more difficulty\), in the “mild” range\./, text);
      assert.match(text, /This is the first one keel has/, text);
      assert.equal(await page.getByRole("heading", { name: "If you are not safe right now" }).count(), 0, "no safety answer, no crisis text");
      await shot("questionnaire-result");
      const assessments = (await api(page, "/assessments")).items;
      assert.equal(assessments.length, 1);
      assert.equal(assessments[0].instrument, "gad-7");
      assert.equal(assessments[0].total, 7);
      assert.equal(assessments[0].band, "mild");

      await press(result.getByRole("link", { name: "Back to questionnaires" }));
      const row = page.getByRole("region", { name: "Your questionnaires, newest first" }).getByRole("row").filter({ hasText: "GAD-7" });
      await row.waitFor();
      assert.deepEqual((await row.getByRole("cell").allInnerTexts()).slice(0, 3), ["GAD-7", "7", "mild"]);
    });

    step("shows the crisis resources first after a safety answer, and the change since the one before", async () => {
      /** Opens a questionnaire from the list and chooses `answer(index)` for each question. */
      async function fillIn(title, answer) {
        await press(page.getByRole("link", { name: "Fill in " + title }));
        await page.getByRole("heading", { name: title }).waitFor();
        const questions = page.locator("main fieldset.choice-group");
        await questions.first().waitFor();
        const count = await questions.count();
        for (let index = 0; index < count; index++) {
          const choice = answer(index);
          if (choice) await press(questions.nth(index).getByText(choice, { exact: true }));
        }
        await press(page.getByRole("button", { name: "Save my answers" }));
      }

      // PHQ-9 with item 9 (thoughts of being better off dead or of self-harm) above zero.
      await fillIn("Patient Health Questionnaire (PHQ-9)", (index) => (index === 8 ? "Several days" : index < 8 ? "Not at all" : null));
      const crisis = page.getByRole("heading", { name: "If you are not safe right now" });
      await crisis.waitFor();
      await eventually(async () => (await page.evaluate(() => document.activeElement?.id)) === "crisis-title", { timeout: 5_000 });
      const order = await page.evaluate(() => {
        const crisisBox = document.getElementById("crisis").getBoundingClientRect();
        const resultBox = document.getElementById("result-title").getBoundingClientRect();
        return crisisBox.top < resultBox.top;
      });
      assert.ok(order, "the crisis resources come before the score");
      assert.match(await page.locator("#crisis").innerText(), /emergency/i, "the crisis text keel sent");
      await page.getByRole("heading", { name: "Your PHQ-9 result" }).waitFor();
      await shot("questionnaire-safety");
      const phq = (await api(page, "/assessments?instrument=phq-9")).items;
      assert.equal(phq.length, 1);
      assert.equal(phq[0].safety_flag, true);
      await press(page.getByRole("link", { name: "Back to questionnaires" }));

      // A second GAD-7, all "Not at all": 7 points lower than the first, said with its reliability.
      await fillIn("Generalized Anxiety Disorder scale (GAD-7)", () => "Not at all");
      const result = page.locator("section").filter({ has: page.getByRole("heading", { name: "Your GAD-7 result" }) });
      await result.waitFor();
      const text = await result.innerText();
      assert.match(text, /Your total is 0 \(from 0 to 21/, text);
      assert.match(text, /It is 7 points lower than the one before \(7\)\. That is a reliable/, text);
      assert.equal(await page.getByRole("heading", { name: "If you are not safe right now" }).count(), 0);
    });

    step("exports everything as JSON Lines", async () => {
      await openFromMenu(page, "Settings");
      await shot("settings");
      const downloading = page.waitForEvent("download");
      await press(page.getByRole("link", { name: "Download everything" }));
      const download = await downloading;
      assert.equal(await download.failure(), null);
      assert.match(download.suggestedFilename(), /\.jsonl$/);
      const path = join(config.artifacts, `${viewportName}-export.jsonl`);
      await download.saveAs(path);
      const text = readFileSync(path, "utf8");
      const lines = text.split("\n").filter((line) => line !== "");
      assert.ok(text.endsWith("\n"), "every line ends with a newline");
      const records = lines.map((line, index) => {
        try {
          return JSON.parse(line);
        } catch {
          assert.fail(`line ${index + 1} of the export is not JSON: ${line.slice(0, 80)}`);
        }
      });
      for (const record of records) assert.equal(typeof record.type, "string");
      const byId = new Map(records.map((record) => [record.id, record]));
      assert.equal(byId.get(ids.quickUrge)?.intensity, 4, "the edited urge, as edited");
      assert.equal(byId.get(ids.offlineUrge)?.type, "urge");
      assert.equal(byId.get(ids.checkin)?.type, "checkin");
      assert.equal(byId.has(ids.pause), false, "the deleted Pause is gone");
      assert.equal(records.filter((record) => record.type === "urge").length, 3);
    });

    step("signs out", async () => {
      await press(page.getByRole("button", { name: "Sign out" }));
      await expectPage(page, "Sign in");
      assert.equal(new URL(page.url()).pathname, "/signin");
      assert.equal(await page.evaluate(() => sessionStorage.getItem("keel.session")), null);
      assert.equal((await page.request.get("/api/v1/me")).status(), 401, "keel ended the session too");
      await page.goto("/progress");
      await page.waitForURL("**/signin");
      await expectPage(page, "Sign in");
    });
  });
}
