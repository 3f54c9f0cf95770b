#!/bin/sh
# Build the map, then write build/embed-example.html: docs/embed-example.html with the map's
# fragment pasted in place of its placeholder (the iframe next to it loads build/argmap.html).
set -eu
cd "$(dirname "$0")/.."
argmap="${ARGMAP:-argmap}"
$argmap build
$argmap html --fragment --title "Japan–Russia relations: the argument map" --out build/argmap-fragment.html
python3 - <<'PY'
from pathlib import Path
page = Path("docs/embed-example.html").read_text(encoding="utf-8")
fragment = Path("build/argmap-fragment.html").read_text(encoding="utf-8")
marker = "<!-- ARGMAP FRAGMENT: paste the output of `argmap html --fragment` here -->"
assert marker in page, "placeholder missing from docs/embed-example.html"
Path("build/embed-example.html").write_text(page.replace(marker, fragment), encoding="utf-8")
print("wrote build/embed-example.html")
PY
