#!/usr/bin/env bash
# What `make test` needs from the system besides Python: Debian's Chromium (the browser tests and the guide's
# PDF), Node.js with npm (the workflow linter) and LibreOffice Calc (workbooks saved by LibreOffice itself). Missing ones are installed with apt-get when this user may
# (root, or sudo without a password); otherwise this stops at once with the command to run.
set -euo pipefail

missing=()
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  missing+=(nodejs npm)
fi
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc-nogui)
[ ${#missing[@]} -eq 0 ] && exit 0

command="apt-get install -y --no-install-recommends ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
  sudo=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
  sudo="sudo "
else
  echo "make test membutuhkan ${missing[*]} (needs ${missing[*]}); pasang dulu (install first):" >&2
  echo "  sudo apt-get update && sudo $command" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "make test membutuhkan ${missing[*]} (needs ${missing[*]}); pasang dengan pengelola paket sistem ini" >&2
  exit 1
fi
echo "memasang (installing) ${missing[*]} ..." >&2
export DEBIAN_FRONTEND=noninteractive
${sudo}apt-get update -qq
${sudo}$command -qq >/dev/null
