// The consumer test: the npm package as users get it. `npm pack`s pkg/ (build it first with
// scripts/build-wasm.sh), installs the tarball in a fresh project under target/consumer/ and
// uses it as users do: Node ES modules, Node CommonJS, a default Vite build opened in headless
// Chromium (and the Vite dev server with the README's one setting), and TypeScript (strict,
// `bundler` and `node16` resolution, with and without lib dom; exact types; compiled and run),
// the streams (pages split at awkward byte boundaries; the README's example), the README's
// Worker bundled as wrangler would and run in workerd under miniflare, and the Readability
// adapter (a TypeScript program for @mozilla/readability compiled with its import swapped, run
// beside the real one in Chromium).
//
//   node --test tests/js/consumer.test.mjs
//
// Needs the repo's dev tools (`npm install` at the root: TypeScript, playwright-core, miniflare,
// esbuild, the versions of Vite and @mozilla/readability) and Chromium at /usr/bin/chromium (or $CHROMIUM). Vite itself is installed in the
// temporary project, as a user would have it; npm's cache makes that quick after the first run.
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..", "..");
const PKG = path.join(ROOT, "pkg");
const WORK = path.join(ROOT, "target", "consumer");
const APP = path.join(WORK, "app");
const SAMPLE = path.join(ROOT, "tests", "fixtures", "seed-moscow-times", "source.html");
const SAMPLE_URL = "https://www.themoscowtimes.com/2022/05/19/belarusian-president-demands-role-in-talks-on-ukraine-war-a77731";
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const rootRequire = createRequire(path.join(ROOT, "package.json"));

/** Runs a command; resolves to { code, stdout, stderr } (never rejects on a non-zero exit). */
function run(cmd, args, { cwd = APP, timeout = 180_000, env = {} } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { cwd, env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d) => (stdout += d));
    child.stderr.on("data", (d) => (stderr += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), timeout);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(new Error(`cannot run ${cmd}: ${e.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      resolve({ code: signal ? `killed by ${signal} (timeout ${timeout} ms?)` : code, stdout, stderr });
    });
  });
}

/** Runs `tasks` (functions returning promises), at most `n` at a time; resolves to their results in order. */
async function pool(n, tasks) {
  const results = new Array(tasks.length);
  let next = 0;
  const worker = async () => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(n, tasks.length) }, worker));
  return results;
}

/** Runs a command that must succeed; its output goes into the failure message. */
async function runOk(what, cmd, args, opts) {
  const r = await run(cmd, args, opts);
  if (r.code !== 0) {
    assert.fail(`${what} failed (exit ${r.code}): ${cmd} ${args.join(" ")}\n--- stdout\n${r.stdout}\n--- stderr\n${r.stderr}`);
  }
  return r;
}

function write(file, text) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, text);
}

// What the consumer scripts print about one page: the same summary in Node (ESM, CJS) and in
// the browser, checked by `checkSummary`. Plain JS, pasted into each consumer.
const SUMMARIZE = `
function summarize(r) {
  return {
    mode: r.mode,
    fellBack: r.fellBack,
    title: r.metadata.title,
    articleKept: r.text.includes("The president of Belarus, Russia's main ally"),
    dearReadersInText: r.text.includes("Dear readers"),
    dearReadersInHtml: r.html.includes("Dear readers"),
    scriptInHtml: /<script/i.test(r.html),
    categories: [...new Set(r.removed.map((x) => x.category))].sort(),
    markdown: typeof r.markdown === "string" ? r.markdown.slice(0, 200) : null,
  };
}
function exercise(api, html, bytes) {
  const { clean, Cleaner } = api;
  const out = {};
  out.article = summarize(clean(html, { url: ${JSON.stringify(SAMPLE_URL)} }));
  out.clean = summarize(clean(html, { mode: "clean", format: "markdown" }));
  out.bytes = summarize(clean(bytes));
  const cleaner = new Cleaner({ rules: "##.consumer-x" });
  out.cleaner = cleaner.clean('<p>Kept text of a paragraph.</p><div class="consumer-x">Gone</div>', { mode: "clean" }).html;
  cleaner.free();
  try {
    clean(html, { mode: "bogus" });
    out.badOption = "no error";
  } catch (e) {
    out.badOption = { isError: e instanceof Error, code: e.code };
  }
  out.afterError = clean("<p>Still working after an error.</p>", { mode: "clean" }).text.trim();
  // \`passthrough\` (lol_html with no handlers) is the benchmarks' floor: exported by the module,
  // deliberately left out of the types and of the Node entry points.
  out.exports = Object.keys(api).filter((k) => k !== "__esModule" && k !== "passthrough").sort();
  return out;
}
`;

function checkPage(s, label) {
  assert.ok(s, `${label}: no result`);
  assert.equal(s.fellBack, false, `${label}: article mode fell back to clean mode`);
  assert.ok(s.articleKept, `${label}: the article's text ("The president of Belarus, Russia's main ally") is missing`);
  assert.ok(!s.dearReadersInText, `${label}: the donation box ("Dear readers") is still in the text`);
  assert.ok(!s.dearReadersInHtml, `${label}: the donation box ("Dear readers") is still in the HTML`);
  assert.ok(!s.scriptInHtml, `${label}: a <script> survived`);
  assert.ok(s.categories.includes("membership"), `${label}: no removal in category membership (got ${s.categories.join(", ")})`);
  assert.equal(s.title, "Belarusian President Demands Role in Talks on Ukraine 'War'", `${label}: metadata.title`);
}

/** Checks everything `exercise` reports. */
function checkSummary(out, label) {
  checkPage(out.article, `${label}, article mode`);
  assert.equal(out.article.mode, "article", `${label}: default mode`);
  assert.equal(out.article.markdown, null, `${label}: markdown given without format: "markdown"`);
  checkPage(out.clean, `${label}, clean mode`);
  assert.equal(out.clean.mode, "clean", `${label}: mode "clean" not applied`);
  assert.match(out.clean.markdown ?? "", /Belarusian President Demands Role/, `${label}: clean mode markdown`);
  checkPage(out.bytes, `${label}, Uint8Array input`);
  assert.match(out.cleaner, /Kept text of a paragraph/, `${label}: Cleaner lost the paragraph`);
  assert.doesNotMatch(out.cleaner, /Gone/, `${label}: Cleaner's own rule "##.consumer-x" did not apply`);
  assert.deepEqual(out.badOption, { isError: true, code: "bad-option" }, `${label}: mode "bogus" must throw an Error with code "bad-option"`);
  assert.equal(out.afterError, "Still working after an error.", `${label}: the module is broken after an error`);
  const expected = ["Cleaner", "Session", "clean", "cleanResponse", "cleanStream", "cleanedResponse", "default", "initSync", "isProbablyReaderable", "wasmMemory"];
  assert.deepEqual(out.exports, expected, `${label}: exports`);
}

let tarball;
let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, "package.json")), "pkg/ is missing: run scripts/build-wasm.sh first");
  for (const dep of ["typescript", "playwright-core", "vite", "miniflare", "esbuild", "@mozilla/readability"]) {
    try {
      rootRequire.resolve(`${dep}/package.json`);
    } catch {
      assert.fail(`${dep} is not installed at the repo root: run \`npm install\` there (scripts/setup.sh need_node_tools)`);
    }
  }
  fs.rmSync(WORK, { recursive: true, force: true });
  fs.mkdirSync(APP, { recursive: true });

  // Pack as `npm publish` would.
  const packed = await runOk("npm pack", "npm", ["pack", PKG, "--json", "--pack-destination", WORK], { cwd: WORK });
  const info = JSON.parse(packed.stdout)[0];
  tarball = path.join(WORK, info.filename);
  const files = info.files.map((f) => f.path).sort();
  for (const f of ["package.json", "README.md", "unclutter.d.ts", "readability.d.ts", "readability.d.cts", "web/index.js", "web/unclutter.js", "web/unclutter_bg.wasm", "web/readability.js", "node/index.mjs", "node/index.cjs", "node/index.d.mts", "node/index.d.cts", "node/unclutter.cjs", "node/unclutter_bg.wasm", "node/readability.mjs", "node/readability.cjs", "workerd/index.js", "workerd/index.d.ts", "workerd/readability.js", "lib/streams.js", "lib/streams.cjs", "lib/readability.js", "lib/readability.cjs"]) {
    assert.ok(files.includes(f), `the tarball lacks ${f} (has ${files.join(", ")})`);
  }

  // A user's project: the tarball and Vite, as they would install them.
  const versionOf = (dep) => JSON.parse(fs.readFileSync(rootRequire.resolve(`${dep}/package.json`), "utf8")).version;
  const viteVersion = versionOf("vite");
  write(
    path.join(APP, "package.json"),
    JSON.stringify(
      {
        name: "unclutter-consumer",
        private: true,
        type: "module",
        dependencies: { unclutter: `file:${path.relative(APP, tarball)}` },
        devDependencies: { vite: viteVersion, "@mozilla/readability": versionOf("@mozilla/readability") },
      },
      null,
      2,
    ) + "\n",
  );
  await runOk("npm install in the consumer project", "npm", ["install", "--no-audit", "--no-fund", "--prefer-offline", "--loglevel=error"], { timeout: 240_000 });
  fs.copyFileSync(SAMPLE, path.join(APP, "page.html"));
});

after(async () => {
  await browser?.close();
  await new Promise((r) => (server ? server.close(r) : r()));
});

test("Node ES module: import { clean, Cleaner } from \"unclutter\"", async () => {
  write(
    path.join(APP, "esm.mjs"),
    `import fs from "node:fs";
import * as api from "unclutter";
import init, { clean, Cleaner, initSync } from "unclutter";
${SUMMARIZE}
const html = fs.readFileSync(new URL("./page.html", import.meta.url), "utf8");
const bytes = new Uint8Array(fs.readFileSync(new URL("./page.html", import.meta.url)));
const out = exercise(api, html, bytes);
out.resolved = import.meta.resolve("unclutter");
out.sameFunctions = api.clean === clean && api.Cleaner === Cleaner;
out.initMemory = (await init()).memory instanceof WebAssembly.Memory && initSync().memory === api.wasmMemory();
console.log(JSON.stringify(out));
`,
  );
  const r = await runOk("the ES module consumer", process.execPath, ["esm.mjs"]);
  const out = JSON.parse(r.stdout);
  assert.match(out.resolved, /\/node_modules\/unclutter\/node\/index\.mjs$/, "Node's import condition must resolve to node/index.mjs");
  assert.ok(out.sameFunctions, "named and namespace imports differ");
  assert.ok(out.initMemory, "init()/initSync() in Node must return the module's memory");
  checkSummary(out, "Node ESM");
  assert.equal(r.stderr, "", "the ES module consumer wrote to stderr");
});

test("Node CommonJS: const { clean } = require(\"unclutter\")", async () => {
  write(
    path.join(APP, "cjs.cjs"),
    `"use strict";
const fs = require("node:fs");
const { clean } = require("unclutter");
const api = require("unclutter");
${SUMMARIZE}
const html = fs.readFileSync(__dirname + "/page.html", "utf8");
const bytes = new Uint8Array(fs.readFileSync(__dirname + "/page.html"));
const out = exercise(api, html, bytes);
out.resolved = require.resolve("unclutter");
out.sameFunctions = api.clean === clean;
console.log(JSON.stringify(out));
`,
  );
  const r = await runOk("the CommonJS consumer", process.execPath, ["cjs.cjs"]);
  const out = JSON.parse(r.stdout);
  assert.match(out.resolved, /\/node_modules\/unclutter\/node\/index\.cjs$/, "Node's require condition must resolve to node/index.cjs");
  assert.ok(out.sameFunctions, "require() twice gave different functions");
  checkSummary(out, "Node CJS");
  assert.equal(r.stderr, "", "the CommonJS consumer wrote to stderr");
});

const MIME = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".json": "application/json",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
};

/** A static server for `dir` on 127.0.0.1, any free port; records every request. */
function serve(dir, log) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const url = new URL(req.url, "http://localhost");
      let rel = decodeURIComponent(url.pathname);
      if (rel.endsWith("/")) rel += "index.html";
      const file = path.resolve(dir, "." + rel);
      const inside = file.startsWith(dir + path.sep);
      const ok = inside && fs.existsSync(file) && fs.statSync(file).isFile();
      const type = MIME[path.extname(file)] ?? "application/octet-stream";
      log.push({ path: url.pathname, status: ok ? 200 : 404, type: ok ? type : null });
      if (!ok) {
        res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
        return;
      }
      res.writeHead(200, { "Content-Type": type, "Cache-Control": "no-store" });
      fs.createReadStream(file).pipe(res);
    });
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

/** Opens `url` in headless Chromium, waits for the consumer page's result. */
async function openInChromium(url) {
  if (!browser) {
    assert.ok(fs.existsSync(CHROMIUM), `no Chromium at ${CHROMIUM} (apt-get install -y chromium chromium-driver, or scripts/setup.sh need_browser)`);
    const { chromium } = rootRequire("playwright-core");
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"],
    });
  }
  const page = await browser.newPage();
  const problems = [];
  const wasmResponses = [];
  const logs = [];
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
    if (m.type() === "log") logs.push(m.text());
  });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()} (${r.failure()?.errorText})`));
  page.on("response", (r) => {
    if (r.status() >= 400) problems.push(`HTTP ${r.status()}: ${r.url()}`);
    if (new URL(r.url()).pathname.endsWith(".wasm")) wasmResponses.push({ status: r.status(), type: r.headers()["content-type"] });
  });
  try {
    await page.goto(url, { waitUntil: "load" });
    await page.waitForSelector("#result[data-done]", { state: "attached", timeout: 60_000 });
    const out = JSON.parse(await page.textContent("#result"));
    return { out, problems, wasmResponses, logs };
  } finally {
    await page.close();
  }
}

const INDEX_HTML = `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>unclutter consumer</title><link rel="icon" href="data:,"></head>
<body>
<pre id="result"></pre>
<script type="module" src="./main.js"></script>
</body>
</html>
`;

const MAIN_JS = `import init, * as api from "unclutter";
${SUMMARIZE}
const result = document.getElementById("result");
try {
  const memory = (await init()).memory;
  const response = await fetch("/page.html");
  const html = await response.text();
  const bytes = new TextEncoder().encode(html);
  const out = exercise(api, html, bytes);
  out.initMemory = memory instanceof WebAssembly.Memory && memory === api.wasmMemory();
  result.textContent = JSON.stringify(out);
} catch (e) {
  result.textContent = JSON.stringify({ error: String(e), stack: e && e.stack });
}
result.dataset.done = "1";
`;

/** A Vite project root in the consumer project: index.html, main.js, public/page.html. */
function viteRoot(name, config) {
  const root = path.join(APP, name);
  write(path.join(root, "index.html"), INDEX_HTML);
  write(path.join(root, "main.js"), MAIN_JS);
  if (config) write(path.join(root, "vite.config.js"), config);
  fs.mkdirSync(path.join(root, "public"), { recursive: true });
  fs.copyFileSync(SAMPLE, path.join(root, "public", "page.html"));
  return root;
}

test("Vite: import init, { clean } from \"unclutter\"; await init() — built, served and run in Chromium", async () => {
  const web = viteRoot("web");

  // Vite as installed in the project, default configuration, no plugins.
  const vite = path.join(APP, "node_modules", "vite", "bin", "vite.js");
  const built = await runOk("vite build", process.execPath, [vite, "build", "web", "--logLevel", "warn"]);
  assert.doesNotMatch(built.stdout + built.stderr, /warn|error/i, `vite build warned:\n${built.stdout}\n${built.stderr}`);
  const dist = path.join(web, "dist");
  const assets = fs.readdirSync(path.join(dist, "assets"));
  const wasmAssets = assets.filter((f) => f.endsWith(".wasm"));
  assert.equal(wasmAssets.length, 1, `Vite must emit the .wasm as one asset (new URL('unclutter_bg.wasm', import.meta.url)); assets: ${assets.join(", ")}`);
  assert.ok(
    fs.statSync(path.join(dist, "assets", wasmAssets[0])).size === fs.statSync(path.join(APP, "node_modules", "unclutter", "web", "unclutter_bg.wasm")).size,
    "the emitted .wasm differs from the package's web/unclutter_bg.wasm",
  );
  const bundle = assets.filter((f) => f.endsWith(".js")).map((f) => fs.readFileSync(path.join(dist, "assets", f), "utf8")).join("\n");
  assert.doesNotMatch(bundle, /require\(["']fs["']\)|readFileSync/, "the browser bundle took the Node build");

  const requests = [];
  server = await serve(dist, requests);
  const origin = `http://127.0.0.1:${server.address().port}`;

  const { out, problems, wasmResponses } = await openInChromium(origin + "/");
  assert.equal(out.error, undefined, `the page threw: ${out.error}\n${out.stack}\n${problems.join("\n")}`);
  assert.deepEqual(problems, [], "the page logged errors or warnings, or a request failed");
  assert.ok(out.initMemory, "await init() must resolve to { memory } with the module's memory");
  checkSummary(out, "Vite build + Chromium");
  assert.deepEqual(wasmResponses, [{ status: 200, type: "application/wasm" }], "the browser's .wasm responses");
  const wasmRequests = requests.filter((r) => r.path.endsWith(".wasm"));
  assert.equal(wasmRequests.length, 1, `the page must fetch the .wasm once (requests: ${JSON.stringify(requests)})`);
  assert.deepEqual(wasmRequests[0], { path: `/assets/${wasmAssets[0]}`, status: 200, type: "application/wasm" }, "the .wasm request");
});

/** A free TCP port on 127.0.0.1 (Vite's CLI takes `--port 0` as its default port). */
function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

test("Vite dev server with the README's optimizeDeps.exclude, in Chromium", async () => {
  // The README's advice for `vite dev`: without it Vite's dependency pre-bundling moves the
  // module to node_modules/.vite/deps/, away from its .wasm (vitejs/vite#8427).
  const root = viteRoot("web-dev", `export default { optimizeDeps: { exclude: ["unclutter"] } };\n`);
  const port = await freePort();
  const vite = path.join(APP, "node_modules", "vite", "bin", "vite.js");
  const child = spawn(process.execPath, [vite, root, "--host", "127.0.0.1", "--port", String(port), "--strictPort"], {
    cwd: APP,
    env: { ...process.env, NO_COLOR: "1" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout.on("data", (d) => (log += d));
  child.stderr.on("data", (d) => (log += d));
  try {
    const deadline = Date.now() + 30_000;
    while (!log.includes(`127.0.0.1:${port}`)) {
      assert.ok(child.exitCode === null, `vite dev exited (${child.exitCode}):\n${log}`);
      assert.ok(Date.now() < deadline, `vite dev did not start in 30 s:\n${log}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const { out, problems, wasmResponses } = await openInChromium(`http://127.0.0.1:${port}/`);
    assert.equal(out.error, undefined, `the page threw: ${out.error}\n${out.stack}\n${problems.join("\n")}`);
    assert.deepEqual(problems, [], "the page logged errors or warnings, or a request failed");
    checkSummary(out, "Vite dev + Chromium");
    assert.deepEqual(wasmResponses, [{ status: 200, type: "application/wasm" }], "the browser's .wasm responses");
  } finally {
    child.kill();
  }
  assert.doesNotMatch(log, /error/i, `vite dev logged an error:\n${log}`);
});

test("TypeScript: exact types under strict, bundler and node16 resolution", async () => {
  const tsc = path.join(path.dirname(rootRequire.resolve("typescript/package.json")), "bin", "tsc");
  const ts = path.join(APP, "ts");

  // Uses of the API that must type-check, as an ES module (the project is "type": "module")...
  write(
    path.join(ts, "check.ts"),
    `import init, { clean, Cleaner, isProbablyReaderable, wasmMemory, cleanStream, cleanResponse, cleanedResponse, Session } from "unclutter";
import type { CleanResult, CleanOptions, Category, Removal, Reason, Metadata, Stats, Truncation, UnclutterError } from "unclutter";

declare const html: string;
const opts: CleanOptions = { mode: "clean", keep: ["social"], format: "markdown", url: "https://example.com/", keepIds: [1, 2], maxInputBytes: 1 << 20, charset: "utf-8" };
const r: CleanResult = clean(html, { mode: "clean", keep: ["social"], format: "markdown" });
const again: CleanResult = clean(html, opts);
const cats: Category[] = r.removed.map((x) => x.category);
const first: Removal | undefined = r.removed[0];
r.metadata.title satisfies string | null;
r.markdown satisfies string | undefined;
r.mode satisfies "article" | "clean";
r.fellBack satisfies boolean;
r.pageType.kind satisfies "article" | "forum" | "product" | "listing" | "documentation" | "other";
r.pageType.evidence satisfies string;
r.truncated satisfies boolean;
const truncation: Truncation = r.truncation;
truncation.cutOff satisfies string | null;
truncation.statedWords satisfies number | null;
const meta: Metadata = r.metadata;
const stats: Stats = r.stats;
const membership: number = stats.removed.membership;
function describe(reason: Reason): string {
  switch (reason.kind) {
    case "rule": return reason.file + ":" + reason.line + " " + reason.selector;
    case "token": return reason.attribute + " " + reason.pattern;
    case "phrase": return reason.phrase + " (" + reason.lang + ")";
    case "structure": return reason.signal;
    case "sanitizer": return reason.what;
  }
}
const reasons: string[] = r.removed.map((x) => describe(x.reason));
const cleaner = new Cleaner({ rules: "##.x" });
const fromBytes: CleanResult = new Cleaner({ rules: "##.x" }).clean(new Uint8Array([60, 112, 62]));
cleaner.clean(html, { url: "https://example.com/" }).text satisfies string;
cleaner.free();
const readerable: boolean = isProbablyReaderable(html);
const memory: WebAssembly.Memory = wasmMemory();
const ready: Promise<{ readonly memory: WebAssembly.Memory }> = init();
try {
  clean(html);
} catch (e) {
  const code: UnclutterError["code"] = (e as UnclutterError).code;
  void code;
}
const fromStream: Promise<CleanResult> = cleanStream(new Response(html).body!, { mode: "clean", cleaner });
const fromResponse: Promise<CleanResult> = cleanResponse(new Response(html), { url: "https://example.com/" });
const answer: Promise<Response> = cleanedResponse(new Response(html), { format: "markdown" });
const session: Session = cleaner.session({ url: "https://example.com/" });
session.write("<p>");
const streamed: CleanResult = new Session({ mode: "clean" }).finish();
export { again, cats, first, truncation, meta, membership, reasons, fromBytes, readerable, memory, ready, fromStream, fromResponse, answer, streamed };
`,
  );
  // ...and as CommonJS (node16 resolves it through the "require" condition).
  write(
    path.join(ts, "check-cjs.cts"),
    `import { clean, Cleaner } from "unclutter";
import type { CleanResult, Category } from "unclutter";
const r: CleanResult = clean("<p>x</p>", { mode: "clean", keep: ["social"], format: "markdown" });
const cats: Category[] = r.removed.map((x) => x.category);
r.metadata.title satisfies string | null;
new Cleaner({ rules: "##.x" }).clean(new Uint8Array([60, 112, 62]));
export = cats;
`,
  );
  // \`using\` where the libraries know Symbol.dispose (Cleaner's [Symbol.dispose] is free()).
  write(
    path.join(ts, "dispose.ts"),
    `import { Cleaner } from "unclutter";
export function once(html: string): string {
  using cleaner = new Cleaner({ rules: "##.x" });
  return cleaner.clean(html).text;
}
`,
  );
  // A Node project without lib dom (lib es2022, no @types): Node's types need no browser types.
  write(
    path.join(ts, "nodom.ts"),
    `import init, { clean, Cleaner, initSync, wasmMemory, cleanStream } from "unclutter";
const bytes: number = wasmMemory().buffer.byteLength;
export const streamed = cleanStream((async function* () { yield new Uint8Array([60]); })(), { mode: "clean" });
const grown: number = (await init()).memory.grow(0) + initSync().memory.buffer.byteLength;
new Cleaner().free();
export const text: string = clean("<p>x</p>").text + bytes + grown;
`,
  );
  // Compiled by tsc and run by Node, as ES module and as CommonJS: types and runtime agree.
  const runnable = (esm) => `import init, { clean, Cleaner, initSync } from "unclutter";
${esm ? "const { memory } = await init();" : "init().then(({ memory }) => {"}
const cleaner = new Cleaner({ rules: "##.drop-me" });
console.log(JSON.stringify({
  text: clean("<p>Hello from TypeScript.</p>", { mode: "clean" }).text.trim(),
  cleaner: cleaner.clean('<p>The paragraph that stays.</p><p class="drop-me">gone</p>', { mode: "clean" }).text.trim(),
  memory: memory.buffer.byteLength > 0 && initSync().memory === memory,
}));
${esm ? "" : "});"}
`;
  write(path.join(ts, "run.mts"), runnable(true));
  write(path.join(ts, "run.cts"), runnable(false));
  // Each line must fail: the types are exact, not `any`.
  const bad = [
    `clean(html, { mode: "bogus" });`,
    `clean(html, { keep: ["sociall"] });`,
    `clean(html, { format: "pdf" });`,
    `clean(html, { unknownOption: true });`,
    `clean(42);`,
    `const t: number = clean(html).metadata.title;`,
    `const c: "ads" = clean(html).removed[0].category;`,
    `const m: string = clean(html).markdown;`,
    `const cut: string = clean(html).truncation.cutOff;`,
    `new Cleaner({ rules: 1 });`,
    `clean(html).removed[0].reason.selector;`,
    `cleanStream(42);`,
    `new Session().write(1);`,
    `cleanResponse("https://example.com/");`,
  ];
  const prelude = [`import { clean, Cleaner, cleanStream, cleanResponse, Session } from "unclutter";`, `declare const html: string;`];
  write(path.join(ts, "bad.ts"), [...prelude, ...bad, "export {};", ""].join("\n"));

  const base = ["--noEmit", "--strict", "--pretty", "false", "--target", "es2022"];
  const configs = {
    bundler: ["--module", "esnext", "--moduleResolution", "bundler"],
    node16: ["--module", "node16", "--moduleResolution", "node16"],
  };
  const emitted = path.join(ts, "out");
  // Every tsc run, a few at a time (each takes seconds); checked in order below.
  const jobs = [
    ["node16 without lib dom", [...configs.node16, "--lib", "es2022"], ["ts/nodom.ts"]],
    ["bundler, lib esnext", [...configs.bundler, "--lib", "esnext,dom"], ["ts/dispose.ts"]],
    ["node16, lib esnext", [...configs.node16, "--lib", "esnext"], ["ts/dispose.ts"]],
    ["bundler", configs.bundler, ["ts/check.ts"]],
    ["node16", configs.node16, ["ts/check.ts", "ts/check-cjs.cts"]],
    ["bundler", configs.bundler, ["ts/bad.ts"]],
    ["node16", configs.node16, ["ts/bad.ts"]],
    ["node16, emitting", ["--outDir", emitted, ...configs.node16], ["ts/run.mts", "ts/run.cts"]],
  ];
  const results = await pool(Math.max(2, os.availableParallelism?.() ?? 2), jobs.map(([, flags, files]) => () =>
    run(process.execPath, [tsc, ...(flags.includes("--outDir") ? base.slice(1) : base), ...flags, ...files]),
  ));
  jobs.forEach(([name, flags, files], j) => {
    const r = results[j];
    if (!files.includes("ts/bad.ts")) {
      assert.equal(r.code, 0, `tsc (${name}: ${flags.join(" ")}) must accept ${files.join(" and ")}:\n${r.stdout}${r.stderr}`);
      return;
    }
    assert.notEqual(r.code, 0, `tsc (${name}) must reject ts/bad.ts`);
    assert.doesNotMatch(r.stdout, /TS2307|TS7016|Cannot find module/, `tsc (${name}) did not find the types:\n${r.stdout}`);
    const errorLines = new Set([...r.stdout.matchAll(/^ts\/bad\.ts\((\d+),\d+\): error TS\d+/gm)].map((m) => Number(m[1])));
    bad.forEach((line, i) => {
      assert.ok(errorLines.has(prelude.length + i + 1), `tsc (${name}) accepted a wrong use: ${line}\n${r.stdout}`);
    });
  });

  for (const file of ["run.mjs", "run.cjs"]) {
    const r = await runOk(`the compiled ${file}`, process.execPath, [path.join(emitted, file)]);
    assert.deepEqual(JSON.parse(r.stdout), { text: "Hello from TypeScript.", cleaner: "The paragraph that stays.", memory: true }, `the compiled ${file} printed ${r.stdout}`);
  }

  // No `any` anywhere in the shipped declarations.
  const installed = path.join(APP, "node_modules", "unclutter");
  const declarations = [];
  (function walk(dir) {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (/\.d\.[cm]?ts$/.test(e.name)) declarations.push(p);
    }
  })(installed);
  assert.ok(declarations.length >= 2, `expected unclutter.d.ts and unclutter.d.cts, found ${declarations.join(", ")}`);
  for (const file of declarations) {
    const code = fs.readFileSync(file, "utf8").replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, "");
    const line = code.split("\n").find((l) => /\bany\b/.test(l));
    assert.equal(line, undefined, `${path.relative(installed, file)} mentions \`any\`: ${line}`);
  }
});

/** The code block of the installed package's README whose first line is `// ${first}`. */
function readmeExample(first) {
  const readme = fs.readFileSync(path.join(APP, "node_modules", "unclutter", "README.md"), "utf8");
  const block = [...readme.matchAll(/```(?:js|ts)\n([\s\S]*?)```/g)].map((m) => m[1]).find((b) => b.startsWith(`// ${first}`));
  assert.ok(block, `the package's README has no example starting with "// ${first}"`);
  return block;
}

/** A server on 127.0.0.1 answering `routes[path]` = [status, headers, body]; resolves to its origin. */
async function pageServer(routes) {
  const srv = http.createServer((req, res) => {
    const route = routes[new URL(req.url, "http://x").pathname];
    if (!route) return res.writeHead(404, { "Content-Type": "text/plain" }).end("not found");
    const [status, headers, body] = route;
    res.writeHead(status, headers);
    // In pieces, so that the reader gets the page in several chunks.
    const bytes = Buffer.from(body);
    let i = 0;
    const next = () => {
      if (i >= bytes.length) return res.end();
      const ok = res.write(bytes.subarray(i, (i += 997)));
      if (ok) setImmediate(next);
      else res.once("drain", next);
    };
    res.on("error", () => {});
    next();
  });
  await new Promise((r) => srv.listen(0, "127.0.0.1", r));
  return { srv, origin: `http://127.0.0.1:${srv.address().port}` };
}

// A page built to be split badly: multi-byte characters (2, 3 and 4 bytes in UTF-8), entities,
// long tags with attributes, a comment, a script to remove and a donation box.
const AWKWARD = `<!doctype html><html lang="de"><head><meta charset="utf-8"><title>Überraschung – ein Test 🙂</title>
<script>var x = "</p>";</script></head><body><header><nav><a href="/">Start</a> <a href="/ressort">Ressort</a></nav></header>
<article class="story"><h1>Überraschung – ein Test 🙂</h1><p class="byline">Von Jürgen Groß</p>
${Array.from({ length: 12 }, (_, i) => `<p data-n="${i}" title="Absatz &amp; &quot;${i}&quot;">Größere Straßenbäume säumen die Allee &mdash; &#8222;schön&#8220; sagt man, 日本語のテキスト ${i}, 𝄞 Noten &amp; Zeichen &lt;b&gt; bleiben Text. Noch ein Satz, damit der Absatz lang genug ist, um als Artikel zu zählen.</p>`).join("\n")}
<!-- ein Kommentar mit </p> darin --></article>
<div class="donate-box"><p>Dear readers, please support us monthly. Become a member today.</p></div>
<footer><p>© 2024 Zeitung</p></footer></body></html>`;

test("Streams: cleanStream and cleanResponse equal clean() however the page is split; the README's example", async () => {
  const page = path.join(APP, "awkward.html");
  fs.writeFileSync(page, AWKWARD);
  write(
    path.join(APP, "streams.mjs"),
    `import fs from "node:fs";
import { clean, cleanStream, cleanResponse, cleanedResponse, Cleaner, Session } from "unclutter";
const bytes = new Uint8Array(fs.readFileSync(${JSON.stringify(page)}));
const text = new TextDecoder().decode(bytes);
const out = { mismatches: [], splits: 0 };
const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
const streamOf = (parts) => new ReadableStream({ pull(c) { parts.length ? c.enqueue(parts.shift()) : c.close(); } });
for (const mode of ["article", "clean"]) {
  const whole = clean(bytes, { mode });
  // Every two-way split of the bytes: inside each multi-byte character, tag, attribute and entity.
  for (let i = 1; i < bytes.length; i++) {
    const r = await cleanStream(streamOf([bytes.subarray(0, i), bytes.subarray(i)]), { mode });
    out.splits++;
    if (!same(r, whole)) out.mismatches.push(mode + " bytes at " + i);
  }
  // Byte by byte, and as a Node stream of small Buffers.
  const tiny = [...bytes].map((b) => new Uint8Array([b]));
  if (!same(await cleanStream(streamOf(tiny), { mode }), whole)) out.mismatches.push(mode + " byte by byte");
  if (!same(await cleanStream(fs.createReadStream(${JSON.stringify(page)}, { highWaterMark: 5 }), { mode }), whole)) out.mismatches.push(mode + " Node stream");
  // Strings split at every UTF-16 position, inside surrogate pairs too.
  const wholeText = clean(text, { mode });
  for (let i = 1; i < text.length; i += 1) {
    const r = await cleanStream(streamOf([text.slice(0, i), text.slice(i)]), { mode });
    if (!same(r, wholeText)) out.mismatches.push(mode + " string at " + i);
  }
}
// A charset from the Content-Type: windows-1251 bytes with no <meta>.
const cp1251 = new Uint8Array([0x3c, 0x70, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x21, 0x3c, 0x2f, 0x70, 0x3e]);
const mk = (type) => new Response(cp1251, { headers: { "content-type": type } });
out.headerCharset = (await cleanResponse(mk("text/html; charset=windows-1251"), { mode: "clean" })).text.trim();
out.quotedCharset = (await cleanResponse(mk('text/html;charset="Windows-1251"'), { mode: "clean" })).stats.charset;
out.optionWins = (await cleanResponse(mk("text/html; charset=windows-1251"), { mode: "clean", charset: "koi8-r" })).stats.charset;
out.bogusCharset = (await cleanResponse(mk("text/html; charset=no-such-thing"), { mode: "clean" })).stats.charset;
// A Cleaner's rules, and the Response helper.
const cleaner = new Cleaner({ rules: "##.story .byline" });
out.cleanerRules = (await cleanStream(streamOf([bytes]), { cleaner, mode: "clean" })).removed.some((r) => r.excerpt === "Von Jürgen Groß" && r.reason.kind === "rule");
const answer = await cleanedResponse(new Response(bytes), { format: "markdown" });
out.answer = { status: answer.status, type: answer.headers.get("content-type"), removed: answer.headers.get("unclutter-removed"), first: (await answer.text()).split("\\n")[0] };
out.removedWhole = clean(bytes, { format: "markdown" }).removed.length;
const html = await cleanedResponse(new Response(bytes));
out.htmlAnswer = { type: html.headers.get("content-type"), csp: html.headers.get("content-security-policy") };
// Errors: the limit (and the download is cancelled), a bad chunk, a used body, a finished session.
let cancelled = false;
const endless = new ReadableStream({ pull(c) { c.enqueue(new Uint8Array(1 << 16).fill(32)); }, cancel() { cancelled = true; } });
out.tooLarge = await cleanStream(endless, { maxInputBytes: 1 << 20 }).then(() => "no error", (e) => e.code);
out.cancelled = cancelled;
out.badChunk = await cleanStream(streamOf([bytes, 42]), {}).then(() => "no error", (e) => e.code);
out.mixed = await cleanStream(streamOf([bytes, "text"]), {}).then(() => "no error", (e) => e.code);
const used = new Response(bytes);
await used.text();
out.usedBody = await cleanResponse(used).then(() => "no error", (e) => e.code);
out.notAStream = await cleanStream(42).then(() => "no error", (e) => e.code);
const s = new Session({ mode: "clean" });
s.write("<p>one</p>");
const first = s.finish().text.trim();
let again;
try { s.write("x"); again = "no error"; } catch (e) { again = e.code; }
out.session = { first, again };
out.afterErrors = clean("<p>Still working.</p>", { mode: "clean" }).text.trim();
console.log(JSON.stringify(out));
`,
  );
  const r = await runOk("the streams consumer", process.execPath, ["streams.mjs"], { timeout: 600_000 });
  const out = JSON.parse(r.stdout);
  assert.ok(out.splits > 3000, `expected every two-way split of the page, got ${out.splits}`);
  assert.deepEqual(out.mismatches, [], "a split page gave another result than clean() on the whole");
  assert.equal(out.headerCharset, "Привет, мир!", "the Content-Type's charset was not used");
  assert.equal(out.quotedCharset, "windows-1251", "a quoted charset label");
  assert.equal(out.optionWins, "KOI8-R", "options.charset must win over the header");
  assert.equal(out.bogusCharset, "windows-1252", "an unknown label in the header must be ignored");
  assert.ok(out.cleanerRules, "a Cleaner's rules did not apply through cleanStream");
  assert.deepEqual(out.answer, { status: 200, type: "text/markdown; charset=utf-8", removed: String(out.removedWhole), first: "# Überraschung – ein Test 🙂" }, "cleanedResponse (markdown)");
  assert.deepEqual(out.htmlAnswer, { type: "text/html; charset=utf-8", csp: "script-src 'none'; object-src 'none'; base-uri 'none'" }, "cleanedResponse (html)");
  assert.equal(out.tooLarge, "input-too-large");
  assert.ok(out.cancelled, "the stream must be cancelled when the clean fails");
  assert.equal(out.badChunk, "bad-input");
  assert.equal(out.mixed, "bad-input");
  assert.equal(out.usedBody, "bad-input");
  assert.equal(out.notAStream, "bad-input");
  assert.deepEqual(out.session, { first: "one", again: "finished" });
  assert.equal(out.afterErrors, "Still working.");

  // The README's example, as written, against a page served from 127.0.0.1.
  write(path.join(APP, "stream.mjs"), readmeExample("stream.mjs"));
  const { srv, origin } = await pageServer({ "/story": [200, { "Content-Type": "text/html; charset=utf-8" }, fs.readFileSync(SAMPLE)] });
  try {
    const ex = await runOk("the README's stream.mjs", process.execPath, ["stream.mjs", `${origin}/story`, SAMPLE]);
    const removed = (await import(path.join(APP, "node_modules", "unclutter", "node", "index.cjs"))).clean(fs.readFileSync(SAMPLE, "utf8"), { url: `${origin}/story` }).removed.length;
    assert.equal(ex.stdout, `# Belarusian President Demands Role in Talks on Ukraine 'War'\n${removed} removed, ${fs.statSync(SAMPLE).size} bytes read\n`, "the README's stream example printed");
  } finally {
    srv.close();
  }
});

test("Cloudflare Workers: the README's Worker, bundled as wrangler does, run in workerd (miniflare)", async () => {
  const root = path.join(APP, "worker");
  write(path.join(root, "src", "worker.js"), readmeExample("src/worker.js"));
  // wrangler's bundling: esbuild with the conditions workerd, worker and browser, and .wasm
  // imports kept as modules of their own (here esbuild's copy loader), loaded as CompiledWasm.
  const esbuild = rootRequire("esbuild");
  const dist = path.join(root, "dist");
  const built = await esbuild.build({
    absWorkingDir: root,
    entryPoints: ["src/worker.js"],
    bundle: true,
    format: "esm",
    platform: "neutral",
    conditions: ["workerd", "worker", "browser"],
    mainFields: ["browser", "module", "main"],
    loader: { ".wasm": "copy" },
    outdir: dist,
    logLevel: "silent",
    metafile: true,
  });
  assert.deepEqual(built.warnings, [], "esbuild warned");
  const inputs = Object.keys(built.metafile.inputs);
  assert.ok(inputs.some((f) => f.endsWith("node_modules/unclutter/workerd/index.js")), `the workerd condition must pick workerd/index.js (inputs: ${inputs.join(", ")})`);
  assert.ok(!inputs.some((f) => /node_modules\/unclutter\/node\//.test(f)), "the Worker took the Node build");

  const page = fs.readFileSync(SAMPLE);
  const big = Buffer.concat([Buffer.from("<!doctype html><html><body>"), Buffer.alloc(9 << 20, "<p>filler text of a huge page</p>\n"), Buffer.from("</body></html>")]);
  const cp1251 = Buffer.from([0x3c, 0x70, 0x3e, 0xcf, 0xf0, 0xe8, 0xe2, 0xe5, 0xf2, 0x2c, 0x20, 0xec, 0xe8, 0xf0, 0x21, 0x3c, 0x2f, 0x70, 0x3e]);
  const { srv, origin } = await pageServer({
    "/story": [200, { "Content-Type": "text/html; charset=utf-8" }, page],
    "/cp1251": [200, { "Content-Type": "text/html; charset=windows-1251" }, cp1251],
    "/logo.png": [200, { "Content-Type": "image/png" }, Buffer.from([0x89, 0x50, 0x4e, 0x47])],
    "/big": [200, { "Content-Type": "text/html" }, big],
  });
  const { Miniflare } = rootRequire("miniflare");
  const mf = new Miniflare({
    modules: true,
    scriptPath: path.join(dist, "worker.js"),
    modulesRoot: dist,
    modulesRules: [{ type: "CompiledWasm", include: ["**/*.wasm"] }],
    compatibilityDate: "2025-09-01",
  });
  const get = async (query) => {
    const res = await mf.dispatchFetch(`http://reader.example/${query}`);
    return { status: res.status, type: res.headers.get("content-type"), removed: res.headers.get("unclutter-removed"), body: await res.text() };
  };
  try {
    const { clean } = rootRequire(path.join(APP, "node_modules", "unclutter", "node", "index.cjs"));
    const expected = clean(page.toString("utf8"), { url: `${origin}/story` });

    const html = await get(`?url=${encodeURIComponent(origin + "/story")}`);
    assert.equal(html.status, 200, html.body);
    assert.equal(html.type, "text/html; charset=utf-8");
    assert.ok(html.body.includes("The president of Belarus, Russia's main ally"), "the article is missing");
    assert.ok(!html.body.includes("Dear readers"), "the donation box survived");
    assert.ok(!/<script/i.test(html.body), "a script survived");
    assert.equal(html.removed, String(expected.removed.length), "Unclutter-Removed must count the removals");
    assert.ok(expected.removed.length > 0);
    assert.equal(html.body, expected.html, "the Worker's HTML differs from clean() in Node");

    const md = await get(`?url=${encodeURIComponent(origin + "/story")}&format=markdown`);
    assert.equal(md.status, 200, md.body);
    assert.equal(md.type, "text/markdown; charset=utf-8");
    assert.match(md.body, /^# Belarusian President Demands Role in Talks on Ukraine 'War'\n/);
    assert.doesNotMatch(md.body, /Dear readers/);

    const cyr = await get(`?url=${encodeURIComponent(origin + "/cp1251")}`);
    assert.match(cyr.body, /Привет, мир!/, "the Content-Type's charset was not used in the Worker");

    // The error paths.
    const usage = await get("");
    assert.equal(usage.status, 400);
    assert.match(usage.body, /^usage: /);
    const missing = await get(`?url=${encodeURIComponent(origin + "/nothing-here")}`);
    assert.deepEqual([missing.status, missing.body], [502, `${origin}/nothing-here answered 404\n`]);
    const image = await get(`?url=${encodeURIComponent(origin + "/logo.png")}`);
    assert.deepEqual([image.status, image.body], [415, `${origin}/logo.png is not a page\n`]);
    const huge = await get(`?url=${encodeURIComponent(origin + "/big")}`);
    assert.equal(huge.status, 413, huge.body);
    assert.match(huge.body, /^input-too-large: input is \d+ bytes, more than the limit of 8388608 bytes\n$/);
    const down = await get(`?url=${encodeURIComponent("http://127.0.0.1:1/")}`);
    assert.equal(down.status, 502);
    assert.match(down.body, /^cannot fetch http:\/\/127\.0\.0\.1:1\//);
    // The Worker still answers after the errors.
    assert.equal((await get(`?url=${encodeURIComponent(origin + "/story")}`)).body, expected.html);
  } finally {
    await mf.dispose();
    srv.close();
  }
});

// A program written for @mozilla/readability; the test compiles it as is, then with only its
// import changed to unclutter/readability, and runs both in Chromium.
const READER_TS = `import { Readability, isProbablyReaderable } from "@mozilla/readability";

export interface Summary {
  readerable: boolean;
  title: string;
  byline: string | null;
  excerpt: string;
  lang: string | null;
  dir: string | null;
  siteName: string | null;
  publishedTime: string | null;
  length: number;
  text: string;
  html: string;
  nodes: number;
}

export function summarize(doc: Document): Summary | null {
  const readerable: boolean = isProbablyReaderable(doc, { minContentLength: 140, minScore: 20 });
  const reader = new Readability(doc.cloneNode(true) as Document, { charThreshold: 300, keepClasses: false, classesToPreserve: ["caption"] });
  const article = reader.parse();
  if (article === null) return null;
  const parsed: ReturnType<Readability["parse"]> = article;
  const asNodes = new Readability<Node>(doc.cloneNode(true) as Document, { serializer: (node: Node) => node }).parse();
  return {
    readerable,
    title: parsed?.title ?? "",
    byline: article.byline ?? null,
    excerpt: article.excerpt ?? "",
    lang: article.lang ?? null,
    dir: article.dir ?? null,
    siteName: article.siteName ?? null,
    publishedTime: article.publishedTime ?? null,
    length: article.length ?? 0,
    text: article.textContent ?? "",
    html: article.content ?? "",
    nodes: asNodes?.content?.childNodes.length ?? -1,
  };
}
`;

test("Readability: a program for @mozilla/readability compiles with its import swapped, and runs in Chromium and Node", async () => {
  const tsc = path.join(path.dirname(rootRequire.resolve("typescript/package.json")), "bin", "tsc");
  const root = path.join(APP, "readability");
  const swapped = READER_TS.replace('from "@mozilla/readability"', 'from "unclutter/readability"');
  assert.notEqual(swapped, READER_TS);
  write(path.join(root, "mozilla.ts"), READER_TS);
  write(path.join(root, "unclutter.ts"), swapped);
  write(path.join(root, "reader.ts"), readmeExample("reader.ts"));
  write(
    path.join(root, "main.ts"),
    `import "./reader";
import { summarize as mozilla } from "./mozilla";
import { summarize as ours } from "./unclutter";
const result = document.getElementById("result")!;
try {
  result.textContent = JSON.stringify({ mozilla: mozilla(document), ours: ours(document) });
} catch (e) {
  result.textContent = JSON.stringify({ error: String(e), stack: (e as Error).stack });
}
result.dataset.done = "1";
`,
  );
  // Types: the original against @mozilla/readability's, the swapped one and the README's
  // example against ours, strict, bundler and node16 resolution.
  const base = ["--noEmit", "--strict", "--pretty", "false", "--target", "es2022", "--lib", "es2022,dom", "--skipLibCheck", "false"];
  for (const [name, flags] of [["bundler", ["--module", "esnext", "--moduleResolution", "bundler"]], ["node16", ["--module", "node16", "--moduleResolution", "node16"]]]) {
    for (const files of [["readability/mozilla.ts"], ["readability/unclutter.ts", "readability/reader.ts", "readability/main.ts"]]) {
      if (name === "node16" && files.includes("readability/main.ts")) continue; // extensionless imports: bundler style
      const r = await run(process.execPath, [tsc, ...base, ...flags, ...files]);
      assert.equal(r.code, 0, `tsc (${name}) must accept ${files.join(", ")}:\n${r.stdout}${r.stderr}`);
    }
  }
  // A wrong use is still an error: the types are not loose.
  write(path.join(root, "bad.ts"), `import { Readability } from "unclutter/readability";\nconst n: number = new Readability("<p>x</p>").parse()!.title;\nnew Readability(42);\nexport { n };\n`);
  const bad = await run(process.execPath, [tsc, ...base, "--module", "esnext", "--moduleResolution", "bundler", "readability/bad.ts"]);
  assert.match(bad.stdout, /bad\.ts\(2,7\): error TS2322/, bad.stdout);
  assert.match(bad.stdout, /bad\.ts\(3,17\): error TS2345/, bad.stdout);

  // Run in Chromium: the sample page itself (its scripts left out) is the document.
  const sample = fs.readFileSync(SAMPLE, "utf8").replace(/<script\b[\s\S]*?<\/script>/gi, "");
  write(path.join(root, "index.html"), sample.replace(/<\/body>/i, `<pre id="result" hidden></pre><script type="module" src="./main.ts"></script></body>`));
  const vite = path.join(APP, "node_modules", "vite", "bin", "vite.js");
  await runOk("vite build (readability)", process.execPath, [vite, "build", "readability", "--logLevel", "error"]);
  const requests = [];
  const srv = await serve(path.join(root, "dist"), requests);
  try {
    const { out, logs } = await openInChromium(`http://127.0.0.1:${srv.address().port}/`);
    assert.equal(out.error, undefined, `the page threw: ${out.error}\n${out.stack}`);
    const { mozilla, ours } = out;
    assert.ok(mozilla && ours, "a parse() returned null");
    for (const [who, s] of [["@mozilla/readability", mozilla], ["unclutter/readability", ours]]) {
      assert.ok(s.readerable, `${who}: isProbablyReaderable`);
      assert.ok(s.text.includes("The president of Belarus, Russia's main ally"), `${who}: the article's text`);
      assert.equal(s.lang, "en", `${who}: lang`);
      assert.ok(s.nodes > 0, `${who}: the serializer's node`);
    }
    assert.equal(ours.title, mozilla.title, "the title differs from Readability's");
    assert.equal(ours.length, ours.text.length);
    assert.ok(!ours.text.includes("Dear readers") && !ours.html.includes("Dear readers"), "the donation box survived");
    assert.ok(!/<(script|html|head|body)\b/i.test(ours.html), `content must be the article's HTML, not a document: ${ours.html.slice(0, 200)}`);
    assert.match(ours.html, /^<main\b/, "content starts with the body's first element");
    assert.ok(ours.excerpt.startsWith("The president of Belarus"), `excerpt: ${ours.excerpt}`);
    // The README's example logged its line.
    assert.ok(logs.some((l) => /^Belarusian President Demands Role in Talks on Ukraine 'War' \d+ \d+ removed$/.test(l)), `the README's example logged ${JSON.stringify(logs)}`);
  } finally {
    srv.close();
  }

  // Node, ESM and CommonJS, with an HTML string (no DOM there) and a Document-like object.
  const node = (esm) => `${esm ? 'import { Readability, isProbablyReaderable } from "unclutter/readability";\nimport fs from "node:fs";' : 'const { Readability, isProbablyReaderable } = require("unclutter/readability");\nconst fs = require("node:fs");'}
const html = fs.readFileSync(${JSON.stringify(SAMPLE)}, "utf8");
const a = new Readability(html, { charThreshold: 100, url: ${JSON.stringify(SAMPLE_URL)} }).parse();
const b = new Readability({ documentElement: { outerHTML: html }, baseURI: ${JSON.stringify(SAMPLE_URL)} }).parse();
const errors = [];
for (const f of [() => new Readability(42), () => new Readability(html, { bogus: 1 }), () => new Readability(html, { serializer: (n) => n })]) {
  try { f(); errors.push("no error"); } catch (e) { errors.push(e.code); }
}
console.log(JSON.stringify({ title: a.title, same: JSON.stringify(a) === JSON.stringify(b), removed: a.removed.length, pageType: a.pageType.kind, readerable: isProbablyReaderable(html), empty: new Readability("").parse(), keys: Object.keys(a).sort(), errors }));
`;
  write(path.join(APP, "readability.mjs"), node(true));
  write(path.join(APP, "readability.cjs"), node(false));
  for (const file of ["readability.mjs", "readability.cjs"]) {
    const r = await runOk(file, process.execPath, [file]);
    const out = JSON.parse(r.stdout);
    assert.deepEqual(out, {
      title: "Belarusian President Demands Role in Talks on Ukraine 'War'",
      same: true,
      removed: out.removed,
      readerable: true,
      empty: null,
      keys: ["byline", "content", "dir", "excerpt", "lang", "length", "pageType", "publishedTime", "removed", "siteName", "textContent", "title"],
      pageType: "article",
      errors: ["bad-input", "bad-option", "bad-option"],
    }, `${file} printed ${r.stdout}`);
    assert.ok(out.removed > 0);
  }
});
