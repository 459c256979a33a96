"""Writes the canonical msoko inputs for the MCAS districts (real public data).

msoko/schools.csv:       school_id (D + the state's district code), name (the district)
msoko/observations.csv:  one row per district and column, period 1997/98, values
                         copied as text from mcas.csv (empty where it has NA)

Run from this folder: python3 make-msoko-inputs.py (needs only the standard library).
"""
import csv

COLUMNS = ["totsc4", "totsc8", "tchratio", "spc", "lnchpct", "pctel", "speced", "percap"]

with open("mcas.csv", newline="", encoding="utf-8") as f:
    rows = list(csv.DictReader(f))

with open("msoko/schools.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["school_id", "name"])
    for row in rows:
        out.writerow([f"D{int(row['code']):03d}", row["district"]])

with open("msoko/observations.csv", "w", newline="", encoding="utf-8") as f:
    out = csv.writer(f, lineterminator="\n")
    out.writerow(["school_id", "period", "indicator", "value"])
    for row in rows:
        for column in COLUMNS:
            value = row[column]
            out.writerow([f"D{int(row['code']):03d}", "1997/98", column, "" if value == "NA" else value])
