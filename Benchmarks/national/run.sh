#!/usr/bin/env bash
# National scale (issue 13): the whole `msoko run` on the national sample and
# its pandas + scikit-learn peer on the same data, in the same run; then
# msoko's peak memory at several sizes, to show that it grows linearly.
#
#   data: `msoko sample --schools N --years 8 --indicators 40 --canonical`
#         (seed 2024), generated once under Benchmarks/data/national-N
#         (git-ignored); the generation's time and memory are printed when
#         it happens
#   msoko: `msoko run` under /usr/bin/time -v: wall time, peak memory
#         ("Maximum resident set size") and each stage of manifest.json
#   peer: Benchmarks/national/peer.py on the same folder (pandas, numpy,
#         scikit-learn, pyyaml), its wall time, peak memory and stages; the
#         ratio msoko / peer
#   memory: peak memory of `msoko run` at each size of SIZES, in MB and in
#         MB per 1,000 schools
#
# Environment: SCHOOLS (the compared size, default 40000), SIZES (default
# "5000 10000 20000 40000"; empty skips the table), MSOKO (a built msoko;
# default: build release).
# Needs python3 with numpy, pandas, scikit-learn and pyyaml:
#   pip install numpy pandas scikit-learn pyyaml
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
schools="${SCHOOLS:-40000}"
sizes="${SIZES-5000 10000 20000 40000}"
if [ -z "${MSOKO:-}" ]; then
    swift build -c release --product msoko >/dev/null
    MSOKO="$(swift build -c release --product msoko --show-bin-path)/msoko"
fi
flags="--years 8 --indicators 40 --canonical"
mkdir -p Benchmarks/data

# `/usr/bin/time -v` figures of a log: wall seconds and peak memory in MB.
wall() { python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
clock = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (\S+)", text).group(1).split(":")
seconds = sum(float(part) * 60 ** i for i, part in enumerate(reversed(clock)))
print(f"{seconds:.1f}")
PY
}
peak() { awk '/Maximum resident set size/ { printf "%.0f", $NF / 1024 }' "$1"; }

# Generates the sample of $1 schools unless it is there already.
generate() {
    local n="$1" data="Benchmarks/data/national-$1"
    if [ ! -f "$data/pipeline.yaml" ] || ! grep -qF -- "--schools $n --seed 2024 $flags" "$data/.msoko-sample"; then
        rm -rf "$data"
        /usr/bin/time -v "$MSOKO" sample --out "$data" --schools "$n" $flags >/dev/null 2>"$data.generate.log"
        local rows
        rows=$(($(wc -l < "$data/observations.csv") - 1))
        echo "generated $data: $rows rows, $(du -m "$data/observations.csv" | cut -f1) MB of CSV," \
             "$(wall "$data.generate.log") s, peak $(peak "$data.generate.log") MB"
    fi
}

# Earlier outputs are moved here before a run and deleted when the script
# ends. Deleting 80,000–200,000 files just before a run slows the run's own
# file creation several times over on a file system without a journal (this
# VM's ext4: the kernel scans past every recently freed inode): creating
# 100,000 files took 3–5 s of system time here, and 25 s right after deleting
# 200,000. That cost is the script's cleanup, not msoko's work.
trash="Benchmarks/data/.national-trash"
rm -rf "$trash"
mkdir -p "$trash"
trap 'rm -rf "$trash"' EXIT

# Runs msoko on the sample of $1 schools; leaves /usr/bin/time's log in $data.run.log.
run_msoko() {
    local data="Benchmarks/data/national-$1"
    if [ -e "$data/out" ]; then mv "$data/out" "$(mktemp -d "$trash/out-$1.XXXXXX")/"; fi
    /usr/bin/time -v "$MSOKO" run "$data/pipeline.yaml" --out "$data/out" >/dev/null 2>"$data.run.log"
}

echo "== national sample: $schools schools, $flags"
generate "$schools"
data="Benchmarks/data/national-$schools"
echo "load average before the runs: $(cut -d' ' -f1-3 /proc/loadavg)"
run_msoko "$schools"
msoko_wall=$(wall "$data.run.log")
echo "msoko run: $msoko_wall s wall, peak $(peak "$data.run.log") MB"
python3 - "$data/out/manifest.json" "$msoko_wall" <<'PY'
import json, sys
stages = json.load(open(sys.argv[1]))["stages"]
for stage in stages:
    print(f"  msoko stage {stage['name']}: {stage['seconds']:.2f} s")
# The manifest is written before the folder is: the rest of the wall time.
rest = float(sys.argv[2]) - sum(stage["seconds"] for stage in stages)
print(f"  msoko writing the folder, start-up and exit (wall - stages): {rest:.1f} s")
PY
rm -rf "$data/peer"
/usr/bin/time -v python3 Benchmarks/national/peer.py "$data" "$data/peer" 2>"$data.peer.log" | sed 's/^/  /'
peer_wall=$(wall "$data.peer.log")
echo "peer.py: $peer_wall s wall, peak $(peak "$data.peer.log") MB"
echo "ratio msoko / peer: $(python3 -c "print(f'{$msoko_wall / $peer_wall:.2f}')") (target <= 0.3)"
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)"

if [ -n "$sizes" ]; then
    echo
    echo "== peak memory of msoko run by size"
    printf "%8s %10s %8s %9s %16s\n" schools rows "wall s" "peak MB" "MB/1,000 schools"
    for n in $sizes; do
        generate "$n" >&2
        if [ "$n" != "$schools" ]; then run_msoko "$n"; fi
        d="Benchmarks/data/national-$n"
        rows=$(($(wc -l < "$d/observations.csv") - 1))
        mb=$(peak "$d.run.log")
        printf "%8d %10d %8s %9d %16.1f\n" "$n" "$rows" "$(wall "$d.run.log")" "$mb" "$(python3 -c "print($mb * 1000 / $n)")"
    done
fi
