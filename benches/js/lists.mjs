// Filter lists in WebAssembly (Node): how long compiling EasyList takes, and what cleaning costs
// with it loaded. Prints both figures and writes target/bench/lists.json (benches/js/report.mjs
// puts them in BENCHMARKS.md).
//
// - Compile: `new Cleaner({ rules: [{ name: "EasyList", text }] })`, the first time in the
//   process (cold: the module's code not yet optimised by V8) and the median of the next
//   LISTS_COMPILE_RUNS (default 7). The built-in rules are compiled before, once.
// - Clean: every real page of the corpus in article mode, with the page's own address (its
//   canonical URL, so the site's rules apply too), by a Cleaner without lists and one with
//   EasyList, interleaved page by page over LISTS_ROUNDS rounds (default 3) after a warm-up
//   round: the ratio of the total times, and the median of the per-page ratios.
//
//   node --expose-gc benches/js/lists.mjs [PKG_DIR]
//
// The lists come from Debian's webext-ublock-origin-chromium package: scripts/setup.sh's
// need_filter_lists fetches it and sets UNCLUTTER_FILTER_LISTS (scripts/bench.sh calls it).
import fs from "node:fs";
import path from "node:path";
import { createRequire } from "node:module";
import { performance } from "node:perf_hooks";
import { REPO, realPages, writeResult } from "./inputs.mjs";

const PKG = path.resolve(process.argv[2] ?? path.join(REPO, "pkg"));
const COMPILE_RUNS = Number(process.env.LISTS_COMPILE_RUNS ?? 7);
const ROUNDS = Number(process.env.LISTS_ROUNDS ?? 3);
const gc = globalThis.gc ?? (() => {});
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};

const dir =
  process.env.UNCLUTTER_FILTER_LISTS ??
  path.join(REPO, "target/filter-lists/root/usr/share/chromium/extensions/ublock-origin/assets");
const easylistFile = path.join(dir, "thirdparties/easylist/easylist.txt");
if (!fs.existsSync(easylistFile)) {
  console.error(`lists.mjs: EasyList is not at ${easylistFile} (scripts/setup.sh's need_filter_lists fetches it)`);
  process.exit(1);
}
const easylist = fs.readFileSync(easylistFile, "utf8");
const lists = [{ name: "EasyList", text: easylist }];
const ours = createRequire(import.meta.url)(path.join(PKG, "node", "unclutter.cjs"));

// The built-in rules first, so that the figures are EasyList's alone.
const plain = new ours.Cleaner({});
const compileMs = [];
let summary = null;
for (let i = 0; i <= COMPILE_RUNS; i++) {
  gc();
  const start = performance.now();
  const c = new ours.Cleaner({ rules: lists });
  compileMs.push(performance.now() - start);
  summary ??= c.ruleLists[0];
  c.free();
}
const withLists = new ours.Cleaner({ rules: lists });

const pages = realPages().map((p) => {
  const url = plain.clean(p.bytes, {}).metadata.canonicalUrl;
  return { id: p.id, bytes: p.bytes, opts: url ? { mode: "article", url } : { mode: "article" } };
});
const perPage = pages.map(() => ({ without: 0, with: 0 }));
let removedByList = 0;
for (let round = 0; round <= ROUNDS; round++) {
  pages.forEach((p, i) => {
    gc();
    // Alternate which goes first, so that neither always runs on a warmer cache.
    const order = (i + round) % 2 ? ["without", "with"] : ["with", "without"];
    for (const which of order) {
      const c = which === "with" ? withLists : plain;
      const start = performance.now();
      const r = c.clean(p.bytes, p.opts);
      const ms = performance.now() - start;
      if (round > 0) perPage[i][which] += ms;
      if (round === 0 && which === "with") removedByList += r.removed.filter((x) => x.reason.kind === "rule" && x.reason.file === "EasyList").length;
    }
  });
}
const total = (k) => perPage.reduce((a, p) => a + p[k], 0);
const ratio = total("with") / total("without");
const result = {
  list: easylistFile,
  summary,
  compile: { coldMs: compileMs[0], medianMs: median(compileMs.slice(1)), runs: compileMs.slice(1) },
  clean: {
    pages: pages.length,
    rounds: ROUNDS,
    withoutMs: total("without"),
    withMs: total("with"),
    ratio,
    medianPageRatio: median(perPage.map((p) => p.with / p.without)),
    removedByEasyList: removedByList,
  },
};
writeResult("lists.json", result);
console.log(
  `EasyList (${summary.rules} cosmetic rules; ${summary.networkSkipped} network filters skipped): compiled in ${result.compile.medianMs.toFixed(1)} ms (median of ${COMPILE_RUNS}; first, cold: ${result.compile.coldMs.toFixed(1)} ms)`,
);
console.log(
  `cleaning ${pages.length} pages with EasyList loaded: ${ratio.toFixed(3)}x the time without (median page ${result.clean.medianPageRatio.toFixed(3)}x; ${total("without").toFixed(0)} ms vs ${total("with").toFixed(0)} ms over ${ROUNDS} rounds; ${removedByList} removals by EasyList)`,
);
