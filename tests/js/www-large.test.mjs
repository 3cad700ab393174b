// A 20 MB page in the page in www/: it is read and cleaned in the worker while the page keeps
// answering — a click on a tab during the clean takes effect at once, and frames keep coming.
// This would fail if cleaning ran on the main thread: the click would wait for the clean to end.
//
//   scripts/build-www.sh && node --test tests/js/www-large.test.mjs
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { FIXTURES, ROOT, closeServer, currentRun, frameText, launchBrowser, leaks, norm, openApp, paste, saveArtifact, serveWww, waitForDone, waitForRun } from "./www-helpers.mjs";

const SIZE = 20 * 1024 * 1024;

/**
 * A news page of SIZE bytes as big sites make them: the Moscow Times article with its donation
 * boxes, 40% inline JSON state, and the rest a "More news" list of teaser cards.
 */
function largePage() {
  const article = fs.readFileSync(path.join(FIXTURES, "seed-moscow-times", "source.html"), "utf8");
  const state = `<script type="application/json" class="app-state">${JSON.stringify({
    teasers: Array.from({ length: 4000 }, (_, k) => ({ id: k, title: `Teaser title ${k}`, url: `/news/${k}` })),
  })}</script>\n`;
  const parts = [];
  let size = Buffer.byteLength(article);
  while (size < SIZE * 0.4) {
    parts.push(state);
    size += state.length;
  }
  parts.push(`<aside class="more-news"><h2>More news</h2><ul>\n`);
  for (let i = 0; size < SIZE - 100; i++) {
    const card = `<li class="teaser"><a href="/news/${i}"><img src="/img/${i}.jpg" alt=""><span class="teaser__title">More news item number ${i}</span></a></li>\n`;
    parts.push(card);
    size += card.length;
  }
  parts.push(`</ul></aside>`);
  const page = article.replace("</body>", parts.join("") + "</body>");
  return page + " ".repeat(Math.max(0, SIZE - Buffer.byteLength(page)));
}

let browser;
let www;
let file;

before(async () => {
  browser = await launchBrowser();
  www = await serveWww();
  const dir = path.join(ROOT, "target", "www-test");
  fs.mkdirSync(dir, { recursive: true });
  file = path.join(dir, "large-page.html");
  fs.writeFileSync(file, largePage());
  assert.equal(fs.statSync(file).size, SIZE);
});

after(async () => {
  await browser?.close();
  await closeServer(www?.server);
  if (file) fs.rmSync(file, { force: true });
});

test("a 20 MB page is cleaned in the worker while the page keeps responding to clicks", async (t) => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    // Record every stage and progress text the page shows.
    await page.evaluate(() => {
      window.__seen = { stages: [], progress: [] };
      const status = document.getElementById("status");
      new MutationObserver(() => window.__seen.stages.push(status.dataset.stage)).observe(status, { attributes: true, attributeFilter: ["data-stage"] });
      const text = document.getElementById("progress-text");
      new MutationObserver(() => window.__seen.progress.push(text.textContent)).observe(text, { childList: true, characterData: true, subtree: true });
    });
    const run = await currentRun(page);
    const started = Date.now();
    await page.setInputFiles("#file", file);
    await page.waitForSelector('#status[data-stage="cleaning"]', { timeout: 60_000 });

    // While the worker cleans: frames keep coming, and a click on the Text tab is handled now.
    await page.evaluate(() => {
      const probe = (window.__probe = { gaps: [], clicks: [] });
      const status = document.getElementById("status");
      let last = performance.now();
      const tick = (now) => {
        probe.gaps.push(now - last);
        last = now;
        if (status.dataset.stage === "cleaning") requestAnimationFrame(tick);
      };
      requestAnimationFrame(tick);
      const tab = document.getElementById("tab-text");
      tab.addEventListener(
        "click",
        () => {
          const click = { at: performance.now(), stage: status.dataset.stage, selected: null };
          probe.clicks.push(click);
          // Once the page's own handlers have run.
          setTimeout(() => (click.selected = tab.getAttribute("aria-selected")), 0);
        },
        { capture: true, once: true },
      );
    });
    const clickSent = await page.evaluate(() => performance.now());
    await page.click("#tab-text");
    await page.waitForFunction(() => window.__probe.clicks[0]?.selected != null, null, { timeout: 60_000 });
    const probe = await page.evaluate(() => window.__probe);
    assert.equal(probe.clicks.length, 1, "the click was not handled");
    const click = probe.clicks[0];
    assert.equal(click.stage, "cleaning", "the click was handled only after cleaning (was the clean on the main thread?), or cleaning ended too soon to tell");
    assert.equal(click.selected, "true", "the Text tab was not selected by the click");
    const latency = click.at - clickSent;
    assert.ok(latency < 1000, `the click took ${Math.round(latency)} ms to be handled during cleaning`);
    assert.equal(await page.isVisible("#panel-text"), true, "the Text panel is not shown");

    const status = await waitForDone(page, run, { timeout: 150_000 });
    const elapsed = Date.now() - started;
    const gaps = await page.evaluate(() => window.__probe.gaps);
    const maxGap = Math.max(...gaps);
    assert.ok(gaps.length >= 5, `only ${gaps.length} frames during cleaning`);
    assert.ok(maxGap < 500, `the page froze for ${Math.round(maxGap)} ms during cleaning`);

    // It went through the stages, with bytes read shown.
    const watched = await page.evaluate(() => window.__seen);
    const order = ["reading", "cleaning", "rendering", "done"];
    const firsts = order.map((s) => watched.stages.indexOf(s));
    assert.ok(firsts.every((i) => i >= 0) && firsts.every((i, k) => k === 0 || i > firsts[k - 1]), `stages: ${watched.stages.join(" → ")}`);
    assert.ok(watched.progress.some((p) => /of 21\.0 MB$/.test(p)), `no bytes-read progress: ${JSON.stringify(watched.progress.slice(0, 5))}`);

    // The result: the article, shown in the Text view the click selected, and in the frame.
    const text = await page.textContent("#view-text");
    assert.match(text, /The president of Belarus, Russia's main ally/);
    assert.doesNotMatch(text, /More news item number|Dear readers|Teaser title/);
    const frame = norm(await frameText(page));
    assert.ok(frame.includes("The president of Belarus, Russia's main ally") && !frame.includes("More news item number"), "the frame's article");
    assert.equal(await page.textContent('#stats dd[data-stat="page"]'), "21.0 MB");
    assert.match(status.text, /21\.0 MB/);
    saveArtifact("www-large.png", await page.screenshot());
    t.diagnostic(`20 MB page: ${elapsed} ms from choosing the file to the article (${status.text}); click handled in ${Math.round(latency)} ms; longest frame gap ${Math.round(maxGap)} ms`);

    // Stop: a second clean of the same file is stopped at once, and the page still works after.
    const again = await currentRun(page);
    await page.setInputFiles("#file", file);
    await page.waitForSelector('#status[data-stage="cleaning"]', { timeout: 60_000 });
    await page.click("#cancel");
    const stopped = await waitForRun(page, again, { timeout: 10_000 });
    assert.equal(stopped.stage, "stopped", `Stop: ${stopped.text}`);
    const small = await paste(page, { "text/html": fs.readFileSync(path.join(FIXTURES, "seed-moscow-times", "source.html"), "utf8") });
    await waitForDone(page, small);
    assert.ok(norm(await frameText(page)).includes("The president of Belarus"), "cleaning after Stop");

    assert.deepEqual(seen.errors, []);
    assert.deepEqual(leaks(seen), []);
  } finally {
    await context.close();
  }
});
