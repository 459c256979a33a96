#!/usr/bin/env bash
# History-store benchmark (issue 14): `msoko ingest` of a large canonical
# district into an empty store, and reading that history back.
#   data: generate.py, SCHOOLS schools (default 40,000) x 40 indicators x
#         8 school years = 12.8 million observation rows (about 500 MB of CSV)
#   ingest: the whole `msoko ingest` process into an empty store (reads and
#         checks every row, then one transaction writes them); wall seconds
#   read back: `msoko history --verify` (opens the store, reads every current
#         value into `Observation`s as `msoko run` does, recomputes each
#         period's digest, then SQLite's integrity check); the read alone is
#         msoko's own `timing:` line (a second run)
#   ingest again: the same files, which must change nothing
# Optional: MSOKO=path/to/msoko, SCHOOLS=N.
set -euo pipefail
cd "$(dirname "$0")/../.."
schools=${SCHOOLS:-40000}
data=Benchmarks/data/store-$schools
if [ -z "${MSOKO:-}" ]; then
  swift build -c release --product msoko >/dev/null
  MSOKO="$(swift build -c release --show-bin-path)/msoko"
fi
if [ ! -f "$data/observations.csv" ]; then
  python3 Benchmarks/store/generate.py "$schools" "$data" Pipelines/indicators.yaml
  cp Pipelines/indicators.yaml "$data/"
fi
rm -f "$data"/history.sqlite*
rows=$(($(wc -l < "$data/observations.csv") - 1))
megabytes=$(python3 -c "import os; print(round(os.path.getsize('$data/observations.csv') / 1e6))")

seconds() { local start end; start=$(date +%s.%N); "$@" >/dev/null 2>&1; end=$(date +%s.%N); python3 -c "print(round($end - $start, 2))"; }

validate=$(seconds "$MSOKO" validate "$data/pipeline.yaml")
ingest=$(seconds "$MSOKO" ingest "$data/pipeline.yaml")
size=$(python3 -c "import os; print(round(os.path.getsize('$data/history.sqlite') / 1e6))")
readback=$(seconds "$MSOKO" history --verify "$data/pipeline.yaml")
"$MSOKO" history --verify "$data/pipeline.yaml" 2>&1 >/dev/null | grep timing
again=$(seconds "$MSOKO" ingest "$data/pipeline.yaml")
echo "rows: $rows ($megabytes MB of CSV), store $size MB"
echo "msoko validate (reading and checking only): $validate s"
echo "msoko ingest into an empty store: $ingest s (target <= 60 s)"
echo "msoko history --verify (read back every value, digests, integrity check): $readback s (target <= 10 s for the read)"
echo "msoko ingest of the same files again (nothing changed): $again s"
