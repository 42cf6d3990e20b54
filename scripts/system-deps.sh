#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need (WeasyPrint's Pango, fonts for Chinese and
# Tamil company names, poppler/qpdf for PDF checks, Chromium for browser tests), only when missing.
set -euo pipefail
pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 shared-mime-info fonts-dejavu-core
      fonts-noto-core fonts-noto-cjk poppler-utils qpdf chromium)
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm fetches axe-core (into .cache/npm) for the browser tests' accessibility checks.
command -v npm >/dev/null 2>&1 || missing+=(npm)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
