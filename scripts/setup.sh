#!/usr/bin/env bash
# Installs what the project needs on a fresh machine. Idempotent: skips what is already there.
# Sourced by start.sh and test.sh; can be run alone.
set -euo pipefail

say() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

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

need_rust
