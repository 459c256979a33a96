#!/usr/bin/env bash
# Ingest benchmark (issue 8): how fast `msoko validate` reads a district's
# observations, in the canonical dialect and as Windows-1251 `;` CSV with
# decimal commas, against polars and pandas reading the same files in the
# same run.
#   data: `msoko sample --schools 20000` (5.6 M observation rows), and the
#         same rows re-encoded by convert.py
#   msoko: the whole `msoko validate` process (reads the catalog and
#         schools, then every observation row: parse, check, intern, keep);
#         best of 3; MB/s = observation file size / wall time
#   peers: polars.read_csv and pandas.read_csv of the same file (parse only,
#         no checks), best of 3
# Needs python3 with polars and pandas (pip install polars pandas).
# Optional: MSOKO=path/to/another/msoko to measure another build (e.g. the
# commit before a change), SCHOOLS=N for another size, DIALECTS="utf8" to
# measure one dialect only (a build without the dialects reads only utf8).
set -euo pipefail
cd "$(dirname "$0")/../.."
data=Benchmarks/data/ingest
schools=${SCHOOLS:-20000}
mkdir -p "$data"
if [ -z "${MSOKO:-}" ]; then
  swift build -c release --product msoko >/dev/null
  MSOKO="$(swift build -c release --show-bin-path)/msoko"
fi
if [ ! -f "$data/utf8/observations.csv" ] || [ "$(cat "$data/schools" 2>/dev/null)" != "$schools" ]; then
  rm -rf "$data/utf8" "$data/cp1251"
  "$MSOKO" sample --out "$data/utf8" --schools "$schools" --seed 7 >/dev/null
  python3 Benchmarks/ingest/convert.py "$data/utf8" "$data/cp1251"
  echo "$schools" > "$data/schools"
fi

best() {  # best wall seconds of 3 runs of a command
  local best=""
  for run in 1 2 3; do
    local start end wall
    start=$(date +%s.%N)
    "$@" >/dev/null 2>&1 || true
    end=$(date +%s.%N)
    wall=$(python3 -c "print($end - $start)")
    if [ -z "$best" ] || python3 -c "import sys; sys.exit(0 if $wall < $best else 1)"; then best=$wall; fi
  done
  echo "$best"
}

for dialect in ${DIALECTS:-utf8 cp1251}; do
  file="$data/$dialect/observations.csv"
  megabytes=$(python3 -c "import os; print(os.path.getsize('$file') / 1e6)")
  msoko_seconds=$(best "$MSOKO" validate "$data/$dialect/pipeline.yaml")
  read -r polars_seconds pandas_seconds < <(python3 Benchmarks/ingest/peers.py "$file" "$dialect")
  python3 - "$dialect" "$megabytes" "$msoko_seconds" "$polars_seconds" "$pandas_seconds" <<'PY'
import sys
dialect, size, msoko, polars, pandas = sys.argv[1], *map(float, sys.argv[2:])
print(f"{dialect:7s} {size:6.0f} MB  msoko validate {msoko:5.2f} s = {size / msoko:4.0f} MB/s   "
      f"polars {polars:5.2f} s = {size / polars:4.0f} MB/s (ratio {msoko / polars:.2f})   "
      f"pandas {pandas:5.2f} s = {size / pandas:4.0f} MB/s (ratio {msoko / pandas:.2f})")
PY
done
