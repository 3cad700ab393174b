#!/usr/bin/env bash
# Size report: the npm package's WebAssembly module and its JavaScript glue, against a bare
# lol_html passthrough module (tools/bare-lol-html) built with the same profile, the same
# wasm-bindgen and the same wasm-opt flags. Prints raw, gzip (-9) and brotli (q11) sizes and the
# ratios. `scripts/size.sh --no-build` measures the pkg/ that is already there.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
need_wasm_tools

if [ "${1:-}" != "--no-build" ] || [ ! -f pkg/web/unclutter_bg.wasm ]; then
  bash scripts/build-wasm.sh
fi

say "building the bare lol_html passthrough with the same profile"
bare=target/size/bare
rm -rf "$bare"
mkdir -p "$bare"
# Same versions of lol_html and wasm-bindgen as the package (pinned in its Cargo.toml), and the
# package's [profile.wasm] settings, passed through the environment so the two cannot drift.
profile_value() { awk -v key="$1" '/^\[profile\.wasm\]/ { on = 1; next } /^\[/ { on = 0 } on && $1 == key { gsub(/"/, "", $3); print $3 }' Cargo.toml; }
export CARGO_PROFILE_WASM_OPT_LEVEL="$(profile_value opt-level)"
export CARGO_PROFILE_WASM_PANIC="$(profile_value panic)"
(cd tools/bare-lol-html && cargo build --quiet --profile wasm --target wasm32-unknown-unknown \
  --target-dir ../../target/size/cargo)
wasm-bindgen --target web --out-dir "$bare" --out-name bare \
  target/size/cargo/wasm32-unknown-unknown/wasm/bare_lol_html.wasm
wasm-opt $(wasm_opt_flags) "$bare/bare_bg.wasm" -o "$bare/bare_bg.opt.wasm"
mv "$bare/bare_bg.opt.wasm" "$bare/bare_bg.wasm"

node scripts/size-report.mjs pkg/web/unclutter_bg.wasm pkg/web/unclutter.js "$bare/bare_bg.wasm" "$bare/bare.js"
