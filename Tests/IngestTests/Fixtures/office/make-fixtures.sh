#!/usr/bin/env bash
# Regenerates the Office fixtures of the XLSX/DOCX reader tests with real
# tools: LibreOffice (headless) and openpyxl / python-docx. The tests read
# the committed files; neither tool is needed to run them.
#
#   Tests/IngestTests/Fixtures/office/make-fixtures.sh
#
# Also checks by hand that LibreOffice opens a workbook written by
# XLSXWriter, when given one:
#   make-fixtures.sh --check-writer out.xlsx
#   (runs: libreoffice --headless --convert-to csv out.xlsx, prints the CSV)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if ! command -v libreoffice >/dev/null; then
    apt-get update
    apt-get install -y --no-install-recommends libreoffice-calc-nogui libreoffice-writer-nogui
fi
python3 -c 'import openpyxl, docx' 2>/dev/null || pip install openpyxl python-docx

if [ "${1:-}" = "--check-writer" ]; then
    cp "$2" "$work/check.xlsx"
    (cd "$work" && libreoffice --headless --convert-to csv:"Text - txt - csv (StarCalc)":44,34,76 check.xlsx >/dev/null)
    cat "$work/check.csv"
    exit 0
fi

# 1. A workbook saved by LibreOffice Calc, from a flat ODS written here.
cp "$here/source/libreoffice.fods" "$work/libreoffice.fods"
(cd "$work" && libreoffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" libreoffice.fods >/dev/null)
cp "$work/libreoffice.xlsx" "$here/libreoffice.xlsx"
# The same as Excel 97–2003 (.xls, an OLE compound file): not readable, named so.
(cd "$work" && libreoffice --headless --convert-to xls:"MS Excel 97" libreoffice.fods >/dev/null)
cp "$work/libreoffice.xls" "$here/legacy.xls"

# 2. Workbooks and a document written by the Python libraries.
python3 "$here/source/make_python_fixtures.py" "$here"

# 3. A document saved by LibreOffice Writer, from HTML.
cp "$here/source/libreoffice-table.html" "$work/libreoffice.html"
(cd "$work" && libreoffice --headless --infilter="HTML (StarWriter)" \
    --convert-to docx:"MS Word 2007 XML" libreoffice.html >/dev/null)
cp "$work/libreoffice.docx" "$here/libreoffice.docx"

# 4. Broken files: text that is no zip, a zip cut short (no central
#    directory), and a zip whose sheet data is damaged (CRC mismatch).
printf 'school_id;value\nS1;37,5\n' > "$here/not-a-zip.xlsx"
head -c 3000 "$here/libreoffice.xlsx" > "$here/truncated.xlsx"
python3 - "$here" <<'PY'
import sys, zipfile
here = sys.argv[1]
data = bytearray(open(f"{here}/libreoffice.xlsx", "rb").read())
with zipfile.ZipFile(f"{here}/libreoffice.xlsx") as archive:
    info = archive.getinfo("xl/worksheets/sheet1.xml")
# Local header: 30 bytes + name + extra, then the compressed data.
name_length = int.from_bytes(data[info.header_offset + 26:info.header_offset + 28], "little")
extra_length = int.from_bytes(data[info.header_offset + 28:info.header_offset + 30], "little")
start = info.header_offset + 30 + name_length + extra_length
for offset in range(start + 20, start + 60):
    data[offset] ^= 0x5A
open(f"{here}/corrupt-entry.xlsx", "wb").write(data)
PY
ls -l "$here"/*.xlsx "$here"/*.docx
