// End to end, in headless Chromium: the page's "Filter lists" section (www/filterlists.js). A list
// pasted, one fetched by address from another origin that allows it (CORS) and one that does not,
// EasyList loaded from a file; each list's counts and unusable lines shown; removals naming the
// list and line; the lists kept in the Cache API across a reload, fetched again only once the
// list's `! Expires:` has passed; a list removed.
//
//   scripts/build-www.sh && node --test tests/js/www-filterlists.test.mjs
//
// EasyList comes from Debian's uBlock Origin package (scripts/setup.sh's need_filter_lists, which
// sets UNCLUTTER_FILTER_LISTS); without it that part says so and is skipped, unless
// UNCLUTTER_REQUIRE_FILTER_LISTS=1 (scripts/test.sh), which makes it fail.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { ROOT, closeServer, currentRun, frameText, launchBrowser, leaks, norm, openApp, paste, saveArtifact, serveWww, waitForDone } from "./www-helpers.mjs";

let browser;
let www;
let lists; // another origin serving lists: { server, origin, hits }

const PARA = (n) =>
  `<p>Paragraph ${n} of the story: the harbour authority approved the new ferry timetable on Tuesday after months of consultation with islanders, fishermen and the companies that run the crossings.</p>`;
const PAGE = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Ferry timetable approved</title></head><body><article>
<h1>Ferry timetable approved</h1>
${PARA(1)}
<div class="panel kiosk"><p>Harbour Kiosk: two coffees for the price of one.</p></div>
${PARA(2)}
<div class="card"><div class="head"><span class="label">Offer</span></div><p>Island Cabins: book three nights, pay for two.</p></div>
${PARA(3)}
<div class="panel bikes"><p>Rent a bike at the quay for the day.</p></div>
${PARA(4)}
</article></body></html>`;

// Lines 1–9: a header, network filters, a scriptlet, an unusable rule, two usable ones.
const PASTED = [
  "[Adblock Plus 2.0]",
  "! Title: My list",
  "! Expires: 2 days",
  "||ads.example.net^$third-party",
  "@@||example.org/ad.js",
  "example.com##+js(set, adsAllowed, true)",
  "##.panel:matches-css(position: fixed)",
  "##.panel.kiosk",
  "##span.label:has-text(/^Offer$/):upward(.card)",
].join("\n");

const SERVED = ["! Title: Bikes list", "! Expires: 1 hours", "||tracker.example^", "##.panel.bikes"].join("\n");

function startListServer() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(req.url);
    if (req.url === "/bikes.txt") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8", "Access-Control-Allow-Origin": "*" }).end(SERVED);
    } else if (req.url === "/no-cors.txt") {
      res.writeHead(200, { "Content-Type": "text/plain; charset=utf-8" }).end(SERVED);
    } else {
      res.writeHead(404).end();
    }
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ server, hits, origin: `http://127.0.0.1:${server.address().port}` })));
}

before(async () => {
  browser = await launchBrowser();
  www = await serveWww();
  lists = await startListServer();
});

after(async () => {
  await browser?.close();
  await closeServer(www?.server);
  await closeServer(lists?.server);
});

const listItem = (name) => `#fl-lists li[data-list="${name}"]`;

async function countsOf(page, name) {
  const sel = `${listItem(name)} .fl-counts strong`;
  await page.waitForSelector(sel, { timeout: 30_000 });
  return norm(await page.textContent(`${listItem(name)} .fl-counts`));
}

async function removalReasons(page) {
  return norm(await page.textContent("#groups"));
}

function easylistPath() {
  const dir = process.env.UNCLUTTER_FILTER_LISTS ?? path.join(ROOT, "target/filter-lists/root/usr/share/chromium/extensions/ublock-origin/assets");
  const file = path.join(dir, "thirdparties/easylist/easylist.txt");
  if (fs.existsSync(file)) return file;
  assert.notEqual(process.env.UNCLUTTER_REQUIRE_FILTER_LISTS, "1", `EasyList is not at ${file} (scripts/setup.sh's need_filter_lists fetches it)`);
  return null;
}

test("filter lists: pasted, fetched by address, loaded from a file; counts, removals by list and line, kept and refreshed", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    await page.click("#filter-lists summary");

    // A page first, so that adding a list cleans it again.
    let run = await paste(page, { "text/html": PAGE });
    await waitForDone(page, run);
    assert.ok(norm(await frameText(page)).includes("Harbour Kiosk"), "nothing should remove the kiosk panel yet");

    // A pasted list: named by its title, counted, its unusable line quoted, its rules applied.
    run = await currentRun(page);
    await page.fill("#fl-paste", PASTED);
    await page.click("#fl-add-paste");
    await waitForDone(page, run);
    const counts = await countsOf(page, "My list");
    assert.match(counts, /^2 rules loaded · 2 network filters skipped · 1 scriptlet, style or HTML rule skipped · 1 unsupported$/, counts);
    await page.click(`${listItem("My list")} .fl-unsupported summary`);
    assert.match(norm(await page.textContent(`${listItem("My list")} .fl-unsupported`)), /line 7: .*computed styles.*##\.panel:matches-css\(position: fixed\)/);
    let text = norm(await frameText(page));
    assert.ok(!text.includes("Harbour Kiosk"), "My list's ##.panel.kiosk did not apply");
    assert.ok(!text.includes("Island Cabins"), "My list's :has-text():upward() rule did not apply");
    assert.ok(text.includes("Rent a bike"), "the bikes panel is no list's yet");
    assert.ok(text.includes("Paragraph 4 of the story"));
    let reasons = await removalReasons(page);
    assert.match(reasons, /\.panel\.kiosk \(My list:8\)/, reasons);
    assert.match(reasons, /span\.label:has-text\(\/\^Offer\$\/\):upward\(\.card\) \(My list:9\)/, reasons);
    // The summary of the list is also the clean's warning (one line, not one per filter).
    assert.match(norm(await page.textContent("#warnings")), /My list: cosmetic rules loaded 2, network filters skipped 2/);

    // A list by address, from an origin that allows it.
    run = await currentRun(page);
    await page.fill("#fl-url", `${lists.origin}/bikes.txt`);
    await page.click("#fl-add-url");
    await waitForDone(page, run);
    assert.match(await countsOf(page, "Bikes list"), /^1 rule loaded · 1 network filter skipped/);
    assert.ok(!norm(await frameText(page)).includes("Rent a bike"), "the fetched list did not apply");
    assert.match(await removalReasons(page), /\.panel\.bikes \(Bikes list:4\)/);
    assert.equal(lists.hits.filter((h) => h === "/bikes.txt").length, 1);
    const cached = await page.evaluate(async () => (await (await caches.open("unclutter-filter-lists-v1")).keys()).length);
    assert.equal(cached, 2, "both lists are kept in the Cache API");

    // An origin that does not allow it: said plainly, nothing added.
    await page.fill("#fl-url", `${lists.origin}/no-cors.txt`);
    await page.click("#fl-add-url");
    await page.waitForFunction(() => /CORS/.test(document.getElementById("fl-status").textContent), null, { timeout: 30_000 });
    assert.equal(await page.locator("#fl-lists li.fl-list").count(), 2);

    // EasyList as a file: its counts, and nothing of the story lost.
    const easylist = easylistPath();
    if (easylist) {
      run = await currentRun(page);
      const started = Date.now();
      await page.setInputFiles("#fl-file", easylist);
      await waitForDone(page, run, { timeout: 120_000 });
      const c = await countsOf(page, "EasyList");
      const rules = Number(/^([\d,]+) rules loaded/.exec(c)?.[1].replaceAll(",", ""));
      const network = Number(/([\d,]+) network filters skipped/.exec(c)?.[1].replaceAll(",", ""));
      console.log(`EasyList added from a file and the page cleaned with it in ${Date.now() - started} ms: ${c}`);
      assert.ok(rules > 20_000 && network > 40_000, c);
      text = norm(await frameText(page));
      for (let n = 1; n <= 4; n++) assert.ok(text.includes(`Paragraph ${n} of the story`), `paragraph ${n} lost with EasyList`);
    } else {
      console.log("EasyList not available: its part of this test skipped (scripts/setup.sh need_filter_lists)");
    }
    await saveArtifact("www-filter-lists.png", await page.screenshot({ fullPage: true }));

    // A reload: the lists come back from the browser's storage, the fetched one not fetched again
    // (its copy is good for an hour), and they apply to the next page.
    await page.reload();
    await page.waitForSelector('#status[data-stage="idle"]');
    await page.click("#filter-lists summary");
    assert.match(await countsOf(page, "Bikes list"), /^1 rule loaded/);
    assert.match(await countsOf(page, "My list"), /^2 rules loaded/);
    assert.equal(lists.hits.filter((h) => h === "/bikes.txt").length, 1, "fetched again before it expired");
    run = await paste(page, { "text/html": PAGE });
    await waitForDone(page, run);
    text = norm(await frameText(page));
    assert.ok(!text.includes("Rent a bike") && !text.includes("Harbour Kiosk"), "the kept lists did not apply after a reload");

    // Once its `! Expires:` has passed, the list is fetched again when the page opens.
    await page.evaluate(() => {
      const meta = JSON.parse(localStorage.getItem("unclutter.filter-lists.v1"));
      for (const m of meta) if (m.kind === "url") m.fetched = Date.now() - 2 * 3600 * 1000;
      localStorage.setItem("unclutter.filter-lists.v1", JSON.stringify(meta));
    });
    await page.reload();
    await page.waitForSelector('#status[data-stage="idle"]');
    await page.waitForFunction(() => /Fetched “Bikes list” again/.test(document.getElementById("fl-status").textContent), null, { timeout: 30_000 });
    assert.equal(lists.hits.filter((h) => h === "/bikes.txt").length, 2, "an expired list was not fetched again");

    // Removing a list: gone from the section and from storage, the page cleaned without it.
    await page.click("#filter-lists summary");
    run = await paste(page, { "text/html": PAGE });
    await waitForDone(page, run);
    run = await currentRun(page);
    await page.click(`${listItem("My list")} [data-fl-remove]`);
    await waitForDone(page, run);
    assert.equal(await page.locator(listItem("My list")).count(), 0);
    assert.ok(norm(await frameText(page)).includes("Harbour Kiosk"), "the removed list still applies");
    const left = await page.evaluate(async () => (await (await caches.open("unclutter-filter-lists-v1")).keys()).length);
    assert.equal(left, easylist ? 2 : 1);

    assert.deepEqual(seen.errors, [], "page errors");
    assert.deepEqual(leaks(seen), [], "requests that left the machine");
    const unexpected = seen.console.filter((m) => (m.type === "error" || m.type === "warning") && !/no-cors\.txt/.test(m.url + " " + m.text));
    assert.deepEqual(unexpected, [], "console errors or warnings");
  } finally {
    await context.close();
  }
});
