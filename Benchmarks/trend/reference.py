"""Reference timing and cross-check for `msoko trend`.

Usage: reference.py INPUT.csv MSOKO_OUTPUT.json SERIES

Times pymannkendall's original_test (plus scipy theilslopes and linregress,
which msoko's output also covers) on the first SERIES series of the input,
and checks msoko's numbers for those series: Mann–Kendall against
pymannkendall (order-based, so valid for uneven spacing), Sen's slope and
intercept against scipy theilslopes (which takes the time points; pymannkendall
assumes equal spacing), OLS against scipy linregress with t.ppf.
"""
import itertools, json, math, sys, time
import numpy as np
import pymannkendall as mk
import scipy
from scipy import stats

input_path, output_path, count = sys.argv[1], sys.argv[2], int(sys.argv[3])

series = {}
with open(input_path) as handle:
    next(handle)
    for line in handle:
        name, t, value = line.rstrip("\n").split(",")
        if name not in series:
            if len(series) == count:
                break
            series[name] = ([], [])
        series[name][0].append(float(t))
        series[name][1].append(float(value))
arrays = [(name, np.array(t), np.array(y)) for name, (t, y) in series.items()]

start = time.perf_counter()
reference = []
for name, t, y in arrays:
    test = mk.original_test(y)
    theil = stats.theilslopes(y, t)
    fit = stats.linregress(t, y)
    critical = stats.t.ppf(0.975, len(t) - 2)
    reference.append((name, test, theil, fit, critical))
elapsed = time.perf_counter() - start
print(f"python: pymannkendall {mk.__version__} original_test + scipy {scipy.__version__} "
      f"theilslopes + linregress: {len(arrays)} series in {elapsed:.2f} s "
      f"({1e6 * elapsed / len(arrays):.1f} µs per series)")

with open(output_path) as handle:
    objects = json.load(handle)[: len(arrays)]

def relative(a, b):
    return abs(a - b) / max(1.0, abs(b))

worst = {}
def check(key, actual, expected):
    worst[key] = max(worst.get(key, 0.0), relative(actual, expected))

for item, (name, test, theil, fit, critical) in zip(objects, reference):
    assert item["series"] == name, (item["series"], name)
    check("mk_s", item["mk_s"], test.s)
    check("mk_var_s", item["mk_var_s"], test.var_s)
    check("mk_z", item["mk_z"], test.z)
    check("mk_p", item["mk_p"], test.p)
    check("sen_slope", item["sen_slope"], theil.slope)
    check("sen_intercept", item["sen_intercept"], theil.intercept)
    check("ols_slope", item["ols_slope"], fit.slope)
    check("ols_intercept", item["ols_intercept"], fit.intercept)
    check("ols_slope_low", item["ols_slope_low"], fit.slope - critical * fit.stderr)
    check("ols_slope_high", item["ols_slope_high"], fit.slope + critical * fit.stderr)
    expected_trend = test.trend.replace(" ", "_")
    if item["trend"] != expected_trend:
        # Only a p within rounding of 0.05 may disagree (pymannkendall's p is 1 − Φ).
        assert abs(test.p - 0.05) < 1e-12, (name, item["trend"], expected_trend)
print("largest relative difference per field (vs max(1, |reference|)):")
for key, value in worst.items():
    print(f"  {key}: {value:.2e}")
assert max(worst.values()) < 1e-9, "msoko differs from the reference"
print(f"cross-check passed on {len(objects)} series")
