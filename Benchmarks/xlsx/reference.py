"""The peer: openpyxl read-only mode reading every value of the first sheet.
Usage: reference.py FILE.xlsx [RUNS]; prints the best time."""
import sys
import time

import openpyxl

path = sys.argv[1]
runs = int(sys.argv[2]) if len(sys.argv) > 2 else 2
best = float("inf")
for _ in range(runs):
    start = time.perf_counter()
    book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    cells = 0
    for row in book.worksheets[0].iter_rows(values_only=True):
        cells += sum(1 for value in row if value is not None)
    book.close()
    best = min(best, time.perf_counter() - start)
print(f"openpyxl {openpyxl.__version__} read-only: {cells} cells, best of {runs}: {best:.3f} s")
