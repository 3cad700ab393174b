// Memory: each case in a fresh Node process (this script runs itself with the case's name), so
// that a peak belongs to that case alone. Results go to target/bench/memory.json.
//
// - `big <contender>`: one run over the 10 MB page. For unclutter, the WebAssembly module's
//   linear memory before and after (it only grows, so after is the peak); for every contender,
//   the process's peak resident set (resourceUsage().maxRSS) before and after.
// - `repeat`: 1,000 article-mode cleans of one page (the corpus page of median size), memory after
//   1, 10, 100, 500 and 1,000.
//
//   node benches/js/memory.mjs [PKG_DIR]
import { execFileSync } from "node:child_process";
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { REPO, realPages, bigPage, writeResult } from "./inputs.mjs";

const SELF = fileURLToPath(import.meta.url);
const REPEATS = 1000;

const rss = () => process.memoryUsage().rss;
const maxRss = () => process.resourceUsage().maxRSS * 1024;

async function bigCase(contender, pkg) {
  const big = bigPage();
  const ours = createRequire(import.meta.url)(path.join(pkg, "node", "unclutter.cjs"));
  let run;
  if (contender.startsWith("unclutter-")) {
    const mode = contender.slice("unclutter-".length);
    run = () => {
      const r = ours.clean(big.bytes, { mode });
      return { html: r.html.length, text: r.text.length, elements: r.stats.elements, removed: r.removed.length };
    };
  } else if (contender === "readability-jsdom") {
    void big.text; // decoded before measuring
    const { JSDOM } = await import("jsdom");
    const { Readability } = await import("@mozilla/readability");
    run = () => new Readability(new JSDOM(big.text).window.document).parse()?.content?.length ?? 0;
  } else if (contender === "readability-linkedom") {
    void big.text; // decoded before measuring
    const { parseHTML } = await import("linkedom");
    const { Readability } = await import("@mozilla/readability");
    run = () => new Readability(parseHTML(big.text).document).parse()?.content?.length ?? 0;
  } else {
    throw new Error(`unknown contender ${contender}`);
  }
  globalThis.gc?.();
  const before = { wasm: ours.wasmMemory().buffer.byteLength, rss: rss(), maxRss: maxRss() };
  const out = run();
  const after = { wasm: ours.wasmMemory().buffer.byteLength, rss: rss(), maxRss: maxRss() };
  // The run's own peak shows only if it went above the set-up's (reading and building the input).
  const peakInRun = after.maxRss > before.maxRss;
  return { case: "big", contender, input: big.bytes.length, output: out, before, after, peakInRun };
}

function repeatCase(pkg) {
  const ours = createRequire(import.meta.url)(path.join(pkg, "node", "unclutter.cjs"));
  const pages = realPages().sort((a, b) => a.bytes.length - b.bytes.length);
  const page = pages[Math.floor(pages.length / 2)];
  const samples = [];
  const start = performance.now();
  const at = new Set([1, 10, 100, 500, REPEATS]);
  for (let i = 1; i <= REPEATS; i++) {
    ours.clean(page.bytes, { mode: "article" });
    if (at.has(i)) {
      globalThis.gc?.();
      samples.push({ after: i, wasm: ours.wasmMemory().buffer.byteLength, rss: rss(), heapUsed: process.memoryUsage().heapUsed });
    }
  }
  return { case: "repeat", page: page.id, input: page.bytes.length, seconds: (performance.now() - start) / 1000, samples, maxRss: maxRss() };
}

const [, , what, arg, pkgArg] = process.argv;
if (what === "big" || what === "repeat") {
  const pkg = pkgArg ?? path.join(REPO, "pkg");
  const r = what === "big" ? await bigCase(arg, pkg) : repeatCase(pkg);
  process.stdout.write(JSON.stringify(r));
} else {
  const pkg = path.resolve(what ?? path.join(REPO, "pkg"));
  const cases = [
    ["big", "unclutter-article"],
    ["big", "unclutter-clean"],
    ["big", "readability-jsdom"],
    ["big", "readability-linkedom"],
    ["repeat", "-"],
  ];
  const results = [];
  for (const [kind, contender] of cases) {
    try {
      const out = execFileSync(process.execPath, ["--expose-gc", "--max-old-space-size=8192", SELF, kind, contender, pkg], {
        cwd: path.dirname(SELF),
        maxBuffer: 1 << 24,
        stdio: ["ignore", "pipe", "inherit"],
      });
      results.push(JSON.parse(out.toString()));
    } catch (e) {
      results.push({ case: kind, contender, error: String(e.message).split("\n")[0] });
    }
    console.error(`memory: ${kind} ${contender} done`);
  }
  console.error(`wrote ${writeResult("memory.json", results)}`);
}
