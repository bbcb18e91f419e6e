#!/usr/bin/env bash
# Builds the seed corpus for every fuzz target from the repository's flows:
# examples/*.flow, tests/cases/**/*.flow (hostile cases included) and the
# fuzz/seeds/*.flow written below for the corners the examples do not reach.
# Files are named by content hash, so re-running only adds what is new.
#
# Usage (from anywhere):  fuzz/seed.sh            # all targets
#                         fuzz/seed.sh parse      # one target
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse check pipeline)

# Inputs larger than this are left out: libFuzzer runs with -max_len=4096 and the
# pipeline target skips anything bigger.
max_bytes=4096

mapfile -d '' inputs < <(
  find examples tests/cases fuzz/seeds -name '*.flow' -type f -print0 2>/dev/null | sort -z
)

for target in "${targets[@]}"; do
  dir="fuzz/corpus/$target"
  mkdir -p "$dir"
  added=0
  for f in "${inputs[@]}"; do
    size=$(stat -c %s "$f")
    [ "$size" -le "$max_bytes" ] || continue
    hash=$(sha1sum "$f" | cut -c1-40)
    if [ ! -e "$dir/$hash" ]; then
      cp "$f" "$dir/$hash"
      added=$((added + 1))
    fi
  done
  echo "$dir: $added new seed(s), $(find "$dir" -type f | wc -l) in total"
done
