"""Writes the 1-million-cell benchmark workbook with openpyxl (write-only mode):
100,000 rows x 10 columns, 5 text and 5 numeric, like a district's
observations sheet. Usage: generate.py OUT.xlsx"""
import random
import sys

import openpyxl

random.seed(20261129)
districts = ["Центральный", "Северный", "Южный", "Заречный", "Промышленный"]
indicators = ["1.18", "1.19", "1.20", "2.3", "2.4"]
book = openpyxl.Workbook(write_only=True)
sheet = book.create_sheet("observations")
sheet.append(["school_id", "name", "district", "indicator", "unit",
              "value", "share", "score", "count", "year"])
for row in range(1, 100_000):
    sheet.append([
        f"S{row:05d}",
        f"МБОУ «Средняя школа № {row % 700 + 1}»",
        districts[row % 5],
        indicators[row % 5],
        "человек",
        random.randint(0, 2000),
        round(random.random(), 4),
        round(random.uniform(2, 5), 2),
        random.randint(1, 40),
        2020 + row % 6,
    ])
book.save(sys.argv[1])
