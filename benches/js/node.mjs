// The Node side of the benchmark, in one process: unclutter's WebAssembly build (article mode,
// clean mode, the analysis pass alone, and its lol_html passthrough, the floor) against
// Readability on jsdom and on linkedom, Defuddle on linkedom and on jsdom, and html-rewriter-wasm
// passing the page through. Same inputs for all (inputs.mjs); after a warm-up round, rounds are
// interleaved: every page goes through every contender in turn (the order rotating from page to
// page and round to round) before the next page, with a full garbage collection before each page's
// turn. Defuddle is slow (on jsdom, seconds a page): one measured round on linkedom, and on jsdom
// one run on every 8th page.
// Raw times go to target/bench/node.json; benches/js/report.mjs makes the tables.
//
//   node --expose-gc --max-old-space-size=8192 benches/js/node.mjs [PKG_DIR]
//
// BENCH_ROUNDS (default 3) and BENCH_BIG_ROUNDS (default 3) set the measured rounds,
// BENCH_WARMUP_PAGES (default 10) how many pages warm every contender up first.
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { REPO, realPages, bigPage, writeResult } from "./inputs.mjs";

const require = createRequire(import.meta.url);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const BIG_ROUNDS = Number(process.env.BENCH_BIG_ROUNDS ?? 3);
const WARMUP_PAGES = Number(process.env.BENCH_WARMUP_PAGES ?? 10);
// A contender whose warm-up on the big page takes longer than this gets one measured run there.
const SLOW_MS = Number(process.env.BENCH_SLOW_MS ?? 5_000);
const URL_BASE = "https://example.com/";
const gc = globalThis.gc ?? (() => {});
// jsdom frees a closed window's memory only once the event loop turns: without this between pages
// the process grows by megabytes a page and everything slows down.
const settle = () => new Promise((resolve) => setImmediate(resolve));

// unclutter, as the npm package has it (PKG_DIR, default pkg/); passthrough is exported by the
// module but not declared in its types.
const PKG = path.resolve(process.argv[2] ?? path.join(REPO, "pkg"));
const ours = require(path.join(PKG, "node", "unclutter.cjs"));

function version(name) {
  try {
    return JSON.parse(fs.readFileSync(new URL(`./node_modules/${name}/package.json`, import.meta.url), "utf8")).version;
  } catch {
    return null;
  }
}

/**
 * A contender: `run(page)` returns { total } or { parse, extract } in ms (and the output's length
 * in `out`, to show it did its work). `setup()` may throw: the contender is then reported as not
 * able to run, with the reason.
 */
let PAGE_BYTES = [];
const contenders = [
  {
    name: "unclutter-article",
    label: "unclutter wasm, article mode",
    run: (p) => timed(() => ours.clean(p.bytes, { mode: "article" }).html.length),
  },
  {
    name: "unclutter-clean",
    label: "unclutter wasm, clean mode",
    run: (p) => timed(() => ours.clean(p.bytes, { mode: "clean" }).html.length),
  },
  {
    name: "unclutter-analysis",
    label: "unclutter wasm, analysis pass alone (`isProbablyReaderable`)",
    run: (p) => timed(() => (ours.isProbablyReaderable(p.bytes) ? 1 : 0)),
  },
  {
    name: "unclutter-passthrough",
    label: "unclutter wasm, lol_html passthrough (the floor)",
    setup() {
      if (typeof ours.passthrough !== "function") throw new Error("pkg/ has no passthrough export (rebuild with scripts/build-wasm.sh)");
    },
    run: (p) => timed(() => ours.passthrough(p.bytes).length),
  },
  {
    name: "readability-jsdom",
    label: "Readability on jsdom",
    async setup() {
      ({ JSDOM: this.JSDOM, VirtualConsole: this.VirtualConsole } = await import("jsdom"));
      this.Readability = (await import("@mozilla/readability")).Readability;
    },
    run(p) {
      return twoStep(
        () => new this.JSDOM(p.text, { url: URL_BASE + p.id, virtualConsole: new this.VirtualConsole() }),
        (dom) => new this.Readability(dom.window.document).parse()?.content?.length ?? 0,
        (dom) => dom.window.close(),
      );
    },
  },
  {
    name: "readability-linkedom",
    label: "Readability on linkedom",
    async setup() {
      this.parseHTML = (await import("linkedom")).parseHTML;
      this.Readability = (await import("@mozilla/readability")).Readability;
    },
    run(p) {
      return twoStep(
        () => this.parseHTML(p.text).document,
        (doc) => new this.Readability(doc).parse()?.content?.length ?? 0,
      );
    },
  },
  {
    // Ten times slower than Readability on linkedom, so one measured round keeps the run short.
    name: "defuddle-linkedom",
    label: "Defuddle on linkedom",
    rounds: 1,
    async setup() {
      this.parseHTML = (await import("linkedom")).parseHTML;
      this.Defuddle = (await import("defuddle/node")).DefuddleClass;
    },
    run(p) {
      return twoStep(
        () => this.parseHTML(p.text).document,
        (doc) => quiet(() => new this.Defuddle(doc, { url: URL_BASE + p.id, useAsync: false }).parse().content?.length ?? 0),
      );
    },
  },
  {
    // Defuddle asks jsdom for computed styles, which jsdom computes slowly: seconds per page. It
    // runs once on every 8th page, and not on the big page.
    name: "defuddle-jsdom",
    label: "Defuddle on jsdom",
    every: 8,
    rounds: 1,
    skipBig(big) {
      const t = this.result.corpus.times.total;
      let ms = 0;
      let bytes = 0;
      t.forEach((runs, i) => {
        if (runs.length) {
          ms += runs[0];
          bytes += PAGE_BYTES[i];
        }
      });
      return bytes ? `not run: at its corpus rate (${((bytes / 1e6) / (ms / 1000)).toFixed(2)} MB/s) the 10 MB page would take about ${Math.round((big.bytes.length / bytes) * ms / 1000)} s` : "not run";
    },
    async setup() {
      ({ JSDOM: this.JSDOM, VirtualConsole: this.VirtualConsole } = await import("jsdom"));
      this.Defuddle = (await import("defuddle/node")).DefuddleClass;
    },
    run(p) {
      return twoStep(
        () => new this.JSDOM(p.text, { url: URL_BASE + p.id, virtualConsole: new this.VirtualConsole() }),
        (dom) => quiet(() => new this.Defuddle(dom.window.document, { url: URL_BASE + p.id, useAsync: false }).parse().content?.length ?? 0),
        (dom) => dom.window.close(),
      );
    },
  },
  {
    name: "html-rewriter-wasm",
    label: "html-rewriter-wasm, passthrough",
    async setup() {
      this.HTMLRewriter = require("html-rewriter-wasm").HTMLRewriter;
    },
    async run(p) {
      const start = performance.now();
      const chunks = [];
      const rw = new this.HTMLRewriter((c) => chunks.push(c.slice()));
      try {
        await rw.write(p.bytes);
        await rw.end();
      } finally {
        rw.free();
      }
      const out = Buffer.concat(chunks).length;
      return { total: performance.now() - start, out };
    },
  },
];

/** Runs `f` with console.error and console.log silenced (Defuddle logs the page errors it survives). */
function quiet(f) {
  const { error, log, warn } = console;
  console.error = console.log = console.warn = () => {};
  try {
    return f();
  } finally {
    Object.assign(console, { error, log, warn });
  }
}

function timed(f) {
  const start = performance.now();
  const out = f();
  return { total: performance.now() - start, out };
}

function twoStep(parse, extract, dispose) {
  const t0 = performance.now();
  const doc = parse();
  const t1 = performance.now();
  const out = extract(doc);
  const t2 = performance.now();
  dispose?.(doc);
  return { parse: t1 - t0, extract: t2 - t1, total: t2 - t0, out };
}

/** Runs one contender on one page; records times or the failure. */
async function runOne(c, where, i, page, record) {
  try {
    const r = await c.run(page);
    if (record) {
      for (const k of ["total", "parse", "extract"]) if (r[k] !== undefined && where.times[k]) where.times[k][i].push(r[k]);
      where.out[i] = r.out;
    }
    return r.total;
  } catch (e) {
    where.failures[i] = String(e && e.message ? e.message : e).split("\n")[0].slice(0, 200);
    return null;
  }
}

function slots(n, parts) {
  const times = {};
  for (const k of parts) times[k] = Array.from({ length: n }, () => []);
  return { times, out: new Array(n).fill(null), failures: {} };
}

async function main() {
  const pages = realPages();
  PAGE_BYTES = pages.map((p) => p.bytes.length);
  const big = bigPage(pages);
  const live = [];
  const results = [];
  for (const c of contenders) {
    const r = { name: c.name, label: c.label, error: null, every: c.every ?? 1, rounds: c.rounds ?? ROUNDS, bigSkipped: null };
    try {
      await c.setup?.();
      live.push(c);
    } catch (e) {
      r.error = String(e && e.message ? e.message : e);
      console.error(`${c.name} cannot run: ${r.error}`);
    }
    const parts = c.name.includes("jsdom") || c.name.includes("linkedom") ? ["total", "parse", "extract"] : ["total"];
    r.corpus = slots(pages.length, parts);
    r.big = slots(1, parts);
    c.result = r;
    results.push(r);
  }

  const t0 = performance.now();
  const elapsed = () => `${((performance.now() - t0) / 1000).toFixed(0)} s`;
  // Warm-up: the first WARMUP_PAGES pages through every contender, not recorded.
  for (let i = 0; i < Math.min(WARMUP_PAGES, pages.length); i++) {
    for (const c of live) if (i % c.result.every === 0) await runOne(c, c.result.corpus, i, pages[i], false);
    await settle();
  }
  console.error(`warm-up done, ${elapsed()}`);
  // Measured rounds, interleaved.
  for (let round = 0; round < ROUNDS; round++) {
    for (let i = 0; i < pages.length; i++) {
      await settle();
      gc();
      for (let k = 0; k < live.length; k++) {
        const c = live[(k + i + round) % live.length];
        if (i % c.result.every !== 0 || round >= c.result.rounds) continue;
        await runOne(c, c.result.corpus, i, pages[i], true);
      }
    }
    console.error(`corpus round ${round + 1} of ${ROUNDS} done, ${elapsed()}`);
  }

  // The big page: the code is warm from the corpus; interleaved rounds, and one run only for a
  // contender whose first run took longer than SLOW_MS. A contender too slow on the corpus to
  // finish the big page in reasonable time is not run on it, and the report says why.
  const first = new Map();
  for (let round = 0; round < BIG_ROUNDS; round++) {
    for (let k = 0; k < live.length; k++) {
      const c = live[(k + round) % live.length];
      if (c.skipBig) {
        c.result.bigSkipped = c.skipBig(big);
        continue;
      }
      if (c.result.big.failures[0] !== undefined || first.get(c) > SLOW_MS) continue;
      await settle();
      gc();
      const ms = await runOne(c, c.result.big, 0, big, true);
      if (round === 0) {
        first.set(c, ms ?? Infinity);
        console.error(`big page, ${c.name}: ${ms === null ? "failed" : `${(ms / 1000).toFixed(2)} s`}, ${elapsed()}`);
      }
    }
  }
  console.error(`big page done, ${elapsed()} in all`);

  const file = writeResult("node.json", {
    node: process.version,
    v8: process.versions.v8,
    rounds: ROUNDS,
    warmupPages: WARMUP_PAGES,
    bigRounds: BIG_ROUNDS,
    slowMs: SLOW_MS,
    seconds: (performance.now() - t0) / 1000,
    versions: Object.fromEntries(["@mozilla/readability", "jsdom", "linkedom", "defuddle", "html-rewriter-wasm"].map((n) => [n, version(n)])),
    pages: pages.map((p) => ({ id: p.id, bytes: p.bytes.length })),
    big: { id: big.id, bytes: big.bytes.length, source: big.source, copies: big.copies },
    results,
  });
  console.error(`wrote ${file}`);
}

await main();
