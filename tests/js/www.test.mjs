// End-to-end tests of the page in www/ in headless Chromium: pasting a real news page, pasting the
// plain-text seeds, a windows-1251 file, restoring and keeping removals, MHTML, fetching by
// address, views, copy and download, options kept across reloads, narrow screens.
//
//   scripts/build-www.sh && node --test tests/js/www.test.mjs
//
// Screenshots go to target/artifacts/. The XSS payloads and the 20 MB page have their own files
// (www-xss.test.mjs, www-large.test.mjs).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { corpusDir } from "./corpus.mjs";
import {
  FIXTURES,
  articleFrame,
  closeServer,
  currentRun,
  frameText,
  launchBrowser,
  leaks,
  norm,
  openApp,
  panelCounts,
  paragraphs,
  paste,
  readChecks,
  saveArtifact,
  serveWww,
  waitForDone,
  waitForRun,
} from "./www-helpers.mjs";

let browser;
let www;

before(async () => {
  browser = await launchBrowser();
  www = await serveWww();
});

after(async () => {
  await browser?.close();
  await closeServer(www?.server);
});

/** Fails on what no test here expects: page errors, dialogs, requests off the machine, console errors other than blocked images. */
function assertQuiet(seen, label) {
  assert.deepEqual(seen.errors, [], `${label}: page errors`);
  assert.deepEqual(seen.dialogs, [], `${label}: dialogs or popups`);
  assert.deepEqual(leaks(seen), [], `${label}: requests that left localhost`);
  const unexpected = seen.console.filter((m) => (m.type === "error" || m.type === "warning") && !/^Loading the image .* violates the following Content Security Policy directive: "img-src data:"/.test(m.text));
  assert.deepEqual(unexpected, [], `${label}: console errors or warnings`);
}

const SEED_HTML = path.join(FIXTURES, "seed-moscow-times", "source.html");

test("pasting a corpus page (text/html) renders its article, lists its clutter; screenshots at 1280 and 375 px", async () => {
  const dir = path.join(corpusDir(), "pages", "nytimes-1");
  const source = fs.readFileSync(path.join(dir, "source.html"), "utf8");
  const expected = fs.readFileSync(path.join(dir, "expected.html"), "utf8");
  const expectedParagraphs = paragraphs(expected).filter((p) => p.length >= 60);
  assert.ok(expectedParagraphs.length >= 10, "nytimes-1's expected.html should have paragraphs");
  // Clutter on this page (in the source, not in Readability's article).
  const clutter = ["NYTimes.com no longer supports Internet Explorer 9", "Related Coverage", "Site Mobile Navigation", "To save articles or get newsletters", "Order Reprints"];
  for (const c of clutter) {
    assert.ok(source.includes(c), `nytimes-1 no longer contains "${c}"`);
    assert.ok(!expected.includes(c), `nytimes-1's expected article contains "${c}"`);
  }

  for (const [width, height, scheme] of [
    [1280, 900, "light"],
    [375, 812, "light"],
    [1280, 900, "dark"],
  ]) {
    const label = `${width} px ${scheme}`;
    const { context, page, seen } = await openApp(browser, www.origin, { viewport: { width, height }, colorScheme: scheme });
    try {
      const run = await paste(page, { "text/html": source, "text/plain": "not this one" });
      const status = await waitForDone(page, run);
      assert.match(status.text, /pasted page/, `${label}: status`);

      const name = `www-nytimes-1-${width}${scheme === "dark" ? "-dark" : ""}`;
      saveArtifact(`${name}.png`, await page.screenshot());
      saveArtifact(`${name}-full.png`, await page.screenshot({ fullPage: true }));

      const text = norm(await frameText(page));
      const missing = expectedParagraphs.filter((p) => !text.includes(p));
      assert.deepEqual(missing, [], `${label}: paragraphs of the expected article missing from the frame`);
      for (const c of clutter) assert.ok(!text.includes(c), `${label}: clutter "${c}" is in the article`);
      // The headline (the article's own h1, so the metadata header does not repeat it) and the
      // header from the metadata: byline and date.
      assert.equal(await articleFrame(page).locator("h1").count(), 1, `${label}: one headline`);
      assert.match(norm(await articleFrame(page).locator("h1").innerText()), /United States to Lift Sudan Sanctions/, `${label}: headline`);
      const header = norm(await articleFrame(page).locator(".unclutter-meta").innerText());
      assert.match(header, /Jeffrey Gettleman/, `${label}: header byline`);
      assert.match(header, /2017/, `${label}: header date`);

      // The removed panel: categories with counts, excerpts, a Restore button per item.
      const counts = await panelCounts(page);
      for (const c of ["ads", "navigation", "related", "newsletter", "hidden"]) {
        assert.ok(counts[c] > 0, `${label}: no ${c} group in the removed panel (${JSON.stringify(counts)})`);
      }
      // A few items each, all of them on request.
      const shown = await page.$$eval('#groups [data-category="ads"] .removal', (items) => items.length);
      assert.ok(shown >= 1 && shown < counts.ads, `${label}: ${shown} of ${counts.ads} ads shown before "Show all"`);
      await page.click('#groups [data-category="ads"] button[data-expand]');
      assert.equal(await page.$$eval('#groups [data-category="ads"] .removal', (items) => items.length), counts.ads, `${label}: "Show all" ads`);
      const relatedExcerpts = await page.$$eval('#groups [data-category="related"] .excerpt', (es) => es.map((e) => e.textContent));
      assert.ok(relatedExcerpts.some((e) => e.includes("Related Coverage")), `${label}: related excerpts ${JSON.stringify(relatedExcerpts)}`);
      assert.ok((await page.$$('#groups [data-category="newsletter"] button[data-restore]')).length > 0, `${label}: no Restore button`);
      // Every removed excerpt long enough to be specific is out of the article.
      const excerpts = await page.$$eval("#groups .group:not([data-category=unsafe]):not([data-category=other]) .excerpt", (es) => es.map((e) => e.textContent));
      for (const e of excerpts.map((x) => norm(x.replace(/\s*…$/, ""))).filter((x) => x.length >= 40)) {
        assert.ok(!text.includes(e.slice(0, 40)), `${label}: removed text is still in the article: "${e.slice(0, 40)}"`);
      }
      // Stats.
      const stats = await page.$$eval("#stats dd", (dds) => Object.fromEntries(dds.map((d) => [d.dataset.stat, d.textContent])));
      assert.match(stats.page, /KB/, `${label}: stats ${JSON.stringify(stats)}`);
      assert.match(stats.time, /^\d[\d,]* ms$/, `${label}: stats time`);
      assert.ok(Number(stats.elements.replace(/,/g, "")) > 1000, `${label}: stats elements`);

      // Usable at this width: nothing wider than the screen.
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow} px`);

      assertQuiet(seen, label);
    } finally {
      await context.close();
    }
  }
});

test("pasting each seed as text/plain shows exactly the clean article text", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    for (const slug of ["seed-paste-kyiv-independent", "seed-paste-moscow-times"]) {
      const dir = path.join(FIXTURES, slug);
      const source = fs.readFileSync(path.join(dir, "source.txt"), "utf8");
      const expectedLines = fs.readFileSync(path.join(dir, "expected.txt"), "utf8").split("\n").map(norm).filter(Boolean);
      const checks = readChecks(dir);

      const run = await paste(page, { "text/plain": source });
      await waitForDone(page, run);
      const article = (await articleFrame(page).locator(".unclutter-article").innerText()).split("\n").map(norm).filter(Boolean);
      assert.deepEqual(article, expectedLines, `${slug}: the article in the frame, line by line`);
      const whole = norm(await frameText(page));
      for (const k of checks.keep) assert.ok(whole.includes(norm(k)), `${slug}: missing "${k}"`);
      for (const d of checks.drop) assert.ok(!whole.includes(norm(d)), `${slug}: clutter "${d}" shown`);

      await page.click("#tab-text");
      const textView = (await page.textContent("#view-text")).split("\n").map(norm).filter(Boolean);
      assert.deepEqual(textView, expectedLines, `${slug}: the Text view`);
      await page.click("#tab-article");

      const counts = await panelCounts(page);
      for (const c of checks.removed) assert.ok(counts[c] > 0, `${slug}: no ${c} removal listed (${JSON.stringify(counts)})`);
      for (const c of checks.notRemoved) assert.ok(!counts[c], `${slug}: a ${c} removal is listed`);
    }
    assertQuiet(seen, "seeds");
  } finally {
    await context.close();
  }
});

test("a windows-1251 file opened through the file input shows correct Cyrillic; the charset option decodes an undeclared one", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    const declared = path.join(FIXTURES, "encoding-windows-1251-meta");
    let run = await currentRun(page);
    await page.setInputFiles("#file", path.join(declared, "source.html"));
    await waitForDone(page, run);
    let text = norm(await frameText(page));
    const checks = readChecks(declared);
    for (const k of checks.keep) assert.ok(text.includes(norm(k)), `missing "${k}" in:\n${text}`);
    for (const d of checks.drop) assert.ok(!text.includes(norm(d)), `clutter "${d}" shown`);
    assert.equal(await page.textContent('#stats dd[data-stat="charset"]'), "windows-1251");

    // No declaration: read as windows-1252 until the reader names the charset.
    const undeclared = path.join(FIXTURES, "encoding-windows-1251-option-no-meta");
    const keep = readChecks(undeclared).keep;
    run = await currentRun(page);
    await page.setInputFiles("#file", path.join(undeclared, "source.html"));
    await waitForDone(page, run);
    text = norm(await frameText(page));
    assert.ok(!text.includes(keep[0]), "the undeclared page decoded as Cyrillic without being told");
    await page.click("#options summary");
    run = await currentRun(page);
    await page.fill("#charset", "windows-1251");
    await page.press("#charset", "Enter");
    await page.locator("#charset").blur();
    await waitForDone(page, run);
    text = norm(await frameText(page));
    for (const k of keep) assert.ok(text.includes(norm(k)), `with charset windows-1251: missing "${k}"`);
    await page.fill("#charset", "");
    await page.locator("#charset").blur();
    assertQuiet(seen, "windows-1251");
  } finally {
    await context.close();
  }
});

test("a file dropped on the page and source pasted into the box are cleaned too", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    // Drop: the bytes of the windows-1251 page, as a File in a drop event's DataTransfer.
    const dir = path.join(FIXTURES, "encoding-windows-1251-meta");
    const bytes = fs.readFileSync(path.join(dir, "source.html")).toString("base64");
    let run = await currentRun(page);
    const overlayShown = await page.evaluate((b64) => {
      const data = new DataTransfer();
      data.items.add(new File([Uint8Array.from(atob(b64), (c) => c.charCodeAt(0))], "novosti.html", { type: "text/html" }));
      const target = document.querySelector(".tagline");
      target.dispatchEvent(new DragEvent("dragenter", { dataTransfer: data, bubbles: true, cancelable: true }));
      const shown = getComputedStyle(document.getElementById("drop-overlay")).display !== "none";
      const over = new DragEvent("dragover", { dataTransfer: data, bubbles: true, cancelable: true });
      target.dispatchEvent(over);
      const drop = new DragEvent("drop", { dataTransfer: data, bubbles: true, cancelable: true });
      document.getElementById("drop-overlay").dispatchEvent(drop);
      return { shown, accepted: over.defaultPrevented, handled: drop.defaultPrevented };
    }, bytes);
    assert.deepEqual(overlayShown, { shown: true, accepted: true, handled: true }, "the drop was not taken");
    await waitForDone(page, run);
    const text = norm(await frameText(page));
    for (const k of readChecks(dir).keep) assert.ok(text.includes(norm(k)), `dropped file: missing "${k}"`);
    assert.equal(await page.isHidden("#drop-overlay"), true, "the drop overlay stayed");

    // The source box: Ctrl+Enter or the Clean button.
    await page.click("#source-box summary");
    await page.fill("#source", fs.readFileSync(SEED_HTML, "utf8"));
    run = await currentRun(page);
    await page.press("#source", "Control+Enter");
    await waitForDone(page, run);
    assert.ok(norm(await frameText(page)).includes("The president of Belarus, Russia's main ally"), "source box article");
    await page.fill("#source", fs.readFileSync(path.join(FIXTURES, "seed-paste-moscow-times", "source.txt"), "utf8"));
    run = await currentRun(page);
    await page.click("#clean-source");
    await waitForDone(page, run);
    const pasted = norm(await frameText(page));
    assert.ok(pasted.includes("He said that Belarus was not insisting on talks") && !pasted.includes("Remind me later"), "source box text");
    // A paste while typing in the box is the browser's own, not a clean.
    run = await currentRun(page);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/html", "<p>pasted into the box</p>");
      document.getElementById("source").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    assert.equal(await currentRun(page), run, "a paste into the source box started a clean");
    // Not a page: refused plainly.
    run = await currentRun(page);
    await page.setInputFiles("#file", { name: "photo.png", mimeType: "image/png", buffer: Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]) });
    const refused = await waitForRun(page, run);
    assert.equal(refused.stage, "error");
    assert.match(refused.text, /not a web page/);
    assertQuiet(seen, "drop and source box");
  } finally {
    await context.close();
  }
});

test("restoring a removed item brings its text back; keeping a category keeps its items; both are undone", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    const html = fs.readFileSync(SEED_HTML, "utf8");
    let run = await paste(page, { "text/html": html });
    await waitForDone(page, run);
    let text = norm(await frameText(page));
    assert.ok(text.includes("The president of Belarus, Russia's main ally"), "article missing");
    assert.ok(!text.includes("Dear readers"), "the donation box is shown before restoring");

    // Restore the donation box: all of it comes back, and it leaves the removed list.
    const item = page.locator("#groups .removal", { hasText: "Dear readers" });
    assert.equal(await item.count(), 1, "the donation box is not listed once");
    const id = await item.getAttribute("data-id");
    run = await currentRun(page);
    await item.locator("button[data-restore]").click();
    await waitForDone(page, run);
    text = norm(await frameText(page));
    for (const s of ["A Message from The Moscow Times", "Dear readers", "We are facing unprecedented challenges", "Not ready to support today?"]) {
      assert.ok(text.includes(s), `restored box lacks "${s}"`);
    }
    assert.ok(!text.includes("Enjoying ad-free content?"), "restoring one item restored another");
    assert.equal(await page.locator(`#groups .removal[data-id="${id}"]`).count(), 0, "the restored item is still listed as removed");
    assert.match(await page.textContent("#restored"), /Dear readers/, "the restored list does not show it");
    // The keyboard stays in the report (on the next Restore button).
    assert.ok(await page.evaluate(() => document.getElementById("report").contains(document.activeElement)), "focus left the report");

    // Remove it again.
    run = await currentRun(page);
    await page.click("#restored button");
    await waitForDone(page, run);
    text = norm(await frameText(page));
    assert.ok(!text.includes("Dear readers"), "'Remove again' did not remove the box");
    assert.equal(await page.locator("#restored").isHidden(), true, "the restored list is still shown");

    // Keep the whole category: both membership boxes come back; the options remember it.
    run = await currentRun(page);
    await page.click('#groups button[data-keep="membership"]');
    await waitForDone(page, run);
    text = norm(await frameText(page));
    for (const s of ["Enjoying ad-free content?", "Dear readers", "Remind me later."]) assert.ok(text.includes(s), `kept membership lacks "${s}"`);
    assert.ok(!text.includes("Read more"), "keeping membership kept related");
    assert.equal(await page.getAttribute('#groups button[data-keep="membership"]', "aria-pressed"), "true");
    assert.equal(await page.isChecked('#keep-list input[value="membership"]'), true, "the option checkbox does not show the kept category");
    assert.deepEqual(JSON.parse(await page.evaluate(() => localStorage.getItem("unclutter.options.v1"))).keep, ["membership"]);

    // Remembered across a reload; then switched off from the options.
    await page.reload();
    await page.waitForSelector('#status[data-stage="idle"]');
    await page.click("#options summary");
    assert.equal(await page.isChecked('#keep-list input[value="membership"]'), true, "the kept category was forgotten on reload");
    run = await paste(page, { "text/html": html });
    await waitForDone(page, run);
    assert.ok(norm(await frameText(page)).includes("Dear readers"), "kept category not applied after reload");
    run = await currentRun(page);
    await page.uncheck('#keep-list input[value="membership"]');
    await waitForDone(page, run);
    text = norm(await frameText(page));
    assert.ok(!text.includes("Dear readers") && !text.includes("Enjoying ad-free"), "unchecking the category did not remove it again");
    assert.ok((await panelCounts(page)).membership === 2, "membership removals not listed again");
    assertQuiet(seen, "restore and keep");
  } finally {
    await context.close();
  }
});

test("modes, custom rules and their errors, views with the keyboard, copy and download", async () => {
  const { context, page, seen } = await openApp(browser, www.origin, { permissions: ["clipboard-read", "clipboard-write"] });
  try {
    const html = fs.readFileSync(SEED_HTML, "utf8");
    let run = await paste(page, { "text/html": html });
    await waitForDone(page, run);

    // Views: Arrow keys move along the tabs and show their panel.
    await page.focus("#tab-article");
    await page.keyboard.press("ArrowRight");
    assert.equal(await page.getAttribute("#tab-html", "aria-selected"), "true");
    assert.equal(await page.evaluate(() => document.activeElement.id), "tab-html");
    assert.match(await page.textContent("#view-html"), /<h1>Belarusian President Demands Role in Talks on Ukraine 'War'<\/h1>/);
    await page.keyboard.press("End");
    assert.equal(await page.getAttribute("#tab-markdown", "aria-selected"), "true");
    const markdown = await page.textContent("#view-markdown");
    assert.match(markdown, /^# Belarusian President Demands Role in Talks on Ukraine 'War'$/m, "Markdown view");
    assert.equal(await page.isHidden("#panel-article"), true);
    await page.keyboard.press("Home");
    assert.equal(await page.isVisible("#reader"), true);

    // Copy: the clipboard gets what the views show.
    await page.click("#copy-markdown");
    await page.waitForFunction(() => /Copied the Markdown/.test(document.getElementById("action-status").textContent));
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), markdown);
    await page.click("#copy-text");
    await page.waitForFunction(() => /Copied the text/.test(document.getElementById("action-status").textContent));
    const copiedText = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copiedText, /^Belarusian President Demands Role/);
    assert.ok(!copiedText.includes("Dear readers"));
    await page.click("#copy-html");
    await page.waitForFunction(() => /Copied the clean HTML/.test(document.getElementById("action-status").textContent));
    const copiedHtml = await page.evaluate(() => navigator.clipboard.readText());
    assert.match(copiedHtml, /<h1>Belarusian President/);

    // Download: a .html file named after the title, the clean HTML.
    const [download] = await Promise.all([page.waitForEvent("download"), page.click("#download")]);
    assert.equal(download.suggestedFilename(), "belarusian-president-demands-role-in-talks-on-ukraine-war.html");
    const saved = fs.readFileSync(await download.path(), "utf8");
    assert.equal(saved, copiedHtml, "the download differs from the copied HTML");
    assert.doesNotMatch(saved, /<script/i);

    // Mode: the whole page minus clutter keeps the page's own header ("The Moscow Times" logo link).
    await page.click("#options summary");
    run = await currentRun(page);
    await page.check('input[name="mode"][value="clean"]');
    await waitForDone(page, run);
    assert.equal(await page.isDisabled('#keep-list input[value="other"]'), true, "'other' is only for article mode");
    assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("unclutter.options.v1"))).mode, "clean");

    // Custom rules: a rule removes the lead figure, reported with its line.
    await page.fill("#rules", "! category: social\n##figure.article__featured-image");
    run = await currentRun(page);
    await page.click("#apply-rules");
    await waitForDone(page, run);
    const text = norm(await frameText(page));
    assert.ok(!text.includes("president.gov.by"), "the custom rule did not remove the figure");
    assert.match(await page.textContent('#groups [data-category="social"]'), /figure\.article__featured-image \(rules:2\)/);
    // A rules text with no usable rule is refused, plainly.
    await page.fill("#rules", "##[[[");
    run = await currentRun(page);
    await page.click("#apply-rules");
    const refused = await waitForRun(page, run);
    assert.equal(refused.stage, "error");
    assert.match(await page.textContent("#rules-error"), /rules:1/);
    // Rules that parse with an unsupported line: the rest apply, the line is a warning.
    await page.fill("#rules", "##a:hover\n##figure");
    run = await currentRun(page);
    await page.click("#apply-rules");
    await waitForDone(page, run);
    assert.match(await page.textContent("#warnings"), /:hover/);
    await page.fill("#rules", "");
    run = await currentRun(page);
    await page.click("#apply-rules");
    await waitForDone(page, run);

    // Remembered: mode and (empty) rules after a reload.
    await page.reload();
    await page.waitForSelector('#status[data-stage="idle"]');
    assert.equal(await page.isChecked('input[name="mode"][value="clean"]'), true, "mode forgotten");
    assertQuiet(seen, "views and actions");
  } finally {
    await context.close();
  }
});

test("an MHTML file (quoted-printable, from a browser's 'single file' save) is unpacked, its address used", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    const html = fs.readFileSync(SEED_HTML, "utf8");
    const url = "https://www.themoscowtimes.com/2022/05/19/belarusian-president-demands-role-in-talks-on-ukraine-war-a77731";
    // Quoted-printable as browsers write it: "=" escaped, lines soft-broken at 76 characters.
    const qp = Buffer.from(html, "utf8")
      .toString("latin1")
      .split("\n")
      .map((line) => {
        let out = "";
        let width = 0;
        for (const ch of line.replace(/\r$/, "")) {
          const code = ch.charCodeAt(0);
          const piece = code === 61 || code > 126 ? "=" + code.toString(16).toUpperCase().padStart(2, "0") : ch;
          if (width + piece.length > 75) {
            out += "=\r\n";
            width = 0;
          }
          out += piece;
          width += piece.length;
        }
        return out;
      })
      .join("\r\n");
    const boundary = "----MultipartBoundary--unclutterTest----";
    const mhtml = [
      "From: <Saved by Blink>",
      `Snapshot-Content-Location: ${url}`,
      "Subject: Belarusian President Demands Role in Talks on Ukraine 'War'",
      "MIME-Version: 1.0",
      "Content-Type: multipart/related;",
      '\ttype="text/html";',
      `\tboundary="${boundary}"`,
      "",
      "",
      `--${boundary}`,
      "Content-Type: text/html",
      "Content-ID: <frame-1@mhtml.blink>",
      "Content-Transfer-Encoding: quoted-printable",
      `Content-Location: ${url}`,
      "",
      qp,
      `--${boundary}`,
      "Content-Type: text/css",
      "Content-Transfer-Encoding: quoted-printable",
      "Content-Location: https://static.themoscowtimes.com/style.css",
      "",
      "body { color: red; }",
      `--${boundary}--`,
      "",
    ].join("\r\n");
    const file = saveArtifact("www-test-page.mhtml", mhtml);
    const run = await currentRun(page);
    await page.setInputFiles("#file", file);
    await waitForDone(page, run);
    const text = norm(await frameText(page));
    assert.ok(text.includes("The president of Belarus, Russia's main ally"), "MHTML article missing");
    assert.ok(!text.includes("Dear readers") && !text.includes("color: red"), "MHTML clutter or the CSS part shown");
    // The snapshot's address is the frame's base (relative links go to the site, in a new tab).
    const baseHref = await articleFrame(page).locator("base").getAttribute("href");
    assert.equal(baseHref, url);
    assertQuiet(seen, "MHTML");
  } finally {
    await context.close();
  }
});

test("images stay off (blocked by the frame's CSP) until the reader turns them on", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  const image = "https://static.themoscowtimes.com/image/article_1360/lukashenko.jpg";
  try {
    let run = await paste(page, { "text/html": fs.readFileSync(SEED_HTML, "utf8") });
    await waitForDone(page, run);
    assert.equal(await articleFrame(page).locator("img").getAttribute("src"), image);
    assert.deepEqual(leaks(seen), [], "an image was requested with images off");
    assert.match(await articleFrame(page).locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content"), /img-src data:;/);

    await page.click("#options summary");
    run = await currentRun(page);
    await page.check("#images");
    await waitForDone(page, run);
    // The request is made: Playwright's route intercepts it when the frame runs in the page's
    // process, the tripwire proxy refuses it when the frame runs out of process (either may happen).
    const requested = () => leaks(seen).some((l) => l.startsWith("CONNECT static.themoscowtimes.com:443") || l.startsWith(`${image} `));
    const deadline = Date.now() + 10_000;
    while (!requested() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    assert.ok(requested(), `the lead image was not requested with images on: ${JSON.stringify(leaks(seen))}`);
    assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("unclutter.options.v1"))).images, true);

    seen.left.length = 0;
    seen.tripwireFrom = seen.tripwire.hits.length;
    run = await currentRun(page);
    await page.uncheck("#images");
    await waitForDone(page, run);
    assert.equal(await articleFrame(page).locator("html").getAttribute("class"), "no-images");
    assert.deepEqual(leaks(seen), [], "an image was requested after images were turned off");
  } finally {
    await context.close();
  }
});

/** A server on another port (another origin) with or without CORS, for the URL field. */
function pageServer(cors) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const headers = { "Content-Type": "text/html; charset=utf-8" };
      if (cors) headers["Access-Control-Allow-Origin"] = "*";
      if (req.url === "/story") res.writeHead(200, headers).end(fs.readFileSync(SEED_HTML));
      else res.writeHead(404, headers).end("no such page");
    });
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

test("the URL field fetches a page where CORS allows it and says plainly when it does not", async () => {
  const open = await pageServer(true);
  const closed = await pageServer(false);
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    const openUrl = `http://127.0.0.1:${open.address().port}/story`;
    await page.fill("#url", openUrl);
    let run = await currentRun(page);
    await page.press("#url", "Enter");
    await waitForDone(page, run);
    assert.ok(norm(await frameText(page)).includes("The president of Belarus, Russia's main ally"), "fetched article missing");
    assert.equal(await articleFrame(page).locator("base").getAttribute("href"), openUrl, "the fetched address is not the base");

    run = await currentRun(page);
    await page.fill("#url", `http://127.0.0.1:${open.address().port}/missing`);
    await page.click("#fetch");
    let r = await waitForRun(page, run);
    assert.equal(r.stage, "error");
    assert.match(r.text, /answered 404/);

    run = await currentRun(page);
    await page.fill("#url", `http://127.0.0.1:${closed.address().port}/story`);
    await page.click("#fetch");
    r = await waitForRun(page, run);
    assert.equal(r.stage, "error");
    assert.match(r.text, /CORS/);
    assert.match(r.text, /save it/);
    assert.match(r.text, /open the file here/);

    run = await currentRun(page);
    await page.fill("#url", "javascript:alert(1)");
    await page.click("#fetch");
    r = await waitForRun(page, run);
    assert.equal(r.stage, "error");
    assert.match(r.text, /full address/);

    // Pasting into the URL field is the browser's own paste, not a page to clean.
    await page.fill("#url", "");
    await page.focus("#url");
    run = await currentRun(page);
    await page.evaluate(() => {
      const data = new DataTransfer();
      data.setData("text/plain", "https://example.com/x");
      document.getElementById("url").dispatchEvent(new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true }));
    });
    assert.equal(await currentRun(page), run, "a paste into the URL field started a clean");

    assert.deepEqual(seen.errors, []);
    assert.deepEqual(leaks(seen), []);
    // The refused fetch is the one console error expected (Chromium reports the CORS block).
    const others = seen.console.filter((m) => m.type === "error" && !/CORS|Failed to load resource|img-src data:/.test(m.text));
    assert.deepEqual(others, []);
  } finally {
    await context.close();
    await closeServer(open);
    await closeServer(closed);
  }
});

test("the page is labelled for assistive technology and fetches nothing but its own files", async () => {
  const { context, page, seen } = await openApp(browser, www.origin);
  try {
    const unlabelled = await page.$$eval("input, textarea, select, button, iframe", (els) =>
      els
        .filter((e) => {
          if (e.tagName === "IFRAME") return !e.title;
          if (e.tagName === "BUTTON") return !(e.textContent.trim() || e.getAttribute("aria-label"));
          return !(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby"));
        })
        .map((e) => e.outerHTML.slice(0, 80)),
    );
    assert.deepEqual(unlabelled, [], "controls without a label");
    assert.equal(await page.getAttribute("#status", "role"), "status");
    assert.equal(await page.getAttribute("#status", "aria-live"), "polite");
    assert.equal(await page.getAttribute("#tabs", "role"), "tablist");
    // The first Tab goes to the skip link, then to the file picker.
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.className), "skip-link");
    await page.keyboard.press("Tab");
    assert.equal(await page.evaluate(() => document.activeElement.id), "file");
    // The frame is sandboxed without scripts or same-origin access.
    const sandbox = await page.getAttribute("#reader", "sandbox");
    assert.ok(!/allow-scripts|allow-same-origin|allow-top-navigation|allow-forms|allow-modals/.test(sandbox), `sandbox="${sandbox}"`);
    // Its own files only.
    const paths = www.log.map((r) => r.path);
    for (const p of ["/", "/app.js", "/worker.js", "/pkg/unclutter.js", "/pkg/unclutter_bg.wasm", "/style.css"]) assert.ok(paths.includes(p), `${p} not loaded`);
    assert.deepEqual(www.log.filter((r) => r.status !== 200 && r.status !== 304), [], "failed requests");
    assertQuiet(seen, "accessibility");
  } finally {
    await context.close();
  }
});
