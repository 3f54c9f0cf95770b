#!/usr/bin/env bash
# Debian packages the test suite drives for real: a headless browser, an independent RDF parser
# and a SPARQL server. Needs root (CI runs as root); skips what is already installed.
set -euo pipefail
packages=(chromium raptor2-utils virtuoso-opensource-7-bin)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -q
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
fi
