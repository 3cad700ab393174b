#!/usr/bin/env bash
# Makes www/ ready to serve: copies the browser build of the npm package (pkg/web: unclutter.js and
# unclutter_bg.wasm) into www/pkg/, which the page's worker imports. Builds the package first with
# scripts/build-wasm.sh when pkg/ is missing or older than the sources it is built from; cheap
# when pkg/ is fresh.
#
#   scripts/build-www.sh             build the package if needed, then copy
#   scripts/build-www.sh --build     always build the package first
#   scripts/build-www.sh --no-build  never build (fails if pkg/web is missing)
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

build=auto
for arg in "$@"; do
  case "$arg" in
    --build) build=yes ;;
    --no-build) build=no ;;
    -h | --help)
      awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"
      exit 0
      ;;
    *)
      echo "build-www.sh: unknown argument $arg (try --help)" >&2
      exit 2
      ;;
  esac
done

files=(unclutter.js unclutter_bg.wasm)

# Why pkg/web needs a build, or nothing when it is up to date: the wasm is written last by
# build-wasm.sh (after wasm-opt), so anything it is made from that is newer makes it stale.
why_stale() {
  local f
  for f in "${files[@]}"; do
    [ -f "pkg/web/$f" ] || { echo "pkg/web/$f is missing"; return; }
  done
  local newer
  newer=$(find src npm Cargo.toml Cargo.lock scripts/build-wasm.sh -type f -newer pkg/web/unclutter_bg.wasm -print -quit 2>/dev/null || true)
  [ -z "$newer" ] || echo "$newer is newer than pkg/web/unclutter_bg.wasm"
}

reason=""
case "$build" in
  yes) reason="--build" ;;
  auto) reason=$(why_stale) ;;
  no)
    for f in "${files[@]}"; do
      [ -f "pkg/web/$f" ] || { echo "build-www.sh: pkg/web/$f is missing; run scripts/build-wasm.sh (or drop --no-build)" >&2; exit 1; }
    done
    ;;
esac
if [ -n "$reason" ]; then
  say "building the package ($reason)"
  bash scripts/build-wasm.sh
fi

mkdir -p www/pkg
copied=0
for f in "${files[@]}"; do
  if ! cmp -s "pkg/web/$f" "www/pkg/$f"; then
    # Copy then rename, so a server never hands out half a file.
    cp "pkg/web/$f" "www/pkg/.$f.tmp"
    mv -f "www/pkg/.$f.tmp" "www/pkg/$f"
    copied=$((copied + 1))
  fi
done
if [ "$copied" -gt 0 ]; then
  say "www/pkg updated ($copied file(s) from pkg/web)"
else
  say "www/pkg is up to date"
fi
