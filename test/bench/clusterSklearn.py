"""scikit-learn peer of the cluster benchmark: KMeans(n_clusters=8, n_init=1, algorithm="lloyd") timed on the
same CSV (wall and CPU time, all threads), plus the best inertia of 10 inits. Prints one JSON line. Usage: clusterSklearn.py CSV TRUTH SEED"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.cluster import KMeans
from sklearn.metrics import adjusted_rand_score

csv, truth_file, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
X = pd.read_csv(csv).to_numpy(dtype=np.float64)
truth = np.loadtxt(truth_file, dtype=np.int64)
t0 = time.perf_counter()
c0 = time.process_time()
one = KMeans(n_clusters=8, n_init=1, algorithm="lloyd", random_state=seed).fit(X)
seconds = time.perf_counter() - t0
cpu_seconds = time.process_time() - c0
t1 = time.perf_counter()
best = KMeans(n_clusters=8, n_init=10, algorithm="lloyd", random_state=seed).fit(X)
best_seconds = time.perf_counter() - t1
print(json.dumps({
    "seconds": seconds,
    "cpuSeconds": cpu_seconds,
    "iterations": int(one.n_iter_),
    "inertia": float(one.inertia_),
    "ari": float(adjusted_rand_score(truth, one.labels_)),
    "bestOf10Inertia": float(best.inertia_),
    "bestOf10Seconds": best_seconds,
    "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
}))
