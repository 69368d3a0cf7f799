"""scikit-learn peer of test/bench/predict.bench.ts: the same data, the same validation rows, comparable settings.

Usage:
  predictSklearn.py bank CSV MASK          bank-marketing (target y, duration dropped); MASK: one 0/1 per row, 1 = validation
  predictSklearn.py arrays DIR N D ALGOS   synthetic arrays written by predictChild.ts (x.f32 column-major, y.u8, valid.u8)
Prints one JSON object: per model AUC, top-decile lift, seconds (fit only), iterations, and the process's peak RSS.
"""
import json
import resource
import sys
import time

import numpy as np
import pandas as pd
from sklearn.compose import ColumnTransformer
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.impute import SimpleImputer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import OneHotEncoder, OrdinalEncoder, StandardScaler


def lift_top10(y, p):
    order = np.argsort(-p, kind="stable")
    top = order[: len(order) // 10]
    return float(y[top].mean() / y.mean())


def hgb(categorical=None):
    # The engine's defaults: 200 rounds at most, learning rate 0.1, 31 leaves, 20 rows per leaf, no L2, early stopping
    # on 10 % of the training rows after 10 rounds without improvement, balanced class weights.
    return HistGradientBoostingClassifier(
        max_iter=200, learning_rate=0.1, max_leaf_nodes=31, min_samples_leaf=20, l2_regularization=0.0,
        early_stopping=True, validation_fraction=0.1, n_iter_no_change=10, class_weight="balanced",
        categorical_features=categorical, random_state=1,
    )


def fit(name, model, x_train, y_train, x_valid, y_valid, out):
    t = time.perf_counter()
    model.fit(x_train, y_train)
    seconds = time.perf_counter() - t
    p = model.predict_proba(x_valid)[:, 1]
    est = model[-1] if hasattr(model, "steps") else model
    iters = int(getattr(est, "n_iter_", [0])[0] if np.ndim(getattr(est, "n_iter_", 0)) else getattr(est, "n_iter_", 0))
    out[name] = {"auc": float(roc_auc_score(y_valid, p)), "lift_top10": lift_top10(y_valid, p), "seconds": seconds, "iterations": iters}


def bank(csv, mask_file):
    df = pd.read_csv(csv, sep=";")
    valid = np.loadtxt(mask_file, dtype=np.int8).astype(bool)
    y = (df.pop("y") == "yes").astype(int).to_numpy()
    df = df.drop(columns=["duration"])
    cats = [c for c in df.columns if df[c].dtype == object]
    nums = [c for c in df.columns if c not in cats]
    out = {}
    # Trees: native categorical support on ordinal codes.
    enc = OrdinalEncoder().fit(df[cats])
    x_tree = np.hstack([df[nums].to_numpy(dtype=float), enc.transform(df[cats])])
    mask = [False] * len(nums) + [True] * len(cats)
    fit("trees", hgb(mask), x_tree[~valid], y[~valid], x_tree[valid], y[valid], out)
    # Logistic: standardised numbers, one-hot categories, C = 1 (the engine's L2 = 1), balanced class weights.
    pre = ColumnTransformer([("num", StandardScaler(), nums), ("cat", OneHotEncoder(handle_unknown="ignore"), cats)])
    logit = make_pipeline(pre, LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000))
    fit("logistic", logit, df[~valid], y[~valid], df[valid], y[valid], out)
    return out


def arrays(folder, n, d, algos):
    x = np.fromfile(f"{folder}/x.f32", dtype=np.float32).reshape(d, n).T
    y = np.fromfile(f"{folder}/y.u8", dtype=np.uint8).astype(int)
    valid = np.fromfile(f"{folder}/valid.u8", dtype=np.uint8).astype(bool)
    out = {}
    if "trees" in algos:
        fit("trees", hgb(), x[~valid], y[~valid], x[valid], y[valid], out)
    if "logistic" in algos:
        logit = make_pipeline(SimpleImputer(strategy="median", add_indicator=True), StandardScaler(), LogisticRegression(C=1.0, class_weight="balanced", max_iter=1000))
        fit("logistic", logit, x[~valid], y[~valid], x[valid], y[valid], out)
    return out


if __name__ == "__main__":
    mode = sys.argv[1]
    result = bank(sys.argv[2], sys.argv[3]) if mode == "bank" else arrays(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split(","))
    result["peakRssBytes"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
    print(json.dumps(result))
