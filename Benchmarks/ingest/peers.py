"""Times polars and pandas reading the benchmark file (best of 3 each);
prints the two best times in seconds. Usage: peers.py FILE utf8|cp1251"""
import sys
import time

import pandas
import polars

path, dialect = sys.argv[1], sys.argv[2]

def best(read):
    times = []
    for _ in range(3):
        start = time.perf_counter()
        read()
        times.append(time.perf_counter() - start)
    return min(times)

# The numeric columns are declared: polars' type inference on the first rows
# takes `value` for an integer column and then fails on `60.3`.
schema = {"value": polars.Float64, "base": polars.Float64}
if dialect == "utf8":
    polars_time = best(lambda: polars.read_csv(path, schema_overrides=schema))
    pandas_time = best(lambda: pandas.read_csv(path))
else:
    # polars reads only UTF-8 natively; "windows-1251" makes it decode first.
    polars_time = best(lambda: polars.read_csv(path, separator=";", decimal_comma=True, encoding="windows-1251",
                                               schema_overrides=schema))
    pandas_time = best(lambda: pandas.read_csv(path, sep=";", decimal=",", encoding="cp1251"))
print(polars_time, pandas_time)
