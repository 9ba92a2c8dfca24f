#!/usr/bin/env bash
# Renders an HTML page with headless Chromium (Debian's `chromium`, tools/install-deps.sh) to a
# PNG, for the docs' screenshots of `--format html`:
#   tools/screenshot.sh PAGE.html OUT.png [WIDTH,HEIGHT]
# Prints "OUT.png: WIDTHxHEIGHT" on success; Chromium's own chatter goes to /dev/null.
set -euo pipefail
page=$(realpath "$1")
out=$2
size=${3:-1000,1500}
sandbox=()
if [ "$(id -u)" = 0 ]; then sandbox=(--no-sandbox); fi  # Chromium refuses root otherwise
profile=$(mktemp -d)
trap 'rm -rf "$profile"' EXIT
chromium --headless "${sandbox[@]}" --disable-gpu --hide-scrollbars --no-first-run \
  --user-data-dir="$profile" --window-size="$size" --screenshot="$out" "file://$page" \
  >/dev/null 2>&1
test -s "$out"
echo "$out: ${size/,/x}"
