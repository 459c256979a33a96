"""scikit-learn side of the k-means benchmark (issue 4).

Prints one JSON object: memory bandwidth (numpy sum over the array), the fit
time of KMeans(algorithm="lloyd", n_init=1, init=centroids, max_iter, tol=0),
its iterations and inertia, and the end-to-end time (pandas.read_csv + fit).
"""
import json
import os
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans

data = sys.argv[1]
max_iter = int(sys.argv[2]) if len(sys.argv) > 2 else 50
points = np.load(os.path.join(data, "big.npy"))
init = np.loadtxt(os.path.join(data, "init.csv"), delimiter=",", skiprows=1)

# Bandwidth: the best of several numpy sums over the whole array (one read pass).
best = float("inf")
for _ in range(7):
    start = time.perf_counter()
    points.sum()
    best = min(best, time.perf_counter() - start)
bandwidth = points.nbytes / best


def fit(x):
    model = KMeans(n_clusters=len(init), init=init, n_init=1, max_iter=max_iter, tol=0.0, algorithm="lloyd")
    start = time.perf_counter()
    model.fit(x)
    return model, time.perf_counter() - start


fit(points[:20000])  # warm-up (imports, thread pools)
fits = [fit(points) for _ in range(3)]
model, fit_seconds = min(fits, key=lambda pair: pair[1])

start = time.perf_counter()
frame = pd.read_csv(os.path.join(data, "big.csv"))
x = frame.iloc[:, 1:].to_numpy(dtype=np.float64)
model_end, _ = fit(x)
end_to_end = time.perf_counter() - start

print(json.dumps({
    "bandwidth_bytes_per_second": bandwidth,
    "array_bytes": points.nbytes,
    "sklearn_fit_seconds": fit_seconds,
    "sklearn_iterations": int(model.n_iter_),
    "sklearn_inertia": float(model.inertia_),
    "sklearn_end_to_end_seconds": end_to_end,
    "sklearn_end_to_end_iterations": int(model_end.n_iter_),
}))
