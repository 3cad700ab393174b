#!/usr/bin/env bash
# Every test: formatting, lints, unit and doc tests, fixtures (whole and chunked), the XSS
# payloads, robustness. Does its own set-up on a fresh machine.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

say "cargo fmt --check"
cargo fmt --all -- --check
say "cargo clippy"
cargo clippy --all-targets --quiet -- -D warnings
say "cargo test"
cargo test --all-targets --quiet
cargo test --doc --quiet
say "all tests passed"
