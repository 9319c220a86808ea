#!/usr/bin/env bash
# Runs the whole performance suite in Release and writes one dated JSON file of every figure, with the machine's
# description, to perf-results/<UTC date-time>.json (git-ignored). Compare two runs with tools/perf-compare.py.
# Usage: tools/perf.sh [--quick]     (--quick: smaller event counts, for a smoke run)
set -euo pipefail
cd "$(dirname "$0")/.."
quick=0
[ "${1:-}" = "--quick" ] && quick=1
scale() { if [ "$quick" = 1 ]; then echo "$2"; else echo "$1"; fi; }

dotnet build -c Release src/QpsFast.Cli >/dev/null
qps=src/QpsFast.Cli/bin/Release/net10.0/qps
stamp=$(date -u +%Y%m%dT%H%M%SZ)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

run() { local name=$1; shift; echo "== $name: qps $*" >&2; "$qps" "$@" --json "$work/$name.json" >&2; }

run ring-1p1c-spin       bench ring --topology 1p1c --wait spin --events "$(scale 20000000 2000000)"
run ring-1p1c-spin-pin   bench ring --topology 1p1c --wait spin --pin --events "$(scale 20000000 2000000)"
run ring-pipeline        bench ring --topology pipeline --events "$(scale 20000000 2000000)"
run ring-3p1c            bench ring --topology 3p1c --events "$(scale 20000000 2000000)"
run ring-latency-pin     bench ring-latency --pin --events "$(scale 2000000 200000)"
run pipeline             bench pipeline --events "$(scale 20000000 1000000)"
run journal              bench journal --records "$(scale 10000000 1000000)"
run e2e-max              bench e2e --events "$(scale 10000000 1000000)"
run e2e-1m-spin          bench e2e --events "$(scale 5000000 500000)" --rate 1000000 --wait spin
run e2e-max-nojournal    bench e2e --events "$(scale 10000000 1000000)" --journal off

mkdir -p perf-results
out="perf-results/$stamp.json"
python3 - "$work" "$out" "$stamp" <<'PY'
import json, os, sys, platform, subprocess
work, out, stamp = sys.argv[1], sys.argv[2], sys.argv[3]
def cpu():
    try:
        for line in open('/proc/cpuinfo'):
            if line.startswith('model name'):
                return line.split(':', 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or 'unknown'
runtime = subprocess.run(['dotnet', '--version'], capture_output=True, text=True).stdout.strip()
result = {
    'date': stamp,
    'machine': {'cores': os.cpu_count(), 'cpu': cpu(), 'dotnet_sdk': runtime, 'os': platform.platform()},
    'git': subprocess.run(['git', 'rev-parse', 'HEAD'], capture_output=True, text=True).stdout.strip(),
    'figures': {name[:-5]: json.load(open(os.path.join(work, name))) for name in sorted(os.listdir(work))},
}
with open(out, 'w') as f:
    json.dump(result, f, indent=2)
print(out)
PY
