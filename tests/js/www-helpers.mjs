// Shared by the www*.test.mjs end-to-end tests: a static server for www/ (scripts/serve.mjs),
// headless Chromium through playwright-core, and the page's own signals (the status element's
// data-stage and data-run) to wait on instead of sleeping.
import assert from "node:assert/strict";
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { repo } from "./corpus.mjs";
import { startServer } from "../../scripts/serve.mjs";

export const ROOT = repo;
export const WWW = path.join(ROOT, "www");
export const ARTIFACTS = path.join(ROOT, "target", "artifacts");
export const FIXTURES = path.join(ROOT, "tests", "fixtures");
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const rootRequire = createRequire(path.join(ROOT, "package.json"));

/** Checks that www/ is built (scripts/build-www.sh) and playwright-core is installed. */
export function checkPrerequisites() {
  for (const f of ["index.html", "app.js", "worker.js", "pkg/unclutter.js", "pkg/unclutter_bg.wasm"]) {
    assert.ok(fs.existsSync(path.join(WWW, f)), `www/${f} is missing: run scripts/build-www.sh first`);
  }
  try {
    rootRequire.resolve("playwright-core/package.json");
  } catch {
    assert.fail("playwright-core is not installed at the repo root: run `npm install` there (scripts/setup.sh need_node_tools)");
  }
  assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium, or scripts/setup.sh need_browser)`);
}

/**
 * A tripwire for requests leaving the page: an HTTP proxy on 127.0.0.1, the proxy of each test
 * context (so Chromium's own background traffic does not go through it), which records every
 * request for another host (loopback addresses bypass proxies) and refuses it. It sees requests
 * from every frame, the out-of-process article frame included, where Playwright's request events
 * and routes miss some.
 */
function startTripwire() {
  const hits = [];
  const server = http.createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`);
    res.writeHead(403, { "Content-Type": "text/plain" }).end("blocked by the test's tripwire\n");
  });
  server.on("connect", (req, socket) => {
    hits.push(`CONNECT ${req.url}`);
    socket.end("HTTP/1.1 403 Forbidden\r\n\r\n");
  });
  server.on("upgrade", (req, socket) => {
    hits.push(`UPGRADE ${req.url}`);
    socket.destroy();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve({ hits, server, port: server.address().port })));
}

/** Headless Chromium and a tripwire proxy (`browser.tripwire.hits`); closing it closes the proxy. */
export async function launchBrowser() {
  checkPrerequisites();
  const { chromium } = rootRequire("playwright-core");
  const tripwire = await startTripwire();
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--no-first-run",
      // AutofillServerCommunication: the one request Chromium makes for a page by itself
      // (autofill field types for forms). IsolateSandboxedIframes: the article frame in the page's
      // process. Out of process, a click that Playwright sends right after scrolling the page is
      // routed by where the frame was before the scroll, and the article frame fills the screen
      // on a phone: a click on the report below it would land in the frame. (A person's click
      // comes frames after their scroll; the frame's sandbox and policies are the same either way.)
      "--disable-features=AutofillServerCommunication,IsolateSandboxedIframes",
    ],
  });
  browser.tripwire = tripwire;
  browser.on("disconnected", () => {
    tripwire.server.close();
    tripwire.server.closeAllConnections?.();
  });
  return browser;
}

/** Serves www/ on 127.0.0.1, a free port. Resolves to { server, origin, log }. */
export async function serveWww() {
  const log = [];
  const server = await startServer({ root: WWW, port: 0, onRequest: (r) => log.push(r) });
  return { server, origin: `http://127.0.0.1:${server.address().port}`, log };
}

export function closeServer(server) {
  return new Promise((resolve) => {
    if (!server) return resolve();
    server.close(() => resolve());
    server.closeAllConnections?.();
  });
}

const isLocal = (url) => {
  const u = new URL(url);
  if (u.protocol === "about:" || u.protocol === "data:" || u.protocol === "blob:") return true;
  return u.hostname === "127.0.0.1" || u.hostname === "localhost" || u.hostname === "[::1]";
};

/**
 * Opens the app in a new context (whose proxy is the tripwire; 127.0.0.1 goes direct) and waits
 * until its worker is ready. Records everything a test may want to forbid: console errors and
 * warnings, page errors, dialogs and popups, requests for other hosts (see `leaks`). `isMobile`
 * and `hasTouch` make a phone of it (a touch screen: no hover, a coarse pointer).
 */
export async function openApp(browser, origin, { viewport = { width: 1280, height: 900 }, colorScheme = "light", permissions = [], isMobile = false, hasTouch = false } = {}) {
  const proxy = { server: `http://127.0.0.1:${browser.tripwire.port}`, bypass: "127.0.0.1" };
  const context = await browser.newContext({ viewport, colorScheme, permissions, proxy, isMobile, hasTouch });
  const page = await context.newPage();
  const tripwire = browser.tripwire;
  // external: request events for other hosts (diagnostics); left: requests Playwright intercepted
  // for other hosts (and aborted); the tripwire's hits from here on: requests that left.
  const seen = { console: [], errors: [], dialogs: [], external: [], left: [], requests: [], failed: [], tripwire, tripwireFrom: tripwire.hits.length };
  page.on("console", (m) => seen.console.push({ type: m.type(), text: m.text(), url: m.location()?.url ?? "" }));
  page.on("pageerror", (e) => seen.errors.push(e.message));
  page.on("dialog", (d) => {
    seen.dialogs.push(`${d.type()}: ${d.message()}`);
    d.dismiss().catch(() => {});
  });
  page.on("popup", (p) => seen.dialogs.push(`popup: ${p.url()}`));
  page.on("request", (r) => {
    seen.requests.push(r.url());
    if (!isLocal(r.url())) seen.external.push(r.url());
  });
  page.on("requestfailed", (r) => {
    const reason = r.failure()?.errorText;
    seen.failed.push(`${r.url()} (${reason})`);
  });
  // Anything not for localhost is refused where Playwright can intercept it (not always in the
  // out-of-process article frame: the tripwire proxy is the guard there).
  await context.route(
    (url) => !isLocal(url.href),
    (route) => {
      seen.left.push(route.request().url());
      return route.abort("blockedbyclient");
    },
  );
  await page.goto(origin + "/", { waitUntil: "load" });
  await page.waitForSelector('#status[data-stage="idle"]', { timeout: 30_000 });
  return { context, page, seen };
}

/**
 * Requests that left the page for another host since `seen` began: those the tripwire proxy
 * received and those Playwright intercepted. (Its request events are for diagnostics only: it
 * reports CSP-blocked subresources as requests that failed with "csp", and misses some of the
 * out-of-process frame's.) Empty when nothing left.
 */
export function leaks(seen) {
  const proxied = seen.tripwire.hits.slice(seen.tripwireFrom).map((h) => `${h} (reached the tripwire proxy)`);
  return [...new Set([...seen.left.map((u) => `${u} (intercepted)`), ...proxied])];
}

/** The run number the status element shows now (the page's latest operation). */
export async function currentRun(page) {
  return Number(await page.getAttribute("#status", "data-run"));
}

/**
 * Waits until the status shows a run newer than `after` that has finished ("done", "error" or
 * "stopped"); resolves to { stage, run, text }.
 */
export async function waitForRun(page, after, { timeout = 60_000 } = {}) {
  await page.waitForFunction(
    (n) => {
      const s = document.getElementById("status");
      return Number(s.dataset.run) > n && ["done", "error", "stopped"].includes(s.dataset.stage);
    },
    after,
    { timeout, polling: "raf" },
  );
  return page.evaluate(() => {
    const s = document.getElementById("status");
    return { stage: s.dataset.stage, run: Number(s.dataset.run), text: s.textContent };
  });
}

/** Like waitForRun, and fails with the status text unless the run is "done". */
export async function waitForDone(page, after, opts) {
  const r = await waitForRun(page, after, opts);
  assert.equal(r.stage, "done", `the page did not finish cleaning: ${r.text}`);
  return r;
}

/** Dispatches a paste on the page (focus on the body) with these clipboard items. */
export async function paste(page, items) {
  const before = await currentRun(page);
  await page.evaluate((items) => {
    const data = new DataTransfer();
    for (const [type, value] of Object.entries(items)) data.setData(type, value);
    const event = new ClipboardEvent("paste", { clipboardData: data, bubbles: true, cancelable: true });
    (document.activeElement ?? document.body).dispatchEvent(event);
  }, items);
  return before;
}

/** The article frame (a sandboxed srcdoc iframe). */
export function articleFrame(page) {
  return page.frameLocator("#reader");
}

/** The visible text of the article frame's body, whitespace collapsed per line. */
export async function frameText(page) {
  const text = await articleFrame(page).locator("body").innerText();
  return text;
}

/** Collapses whitespace (and the typographic variants of it) for comparing text. */
export function norm(s) {
  return String(s)
    .replace(/[\u00a0\u2007\u202f]/g, " ")
    .replace(/\s+/g, " ")
    .trim();
}

/** Decodes the few character references that matter for text comparison. */
export function decodeEntities(s) {
  const named = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'", nbsp: " ", mdash: "—", ndash: "–", rsquo: "’", lsquo: "‘", rdquo: "”", ldquo: "“", hellip: "…" };
  return s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e) => {
    if (e[0] === "#") {
      const cp = e[1] === "x" || e[1] === "X" ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(cp) ? String.fromCodePoint(cp) : m;
    }
    return named[e.toLowerCase()] ?? m;
  });
}

/** The text of each <p> in an HTML string (tags stripped, entities decoded, whitespace collapsed). */
export function paragraphs(html) {
  return [...html.matchAll(/<p\b[^>]*>([\s\S]*?)<\/p>/gi)].map((m) => norm(decodeEntities(m[1].replace(/<[^>]*>/g, ""))));
}

/** Parses a fixture's checks.txt into { keep: [], drop: [], removed: [], notRemoved: [] }. */
export function readChecks(dir) {
  const checks = { keep: [], drop: [], removed: [], notRemoved: [] };
  for (const line of fs.readFileSync(path.join(dir, "checks.txt"), "utf8").split("\n")) {
    const m = /^([a-z-]+):\s?(.*)$/.exec(line);
    if (!m) continue;
    const key = { keep: "keep", drop: "drop", removed: "removed", "not-removed": "notRemoved" }[m[1]];
    if (key) checks[key].push(m[2]);
  }
  return checks;
}

export function saveArtifact(name, data) {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, name);
  fs.writeFileSync(file, data);
  return file;
}

/** The categories the removed panel lists, with the count on each: { membership: 2, ... } (0 when kept). */
export async function panelCounts(page) {
  return page.$$eval("#groups .group", (groups) =>
    Object.fromEntries(groups.map((g) => [g.dataset.category, Number(g.querySelector(".count").textContent) || 0])),
  );
}
