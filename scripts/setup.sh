#!/usr/bin/env bash
# Installs what the project needs on a fresh machine. Idempotent: skips what is already there.
# Sourced by the other scripts; each asks only for what it uses.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }


apt_install() {
  # $@: Debian packages. Runs apt-get update once per session.
  local missing=()
  for p in "$@"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  say "installing ${missing[*]} (apt)"
  local sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  if [ -z "${UNCLUTTER_APT_UPDATED:-}" ]; then
    $sudo apt-get update -qq
    export UNCLUTTER_APT_UPDATED=1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
}

need_rust() {
  if ! command -v cargo >/dev/null 2>&1; then
    if [ -x "$HOME/.cargo/bin/cargo" ]; then
      export PATH="$HOME/.cargo/bin:$PATH"
    else
      echo "cargo is not installed: install Rust with rustup (https://rustup.rs) first" >&2
      exit 1
    fi
  fi
  if command -v rustup >/dev/null 2>&1; then
    rustup component list --installed 2>/dev/null | grep -q '^rustfmt' || { say "installing rustfmt"; rustup component add rustfmt; }
    rustup component list --installed 2>/dev/null | grep -q '^clippy' || { say "installing clippy"; rustup component add clippy; }
  fi
}

need_node() {
  command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1 || apt_install nodejs npm
}

# The build and test tools from the npm registry (package.json, package-lock.json): binaryen's
# wasm-opt, TypeScript, Vite, esbuild, playwright-core, miniflare (with workerd's binary, shipped
# in its npm package) and @mozilla/readability (to compare the adapter with). Installed in node_modules/ when the lock changes.
need_node_tools() {
  need_node
  if [ ! -f node_modules/.package-lock.json ] || ! cmp -s package-lock.json node_modules/.unclutter-lock; then
    say "installing the npm tools"
    # `npm ci` trips over this registry set-up (locks without `resolved`), `npm install` follows the lock.
    npm install --no-audit --no-fund --loglevel=error
    cp package-lock.json node_modules/.unclutter-lock
  fi
  export PATH="$PWD/node_modules/.bin:$PATH"
}

need_wasm_tools() {
  need_node
  if ! rustup target list --installed | grep -q '^wasm32-unknown-unknown$'; then
    say "adding the wasm32-unknown-unknown target"
    rustup target add wasm32-unknown-unknown
  fi
  # wasm-bindgen's CLI must be exactly the version in Cargo.lock.
  local want
  want=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
  if [ "$(wasm-bindgen --version 2>/dev/null | awk '{print $2}')" != "$want" ]; then
    say "installing wasm-bindgen-cli $want (a few minutes, once)"
    cargo install --quiet wasm-bindgen-cli --version "$want"
  fi
  need_node_tools
}

# wasm-opt's flags for every module we ship or compare against (scripts/build-wasm.sh, size.sh).
wasm_opt_flags() { echo "-Oz --converge"; }

need_browser() {
  apt_install chromium chromium-driver
  export CHROMIUM=/usr/bin/chromium CHROMEDRIVER=/usr/bin/chromedriver
}

# Real filter lists for the tests and the benchmark: Debian's uBlock Origin package ships EasyList,
# EasyPrivacy and uBlock Origin's own lists (GPL-3 / CC-BY-SA: fetched here, never committed).
# Extracted into target/filter-lists/; exports UNCLUTTER_FILTER_LISTS (the folder holding
# thirdparties/easylist/easylist.txt and ublock/filters.min.txt).
need_filter_lists() {
  local dir="$PWD/target/filter-lists"
  local assets="$dir/root/usr/share/chromium/extensions/ublock-origin/assets"
  if [ ! -f "$assets/thirdparties/easylist/easylist.txt" ]; then
    say "fetching Debian's webext-ublock-origin-chromium (EasyList, uBlock Origin's lists)"
    command -v apt-get >/dev/null 2>&1 || { echo "need_filter_lists: apt-get is needed to fetch the filter lists" >&2; exit 1; }
    rm -rf "$dir" && mkdir -p "$dir"
    # `apt-get download` needs the package index; update it once if the package is unknown.
    if ! apt-cache show webext-ublock-origin-chromium >/dev/null 2>&1 && [ -z "${UNCLUTTER_APT_UPDATED:-}" ]; then
      local sudo=""
      [ "$(id -u)" -ne 0 ] && sudo="sudo"
      $sudo apt-get update -qq
      export UNCLUTTER_APT_UPDATED=1
    fi
    (cd "$dir" && apt-get download -qq webext-ublock-origin-chromium 2>/dev/null)
    dpkg -x "$dir"/webext-ublock-origin-chromium_*.deb "$dir/root"
    rm -f "$dir"/*.deb
  fi
  export UNCLUTTER_FILTER_LISTS="$assets"
}

need_rust
