#!/usr/bin/env bash
# Runs every benchmark against its peer in the same run and prints the ratios.
# Needs python3 with numpy, pandas, scikit-learn and pymannkendall for the peers:
#   pip install numpy pandas scikit-learn pymannkendall
# Inputs are generated under Benchmarks/data/ (git-ignored).
set -euo pipefail
cd "$(dirname "$0")/.."
swift build -c release --product msoko
for bench in Benchmarks/*/run.sh; do
  echo "== $bench"
  "$bench"
done
