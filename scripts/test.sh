#!/usr/bin/env bash
# Every test, from a fresh machine (does its own set-up):
#   Rust      formatting, lints (native and wasm32), unit and doc tests, fixtures (whole and
#             chunked), XSS payloads, robustness, properties and limits
#   wasm      wasm-bindgen-test suites in Node and in headless Chromium
#   npm       the package built, then node --test tests/js/: consumer (Node ESM/CJS, Vite in
#             Chromium, TypeScript, streams, a Worker in workerd via miniflare, the Readability
#             adapter), wasm == native on the corpus, memory over 1,000 cleans,
#             wasm memory on hostile pages within 8 x the input + 64 MiB (limits),
#             the page in www/ end to end, mXSS re-parse in Chromium
#   lists     EasyList and uBlock Origin's lists (Debian's package, fetched by setup.sh) loaded
#             by the crate (tests/filter_lists.rs), the npm package and the page
#   size      the size report against a bare lol_html module (printed, not asserted)
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh
need_wasm_tools
need_browser
need_filter_lists
# The tests that read real filter lists fail, rather than skip, when they are missing.
export UNCLUTTER_REQUIRE_FILTER_LISTS=1

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy (native, then wasm32)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --quiet --target wasm32-unknown-unknown --no-default-features --lib --test wasm -- -D warnings

say "cargo test"
cargo test --all-targets --quiet
cargo test --doc --quiet

# wasm-bindgen-test's runner rejects cargo's --quiet.
say "wasm-bindgen tests in Node"
cargo test --target wasm32-unknown-unknown --no-default-features --test wasm
say "wasm-bindgen tests in headless Chromium"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --no-default-features --test wasm

say "building the npm package, the page and the native CLI"
bash scripts/build-wasm.sh
bash scripts/build-www.sh --no-build
cargo build --release --quiet --bin unclutter

say "JavaScript tests (node --test tests/js/)"
mkdir -p target/artifacts
node --test --test-concurrency=1 tests/js/*.test.mjs

say "size report"
bash scripts/size.sh --no-build

say "all tests passed"
