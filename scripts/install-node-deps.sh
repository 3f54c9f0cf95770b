#!/usr/bin/env bash
# Node packages the test suite drives for real: Argdown's own parser (@argdown/core), which reads
# back the Argdown export (tests/argdown/). Uses the machine's Node.js and npm; installs exactly
# what tests/argdown/package-lock.json pins, and does nothing when that is already installed.
set -euo pipefail
cd "$(dirname "$0")/../tests/argdown"
for tool in node npm; do
  command -v "$tool" >/dev/null || { echo "install-node-deps: $tool not found (Node.js 20 and npm are needed)" >&2; exit 1; }
done
# npm records a finished install in node_modules/.package-lock.json: when it has every package of
# the committed lock at the locked version, the pinned tree is in place.
if [ -f node_modules/.package-lock.json ] && node -e '
     const fs = require("fs");
     const want = JSON.parse(fs.readFileSync("package-lock.json")).packages;
     const have = JSON.parse(fs.readFileSync("node_modules/.package-lock.json")).packages;
     const same = Object.keys(want).every((k) => k === "" || (have[k] && have[k].version === want[k].version));
     process.exit(same ? 0 : 1);'; then
  exit 0
fi
# @argdown/core 1.7.5, not 2.x: 2.x declares Node >= 22.11 and the machines have Node 20. (1.7.5
# lists its build tools as dependencies, hence ~46 MB; npm ci takes ~8 s.)
npm ci --no-audit --no-fund --loglevel=warn >/dev/null
