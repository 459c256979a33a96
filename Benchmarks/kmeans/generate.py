"""Deterministic benchmark data for `msoko kmeans` (issue 4).

Writes under Benchmarks/data/ (git-ignored):
  big.npy    500,000 x 20 float64 points: 10 Gaussian blobs (numpy seed 20240601)
  big.csv    the same points with an `id` column, 17 significant digits
  init.csv   10 starting centroids: the first point of each of 10 evenly spaced rows
"""
import os
import sys

import numpy as np

rows, dimensions, clusters = 500_000, 20, 10
out = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "..", "data")
os.makedirs(out, exist_ok=True)
random = np.random.default_rng(20240601)
centres = random.normal(scale=4.0, size=(clusters, dimensions))
membership = random.integers(0, clusters, size=rows)
points = centres[membership] + random.normal(scale=2.5, size=(rows, dimensions))
# Round to 6 decimals so the CSV holds exactly the values the in-memory run uses.
points = np.round(points, 6)
np.save(os.path.join(out, "big.npy"), points)
# Starting centroids: rows spread over the file (a deterministic, non-ideal start).
init = points[np.linspace(0, rows - 1, clusters).astype(int)]
header = ",".join(f"x{j}" for j in range(dimensions))
np.savetxt(os.path.join(out, "init.csv"), init, delimiter=",", header=header, comments="", fmt="%.6f")
with open(os.path.join(out, "big.csv"), "w") as handle:
    handle.write("id," + header + "\n")
    ids = np.arange(rows).reshape(-1, 1)
    np.savetxt(handle, np.hstack([ids, points]), delimiter=",", fmt=["%d"] + ["%.6f"] * dimensions)
print(f"wrote {rows} x {dimensions} points and {clusters} starting centroids to {out}")
