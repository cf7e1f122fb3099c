#!/usr/bin/env bash
# Builds the text study's task (Debian package descriptions by archive section) into DIR:
# fetches the English descriptions' index once (apt-get update with the Translation-en lists, needs root or sudo),
# then runs debian-descriptions.py over the apt lists. Usage: scripts/debian-text-task.sh DIR
set -euo pipefail
out="${1:?usage: debian-text-task.sh DIR}"
here="$(cd "$(dirname "$0")" && pwd)"
if ! ls /var/lib/apt/lists/*_main_i18n_Translation-en* >/dev/null 2>&1; then
  sudo=""
  [ "$(id -u)" != 0 ] && sudo="sudo"
  echo "fetching Debian's package lists with English descriptions (apt-get update -o Acquire::Languages=en)" >&2
  $sudo apt-get update -qq -o Acquire::Languages=en
fi
python3 "$here/debian-descriptions.py" "$out"
