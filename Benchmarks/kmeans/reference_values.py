"""Reference values embedded in Tests/ClusteringTests (issue 4).

Run: python3 Benchmarks/kmeans/reference_values.py
Prints the scikit-learn 1.9.1 figures the Swift tests compare against:
Iris (raw, as load_iris) and MCAS (11 complete numeric columns, z-scored with
the population standard deviation).
"""
import io
import json
import re

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.datasets import load_iris
from sklearn.decomposition import PCA
from sklearn.metrics import calinski_harabasz_score, davies_bouldin_score, silhouette_score

fixture = open("Tests/ClusteringTests/Fixtures.swift").read()
mcas_csv = re.search(r'static let mcasCSV = """\n(.*?)\n"""', fixture, re.S).group(1)
mcas = pd.read_csv(io.StringIO(mcas_csv)).iloc[:, 1:].to_numpy(dtype=float)
mcas = (mcas - mcas.mean(axis=0)) / mcas.std(axis=0)
iris = load_iris().data
out = {}
for name, x in [("iris", iris), ("mcas", mcas)]:
    out[name] = {"inertia": {k: KMeans(n_clusters=k, n_init=30, random_state=0).fit(x).inertia_ for k in range(2, 7)}}
    for k in (3, 4):
        init = x[np.linspace(0, len(x) - 1, k).astype(int)]
        model = KMeans(n_clusters=k, init=init, n_init=1, tol=0.0, max_iter=300, algorithm="lloyd").fit(x)
        out[name][f"lloyd{k}"] = {"labels": model.labels_.tolist(), "n_iter": int(model.n_iter_),
                                  "inertia": model.inertia_,
                                  "silhouette": silhouette_score(x, model.labels_),
                                  "calinski_harabasz": calinski_harabasz_score(x, model.labels_),
                                  "davies_bouldin": davies_bouldin_score(x, model.labels_)}
    pca = PCA().fit(x)
    out[name]["pca"] = {"explained_variance": pca.explained_variance_.tolist(),
                        "explained_variance_ratio": pca.explained_variance_ratio_.tolist(),
                        "first_component": pca.components_[0].tolist(),
                        "first_score": pca.transform(x)[0].tolist()}
print(json.dumps(out, indent=1))
