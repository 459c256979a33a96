#!/usr/bin/env bash
# XLSX reading benchmark (issue 8): msoko's XLSXReader against openpyxl's
# read-only mode on the same 1-million-cell workbook, in the same run.
# Needs python3 with openpyxl (pip install openpyxl). The workbook is
# generated under Benchmarks/data/ (git-ignored).
#
# msoko has no command that only reads a workbook, and the benchmark must not
# add one, so this script builds a throwaway executable in a temporary
# directory that depends on this package by path and times
# XLSXReader.read (best of 3, the file already in memory).
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
data="$root/Benchmarks/data"
mkdir -p "$data"
book="$data/xlsx-1m.xlsx"
[ -f "$book" ] || python3 "$root/Benchmarks/xlsx/generate.py" "$book"
books=("$book")
# openpyxl writes every text inline (t="inlineStr"); Excel and LibreOffice
# write a shared-string table. The same workbook saved by LibreOffice, when
# it is installed, measures that layout too.
shared="$data/xlsx-1m-shared.xlsx"
if [ ! -f "$shared" ] && command -v libreoffice >/dev/null; then
    convert="$(mktemp -d)"
    cp "$book" "$convert/xlsx-1m-shared.xlsx"
    libreoffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" --outdir "$convert/out" \
        "$convert/xlsx-1m-shared.xlsx" >/dev/null 2>&1
    cp "$convert/out/xlsx-1m-shared.xlsx" "$shared"
    rm -rf "$convert"
fi
[ -f "$shared" ] && books+=("$shared")
ls -l "${books[@]}"

bench="$(mktemp -d)"
trap 'rm -rf "$bench"' EXIT
mkdir -p "$bench/Sources/officebench"
cat > "$bench/Package.swift" <<SWIFT
// swift-tools-version: 6.0
import PackageDescription
let package = Package(
    name: "officebench",
    platforms: [.macOS(.v13)],
    dependencies: [.package(path: "$root")],
    targets: [.executableTarget(name: "officebench",
                                dependencies: [.product(name: "MsokoKit", package: "$(basename "$root")")])]
)
SWIFT
cat > "$bench/Sources/officebench/main.swift" <<'SWIFT'
import Foundation
import MsokoIngest

for path in CommandLine.arguments.dropFirst() {
    let data = try Data(contentsOf: URL(fileURLWithPath: path))
    var best = Double.infinity
    var cells = 0
    for _ in 0..<3 {
        let start = Date()
        let grid = try XLSXReader.read(data: data, file: path, sheet: nil)
        best = min(best, Date().timeIntervalSince(start))
        cells = grid.rows.reduce(0) { $0 + $1.cells.count }
    }
    print(String(format: "%@ msoko XLSXReader: %d cells, best of 3: %.3f s",
                 URL(fileURLWithPath: path).lastPathComponent, cells, best))
}
SWIFT
(cd "$bench" && swift build -c release >/dev/null)
"$bench/.build/release/officebench" "${books[@]}"
for file in "${books[@]}"; do
    echo -n "$(basename "$file") "
    python3 "$root/Benchmarks/xlsx/reference.py" "$file" 2
done
