#!/usr/bin/env bash
# Fuzzes the cleaner: runs each target in fuzz/ (clean, plaintext, rules) for SECONDS (default
# 600), FUZZ_JOBS at a time (default 2), and prints each target's result and figures.
#
#   scripts/fuzz.sh [SECONDS] [TARGET...]
#
# Needs the nightly toolchain and cargo-fuzz (installed here if missing). Corpora are seeded on
# first use, under fuzz/corpus/ (not committed): the development corpus
# (../shared/corpora/readability-test-pages, or $UNCLUTTER_CORPUS), the fixtures, DOMPurify's
# payloads and the rule lists. Crashes land in fuzz/artifacts/<target>/; turn each into a
# fixture or test, fix it, and reproduce with `cargo +nightly fuzz run -s none <target> <file>`.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

seconds=${1:-600}
shift || true
targets=("$@")
[ ${#targets[@]} -eq 0 ] && targets=(clean plaintext rules)
jobs=${FUZZ_JOBS:-2}
# The crate forbids unsafe code, so AddressSanitizer (a tenth of the speed) is opt-in:
# FUZZ_SANITIZER=address. Debug assertions and overflow checks are always on.
sanitizer=${FUZZ_SANITIZER:-none}

if ! rustup toolchain list | grep -q '^nightly'; then
  say "installing the nightly toolchain"
  rustup toolchain install nightly --profile minimal
fi
if ! cargo +nightly fuzz --version >/dev/null 2>&1; then
  say "installing cargo-fuzz"
  cargo install --locked cargo-fuzz
fi
need_node

corpus_dir() {
  local c
  for c in "${UNCLUTTER_CORPUS:-}" ../shared/corpora/readability-test-pages /work/shared/corpora/readability-test-pages; do
    [ -n "$c" ] && [ -f "$c/index.json" ] && { echo "$c"; return; }
  done
  echo "the development corpus is missing; set UNCLUTTER_CORPUS" >&2
  exit 1
}

# Writes each DOMPurify payload to "$1/xss-N" with the byte "$2" (a number) in front.
payload_seeds() {
  node -e '
    const fs = require("fs");
    const [dir, prefix] = process.argv.slice(1);
    const list = JSON.parse(fs.readFileSync("tests/data/xss/dompurify-vectors.json", "utf8"));
    list.forEach((p, i) => fs.writeFileSync(`${dir}/xss-${i}`, Buffer.concat([Buffer.from([Number(prefix)]), Buffer.from(p.payload)])));
  ' "$1" "$2"
}

seed() {
  local target=$1 dir=fuzz/corpus/$1 pages n=0 f
  if [ -d "$dir" ] && [ -n "$(ls -A "$dir")" ]; then
    return
  fi
  mkdir -p "$dir"
  pages=$(corpus_dir)/pages
  case $target in
    clean)
      # First byte: 0 = article mode; 1 = clean mode; 13 = clean mode, URL, fed in 1-byte chunks.
      for f in "$pages"/*/source.html; do
        n=$((n + 1))
        { printf '\000'; cat "$f"; } > "$dir/page-$n-article"
        { printf '\001'; cat "$f"; } > "$dir/page-$n-clean"
      done
      for f in tests/fixtures/*/source.html; do
        n=$((n + 1))
        { printf '\015'; cat "$f"; } > "$dir/fixture-$n"
      done
      payload_seeds "$dir" 1
      ;;
    plaintext)
      for f in ../shared/seeds/*.txt /work/shared/seeds/*.txt tests/fixtures/*/source.txt; do
        [ -f "$f" ] || continue
        n=$((n + 1))
        { printf '\000'; cat "$f"; } > "$dir/paste-$n"
      done
      payload_seeds "$dir" 0
      ;;
    rules)
      # Rule text, a 0xFF byte, a page.
      local page=tests/fixtures/wordpress-all-categories/source.html
      for f in src/rules/lists/*.txt; do
        n=$((n + 1))
        { cat "$f"; printf '\377'; cat "$page"; } > "$dir/list-$n"
      done
      for f in tests/fixtures/rules-*/options.txt; do
        n=$((n + 1))
        { sed -n 's/^rules: //p' "$f"; printf '\377'; cat "${f%options.txt}source.html"; } > "$dir/fixture-$n"
      done
      local r
      for r in '##*' '##div div div div div span' '##body > div > p:nth-child(2n+1)' \
        '##:not(.a):not([b])' '##[data-x^="y" i], #c' 'example.com,~a.example.com##.x' \
        'example.com#@#.x' '! category: social\n##.share'; do
        n=$((n + 1))
        { printf "$r"; printf '\377'; cat "$page"; } > "$dir/rule-$n"
      done
      ;;
  esac
  say "seeded fuzz/corpus/$target ($(ls "$dir" | wc -l) inputs)"
}

say "building the fuzz targets"
(cd fuzz && cargo +nightly fuzz build -s "$sanitizer")
for t in "${targets[@]}"; do seed "$t"; done

mkdir -p target/fuzz-logs
# -timeout: the checker, not the cleaner, sets it. On deep nesting html5ever (the browser-conformant
# parser that judges each output, about eight parses per input) walks the open-element stack at
# every start tag, quadratic in the depth; a 55 KB page of 5,308 nested divs took 8 s in the
# instrumented build, over 99% of it in html5ever's tree builder, while the cleaner takes 12 ms
# natively. At -max_len=65536 the deepest page is about 2.5 times deeper, so 60 s leaves room;
# a timeout still means a slow input worth a look (`perf record` the target on it).
run_target() {
  local t=$1 log=target/fuzz-logs/$1.log
  (cd fuzz && cargo +nightly fuzz run -s "$sanitizer" "$t" "corpus/$t" -- \
    -max_total_time="$seconds" -timeout=60 -max_len=65536 -rss_limit_mb=2048 \
    -print_final_stats=1) > "$log" 2>&1
}

say "fuzzing ${targets[*]} for ${seconds} s each, ${jobs} at a time (logs in target/fuzz-logs/)"
declare -A status
pids=()
names=()
for t in "${targets[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do sleep 1; done
  run_target "$t" &
  pids+=($!)
  names+=("$t")
done
failed=0
for i in "${!pids[@]}"; do
  if wait "${pids[$i]}"; then status[${names[$i]}]=ok; else status[${names[$i]}]=FAILED; failed=1; fi
done

for t in "${targets[@]}"; do
  log=target/fuzz-logs/$t.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  secs=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  cov=$(grep -oE 'cov: [0-9]+' "$log" | tail -1)
  printf '%-10s %-6s %s runs, %s/s, %s, corpus %s files\n' "$t" "${status[$t]}" "${runs:-?}" "${secs:-?}" "${cov:-cov: ?}" "$(ls "fuzz/corpus/$t" | wc -l)"
  if [ "${status[$t]}" != ok ]; then
    grep -E 'panicked|ERROR|SUMMARY|Test unit written' "$log" | head -20 || true
  fi
done
exit $failed
