#!/usr/bin/env bash
# The Slurm scripts (scripts/slurm) as a cluster would run them, with stand-ins for sbatch and
# srun that run the jobs here at once: the array job plus merge, and the MPI job (srun as mpirun
# with two ranks when werkbaat has MPI), each giving the files of a run on one machine.
set -euo pipefail
source "$(dirname "$0")/common.sh"
werkbaat=$1
root=$2
work=$3
rm -rf "$work" && mkdir -p "$work/bin" && cd "$work"
export WERKBAAT=$werkbaat

cat > bin/sbatch <<'SB'
#!/usr/bin/env bash
# Runs the job now: each task of --array=1-N in turn, or the --wrap command; prints a job id.
set -euo pipefail
array="" wrap=""
while [ $# -gt 0 ]; do
  case $1 in
    --array=*) array=${1#--array=} ;;
    --wrap=*) wrap=${1#--wrap=} ;;
    --*) ;;
    *) break ;;
  esac
  shift
done
if [ -n "$wrap" ]; then bash -c "$wrap"
elif [ -n "$array" ]; then
  for i in $(seq "${array%-*}" "${array#*-}"); do SLURM_ARRAY_TASK_ID=$i bash "$@"; done
else bash "$@"; fi
echo 4242
SB
cat > bin/srun <<'SR'
#!/usr/bin/env bash
set -euo pipefail
while [ "${1#--}" != "$1" ]; do shift; done  # srun's own options
if command -v mpirun >/dev/null; then
  root=()
  [ "$(id -u)" -eq 0 ] && root=(--allow-run-as-root)
  exec mpirun "${root[@]}" --oversubscribe -n 2 "$@"
fi
exec "$@"
SR
chmod +x bin/sbatch bin/srun
export PATH="$work/bin:$PATH"

scenario="$root/scenarios/ips-epa.yaml"
"$werkbaat" run "$scenario" --draws 100 --out one -q
"$root/scripts/slurm/array-run" 3 "$scenario" --draws 100 --out array >/dev/null
same_run one array
[ -s array/report.html ]
bash "$root/scripts/slurm/mpi.sbatch" run "$scenario" --draws 100 --out mpi -q
same_run one mpi
echo "slurm: the array job with its merge, and the MPI job, give the files of one run"
