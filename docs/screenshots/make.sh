#!/usr/bin/env bash
# Refresh docs/screenshots/: headless-Chromium screenshots of the example site's
# home, a product, a listing and a tourism page at 360 px and 1280 px wide.
# Run from anywhere: bash docs/screenshots/make.sh   (needs Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/../.."
out=docs/screenshots
port=${PORT:-1399}
tmp=$(mktemp -d)
go build -o "$tmp/ocop" ./cmd/ocop
"$tmp/ocop" serve --port "$port" >"$tmp/serve.log" 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$tmp"' EXIT
for _ in $(seq 50); do curl -fs "http://127.0.0.1:$port/" >/dev/null 2>&1 && break; sleep 0.2; done
shot() { # name path width height
  chromium --headless --no-sandbox --disable-gpu --disable-quic --no-first-run \
    --disable-background-networking --disable-component-update --disable-sync \
    --user-data-dir="$tmp/chrome" --hide-scrollbars --window-size="$3,$4" \
    --screenshot="$out/$1-$3.png" "http://127.0.0.1:$port$2" >/dev/null 2>&1
  echo "$out/$1-$3.png"
}
for w in 360 1280; do
  h=$([ "$w" = 360 ] && echo 1600 || echo 1100)
  shot home / "$w" "$h"
  shot product /san-pham/tra-voi-tui-loc/ "$w" "$h"
  shot listing /san-pham/ "$w" "$h"
  shot tourism /du-lich/thac-ta-gu/ "$w" "$h"
done
