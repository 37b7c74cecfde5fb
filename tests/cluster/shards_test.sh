#!/usr/bin/env bash
# run --shard k/n and merge, as an array job uses them: the merged run's files are the files of
# the run made at once, and every way of getting the parts wrong is a clear error (exit 2).
set -euo pipefail
source "$(dirname "$0")/common.sh"
werkbaat=$1
root=$2
work=$3
rm -rf "$work" && mkdir -p "$work" && cd "$work"
scenario="$root/scenarios/ips-epa.yaml"

"$werkbaat" run "$scenario" --draws 100 --out whole -q
for k in 3 1 2; do "$werkbaat" run "$scenario" --draws 100 --shard $k/3 --out part-$k -q; done
"$werkbaat" merge part-2 part-3 part-1 --out merged -q
same_run whole merged

expect() {  # expect "MESSAGE" COMMAND...: exit 2 and exactly this message
  local want=$1
  shift
  local got rc=0
  got=$("$@" 2>&1 >/dev/null) || rc=$?
  if [ "$rc" -ne 2 ] || [ "$got" != "$want" ]; then
    printf 'FAIL: %s\n  exit %s, said: %s\n  wanted:     %s\n' "$*" "$rc" "$got" "$want" >&2
    exit 1
  fi
}
expect "error: part-1/part.werkbaat: part 2 of 3 is missing: a merge needs every part, never a smaller run" \
  "$werkbaat" merge part-1 part-3 --out m
expect "error: part-2/part.werkbaat: part 2 of 3 is given twice: part-2/part.werkbaat and part-2/part.werkbaat" \
  "$werkbaat" merge part-1 part-2 part-2 part-3 --out m
"$werkbaat" run "$scenario" --draws 100 --shard 1/2 --out half -q
expect "error: half/part.werkbaat: part 1 of 2, but part-1/part.werkbaat is part 1 of 3: parts of different splits" \
  "$werkbaat" merge part-1 half --out m
head -c 2000 part-2/part.werkbaat > cut.werkbaat
header=$(head -n 1 part-2/part.werkbaat | wc -c)
expect "error: cut.werkbaat: not an intact werkbaat part ($((2000 - header)) bytes where its header says $(($(stat -c %s part-2/part.werkbaat) - header))); run the shard again" \
  "$werkbaat" merge part-1 cut.werkbaat part-3 --out m
expect "error: $scenario: --shard: 100 draws make 4 blocks of up to 32 draws, the smallest part a run splits into; use at most 4 parts, or more draws" \
  "$werkbaat" run "$scenario" --draws 100 --shard 1/5 --out m
expect "error: $scenario: --shard: '0/3' is not a part: give k/n, e.g. 2/8 for the second of eight" \
  "$werkbaat" run "$scenario" --draws 100 --shard 0/3 --out m
expect "error: $scenario: --shard: a shard needs --out DIR: the folder its part is written to" \
  "$werkbaat" run "$scenario" --draws 100 --shard 1/3
expect "error: $root/scenarios/five-state-bench.yaml: --shard: this run simulates the real population one for one (its chance split needs a second run); run it whole, or with more clients than the population" \
  "$werkbaat" run "$root/scenarios/five-state-bench.yaml" --shard 1/2 --out m
# A scenario changed between the shards and the merge.
cp "$root/scenarios/five-state-bench.yaml" own.yaml
"$werkbaat" run own.yaml --mode cohort --draws 64 --shard 1/2 --out own-1 -q
"$werkbaat" run own.yaml --mode cohort --draws 64 --shard 2/2 --out own-2 -q
sed -i 's/horizon: 120 months/horizon: 60 months/' own.yaml
expect "error: $work/own.yaml: this scenario (or a file it uses) changed since the shards ran; run the shards again" \
  "$werkbaat" merge own-1 own-2 --out m
[ ! -e m ]  # nothing half-written
echo "shards: merged run identical to the whole run; bad parts refused"
