// The consumer test: the npm package as users get it. `npm pack`s pkg/ (build it first with
// scripts/build-wasm.sh), installs the tarball in a fresh project under target/consumer/ and
// uses it as users do: Node ES modules, Node CommonJS, a default Vite build opened in headless
// Chromium (and the Vite dev server with the README's one setting), and TypeScript (strict,
// `bundler` and `node16` resolution, with and without lib dom; exact types; compiled and run).
//
//   node --test tests/js/consumer.test.mjs
//
// Needs the repo's dev tools (`npm install` at the root: TypeScript, playwright-core, Vite's
// version) and Chromium at /usr/bin/chromium (or $CHROMIUM). Vite itself is installed in the
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
  const expected = ["Cleaner", "clean", "default", "initSync", "isProbablyReaderable", "wasmMemory"];
  assert.deepEqual(out.exports, expected, `${label}: exports`);
}

let tarball;
let server;
let browser;

before(async () => {
  assert.ok(fs.existsSync(path.join(PKG, "package.json")), "pkg/ is missing: run scripts/build-wasm.sh first");
  for (const dep of ["typescript", "playwright-core", "vite"]) {
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
  for (const f of ["package.json", "README.md", "unclutter.d.ts", "web/unclutter.js", "web/unclutter_bg.wasm", "node/index.mjs", "node/index.cjs", "node/index.d.mts", "node/index.d.cts", "node/unclutter.cjs", "node/unclutter_bg.wasm"]) {
    assert.ok(files.includes(f), `the tarball lacks ${f} (has ${files.join(", ")})`);
  }

  // A user's project: the tarball and Vite, as they would install them.
  const viteVersion = JSON.parse(fs.readFileSync(rootRequire.resolve("vite/package.json"), "utf8")).version;
  write(
    path.join(APP, "package.json"),
    JSON.stringify(
      {
        name: "unclutter-consumer",
        private: true,
        type: "module",
        dependencies: { unclutter: `file:${path.relative(APP, tarball)}` },
        devDependencies: { vite: viteVersion },
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
  page.on("console", (m) => {
    if (m.type() === "error" || m.type() === "warning") problems.push(`console ${m.type()}: ${m.text()}`);
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
    return { out, problems, wasmResponses };
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
    `import init, { clean, Cleaner, isProbablyReaderable, wasmMemory } from "unclutter";
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
export { again, cats, first, truncation, meta, membership, reasons, fromBytes, readerable, memory, ready };
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
    `import init, { clean, Cleaner, initSync, wasmMemory } from "unclutter";
const bytes: number = wasmMemory().buffer.byteLength;
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
  ];
  const prelude = [`import { clean, Cleaner } from "unclutter";`, `declare const html: string;`];
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
