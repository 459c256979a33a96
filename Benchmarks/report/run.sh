#!/usr/bin/env bash
# A whole `msoko run` of a 5,000-school district (issue 12): the time, and
# whether the report stays readable — no chart naming more than 60 schools,
# report.html under 5 MB. The district is `msoko sample --schools 5000
# --seed 1` with its native sources left out (the canonical CSVs only, as
# Tests/PipelineTests/ScaleTests.swift does at 1,000 schools), generated
# under Benchmarks/data/ (git-ignored). SCHOOLS=N changes the size.
# Needs python3 (standard library only) for the check.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
schools="${SCHOOLS:-5000}"
data="$root/Benchmarks/data/report-$schools"
cd "$root"
swift build -c release --product msoko >/dev/null
msoko="$(swift build -c release --product msoko --show-bin-path)/msoko"
if [ ! -f "$data/pipeline.yaml" ]; then
    rm -rf "$data"
    "$msoko" sample --out "$data" --schools "$schools" --seed 1 >/dev/null
    # The canonical files only: cut `sources:` and what follows from the pipeline.
    python3 - "$data/pipeline.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path, encoding="utf-8").read()
open(path, "w", encoding="utf-8").write(text.split("\nsources:")[0] + "\n")
PY
fi
rm -rf "$data/out"
start=$(date +%s.%N)
/usr/bin/time -f "peak memory: %M KB" "$msoko" run "$data/pipeline.yaml" --out "$data/out" >/dev/null
end=$(date +%s.%N)
echo "msoko run, $schools schools: $(python3 -c "print(f'{$end - $start:.1f}')") s"
python3 - "$data" <<'PY'
import csv, os, re, sys
data = sys.argv[1]
out = os.path.join(data, "out")
with open(os.path.join(data, "schools.csv"), encoding="utf-8") as f:
    ids = {row["school_id"] for row in csv.DictReader(f)}
size = os.path.getsize(os.path.join(out, "report.html"))
print(f"report.html: {size:,} bytes ({size / 1e6:.2f} MB)")
# Visible texts of an SVG, a nested <title> tooltip left out (as ScaleTests does).
text_pattern = re.compile(r"<text[^>]*>(?:<title>[^<]*</title>)?([^<]*)</text>")
worst = 0
failed = False
charts = sorted(n for n in os.listdir(os.path.join(out, "charts")) if not n.startswith("school_"))
for name in charts:
    svg = open(os.path.join(out, "charts", name), encoding="utf-8").read()
    texts = text_pattern.findall(svg)
    labels = sum(1 for t in texts if t.split(" ")[0] in ids)
    worst = max(worst, labels)
    print(f"  {name}: {labels} school labels, {len(texts)} texts, {len(svg.encode()):,} bytes")
    failed |= labels > 60
print(f"most school labels in one chart: {worst} (of {len(charts)} district charts)")
failed |= size >= 5_000_000
sys.exit(1 if failed else 0)
PY
