"""Writes a sample district again as Excel on a Russian Windows saves CSV:
Windows-1251, ';'-separated, decimal commas, CRLF line ends (issue 8's
benchmark). Usage: convert.py SOURCE_DIR TARGET_DIR"""
import csv
import os
import shutil
import sys

source, target = sys.argv[1], sys.argv[2]
os.makedirs(target, exist_ok=True)
for name, numeric in (("schools", {"students"}), ("observations", {"value", "base"})):
    with open(os.path.join(source, f"{name}.csv"), encoding="utf-8", newline="") as inp, \
         open(os.path.join(target, f"{name}.csv"), "w", encoding="cp1251", newline="") as out:
        reader = csv.reader(inp)
        writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
        header = next(reader)
        writer.writerow(header)
        columns = [i for i, column in enumerate(header) if column in numeric]
        for row in reader:
            for i in columns:
                row[i] = row[i].replace(".", ",")
            writer.writerow(row)
for name in os.listdir(source):
    if name.endswith(".yaml"):
        shutil.copy(os.path.join(source, name), target)
