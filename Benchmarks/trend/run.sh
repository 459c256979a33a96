#!/usr/bin/env bash
# Benchmark of `msoko trend` (issue 3): 1,600,000 series of 8 points each must
# take under 10 s on the project's 2-core machine, release build.
#
#   Benchmarks/trend/run.sh [SERIES] [REFERENCE_SERIES]
#
# Generates the input deterministically (awk, Benchmarks/data/, git-ignored),
# builds release, times `msoko trend` writing its JSON to a file, then times
# pymannkendall (with scipy theilslopes and linregress) on the first
# REFERENCE_SERIES series, reports the per-series ratio, and cross-checks
# msoko's numbers for those series.
set -euo pipefail
cd "$(dirname "$0")/../.."
series=${1:-1600000}
reference_series=${2:-5000}
data=Benchmarks/data
input=$data/trend-$series.csv
output=$data/trend-$series.json
mkdir -p "$data"

if [ ! -s "$input" ]; then
    echo "generating $input"
    awk -v SERIES="$series" -f Benchmarks/trend/generate.awk > "$input.tmp"
    mv "$input.tmp" "$input"
fi
echo "input: $input ($(wc -c < "$input") bytes, $series series × 8 points)"

swift build -c release --product msoko 2>&1 | tail -1
binary=$(swift build -c release --show-bin-path)/msoko

# One warm-up run loads the file into the page cache, as for a user who just wrote it.
"$binary" trend "$input" > "$output"
for run in 1 2 3; do
    start=$(date +%s.%N)
    "$binary" trend "$input" > "$output"
    end=$(date +%s.%N)
    seconds=$(echo "$end - $start" | bc)
    echo "msoko trend, run $run: $seconds s"
done
msoko_per_series=$(echo "scale=3; $seconds * 1000000 / $series" | bc)
echo "msoko: $msoko_per_series µs per series (last run, $(nproc) cores)"

if python3 -c "import pymannkendall, scipy" 2>/dev/null; then
    python3 Benchmarks/trend/reference.py "$input" "$output" "$reference_series"
else
    echo "python3 with pymannkendall and scipy not found: reference timing skipped"
fi
