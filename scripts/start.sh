#!/usr/bin/env bash
# The main job: builds the cleaner (the native command, and the npm package with the page in
# www/), cleans a bundled sample page with the command, showing the clean article text and what
# was removed, then serves the page on localhost until Ctrl-C.
#
#   scripts/start.sh [--no-serve] [FILE]
#
# FILE is cleaned instead of the sample. The port is $PORT (default 8080). With --no-serve, or
# when $CI is set (and not "false" or "0"), it builds and cleans but does not serve.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/setup.sh

serve=yes
case "${CI:-}" in
  "" | false | 0) ;;
  *) serve=no ;;
esac
input=""
for arg in "$@"; do
  case "$arg" in
    --no-serve) serve=no ;;
    --serve) serve=yes ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    -*)
      echo "start.sh: unknown option $arg (try --help)" >&2
      exit 2
      ;;
    *)
      [ -z "$input" ] || { echo "start.sh: one FILE at most" >&2; exit 2; }
      input="$arg"
      ;;
  esac
done
input="${input:-examples/sample/moscow-times.html}"

say "building the unclutter command"
cargo build --release --quiet --bin unclutter
mkdir -p target/sample
out="target/sample/$(basename "${input%.*}").clean.html"
say "cleaning $input"
./target/release/unclutter --report "$input" >"$out"
say "clean article text:"
./target/release/unclutter --format text "$input"
say "clean HTML written to $out"

# The page: the npm package (built by scripts/build-wasm.sh when pkg/ is missing or older than
# the sources) copied into www/pkg/.
bash scripts/build-www.sh

port="${PORT:-8080}"
if [ "$serve" = no ]; then
  say "www/ is ready; serve it with: node scripts/serve.mjs --port $port www"
  exit 0
fi
need_node
say "serving the page (Ctrl-C to stop)"
exec node scripts/serve.mjs --port "$port" www
