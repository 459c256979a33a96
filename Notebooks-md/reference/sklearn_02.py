"""scikit-learn's side of the comparison table of Notebooks-md/02-mcas-real-districts.md.

Run once, by hand, when the comparison should be refreshed (msoko never runs
Python; `make notebooks` reads the files this script writes):

    pip install scikit-learn pandas
    python3 Notebooks-md/reference/sklearn_02.py

It standardises the 11 numeric columns of Datasets/mcas/mcas-districts.csv as
`msoko --standardize` does (StandardScaler: mean 0, population standard
deviation 1), then fits

    KMeans(n_clusters=3, n_init=30, random_state=1).fit(X)
    PCA(n_components=3, svd_solver="full").fit(X)

and writes
- sklearn_02_labels.csv: the k-means label of every district, in file order
  (the notebook's runner computes the adjusted Rand index between these and
  msoko's labels of the same run);
- sklearn_02.csv: the comparison rows `quantity,msoko,scikit-learn VERSION`, where
  `msoko` names what the notebook reads from msoko's JSON (a key, a key with
  an index, or `ari(labels,FILE)`) and `scikit_learn` is the figure computed here.
"""
from pathlib import Path

import pandas as pd
import sklearn
from sklearn.cluster import KMeans
from sklearn.decomposition import PCA
from sklearn.preprocessing import StandardScaler

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent.parent
LABELS = "Notebooks-md/reference/sklearn_02_labels.csv"

table = pd.read_csv(ROOT / "Datasets/mcas/mcas-districts.csv")
X = StandardScaler().fit_transform(table.iloc[:, 1:].to_numpy(dtype=float))
kmeans = KMeans(n_clusters=3, n_init=30, random_state=1).fit(X)
pca = PCA(n_components=3, svd_solver="full").fit(X)

pd.DataFrame({"district": table.iloc[:, 0], "label": kmeans.labels_}).to_csv(ROOT / LABELS, index=False)
version = sklearn.__version__
rows = [
    ("k-means inertia, k = 3", "inertia", repr(float(kmeans.inertia_))),
    ("k-means iterations of the best run", "iterations", str(int(kmeans.n_iter_))),
    ("adjusted Rand index of msoko's labels against scikit-learn's", f"ari(labels,{LABELS})", "—"),
] + [
    (f"PCA explained variance ratio, PC{j + 1}", f"explained_variance_ratio[{j}]", repr(float(r)))
    for j, r in enumerate(pca.explained_variance_ratio_)
]
with open(HERE / "sklearn_02.csv", "w", encoding="utf-8") as out:
    out.write(f"quantity,msoko,scikit-learn {version}\n")
    for quantity, key, value in rows:
        out.write(f'"{quantity}","{key}",{value}\n')
print((HERE / "sklearn_02.csv").read_text())
