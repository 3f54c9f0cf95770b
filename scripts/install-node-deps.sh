#!/usr/bin/env bash
# Node packages the test suite drives for real, each folder installed exactly as its package-lock.json pins:
#   tests/argdown/  Argdown's own parser (@argdown/core), which reads back the Argdown export;
#   tests/browser/  axe-core, which the browser tests inject into the map and the report to check accessibility.
# Uses the machine's Node.js and npm, and does nothing for a folder whose pinned tree is already installed.
set -euo pipefail
cd "$(dirname "$0")/../tests"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "install-node-deps: $tool not found (Node.js 20 and npm are needed)" >&2; exit 1; }
done
for folder in argdown browser; do
  # npm records a finished install in node_modules/.package-lock.json: when it has every package of
  # the committed lock at the locked version, the pinned tree is in place.
  if [ -f "$folder/node_modules/.package-lock.json" ] && (cd "$folder" && node -e '
       const fs = require("fs");
       const want = JSON.parse(fs.readFileSync("package-lock.json")).packages;
       const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json")).packages;
       const same = Object.keys(want).every((k) => k === "" || (have[k] && have[k].version === want[k].version));
       process.exit(same ? 0 : 1);'); then
    continue
  fi
  # @argdown/core 1.7.5, not 2.x: 2.x declares Node >= 22.11 and the machines have Node 20. (1.7.5
  # lists its build tools as dependencies, hence ~46 MB; npm ci takes ~8 s.) axe-core is one file.
  (cd "$folder" && npm ci --no-audit --no-fund --loglevel=warn >/dev/null)
done
