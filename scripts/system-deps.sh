#!/usr/bin/env bash
# Installs the Debian packages the app and its tests need, only when missing.
#   --runtime  what the app itself needs to serve and render PDFs (WeasyPrint's Pango, fonts for
#              Chinese and Tamil company names): `make run`.
#   (default)  also the test and benchmark tools: poppler/qpdf for PDF checks, Chromium for browser
#              tests, npm (axe-core), nginx (the production front the load bench and the
#              slow-connection test run through) and redis-server (fault tests run their own).
set -euo pipefail
runtime=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 shared-mime-info fonts-dejavu-core
         fonts-noto-core fonts-noto-cjk)
tools=(poppler-utils qpdf chromium nginx redis-server npm)
pkgs=("${runtime[@]}")
[ "${1:-}" = "--runtime" ] || pkgs+=("${tools[@]}")
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
# npm may come from elsewhere (nodesource, nvm): any npm on PATH will do.
if command -v npm >/dev/null 2>&1; then
  kept=(); for p in "${missing[@]}"; do [ "$p" = npm ] || kept+=("$p"); done; missing=("${kept[@]}")
fi
# nginx: any flavour (nginx, nginx-light, nginx-full) provides the binary.
if command -v nginx >/dev/null 2>&1 || [ -x /usr/sbin/nginx ]; then
  kept=(); for p in "${missing[@]}"; do [ "$p" = nginx ] || kept+=("$p"); done; missing=("${kept[@]}")
fi
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${missing[*]}. Install them with: sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
echo "Installing Debian packages: ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
