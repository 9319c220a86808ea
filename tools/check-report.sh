#!/usr/bin/env bash
# Renders a report.html in headless Chromium to a PNG and fails on an empty page or console errors.
# Usage: tools/check-report.sh logs/<session>/report.html [out.png]
# Needs Debian's chromium (apt-get install -y chromium).
set -euo pipefail
report=${1:?usage: tools/check-report.sh REPORT.html [OUT.png]}
png=${2:-${report%.html}.png}
[ -s "$report" ] || { echo "check-report: $report is missing or empty" >&2; exit 1; }
chromium=$(command -v chromium || command -v chromium-browser || true)
[ -n "$chromium" ] || { echo "check-report: chromium is not installed (apt-get install -y chromium)" >&2; exit 1; }
profile=$(mktemp -d)
log=$(mktemp)
trap 'rm -rf "$profile" "$log"' EXIT
flags=(--headless --no-sandbox --disable-gpu --disable-background-networking --disable-component-update --disable-sync
       --no-first-run --user-data-dir="$profile" --enable-logging=stderr --v=0)
"$chromium" "${flags[@]}" --window-size=1320,3600 --screenshot="$png" "file://$(realpath "$report")" 2>"$log" || true
[ -s "$png" ] || { echo "check-report: no screenshot was produced" >&2; cat "$log" >&2; exit 1; }
# Console errors from the page are logged as CONSOLE(...) lines; a self-contained report must have none.
if grep -E 'CONSOLE\(|Uncaught|ERROR:.*(javascript|console)' "$log" >/dev/null; then
  echo "check-report: console errors:" >&2
  grep -E 'CONSOLE\(|Uncaught' "$log" >&2
  exit 1
fi
# An empty page renders as a single colour: require some variety in the PNG's bytes.
size=$(stat -c %s "$png")
[ "$size" -gt 20000 ] || { echo "check-report: the screenshot is nearly empty ($size bytes)" >&2; exit 1; }
dom=$("$chromium" "${flags[@]}" --dump-dom "file://$(realpath "$report")" 2>/dev/null)
grep -q "<svg" <<< "$dom" || { echo "check-report: the rendered page has no charts" >&2; exit 1; }
# Every section of the report and its tearsheet is there.
for id in conventions monthly drawdowns rolling-sharpe exposure contribution trade-histogram fills-chart; do
  grep -q "id=\"$id\"" <<< "$dom" || { echo "check-report: the rendered page has no '$id' section" >&2; exit 1; }
done
echo "check-report: OK: $png ($size bytes), $(grep -o "<svg" <<< "$dom" | wc -l) charts, every section, no console errors"
