#!/usr/bin/env bash
# Builds the npm package `unclutter` into pkg/: the WebAssembly module (size profile, wasm-opt),
# an ES module for browsers and bundlers, a CommonJS module and an ES wrapper for Node, exact
# TypeScript types, README and licences. Does its own set-up (see scripts/setup.sh).
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
need_wasm_tools

out=pkg
target=target/wasm32-unknown-unknown/wasm/unclutter.wasm
say "building the WebAssembly module"
cargo build --quiet --profile wasm --target wasm32-unknown-unknown --no-default-features --lib
rm -rf "$out"
mkdir -p "$out/web" "$out/node"
say "generating the JavaScript bindings"
wasm-bindgen --target web --out-dir "$out/web" --out-name unclutter "$target"
wasm-bindgen --target nodejs --out-dir "$out/node" --out-name unclutter "$target"
say "optimising with wasm-opt"
for dir in web node; do
  wasm-opt $(wasm_opt_flags) "$out/$dir/unclutter_bg.wasm" -o "$out/$dir/unclutter_bg.opt.wasm"
  mv "$out/$dir/unclutter_bg.opt.wasm" "$out/$dir/unclutter_bg.wasm"
done
say "assembling the package"
node npm/assemble.mjs "$out"
say "package ready in $out/ ($(du -sh "$out" | cut -f1))"
