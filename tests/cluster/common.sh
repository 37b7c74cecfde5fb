# Sourced by the cluster tests.
# same_run A B: two run folders hold the same files, but for the wall time and the threads each had.
same_run() {
  for f in "$1"/*; do
    name=$(basename "$f")
    if [ "$name" = results.json ]; then
      diff <(grep -v '"seconds"\|"threads"' "$f") <(grep -v '"seconds"\|"threads"' "$2/$name")
    else
      cmp "$f" "$2/$name"
    fi
  done
}
