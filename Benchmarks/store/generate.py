#!/usr/bin/env python3
"""Writes a canonical district for the store benchmark (issue 14): SCHOOLS
schools x 40 indicators of the district catalog x 8 school years, one row per
value (40,000 schools give 12.8 million rows), and a pipeline naming a store.
Values are uniform within each indicator's unit; the seed is fixed."""
import random, re, sys, os

schools, out, catalog = int(sys.argv[1]), sys.argv[2], sys.argv[3]
os.makedirs(out, exist_ok=True)
indicators, current = [], None
for line in open(catalog, encoding="utf-8"):
    m = re.match(r"  - id: (\S+)", line)
    if m:
        current = m.group(1)
    m = re.match(r"    unit: (\S+)", line)
    if m and current:
        indicators.append((current, m.group(1)))
        current = None
indicators = indicators[:40]
random.seed(14)
with open(f"{out}/schools.csv", "w", encoding="utf-8") as f:
    f.write("school_id,name,students\n")
    for s in range(schools):
        f.write(f"S{s:05d},Школа № {s + 1},{random.randint(80, 1500)}\n")
years = [f"{y}/{(y + 1) % 100:02d}" for y in range(2016, 2024)]
with open(f"{out}/observations.csv", "w", encoding="utf-8") as f:
    f.write("school_id,period,indicator,value,base\n")
    rnd = random.random
    for period in years:
        rows = []
        for s in range(schools):
            school = f"S{s:05d}"
            for ident, unit in indicators:
                if unit == "bool":
                    value = "1" if rnd() < 0.7 else "0"
                elif unit == "percent":
                    value = f"{rnd() * 100:.1f}"
                elif unit == "count":
                    value = str(int(rnd() * 40))
                else:
                    value = f"{rnd() * 10:.1f}"
                rows.append(f"{school},{period},{ident},{value},\n")
        f.write("".join(rows))
with open(f"{out}/pipeline.yaml", "w", encoding="utf-8") as f:
    f.write("catalog: indicators.yaml\nschools: schools.csv\nobservations: [observations.csv]\nstore: history.sqlite\n")
