#!/usr/bin/env bash
# Regenerates the sample district in the dialects schools send, from the
# committed canonical files (Datasets/mosalsk-sample). The tests read the
# committed results; only this script needs Python and LibreOffice.
#   windows-1251/   ';'-separated Windows-1251 CSV, decimal commas,
#                   thousands with a no-break space, as Excel on a Russian
#                   Windows saves "CSV (разделители — точки с запятой)"
#   xlsx/           the canonical CSV opened and saved as XLSX by LibreOffice
set -euo pipefail
cd "$(dirname "$0")"
root=../../../..
sample=$root/Datasets/mosalsk-sample
if ! command -v soffice >/dev/null; then
  apt-get update && apt-get install -y --no-install-recommends libreoffice-calc-nogui
fi
mkdir -p windows-1251 xlsx
python3 - "$sample" <<'PY'
import csv, sys
sample = sys.argv[1]
def number(text):
    if text == "" or not any(c.isdigit() for c in text):
        return text
    try:
        value = float(text)
    except ValueError:
        return text
    if value == int(value) and abs(value) >= 1000:
        return f"{int(value):,}".replace(",", "\u00a0")
    return text.replace(".", ",")
for name, numeric in (("schools", {"students"}), ("observations", {"value", "base"})):
    with open(f"{sample}/{name}.csv", encoding="utf-8", newline="") as source:
        rows = list(csv.reader(source))
    header = rows[0]
    with open(f"windows-1251/{name}.csv", "w", encoding="cp1251", newline="") as target:
        writer = csv.writer(target, delimiter=";", lineterminator="\r\n")
        writer.writerow(header)
        for row in rows[1:]:
            writer.writerow([number(cell) if header[i] in numeric else cell for i, cell in enumerate(row)])
PY
# Every column as text but the numeric ones (2 = text, 1 = standard), so
# LibreOffice does not take a period such as 2019/20 for a date.
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" \
  --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/1/5/1" --outdir xlsx "$sample/observations.csv" >/dev/null
soffice --headless --convert-to xlsx:"Calc MS Excel 2007 XML" \
  --infilter="CSV:44,34,76,1,1/2/2/2/3/2/4/2/5/1/6/2" --outdir xlsx "$sample/schools.csv" >/dev/null
ls -l windows-1251 xlsx
