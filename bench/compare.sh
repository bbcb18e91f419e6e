#!/usr/bin/env bash
# flowc against dot (and ELK, dagre when Node is present) on the same graphs, in one run.
#
#   bench/compare.sh            # full: examples, 1,277 North DAGs, generated 40..2,560 + 10,000 nodes
#   bench/compare.sh --quick    # a few minutes: every 10th North DAG, generated 40..640
#   bench/compare.sh --engines dot --corpora examples,gen --timeout 120
#
# Builds release flowc, copies shared/bench to a writable folder ($FLOWC_BENCH_DIR,
# default /tmp/flowc-bench), installs the JS peers there with npm when available, then
# runs bench/compare.py (extra arguments are passed on). See bench/README.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
SHARED="${FLOWC_SHARED_BENCH:-/work/shared/bench}"
BENCH="${FLOWC_BENCH_DIR:-/tmp/flowc-bench}"
cd "$ROOT"

if ! command -v dot >/dev/null 2>&1; then
  echo "compare.sh: installing graphviz (dot)" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y graphviz >&2; else sudo apt-get install -y graphviz >&2; fi
fi

if [ -z "${FLOWC_NO_BUILD:-}" ]; then
  cargo build --release --bin flowc >&2
fi
BIN="$ROOT/target/release/flowc"

# A writable copy of the peer harness (the shared one is read-only).
mkdir -p "$BENCH"
for f in "$SHARED"/*.py "$SHARED"/*.mjs "$SHARED"/*.json "$SHARED"/north.tsv; do
  [ -e "$f" ] || continue
  cp -f "$f" "$BENCH/"
  chmod u+w "$BENCH/$(basename "$f")"
done

ENGINES="dot"
if command -v node >/dev/null 2>&1 && command -v npm >/dev/null 2>&1; then
  if [ ! -d "$BENCH/node_modules/elkjs" ] || [ ! -d "$BENCH/node_modules/@dagrejs/dagre" ]; then
    echo "compare.sh: npm install in $BENCH" >&2
    (cd "$BENCH" && npm install --no-audit --no-fund >&2) || echo "compare.sh: npm install failed; dot only" >&2
  fi
  if [ -d "$BENCH/node_modules/elkjs" ] && [ -d "$BENCH/node_modules/@dagrejs/dagre" ]; then
    ENGINES="dot,elk,dagre"
  fi
else
  echo "compare.sh: no node/npm; comparing with dot only" >&2
fi

exec python3 "$ROOT/bench/compare.py" --bin "$BIN" --bench-dir "$BENCH" \
  --examples "$ROOT/examples" --engines "$ENGINES" --out "$ROOT/target/bench-compare" "$@"
