// The page as a reader meets it, at a desk (1280×900) and on a phone (375×812), end to end in
// headless Chromium (issue 18): the Paste button and the article brought into view, the article
// owning the window, restores scrolled to and marked, the removed panel (counts, reasons in
// words, "Show all", keyboard order), small pastes, truncated paywalled articles, image
// placeholders and the one-click "Show images".
//
//   scripts/build-www.sh && node --test tests/js/www-reader.test.mjs
//
// Screenshots go to target/artifacts/www-reader-*.png.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import { corpusDir } from "./corpus.mjs";
import { FIXTURES, closeServer, currentRun, frameText, launchBrowser, leaks, norm, openApp, panelCounts, paste, saveArtifact, serveWww, waitForDone, waitForRun } from "./www-helpers.mjs";

const DESK = { width: 1280, height: 900 };
const PHONE = { width: 375, height: 812 };
const SIZES = [
  ["desk", DESK],
  ["phone", PHONE],
];
const read = (...p) => fs.readFileSync(path.join(...p), "utf8");
const MOSCOW = () => read(FIXTURES, "seed-moscow-times", "source.html");
const NYTIMES = () => read(corpusDir(), "pages", "nytimes-1", "source.html");

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

/** Fails on page errors, dialogs, requests off the machine, console errors other than blocked images. */
function assertQuiet(seen, label) {
  assert.deepEqual(seen.errors, [], `${label}: page errors`);
  assert.deepEqual(seen.dialogs, [], `${label}: dialogs or popups`);
  assert.deepEqual(leaks(seen), [], `${label}: requests that left localhost`);
  const unexpected = seen.console.filter((m) => (m.type === "error" || m.type === "warning") && !/^Loading the image .* violates the following Content Security Policy directive: "img-src data:"/.test(m.text));
  assert.deepEqual(unexpected, [], `${label}: console errors or warnings`);
}

async function shot(page, name) {
  saveArtifact(`www-reader-${name}.png`, await page.screenshot());
}

/** A box of an element of the page, in viewport pixels. */
function box(page, selector) {
  return page.$eval(selector, (e) => {
    const r = e.getBoundingClientRect();
    return { top: r.top, bottom: r.bottom, left: r.left, right: r.right, height: r.height, width: r.width };
  });
}

/** The article frame as a Playwright Frame (for what its document shows and where it is scrolled). */
async function frame(page) {
  return (await page.$("#reader")).contentFrame();
}

/** Cleans `html` pasted as text/html and waits for the article. */
async function pasteHtml(page, html) {
  const run = await paste(page, { "text/html": html });
  return waitForDone(page, run);
}

test("1. Paste reads the clipboard (a first-class way in on touch screens); the article is in view when it is ready", async () => {
  for (const [label, viewport] of SIZES) {
    const touch = label === "phone" ? { isMobile: true, hasTouch: true } : {};
    const { context, page, seen } = await openApp(browser, www.origin, { viewport, permissions: ["clipboard-read", "clipboard-write"], ...touch });
    try {
      // On a touch screen the page says to tap Paste, not Ctrl+V.
      assert.equal(await page.isVisible(".tagline .for-touch"), label === "phone", `${label}: touch wording`);
      assert.equal(await page.isVisible(".tagline .for-keys"), label !== "phone", `${label}: keyboard wording`);
      // The two ways in are in sight without scrolling.
      for (const sel of ["#paste", 'label[for="file"]']) {
        const b = await box(page, sel);
        assert.ok(b.bottom <= viewport.height && b.height >= 40, `${label}: ${sel} not in sight or too small to tap: ${JSON.stringify(b)}`);
      }
      if (label === "phone") await shot(page, `1-start-${label}`);

      // What a reader copied from a page (select all, copy): HTML and its text.
      await page.evaluate(async (html) => {
        await navigator.clipboard.write([new ClipboardItem({ "text/html": new Blob([html], { type: "text/html" }), "text/plain": new Blob(["not this one"], { type: "text/plain" }) })]);
      }, MOSCOW());
      const run = await currentRun(page);
      if (label === "phone") await page.tap("#paste");
      else await page.click("#paste");
      const status = await waitForDone(page, run);
      assert.match(status.text, /pasted page/, `${label}: status`);
      assert.ok(norm(await frameText(page)).includes("The president of Belarus, Russia's main ally"), `${label}: the article`);

      // In view: the frame starts in the top third of the screen and fills the rest of it.
      const f = await box(page, "#reader");
      const scrollY = await page.evaluate(() => scrollY);
      assert.ok(f.top >= 0 && f.top < viewport.height / 3, `${label}: the article starts at ${f.top} px (scrolled ${scrollY})`);
      assert.ok(f.bottom >= viewport.height - 16 && f.bottom <= viewport.height + 1, `${label}: the article frame ends at ${f.bottom} px of ${viewport.height}`);
      // The keyboard is at the article (its views), not left on a control above it.
      assert.equal(await page.evaluate(() => document.activeElement.id), "output", `${label}: focus`);
      await shot(page, `1-pasted-${label}`);

      // The other way in on a phone: a saved file, the same result in view.
      await page.evaluate(() => scrollTo(0, document.documentElement.scrollHeight));
      const run2 = await currentRun(page);
      await page.setInputFiles("#file", path.join(FIXTURES, "seed-moscow-times", "source.html"));
      await waitForDone(page, run2);
      const f2 = await box(page, "#reader");
      assert.ok(f2.top >= 0 && f2.top < viewport.height / 3, `${label}: after opening a file the article starts at ${f2.top} px`);
      assertQuiet(seen, `${label} paste`);
    } finally {
      await context.close();
    }
  }

  // Without permission to read the clipboard, Paste opens the box to paste into by hand.
  const { context, page, seen } = await openApp(browser, www.origin, { viewport: PHONE, isMobile: true, hasTouch: true });
  try {
    const run = await currentRun(page);
    await page.click("#paste");
    await page.waitForFunction((n) => Number(document.getElementById("status").dataset.run) > n, run);
    assert.match(await page.textContent("#status"), /did not let the page read the clipboard: paste into the box/);
    assert.equal(await page.evaluate(() => document.getElementById("source-box").open), true, "the source box is not open");
    assert.equal(await page.evaluate(() => document.activeElement.id), "source", "the keyboard is not in the box");
    await shot(page, "1-paste-refused-phone");
    await page.fill("#source", MOSCOW());
    const run2 = await currentRun(page);
    await page.click("#clean-source");
    await waitForDone(page, run2);
    assert.ok((await box(page, "#reader")).top < PHONE.height / 3, "after the box, the article is not in view");
    assertQuiet(seen, "paste refused");
  } finally {
    await context.close();
  }
});

test("2. The article owns the reading area: near the top, filling the window, one scroll; the controls fold into one bar", async () => {
  for (const [label, viewport] of SIZES) {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page, seen } = await openApp(browser, www.origin, { viewport, colorScheme });
      try {
        const before = await box(page, ".masthead");
        await pasteHtml(page, NYTIMES());
        const name = `2-nytimes-${label}${colorScheme === "dark" ? "-dark" : ""}`;
        await shot(page, name);
        const bar = await box(page, ".masthead");
        const f = await box(page, "#reader");
        assert.ok(bar.height < before.height / 2 && bar.height <= 60, `${label}: the controls take ${bar.height} px (were ${before.height})`);
        assert.equal(await page.isVisible(".tagline"), false, `${label}: the tagline is still shown`);
        assert.ok(f.top <= (label === "desk" ? 230 : 280), `${label}: the article starts ${f.top} px down`);
        assert.ok(f.bottom >= viewport.height - 20 && f.bottom <= viewport.height + 1, `${label}: the article frame ends at ${f.bottom} of ${viewport.height} px`);
        // One scroll: the article scrolls in its frame; the page does not scroll at a desk.
        const fr = await frame(page);
        const inner = await fr.evaluate(() => ({ scroll: document.documentElement.scrollHeight, view: innerHeight }));
        assert.ok(inner.scroll > inner.view * 3, `${label}: the article is not long in its frame (${JSON.stringify(inner)})`);
        const pageScroll = await page.evaluate(() => document.documentElement.scrollHeight - innerHeight);
        if (label === "desk") {
          assert.ok(pageScroll <= 1, `${label}: the page itself scrolls by ${pageScroll} px`);
          // The report beside the article, scrolling on its own.
          const r = await box(page, "#report");
          assert.ok(r.left >= f.right && r.bottom <= viewport.height + 1, `${label}: the report is not beside the article: ${JSON.stringify(r)}`);
        } else {
          // On a phone the report follows the article; a link jumps there.
          const r = await box(page, "#report");
          assert.ok(r.top >= f.bottom, `${label}: the report is not below the article`);
          assert.match(await page.textContent("#jump-report"), /^Removed \(\d+\) ↓$/);
          await page.click("#jump-report");
          await page.waitForFunction(() => Math.abs(document.getElementById("report").getBoundingClientRect().top) < 40);
          // The address and the boxes fold into More.
          assert.equal(await page.isVisible("#url"), false, "the address field is not folded away");
          await page.evaluate(() => scrollTo(0, 0));
          await page.click("#more-input");
          assert.equal(await page.isVisible("#url"), true, "More does not show the address field");
          assert.equal(await page.getAttribute("#more-input", "aria-expanded"), "true");
        }
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        assert.ok(overflow <= 0, `${label}: the page scrolls sideways by ${overflow} px`);
        assertQuiet(seen, name);
      } finally {
        await context.close();
      }
    }
  }
  // At a desk an open box pushes the article down, and Escape closes it again.
  const { context, page } = await openApp(browser, www.origin, { viewport: DESK });
  try {
    await pasteHtml(page, MOSCOW());
    await page.click("#options summary");
    assert.equal(await page.isVisible("#rules"), true);
    await page.keyboard.press("Escape");
    assert.equal(await page.evaluate(() => document.getElementById("options").open), false, "Escape did not close the options");
    assert.equal(await page.evaluate(() => document.activeElement.matches("#options summary")), true);
    assert.ok((await box(page, "#reader")).top <= 230, "the article did not come back up");
  } finally {
    await context.close();
  }
});

/** Where the marked block of the frame is: its text, its place in the frame's window, the frame's scroll. */
function markedBlock(fr) {
  return fr.evaluate(() => {
    const mark = document.getElementById("unclutter-restored");
    const block = mark?.nextElementSibling;
    if (!block) return null;
    const r = block.getBoundingClientRect();
    return { text: block.textContent.replace(/\s+/g, " ").trim(), top: r.top, bottom: r.bottom, view: innerHeight, scrollY, animation: getComputedStyle(block).animationName };
  });
}

test("3. A restored block is scrolled to and highlighted, and found again from the Restored box", async () => {
  for (const [label, viewport] of SIZES) {
    const { context, page, seen } = await openApp(browser, www.origin, { viewport });
    try {
      await pasteHtml(page, NYTIMES());
      // The log-in box comes at the very end of the page, far below the headline.
      const item = page.locator('#groups [data-category="newsletter"] .removal', { hasText: "Log in To save articles or get newsletters" });
      assert.equal(await item.count(), 1, `${label}: the log-in box is not listed`);
      let run = await currentRun(page);
      await item.locator("button[data-restore]").click();
      const status = await waitForDone(page, run);
      assert.match(status.text, /^Restored “Log in To save articles.*”: highlighted in the article\./, `${label}: status`);
      let fr = await frame(page);
      let m = await markedBlock(fr);
      assert.ok(m, `${label}: no marked block in the article`);
      assert.match(m.text, /To save articles or get newsletters, alerts or recommendations/, `${label}: the marked block is not the restored one`);
      assert.ok(m.scrollY > 2000, `${label}: the article did not scroll to the block (scrollY ${m.scrollY})`);
      assert.ok(m.top >= 0 && m.top < m.view * 0.6, `${label}: the block is not in view in the frame: ${JSON.stringify(m)}`);
      assert.equal(m.animation, "unclutter-restored", `${label}: the block is not highlighted`);
      // The page shows the article (on a phone the report is below it; the page scrolls up).
      const f = await box(page, "#reader");
      assert.ok(f.top >= 0 && f.top < viewport.height / 2, `${label}: the article frame is not in view after restoring (${f.top})`);
      assert.ok(await page.evaluate(() => document.getElementById("report").contains(document.activeElement)), `${label}: the keyboard left the report`);
      await shot(page, `3-restored-${label}`);

      // Found again: away from it (a new frame for another view), then Show in the Restored box.
      await page.click("#tab-text");
      await page.click("#tab-article");
      await fr.evaluate(() => scrollTo(0, 0));
      assert.ok((await markedBlock(fr)).top > m.view, `${label}: the block is still in view after scrolling to the top`);
      run = await currentRun(page);
      const show = page.locator('#restored button[data-show="0"]');
      assert.match(await show.getAttribute("aria-label"), /^Show in the article: Log in To save articles/);
      await show.click();
      const again = await waitForDone(page, run);
      assert.match(again.text, /highlighted in the article/, `${label}: Show status`);
      fr = await frame(page);
      m = await markedBlock(fr);
      assert.ok(m && m.scrollY > 2000 && m.top >= 0 && m.top < m.view * 0.6, `${label}: Show did not bring the block into view: ${JSON.stringify(m)}`);
      assert.equal(await page.evaluate(() => document.activeElement.dataset.show), "0", `${label}: the keyboard left the Show button`);

      // Removed again: no mark remains.
      run = await currentRun(page);
      await page.click('#restored button[data-undo="0"]');
      await waitForDone(page, run);
      assert.equal(await markedBlock(await frame(page)), null, `${label}: a mark stayed after "Remove again"`);
      assertQuiet(seen, `${label} restore`);
    } finally {
      await context.close();
    }
  }
});

test("4. The removed panel: items without text, counts that agree, reasons in words (technical on request), Show all, the keyboard reaches the article first", async () => {
  for (const [label, viewport] of SIZES) {
    const { context, page, seen } = await openApp(browser, www.origin, { viewport });
    try {
      const status = await pasteHtml(page, NYTIMES());

      // Counts: the status, the stats and the panel count the same things.
      const counts = await panelCounts(page);
      const clutter = Object.entries(counts).filter(([c]) => c !== "unsafe").reduce((n, [, k]) => n + k, 0);
      const stats = await page.$$eval("#stats dd", (dds) => Object.fromEntries(dds.map((d) => [d.dataset.stat, d.textContent])));
      assert.equal(Number(stats.clutter.replace(/,/g, "")), clutter, `${label}: "Clutter removed" ${stats.clutter} vs the groups' ${clutter}`);
      assert.equal(Number(stats.unsafe.replace(/,/g, "")), counts.unsafe, `${label}: "Unsafe markup" ${stats.unsafe} vs the group's ${counts.unsafe}`);
      const said = /: (\d+) parts of clutter removed \(and (\d+) of unsafe markup\)/.exec(status.text);
      assert.ok(said, `${label}: status ${status.text}`);
      assert.deepEqual([Number(said[1]), Number(said[2])], [clutter, counts.unsafe], `${label}: the status counts`);
      // The page type and its evidence ride on the status line.
      const type = await page.$eval("#status", (s) => ({ kind: s.dataset.pageType, title: s.title }));
      assert.equal(type.kind, "article", `${label}: page type ${JSON.stringify(type)}`);
      assert.match(type.title, /^Read as an article: .+\.$/, `${label}: page type ${JSON.stringify(type)}`);

      // Items without text say what they were, laid out like the others.
      await page.click('#groups [data-category="ads"] button[data-expand]');
      const noText = await page.$$eval("#groups .removal", (items) =>
        items
          .filter((li) => li.querySelector(".excerpt.no-text"))
          .map((li) => {
            const e = li.querySelector(".excerpt").getBoundingClientRect();
            const w = li.querySelector(".why").getBoundingClientRect();
            const l = li.getBoundingClientRect();
            return { text: li.querySelector(".excerpt").textContent, dx: e.left - l.left, gap: w.top - e.bottom, height: e.height };
          }),
      );
      assert.ok(noText.length > 0, `${label}: nytimes-1 should have removals without text`);
      for (const n of noText) {
        assert.match(n.text, /^An? .*, no text$/, `${label}: "${n.text}"`);
        assert.ok(Math.abs(n.dx) < 1 && n.gap >= 0 && n.gap < 8 && n.height < 40, `${label}: an item without text is laid out apart: ${JSON.stringify(n)}`);
      }
      assert.ok(!(await page.textContent("#groups")).includes("(no text)"), `${label}: "(no text)" is shown`);

      // Reasons: a sentence a reader understands; the rule or pattern only on request.
      const whys = await page.$$eval("#groups .why", (ps) => ps.filter((p) => p.checkVisibility()).map((p) => p.textContent));
      assert.ok(whys.length > 10, `${label}: reasons shown`);
      for (const w of whys) {
        assert.match(w, /^[A-Z].*\.$/, `${label}: reason "${w}" is not a sentence`);
        assert.doesNotMatch(w, /<\w+>|rules\/|\.txt:\d|\(en\)|·/, `${label}: reason "${w}" reads like internals`);
      }
      assert.equal(await page.isVisible("#groups .why-tech"), false, `${label}: technical reasons shown before asked for`);
      await page.click("#technical");
      assert.equal(await page.getAttribute("#technical", "aria-pressed"), "true");
      const tech = await page.$$eval("#groups .why-tech", (ps) => ps.filter((p) => p.checkVisibility()).map((p) => p.textContent));
      assert.ok(tech.some((t) => /^<div> · rule .*\(rules\/lists\/ads\.txt:\d+\)$/.test(t)), `${label}: technical reasons ${JSON.stringify(tech.slice(0, 3))}`);
      await shot(page, `4-panel-technical-${label}`);
      await page.click("#technical");
      assert.equal(await page.isVisible("#groups .why-tech"), false, `${label}: technical reasons stay after switching them off`);

      // "Show all" under "Unsafe markup" shows them all, its list stays open, the keyboard stays on it.
      await page.click('#groups [data-category="unsafe"] summary');
      const showAll = page.locator('#groups [data-category="unsafe"] button[data-expand]');
      assert.match(await showAll.textContent(), new RegExp(`^Show all ${counts.unsafe}$`));
      await showAll.focus();
      await page.keyboard.press("Enter");
      const unsafeShown = await page.$$eval('#groups [data-category="unsafe"] .removal', (items) => items.filter((i) => i.checkVisibility()).length);
      assert.equal(unsafeShown, counts.unsafe, `${label}: "Show all" under unsafe markup shows ${unsafeShown}`);
      const focused = await page.evaluate(() => {
        const a = document.activeElement;
        return { inUnsafe: !!a.closest('[data-category="unsafe"]'), index: [...a.parentElement.children].indexOf(a), tag: a.tagName };
      });
      assert.deepEqual(focused, { inUnsafe: true, index: 3, tag: "LI" }, `${label}: the keyboard after "Show all"`);
      await page.locator('#groups [data-category="unsafe"] .removal').nth(3).scrollIntoViewIfNeeded();
      await shot(page, `4-unsafe-all-${label}`);

      // The keyboard: from the start of the article, few stops and none in the panel before the article.
      await page.focus("#output");
      const stops = [];
      for (let i = 0; i < 15; i++) {
        await page.keyboard.press("Tab");
        const where = await page.evaluate(() => {
          const a = document.activeElement;
          return { id: a.id || a.className || a.tagName, inReport: !!a.closest("#report"), frame: a.id === "reader" };
        });
        stops.push(where);
        if (where.frame) break;
      }
      const toArticle = stops.findIndex((s) => s.frame);
      assert.ok(toArticle >= 0 && toArticle < 8, `${label}: the article is not within 8 Tab stops: ${JSON.stringify(stops)}`);
      assert.ok(!stops.some((s) => s.inReport), `${label}: the panel comes before the article: ${JSON.stringify(stops)}`);
      assertQuiet(seen, `${label} panel`);
    } finally {
      await context.close();
    }
  }

  // A plain-text paste: lines, not "Elements 0".
  const { context, page } = await openApp(browser, www.origin, { viewport: PHONE });
  try {
    const run = await paste(page, { "text/plain": read(FIXTURES, "seed-paste-moscow-times", "source.txt") });
    await waitForDone(page, run);
    const stats = await page.$$eval("#stats div", (ds) => Object.fromEntries(ds.map((d) => [d.querySelector("dt").textContent, d.querySelector("dd").textContent])));
    assert.equal(stats.Elements, undefined, `plain text: ${JSON.stringify(stats)}`);
    assert.match(stats["Plain text"], /^\d+ lines kept$/, `plain text: ${JSON.stringify(stats)}`);
    await page.click("#jump-report");
    await shot(page, "4-plain-text-phone");
  } finally {
    await context.close();
  }
});

test("5. A small paste is shown once, with no title made of itself; a pasted headline is shown once too", async () => {
  for (const [label, viewport] of SIZES) {
    const { context, page, seen } = await openApp(browser, www.origin, { viewport });
    try {
      let run = await paste(page, { "text/plain": "hello world" });
      await waitForDone(page, run);
      const fr = await frame(page);
      assert.equal(norm(await fr.locator("body").innerText()), "hello world", `${label}: the frame shows more than the paste`);
      assert.equal(await fr.locator(".unclutter-meta, h1").count(), 0, `${label}: a title or header for "hello world"`);
      assert.equal(await page.title(), "Article — unclutter", `${label}: the window title`);
      await shot(page, `5-hello-world-${label}`);

      run = await paste(page, { "text/plain": read(FIXTURES, "seed-paste-kyiv-independent", "source.txt") });
      await waitForDone(page, run);
      const text = norm(await frameText(page));
      const headline = "Lukashenko urges talks between Russia, Ukraine";
      assert.equal(text.split(headline).length - 1, 1, `${label}: the headline is not shown exactly once`);
      assert.equal(await page.title(), `${headline} — unclutter`, `${label}: the window title`);
      assertQuiet(seen, `${label} small paste`);
    } finally {
      await context.close();
    }
  }
});

test("6. A page that holds only the start of a paywalled article says so above it; a whole one does not", async () => {
  for (const [label, viewport] of SIZES) {
    for (const colorScheme of ["light", "dark"]) {
      const { context, page, seen } = await openApp(browser, www.origin, { viewport, colorScheme });
      try {
        const status = await pasteHtml(page, read(FIXTURES, "paywall-truncated-teaser", "source.html"));
        assert.match(status.text, /Only the start of the article is on the page\./, `${label}: status`);
        assert.equal(await page.isVisible("#truncated"), true, `${label}: no notice`);
        let notice = norm(await page.textContent("#truncated"));
        assert.match(notice, /^Only the start of this article is on the page\. The rest is behind the site’s paywall and was never sent/);
        assert.match(notice, /cannot bring back text the page never had/);
        notice = norm(await page.textContent("#truncated-signs"));
        assert.match(notice, /^Its last paragraph breaks off \(“….*deeper berth to keep that business\. All…”\)/);
        assert.match(notice, /it has \d+ of the 1,180 words the page says the article has/);
        assert.match(notice, /the page marks the article as not free to read/);
        // Above the article, in sight with it; the signs on request.
        const n = await box(page, "#truncated");
        const f = await box(page, "#reader");
        assert.ok(n.bottom <= f.top && n.top >= 0 && f.top < viewport.height * 0.5, `${label}: the notice is not above the article in sight: ${JSON.stringify({ n, f })}`);
        assert.equal(await page.isVisible("#truncated-signs"), false, `${label}: the signs are shown before asked for`);
        await page.click("#truncated summary");
        assert.equal(await page.isVisible("#truncated-signs"), true, `${label}: the signs do not open`);
        assert.ok(norm(await frameText(page)).endsWith("to keep that business. All…"), `${label}: the teaser is not shown whole`);
        await shot(page, `6-truncated-${label}${colorScheme === "dark" ? "-dark" : ""}`);

        // Marked not free, with a paywall overlay, but the whole text there: no notice.
        const whole = await pasteHtml(page, read(FIXTURES, "paywall-not-free-whole-article", "source.html"));
        assert.equal(await page.isVisible("#truncated"), false, `${label}: a whole article is called truncated`);
        assert.doesNotMatch(whole.text, /Only the start/);
        assertQuiet(seen, `${label} truncated`);
      } finally {
        await context.close();
      }
    }
  }
});

test("7. With images off each image is a small placeholder with its alt text; one click shows the images, one hides them", async () => {
  const source = read(FIXTURES, "article-keeps-figures-and-images", "source.html");
  for (const [label, viewport] of SIZES) {
    const { context, page, seen } = await openApp(browser, www.origin, { viewport });
    try {
      await pasteHtml(page, source);
      let fr = await frame(page);
      const placeholders = await fr.$$eval(".unclutter-image-off", (ps) =>
        ps.map((p) => {
          const r = p.getBoundingClientRect();
          const next = p.nextElementSibling;
          return { text: p.textContent, height: r.height, width: r.width, before: next?.tagName ?? null, visible: p.checkVisibility() };
        }),
      );
      const alts = ["The glacier tongue in 2014", "Chart of the ice front position since 1962"];
      for (const alt of alts) {
        const p = placeholders.find((x) => x.text === `Image: ${alt}`);
        assert.ok(p, `${label}: no placeholder for "${alt}": ${JSON.stringify(placeholders)}`);
        assert.ok(p.visible && p.height > 10 && p.height < 70, `${label}: placeholder "${alt}" is not a small box: ${JSON.stringify(p)}`);
      }
      // A figure's caption follows its placeholder, not a blank space; the images themselves are not shown.
      assert.ok(placeholders.some((p) => p.before === "FIGCAPTION"), `${label}: no placeholder before a caption`);
      const shownImages = await fr.$$eval("img", (imgs) => imgs.filter((i) => !i.src.startsWith("data:") && i.checkVisibility()).length);
      assert.equal(shownImages, 0, `${label}: images shown with images off`);
      assert.deepEqual(leaks(seen), [], `${label}: an image was requested with images off`);
      const remote = await fr.$$eval("img", (imgs) => imgs.filter((i) => !i.getAttribute("src")?.startsWith("data:")).length);
      assert.equal(await page.textContent("#images-toggle"), `Show ${remote} images`, `${label}: the button`);
      await shot(page, `7-images-off-${label}`);

      // One click: images on (and remembered), placeholders gone, the images requested.
      let run = await currentRun(page);
      await page.click("#images-toggle");
      await waitForDone(page, run);
      fr = await frame(page);
      assert.equal(await fr.locator(".unclutter-image-off").count(), 0, `${label}: placeholders with images on`);
      assert.equal(JSON.parse(await page.evaluate(() => localStorage.getItem("unclutter.options.v1"))).images, true);
      assert.equal(await page.isChecked("#images"), true, `${label}: the option does not show images on`);
      assert.equal(await page.textContent("#images-toggle"), "Hide images");
      const requested = () => leaks(seen).some((l) => l.includes("cdn.valleypost.example"));
      const deadline = Date.now() + 10_000;
      while (!requested() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      assert.ok(requested(), `${label}: no image requested with images on: ${JSON.stringify(leaks(seen))}`);

      // And one click back.
      seen.left.length = 0;
      seen.tripwireFrom = seen.tripwire.hits.length;
      run = await currentRun(page);
      await page.click("#images-toggle");
      await waitForDone(page, run);
      fr = await frame(page);
      assert.equal(await fr.locator(".unclutter-image-off").count(), placeholders.length, `${label}: placeholders not back`);
      assert.equal(await page.isChecked("#images"), false);
      assert.deepEqual(leaks(seen), [], `${label}: an image requested after images were turned off`);
      assert.deepEqual(seen.errors, [], `${label}: page errors`);
    } finally {
      await context.close();
    }
  }
});

test("the page's own policies hold in the reading view: sandboxed frame, its CSP, no script", async () => {
  const { context, page, seen } = await openApp(browser, www.origin, { viewport: PHONE });
  try {
    await pasteHtml(page, NYTIMES());
    const sandbox = await page.getAttribute("#reader", "sandbox");
    assert.ok(!/allow-scripts|allow-same-origin|allow-forms|allow-modals|allow-top-navigation/.test(sandbox), `sandbox="${sandbox}"`);
    const fr = await frame(page);
    assert.match(await fr.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute("content"), /script-src 'none'.*img-src data:;/);
    assert.equal(await fr.locator("script, style, iframe, form, [onerror], [onclick]").count(), 0);
    // What the page inserts (placeholders, the restore marker) carries no attribute with a value in quotes.
    const html = await fr.evaluate(() => document.body.innerHTML);
    for (const m of html.matchAll(/<span class="unclutter-[a-z-]+"[^>]*>/g)) assert.match(m[0], /^<span class="unclutter-[a-z-]+"( id="unclutter-restored")?>$/);
    assertQuiet(seen, "policies");
  } finally {
    await context.close();
  }
});
