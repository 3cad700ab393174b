#!/usr/bin/env bash
# The whole benchmark, one command: unclutter native (criterion) and WebAssembly (Node, headless
# Chromium) against Readability (jsdom, linkedom, DOMParser), Defuddle and html-rewriter-wasm,
# plus size, memory and a profile. Writes BENCHMARKS.md. Does its own set-up: builds the npm
# package if it is missing or older than the sources, installs the peers in benches/js/node_modules
# (dev-dependencies of the benchmark only). About 13 minutes on 2 cores from a fresh clone, builds
# included; CI does not run it.
#
#   bash scripts/bench.sh
#
# BENCH_ROUNDS, BENCH_BIG_ROUNDS, BENCH_WARMUP_PAGES: see benches/js/node.mjs;
# BENCH_BROWSER_ROUNDS: benches/js/browser.mjs.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
start=$(date +%s)
elapsed() { echo "$(( $(date +%s) - start )) s"; }

need_node_tools # playwright-core (root node_modules)
need_browser
need_filter_lists # EasyList for benches/js/lists.mjs
out=target/bench
mkdir -p "$out"
rm -f "$out"/{node,browser,memory,native-pages,lists}.json "$out"/{size,profile,load-end}.txt
cat /proc/loadavg >"$out/load-start.txt"

# The package: rebuilt when missing, stale, or without the passthrough export.
if [ ! -f pkg/web/unclutter_bg.wasm ] || [ ! -f pkg/node/unclutter.cjs ] ||
  ! grep -q 'exports.passthrough' pkg/node/unclutter.cjs ||
  [ -n "$(find src Cargo.toml Cargo.lock -newer pkg/web/unclutter_bg.wasm -print -quit)" ]; then
  bash scripts/build-wasm.sh
fi
# Everything JavaScript measures this copy, so a rebuild of pkg/ meanwhile changes nothing.
rm -rf "$out/pkg"
cp -r pkg "$out/pkg"

# The peers.
(
  cd benches/js
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.bench-lock; then
    say "installing the peers (benches/js)"
    npm install --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.bench-lock
  fi
)

say "native: building the criterion benchmark ($(elapsed))"
# The executable itself is run, so that a change to src/ meanwhile cannot trigger a rebuild.
exe=$(cargo bench --bench native --no-run --quiet --message-format=json |
  node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{for(const l of s.split("\n")){try{const m=JSON.parse(l);if(m.executable&&m.target&&m.target.name==="native")console.log(m.executable)}catch{}}})')
[ -x "$exe" ] || { echo "bench.sh: the native benchmark did not build" >&2; exit 1; }
say "native: measuring ($(elapsed))"
"$exe" --bench --warm-up-time 1 --measurement-time 5 2>&1 | tee "$out/native.txt" | grep -E '^(corpus|big)/.*time:' || true

# A profile of article mode, when perf works here (it samples the same executable).
if command -v perf >/dev/null 2>&1; then
  say "native: profiling article mode with perf ($(elapsed))"
  if perf record -q -F 999 -o "$out/perf.data" -- "$exe" --bench --profile-time 5 '^corpus/article$' >/dev/null 2>"$out/perf.err"; then
    perf report -i "$out/perf.data" --no-children --sort symbol --stdio 2>/dev/null | node benches/js/profile.mjs >"$out/profile.txt" || rm -f "$out/profile.txt"
  else
    say "perf could not record here (see $out/perf.err); no profile"
  fi
fi

say "Node: unclutter wasm and the peers ($(elapsed))"
node --expose-gc --max-old-space-size=8192 benches/js/node.mjs "$out/pkg"
say "Chromium ($(elapsed))"
node benches/js/browser.mjs "$out/pkg"
say "memory ($(elapsed))"
node benches/js/memory.mjs "$out/pkg"
say "filter lists: compiling EasyList, cleaning with it loaded ($(elapsed))"
node --expose-gc benches/js/lists.mjs "$out/pkg"
if [ -f scripts/size.sh ]; then
  say "size: scripts/size.sh ($(elapsed))"
  bash scripts/size.sh --no-build >"$out/size.txt" 2>"$out/size.err" || {
    say "scripts/size.sh failed (see $out/size.err); BENCHMARKS.md has the sizes computed here only"
    rm -f "$out/size.txt"
  }
fi

cat /proc/loadavg >"$out/load-end.txt"
node benches/js/report.mjs "$out/pkg" "$(( $(date +%s) - start ))"
say "BENCHMARKS.md written ($(elapsed))"
