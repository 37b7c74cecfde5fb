#!/usr/bin/env bash
# The HTML report opens in a real browser (headless Chromium) without console errors and renders
# a non-blank page; the workbook reads back with the numbers of results.json.
# Usage: browser_test.sh WERKBAAT_EXE SOURCE_DIR WORK_DIR
set -euo pipefail
exe=$1 src=$2 work=$3
rm -rf "$work" && mkdir -p "$work"
"$exe" run "$src/scenarios/five-state-bench.yaml" --mode cohort --draws 40 --analyses settlement,tornado --quiet \
  --out "$work/run" --report "$work/report.html" --xlsx "$work/book.xlsx" --lang en
"$exe" report "$work/run/results.json" --report "$work/report-nl.html"

# Debian's python3, where scripts/setup installed openpyxl and PIL (not a python earlier on PATH).
python=/usr/bin/python3
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "chromium not found: run scripts/setup"; exit 1; }
flags=(--headless --no-sandbox --disable-gpu --disable-quic --no-first-run --disable-background-networking
       --disable-component-update --disable-sync --user-data-dir="$work/profile")
for page in report report-nl; do
  timeout 120 "$chromium" "${flags[@]}" --enable-logging=stderr --v=0 --window-size=1100,2800 \
    --screenshot="$work/$page.png" "file://$work/$page.html" 2> "$work/$page.log" || true
  if grep -E "CONSOLE|Uncaught|Refused to|net::ERR" "$work/$page.log"; then
    echo "console errors while loading $page.html"; exit 1
  fi
  "$python" "$src/tests/report/check_screenshot.py" "$work/$page.png"
done
timeout 120 "$chromium" "${flags[@]}" --dump-dom "file://$work/report.html" 2>/dev/null > "$work/dom.html"
charts=$(grep -o '<svg' "$work/dom.html" | wc -l)
[ "$charts" -ge 5 ] || { echo "expected at least 5 charts in the rendered page, found $charts"; exit 1; }
"$python" "$src/tests/report/check_xlsx.py" "$work/run/results.json" "$work/book.xlsx"
echo "browser and workbook checks passed ($charts charts)"
