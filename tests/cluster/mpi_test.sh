#!/usr/bin/env bash
# mpirun -n P werkbaat run and batch give the files of one process, for P = 1, 2 and 3 (more
# ranks than cores: --oversubscribe); a run with more ranks than blocks of draws is refused.
set -euo pipefail
source "$(dirname "$0")/common.sh"
werkbaat=$1
root=$2
work=$3
mpirun=(mpirun --oversubscribe -n)
[ "$(id -u)" -eq 0 ] && mpirun=(mpirun --allow-run-as-root --oversubscribe -n)
rm -rf "$work" && mkdir -p "$work" && cd "$work"
scenario="$root/scenarios/ips-epa.yaml"

"$werkbaat" run "$scenario" --draws 100 --mode micro --clients 300 --out one -q
for p in 1 2 3; do
  "${mpirun[@]}" $p "$werkbaat" run "$scenario" --draws 100 --mode micro --clients 300 --out ranks-$p -q
  same_run one ranks-$p
done

"$werkbaat" batch "$root/scenarios/ips-epa.yaml" "$root/scenarios/ips-licht.yaml" "$root/scenarios/five-state-bench.yaml" \
  --draws 10 --out batch-one -q
"${mpirun[@]}" 2 "$werkbaat" batch "$root/scenarios/ips-epa.yaml" "$root/scenarios/ips-licht.yaml" \
  "$root/scenarios/five-state-bench.yaml" --draws 10 --out batch-ranks -q
diff batch-one/batch.json batch-ranks/batch.json
for run in ips-epa ips-licht five-state-bench; do same_run "batch-one/$run" "batch-ranks/$run"; done
for f in batch-one/*.csv; do cmp "$f" "batch-ranks/$(basename "$f")"; done

# A run on ranks is stored once, as the run on one process; a batch on ranks stores each of its runs.
"${mpirun[@]}" 2 "$werkbaat" run "$scenario" --draws 100 --mode micro --clients 300 -q --store=ranks.sqlite
"$werkbaat" run "$scenario" --draws 100 --mode micro --clients 300 -q --store=one.sqlite
[ "$(sqlite3 ranks.sqlite 'SELECT count(*), max(draws) FROM runs')" = "1|100" ]
[ "$(sqlite3 ranks.sqlite 'SELECT key FROM runs')" = "$(sqlite3 one.sqlite 'SELECT key FROM runs')" ]
cmp <(sqlite3 ranks.sqlite 'SELECT * FROM draws') <(sqlite3 one.sqlite 'SELECT * FROM draws')
"${mpirun[@]}" 2 "$werkbaat" batch "$root/scenarios/ips-epa.yaml" "$root/scenarios/ips-licht.yaml" \
  "$root/scenarios/five-state-bench.yaml" --draws 10 --out batch-store -q --store=batch.sqlite
[ "$(sqlite3 batch.sqlite 'SELECT count(*) FROM runs')" = "3" ]

rc=0
said=$("${mpirun[@]}" 3 "$werkbaat" run "$scenario" --draws 50 -q 2>&1) || rc=$?
want="error: $scenario: mpirun -n: 3 ranks: 50 draws make 2 blocks of up to 32 draws, the smallest part a run splits into; use at most 2 parts, or more draws"
if [ "$rc" -eq 0 ] || ! grep -qxF "$want" <<<"$said"; then
  printf 'FAIL: 3 ranks for 50 draws: exit %s, said:\n%s\n' "$rc" "$said" >&2
  exit 1
fi
echo "mpi: 1, 2 and 3 ranks give the files of one process (run and batch)"
