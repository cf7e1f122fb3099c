#!/usr/bin/env bash
# Installs the named Debian packages if any is missing (needs root or sudo and apt-get).
# Exits 0 without apt when everything is present; exits 0 with a warning when apt is unavailable,
# so callers that have another way (the study downloads Fashion-MNIST itself) can go on.
set -euo pipefail
missing=()
for p in "$@"; do
  dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if ! command -v apt-get >/dev/null 2>&1; then
  echo "warning: apt-get not available; missing packages: ${missing[*]}" >&2
  exit 0
fi
sudo=""
if [ "$(id -u)" != 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
    echo "warning: not root and no sudo; cannot install ${missing[*]}" >&2
    exit 0
  fi
fi
echo "installing Debian packages: ${missing[*]}" >&2
# A failed install is a warning: the study can download Fashion-MNIST itself, and tests that need a
# missing package fail with a message that says what is missing.
if ! { $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
       $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null; }; then
  echo "warning: could not install ${missing[*]}" >&2
fi
