#!/usr/bin/env bash
# Whole-pipeline benchmark of the release binary: throughput on 1 thread and
# on all threads, the speed-up, and peak RSS at two input sizes (it should
# stay flat as the input grows).
#
# Usage: benches/pipeline.sh [SIZE_MB [ROUNDS]]   (defaults 300 and 3)
#
# The input is a JSONL file ({"id": ..., "text": ...} per line) of SIZE_MB,
# made by repeating a corpus of .txt files (searched recursively):
# $SAIDBY_BENCH_CORPUS if set, else
# ../shared/data/polnear/train/text if present, else data/articles, else
# benches/data. It runs
#   saidby extract big.jsonl -o out.csv --threads N --quiet
# (with one thread, saidby reads, extracts and writes on that one thread, so
# the 1-thread run is the run on one core)
# under /usr/bin/time -v (apt-get install time if missing), ROUNDS times each,
# alternating 1 thread and all threads so that a disturbance hits both alike,
# and prints for each the fastest round and the median one: MB/s (input bytes
# / wall time), MB per CPU second (robust on a shared machine), the speed-up
# (wall time, 1 thread / all threads) and peak RSS. It deletes its temporary
# files (input and output) whatever happens. Needs python3 or jq to write JSONL.
#
# The CSV goes to /dev/shm when it is there (else to the temporary
# directory): written to a disk, the last tens of MB of output wait on the
# kernel's writeback at the end of the run (seen with `perf sched`: ~50 ms of
# a 0.6 s run, one core idle), which measures the disk, not saidby. Set
# SAIDBY_BENCH_OUT=DIR to choose.
set -euo pipefail
cd "$(dirname "$0")/.."

size_mb=${1:-300}
rounds=${2:-3}
[[ $size_mb =~ ^[0-9]+$ && $size_mb -gt 0 && $rounds =~ ^[0-9]+$ && $rounds -gt 0 ]] ||
  { echo "usage: $0 [SIZE_MB [ROUNDS]]" >&2; exit 2; }

corpus=${SAIDBY_BENCH_CORPUS:-}
if [[ -z $corpus ]]; then
  for d in ../shared/data/polnear/train/text data/articles benches/data; do
    if [[ -d $d ]] && [[ -n $(find "$d" -name '*.txt' -print -quit) ]]; then corpus=$d; break; fi
  done
fi
[[ -d $corpus ]] && [[ -n $(find "$corpus" -name '*.txt' -print -quit) ]] ||
  { echo "no .txt files under '$corpus'" >&2; exit 2; }

if [[ ! -x /usr/bin/time ]]; then
  echo "installing GNU time for peak RSS" >&2
  apt-get install -y time >/dev/null
fi

cargo build --release --quiet
# Where cargo just built it: a CARGO_TARGET_DIR elsewhere left target/ stale.
bin=${CARGO_TARGET_DIR:-target}/release/saidby
if ! "$bin" extract --help 2>/dev/null | grep -q -- --threads; then
  echo "this saidby has no 'extract --threads': merge the branch that adds it (cli)" >&2
  exit 2
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/saidby-pipeline.XXXXXX")
out_dir=${SAIDBY_BENCH_OUT:-}
if [[ -z $out_dir && -d /dev/shm && -w /dev/shm ]]; then out_dir=/dev/shm; fi
out=$(mktemp "${out_dir:-$tmp}/saidby-pipeline-out.XXXXXX.csv")
trap 'rm -rf "$tmp" "$out"' EXIT

# One pass over the corpus as JSONL, then repeated (with fresh ids) up to the size.
make_jsonl() { # corpus_dir out_file target_bytes
  if command -v python3 >/dev/null; then
    python3 - "$@" <<'PY'
import json, os, sys
src, out, target = sys.argv[1], sys.argv[2], int(sys.argv[3])
names = sorted(os.path.relpath(os.path.join(d, n), src)
               for d, _, files in os.walk(src) for n in files if n.endswith(".txt"))
texts = [(n, open(os.path.join(src, n), encoding="utf-8").read()) for n in names]
written, rep = 0, 0
with open(out, "w", encoding="utf-8") as f:
    while written < target:
        for n, t in texts:
            line = json.dumps({"id": f"{rep}/{n}", "text": t}, ensure_ascii=False) + "\n"
            f.write(line)
            written += len(line.encode("utf-8"))
            if written >= target:
                break
        rep += 1
PY
  else
    local one="$tmp/one.jsonl" rep=0
    find "$1" -name '*.txt' | sort | while read -r f; do
      jq -Rsc --arg id "${f#"$1"/}" '{id: $id, text: .}' "$f"
    done >"$one"
    : >"$2"
    while (( $(stat -c %s "$2") < $3 )); do
      jq -c --arg r "$rep" '.id = $r + "/" + .id' "$one" >>"$2"; rep=$((rep + 1))
    done
  fi
}

# run INPUT THREADS -> prints "seconds rss_kb cpu_seconds".
run() {
  local start end
  start=$(date +%s.%N)
  /usr/bin/time -v -o "$tmp/time.txt" "$bin" extract "$1" -o "$out" --threads "$2" --quiet \
    2>"$tmp/stderr.txt" || echo "saidby extract exited with $? (see below)" >&2
  end=$(date +%s.%N)
  if [[ -s $tmp/stderr.txt ]]; then
    echo "saidby extract --threads $2 wrote $(wc -l <"$tmp/stderr.txt") lines on stderr, the first:" >&2
    head -3 "$tmp/stderr.txt" >&2
  fi
  local rss cpu
  rss=$(awk -F: '/Maximum resident set size/ {gsub(/ /, "", $2); print $2}' "$tmp/time.txt")
  cpu=$(awk -F: '/(User|System) time \(seconds\)/ {s += $2} END {print s}' "$tmp/time.txt")
  rm -f "$out"
  echo "$(echo "$end - $start" | bc -l) $rss $cpu"
}

threads=$(nproc)
big=$tmp/big.jsonl small=$tmp/small.jsonl
echo "corpus: $corpus; building ${size_mb} MB of JSONL in $tmp" >&2
make_jsonl "$corpus" "$big" $((size_mb * 1000000))
make_jsonl "$corpus" "$small" $((size_mb * 1000000 / 4))
big_mb=$(echo "$(stat -c %s "$big") / 1000000" | bc -l)
small_mb=$(echo "$(stat -c %s "$small") / 1000000" | bc -l)

echo "output: $out; $rounds rounds of each run" >&2

# The speed-up is over the 1-thread run, which takes one core and no more:
# until saidby ran a single thread's work on the calling thread, the reader
# and the writer ran beside the worker and borrowed a tenth of the other
# core, and the ratio could not pass 2 / 1.1.

# ROUNDS results of one run, one "seconds rss_kb cpu_seconds" line each.
r1=() rn=() rs=()
for ((i = 0; i < rounds; i++)); do
  r1+=("$(run "$big" 1)")
  rn+=("$(run "$big" "$threads")")
  rs+=("$(run "$small" "$threads")")
done
# pick fastest|median RESULT... -> that round's line (ordered by wall time)
pick() {
  local which=$1; shift
  local sorted
  sorted=$(printf '%s\n' "$@" | sort -g)
  if [[ $which == fastest ]]; then head -n 1 <<<"$sorted"; else sed -n "$(( ($# + 1) / 2 ))p" <<<"$sorted"; fi
}
maxrss() { printf '%s\n' "$@" | awk '$2 > m {m = $2} END {print m}'; }

# MB/s is wall-clock throughput; MB/cpu-s (input MB per CPU second, user +
# system) is what one core does, and stays meaningful on a busy machine.
line() { # label mb seconds rss_kb cpu_seconds
  printf '%-30s %8.2f %8.1f %10.1f %12.1f\n' "$1" "$3" "$(echo "$2 / $3" | bc -l)" \
    "$(echo "$2 / $5" | bc -l)" "$(echo "$4 / 1024" | bc -l)"
}
printf '%-30s %8s %8s %10s %12s\n' run seconds MB/s MB/cpu-s "peak RSS MB"
for which in fastest median; do
  read -r t1 rss1 cpu1 <<<"$(pick "$which" "${r1[@]}")"
  read -r tn rssn cpun <<<"$(pick "$which" "${rn[@]}")"
  read -r ts rsss cpus <<<"$(pick "$which" "${rs[@]}")"
  line "$(printf '%.0f MB, 1 thread, %s' "$big_mb" "$which")" "$big_mb" "$t1" "$rss1" "$cpu1"
  line "$(printf '%.0f MB, %d threads, %s' "$big_mb" "$threads" "$which")" "$big_mb" "$tn" "$rssn" "$cpun"
  line "$(printf '%.0f MB, %d threads, %s' "$small_mb" "$threads" "$which")" "$small_mb" "$ts" "$rsss" "$cpus"
  printf 'speed-up on %d threads, %s rounds: %.2fx over 1 thread\n' "$threads" "$which" "$(echo "$t1 / $tn" | bc -l)"
done
printf 'load average now: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
printf 'peak RSS over all rounds, %.0f MB vs %.0f MB input: %.1f vs %.1f MB\n' "$small_mb" "$big_mb" \
  "$(echo "$(maxrss "${rs[@]}") / 1024" | bc -l)" "$(echo "$(maxrss "${rn[@]}" "${r1[@]}") / 1024" | bc -l)"
