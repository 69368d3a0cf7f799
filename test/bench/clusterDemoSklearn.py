"""scikit-learn peer of clusterDemo.bench.ts: the engine's preprocessing (log of money as sign-preserving log1p of
yuan, median fill, standard or robust scaling with the engine's std fallback, clip, weights) applied to the same
raw columns, then KMeans(n_clusters=k, n_init=10); also the ARI of assigning every row to the nearest true segment
centre in that space (a ceiling for any k-means on these features). Prints one JSON line.
Usage: clusterDemoSklearn.py SPEC_JSON (csv, k, seed, scale, clip, weights, money)"""
import json
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

spec = json.loads(sys.argv[1])
df = pd.read_csv(spec["csv"])
df = df[df["__truth"].notna()]
truth = df["__truth"].astype(int).to_numpy()
features = [c for c in df.columns if c not in ("cust_no", "__truth")]
cols = []
for name in features:
    v = pd.to_numeric(df[name], errors="coerce").to_numpy(dtype=np.float64)
    if name in spec["money"]:
        v = np.sign(v) * np.log1p(np.abs(v) / 100)
    v = np.where(np.isnan(v), np.nanmedian(v), v)
    if spec["scale"] == "standard":
        center, scale = v.mean(), v.std() or 1.0
    else:
        center = np.median(v)
        scale = np.quantile(v, 0.75) - np.quantile(v, 0.25)
        if not scale > 0:
            scale = np.sqrt(((v - center) ** 2).mean()) or 1.0
    z = (v - center) / scale
    if spec["clip"] > 0:
        z = np.clip(z, -spec["clip"], spec["clip"])
    cols.append(z * spec["weights"].get(name, 1))
X = np.column_stack(cols)
t0 = time.perf_counter()
km = KMeans(n_clusters=spec["k"], n_init=10, random_state=spec["seed"]).fit(X)
seconds = time.perf_counter() - t0
segments = np.unique(truth)
centres = np.array([X[truth == s].mean(axis=0) for s in segments])
nearest = segments[((X[:, None, :] - centres[None, :, :]) ** 2).sum(axis=2).argmin(axis=1)]
print(json.dumps({"ari": float(adjusted_rand_score(truth, km.labels_)), "ceiling": float(adjusted_rand_score(truth, nearest)), "seconds": seconds}))
