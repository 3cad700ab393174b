#!/usr/bin/env bash
# The main job: builds the native cleaner and cleans a bundled sample page, showing the clean
# article text and what was removed. `scripts/start.sh FILE` cleans FILE instead.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

input="${1:-examples/sample/moscow-times.html}"
say "building the unclutter command"
cargo build --release --quiet --bin unclutter
mkdir -p target/sample
out="target/sample/$(basename "${input%.*}").clean.html"
say "cleaning $input"
./target/release/unclutter --report "$input" >"$out"
say "clean article text:"
./target/release/unclutter --format text "$input"
say "clean HTML written to $out"
