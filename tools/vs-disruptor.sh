#!/usr/bin/env bash
# Side by side against Disruptor-net's own perf runner, in one sitting: for each pair of the table in
# ../shared/peers/disruptor-net/README.md, alternate Disruptor-net (A) and qps bench (B) PAIRS times, print each
# pair's figures, the ratio ours/theirs, and the median ratio.
#
# Usage: tools/vs-disruptor.sh [PAIR ...]     PAIR: 1p1c batch10 pipeline 3p1c latency (default: the four throughput pairs)
# Needs: the runner built by ../shared/peers/disruptor-net/setup.sh (DNET, default ~/disruptor-net), and qps built in Release.
# Environment: PAIRS (default 5) alternations per pair; RUNS (default 3) runs per Disruptor-net invocation (its median).
#
# What is matched and what is not:
#   1p1c     OneToOneSequencedThroughputTest_Value            vs --topology 1p1c --batch 1:  8-byte value events, ring 65,536, busy-spin, pinned CPUs 0,1, 100M events
#   batch10  OneToOneSequencedThroughputTest_Value_BatchPublisher vs --batch 10:          the same, claims of 10
#   pipeline OneToThreePipelineSequencedThroughputTest        vs --topology pipeline:       ring 8,192, yielding waits (4 threads on 2 cores), 100M events;
#            theirs passes a class with three longs through three stages, ours an 8-byte value: not the same event
#   3p1c     ThreeToOneSequencedThroughputTest                vs --topology 3p1c --batch 1:  ring 65,536, busy-spin, 3 producers one event per publish, 20M events
#            (4 threads on 2 cores for both)
#   latency  OneWaySequencedLatencyTest --wait-strategy busy-spin vs ring-latency --interval-ns 10000 --pin --ring-size 1024 --pace yield:
#            one event every 10 us, ring 1,024 both, the producer yielding between sends and stamping before the claim
#            both (their harness's loop); theirs 3M events, ours 2M. Their p50 is read at ns precision from the
#            percentile table of their HTML report (the summary line rounds to 0.1 us), their p99 from the summary.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
RUN="$here/../shared/peers/disruptor-net/run.sh"
QPS=(dotnet "$here/src/QpsFast.Cli/bin/Release/net10.0/qps.dll")
PAIRS="${PAIRS:-5}"
RUNS="${RUNS:-3}"
[[ -x "$RUN" || -f "$RUN" ]] || { echo "vs-disruptor: $RUN not found (../shared beside the repository)" >&2; exit 2; }
[[ -f "${QPS[1]}" ]] || { echo "vs-disruptor: build qps first: dotnet build -c Release src/QpsFast.Cli" >&2; exit 2; }
selected=("$@")
[[ ${#selected[@]} -eq 0 ]] && selected=(1p1c batch10 pipeline 3p1c)

theirs_test() { case "$1" in
    1p1c) echo OneToOneSequencedThroughputTest_Value ;;
    batch10) echo OneToOneSequencedThroughputTest_Value_BatchPublisher ;;
    pipeline) echo OneToThreePipelineSequencedThroughputTest ;;
    3p1c) echo ThreeToOneSequencedThroughputTest ;;
    latency) echo OneWaySequencedLatencyTest ;;
    *) echo "vs-disruptor: unknown pair $1" >&2; exit 2 ;;
esac; }

ours_args() { case "$1" in
    1p1c) echo "bench ring --topology 1p1c --wait spin --pin --batch 1 --ring-size 65536 --events 100000000 --no-baseline" ;;
    batch10) echo "bench ring --topology 1p1c --wait spin --pin --batch 10 --ring-size 65536 --events 100000000 --no-baseline" ;;
    pipeline) echo "bench ring --topology pipeline --wait yield --pin --batch 1 --ring-size 8192 --events 100000000 --no-baseline" ;;
    3p1c) echo "bench ring --topology 3p1c --wait spin --pin --batch 1 --ring-size 65536 --events 20000000 --no-baseline" ;;
    latency) echo "bench ring-latency --interval-ns 10000 --pin --ring-size 1024 --pace yield" ;;
esac; }

median() { sort -g | awk '{a[NR]=$1} END {if (NR%2) print a[(NR+1)/2]; else printf "%.4f\n", (a[NR/2]+a[NR/2+1])/2}'; }

for pair in "${selected[@]}"; do
    test="$(theirs_test "$pair")"
    echo "== $pair: Disruptor-net $test  vs  qps $(ours_args "$pair")"
    ratios=()
    for ((i = 1; i <= PAIRS; i++)); do
        if [[ "$pair" == latency ]]; then
            # (each step may find nothing: say so and go on to the next pair, instead of set -e ending the script
            # without a word)
            out=$(REPORT=true bash "$RUN" "$test" 1 --wait-strategy busy-spin 2>&1) || true
            a=$(printf '%s\n' "$out" | grep -m1 '^Run:' | sed -n 's/.*Median: \([^-]*\) -.*P99: \(.*\)$/p99 \2/p') || true
            html=$(ls -t "${DNET:-$HOME/disruptor-net}"/src/Disruptor.PerfTests/bin/Release/net10.0/results/OneWaySequencedLatencyTest-*.html 2>/dev/null | head -1) || true
            if [[ -z "$a" || -z "$html" ]]; then
                echo "  pair $i: Disruptor-net's run gave no summary line or report; its last line: $(printf '%s\n' "$out" | tail -1)"
                continue
            fi
            p50=$(awk '$2 == "0.500000000000" {printf "%.0f ns", $1 * 1000; exit}' "$html")
            b=$("${QPS[@]}" $(ours_args "$pair") 2>&1 | grep -E '^  p(50|99) ' | tr -s ' ' | tr '\n' ' ')
            echo "  pair $i: theirs [ p50 $p50  $a ]   ours [$b]"
            continue
        fi
        a=$(bash "$RUN" "$test" "$RUNS" 2>&1 | sed -n 's/.*median_ops_per_s=\([0-9]*\).*/\1/p')
        b=$("${QPS[@]}" $(ours_args "$pair") 2>&1 | sed -n 's/^  ring *median *\([0-9.]*\)\([Mk]\).*/\1 \2/p' | awk '{print ($2=="M") ? $1*1e6 : $1*1e3}')
        r=$(awk -v a="$a" -v b="$b" 'BEGIN {printf "%.2f", b/a}')
        ratios+=("$r")
        printf "  pair %d: Disruptor-net %7.1fM   ours %7.1fM   ratio %s\n" "$i" "$(awk -v a="$a" 'BEGIN{print a/1e6}')" "$(awk -v b="$b" 'BEGIN{print b/1e6}')" "$r"
    done
    # (the latency pair has no ratio: an if, so the script's exit status does not come from this test)
    if [[ ${#ratios[@]} -gt 0 ]]; then
        echo "  median ratio (ours / Disruptor-net): $(printf '%s\n' "${ratios[@]}" | median)"
    fi
done
