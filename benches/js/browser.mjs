// The browser side: unclutter's WebAssembly build for browsers (pkg/web) and Readability on the
// browser's own DOMParser, in headless Chromium through playwright-core. A local server (loopback
// only) serves a blank page, the package, Readability.js and the same inputs as the Node side;
// the page is cross-origin isolated so that performance.now() has its fine resolution. The
// measuring runs in the page, interleaved as in node.mjs; raw times go to target/bench/browser.json.
//
//   node benches/js/browser.mjs [PKG_DIR]      (default: pkg/ of the repository)
import fs from "node:fs";
import http from "node:http";
import path from "node:path";
import { createRequire } from "node:module";
import { REPO, realPages, bigPage, writeResult } from "./inputs.mjs";

const ROUNDS = Number(process.env.BENCH_BROWSER_ROUNDS ?? 3);
const BIG_ROUNDS = Number(process.env.BENCH_BIG_ROUNDS ?? 3);
const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
const PKG = path.resolve(process.argv[2] ?? path.join(REPO, "pkg"));

const INDEX = `<!doctype html><html><head><meta charset="utf-8"><title>bench</title><link rel="icon" href="data:,">
<script src="/readability.js"></script>
<script type="module">
import init, * as u from "/pkg/unclutter.js";
await init();
window.unclutter = u;
window.ready = true;
</script></head><body></body></html>`;

/** Runs in the page. */
async function inPage({ ids, rounds, bigRounds }) {
  const now = () => performance.now();
  const gc = window.gc ?? (() => {});
  const u = window.unclutter;
  const fetchPage = async (url) => {
    const bytes = new Uint8Array(await (await fetch(url)).arrayBuffer());
    return { bytes, text: new TextDecoder().decode(bytes) };
  };
  const pages = [];
  for (const id of ids) pages.push(await fetchPage(`/page/${encodeURIComponent(id)}`));
  const big = await fetchPage("/big");
  const timed = (f) => {
    const t0 = now();
    const out = f();
    return { total: now() - t0, out };
  };
  const contenders = [
    { name: "unclutter-article", run: (p) => timed(() => u.clean(p.bytes, { mode: "article" }).html.length) },
    { name: "unclutter-clean", run: (p) => timed(() => u.clean(p.bytes, { mode: "clean" }).html.length) },
    { name: "unclutter-analysis", run: (p) => timed(() => (u.isProbablyReaderable(p.bytes) ? 1 : 0)) },
    { name: "unclutter-passthrough", run: (p) => timed(() => u.passthrough(p.bytes).length) },
    {
      name: "readability-domparser",
      run: (p) => {
        const t0 = now();
        const doc = new DOMParser().parseFromString(p.text, "text/html");
        const t1 = now();
        const out = new Readability(doc).parse()?.content?.length ?? 0;
        const t2 = now();
        return { parse: t1 - t0, extract: t2 - t1, total: t2 - t0, out };
      },
    },
  ];
  const slots = (n) => ({ times: { total: Array.from({ length: n }, () => []), parse: Array.from({ length: n }, () => []), extract: Array.from({ length: n }, () => []) }, out: new Array(n).fill(null), failures: {} });
  const results = contenders.map((c) => ({ name: c.name, corpus: slots(pages.length), big: slots(1) }));
  const runOne = (k, where, i, page, record) => {
    try {
      const r = contenders[k].run(page);
      if (record) {
        for (const key of ["total", "parse", "extract"]) if (r[key] !== undefined) where.times[key][i].push(r[key]);
        where.out[i] = r.out;
      }
    } catch (e) {
      where.failures[i] = String(e && e.message ? e.message : e).slice(0, 200);
    }
  };
  const start = now();
  // Yielding to the event loop between pages lets the browser free the parsed documents.
  const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
  for (let round = 0; round <= rounds; round++) {
    for (let i = 0; i < pages.length; i++) {
      await settle();
      gc();
      for (let j = 0; j < contenders.length; j++) {
        const k = (j + i + round) % contenders.length;
        runOne(k, results[k].corpus, i, pages[i], round > 0);
      }
    }
    console.log(`browser: corpus round ${round}${round ? "" : " (warm-up)"} done, ${((now() - start) / 1000).toFixed(0)} s`);
  }
  for (let round = 0; round <= bigRounds; round++) {
    for (let j = 0; j < contenders.length; j++) {
      const k = (j + round) % contenders.length;
      await settle();
      gc();
      runOne(k, results[k].big, 0, big, round > 0);
    }
  }
  console.log(`browser: big page done, ${((now() - start) / 1000).toFixed(0)} s`);
  return { crossOriginIsolated: window.crossOriginIsolated, userAgent: navigator.userAgent, results };
}

function serve(routes) {
  return new Promise((resolve) => {
    const srv = http.createServer((req, res) => {
      const url = new URL(req.url, "http://localhost");
      const route = routes(decodeURIComponent(url.pathname));
      const headers = {
        "Cross-Origin-Opener-Policy": "same-origin",
        "Cross-Origin-Embedder-Policy": "require-corp",
        "Cache-Control": "no-store",
      };
      if (!route) {
        res.writeHead(404, headers).end("not found");
        return;
      }
      res.writeHead(200, { ...headers, "Content-Type": route.type }).end(route.body);
    });
    srv.listen(0, "127.0.0.1", () => resolve(srv));
  });
}

async function main() {
  if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM}`);
  const pages = realPages();
  const big = bigPage(pages);
  const byId = new Map(pages.map((p) => [p.id, p]));
  const readability = fs.readFileSync(new URL("./node_modules/@mozilla/readability/Readability.js", import.meta.url));
  const srv = await serve((p) => {
    if (p === "/") return { type: "text/html; charset=utf-8", body: INDEX };
    if (p === "/readability.js") return { type: "text/javascript", body: readability };
    if (p === "/pkg/unclutter.js") return { type: "text/javascript", body: fs.readFileSync(path.join(PKG, "web", "unclutter.js")) };
    if (p === "/pkg/unclutter_bg.wasm") return { type: "application/wasm", body: fs.readFileSync(path.join(PKG, "web", "unclutter_bg.wasm")) };
    if (p === "/big") return { type: "application/octet-stream", body: big.bytes };
    if (p.startsWith("/page/") && byId.has(p.slice(6))) return { type: "application/octet-stream", body: byId.get(p.slice(6)).bytes };
    return null;
  });
  const origin = `http://127.0.0.1:${srv.address().port}`;
  // playwright-core is a dev-dependency of the repository (the root node_modules).
  const { chromium } = createRequire(path.join(REPO, "package.json"))("playwright-core");
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--js-flags=--expose-gc"],
  });
  try {
    const page = await browser.newPage();
    page.on("console", (m) => console.error(m.text()));
    page.on("pageerror", (e) => console.error(`page error: ${e.message}`));
    await page.goto(origin + "/");
    await page.waitForFunction(() => window.ready === true, null, { timeout: 60_000 });
    const out = await page.evaluate(inPage, { ids: pages.map((p) => p.id), rounds: ROUNDS, bigRounds: BIG_ROUNDS });
    const file = writeResult("browser.json", {
      browser: `Chromium ${browser.version()}`,
      rounds: ROUNDS,
      bigRounds: BIG_ROUNDS,
      ...out,
      pages: pages.map((p) => ({ id: p.id, bytes: p.bytes.length })),
      big: { id: big.id, bytes: big.bytes.length },
    });
    console.error(`wrote ${file}`);
  } finally {
    await browser.close();
    srv.close();
  }
}

await main();
