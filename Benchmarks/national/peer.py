#!/usr/bin/env python3
"""The peer of `msoko run` at national scale (issue 13): what an analyst
would write with pandas, numpy and scikit-learn to get the same tables.

    python3 Benchmarks/national/peer.py DISTRICT_FOLDER OUT_FOLDER

DISTRICT_FOLDER is a canonical `msoko sample` folder (schools.csv,
observations.csv, indicators.yaml). Stages, each timed:

  read       schools.csv and observations.csv (pandas, C parser, categorical ids)
  validate   unknown school, indicator or period; value not a number; value
             outside its unit's range (percent, per_100, score 0-100; count
             >= 0; bool 0/1); a repeated school/period/indicator -> rejects.csv
  pivot      the value of each school and indicator per school year (the
             year's value, else its latest term): a schools x indicators
             matrix for the latest year and a series x years array
  normalise  distance to target, capped at 100 (down: target / value);
             min-max over the schools without a target; area scores and an
             overall index as weighted means over the available indicators
  trends     Mann-Kendall S, tie-corrected variance and p-value, Sen's slope
             and the OLS slope of every school x indicator series, vectorised
             with numpy over all series (chunks of 200,000)
  clusters   KMeans(n_init=20) for k = 2..6 on the indicator scores, k chosen
             by silhouette_score(sample_size=2000)
  deficits   below target by more than the Wilson half-width over `base`
             (percentages) or in the district's worst quarter (no target);
             severity = weight x (robust z beyond the median + share of the
             target missed); need = s1 + s2/2 + s3/4 + ...; ranking
  write      normalized, area_scores, trends, clusters, cluster_criteria,
             deficits, school_ranking and rejects as CSV
"""
import os
import re
import sys
import time

import numpy as np
import pandas as pd
import yaml
from scipy.special import ndtr
from sklearn.cluster import KMeans
from sklearn.metrics import silhouette_score

SEED = 42
UNIT_RANGES = {"percent": (0, 100), "per_100": (0, 100), "score": (0, 100), "count": (0, np.inf), "bool": (0, 1)}
PERIOD = re.compile(r"^(\d{4})/(\d{2})(?:-([1-4]))?$")

stages = []
clock = time.perf_counter()


def lap(name):
    global clock
    now = time.perf_counter()
    stages.append((name, now - clock))
    clock = now


def main(folder, out):
    os.makedirs(out, exist_ok=True)
    with open(os.path.join(folder, "indicators.yaml"), encoding="utf-8") as f:
        catalog = yaml.safe_load(f)
    indicators = pd.DataFrame(catalog["indicators"]).set_index("id")
    indicators["role"] = indicators.get("role", pd.Series(index=indicators.index, dtype=object)).fillna("outcome")
    indicators["weight"] = indicators.get("weight", pd.Series(index=indicators.index, dtype=float)).fillna(1.0)
    indicators["frequency"] = indicators.get("frequency", pd.Series(index=indicators.index, dtype=object)).fillna("year")
    indicators["target"] = indicators.get("target", pd.Series(index=indicators.index, dtype=float)).astype(float)

    # --- read
    schools = pd.read_csv(os.path.join(folder, "schools.csv"), dtype={"school_id": str})
    obs = pd.read_csv(os.path.join(folder, "observations.csv"),
                      dtype={"school_id": "category", "period": "category", "indicator": "category", "base": float})
    lap("read")

    # --- validate: one reason code per row, 0 = valid (the checks on categories, then mapped to the rows)
    reason_names = ["", "not a number", "unknown school", "unknown indicator", "bad period", "out of range", "duplicate"]
    reasons = np.zeros(len(obs), dtype=np.int8)
    if obs["value"].dtype == object:
        numeric = pd.to_numeric(obs["value"], errors="coerce")
        reasons[(numeric.isna() & obs["value"].notna()).to_numpy()] = 1
        obs["value"] = numeric

    def by_category(column, table):
        """`table` (indexed by the column's categories) looked up for every row."""
        return table.to_numpy()[obs[column].cat.codes.to_numpy()]

    school_categories = obs["school_id"].cat.categories
    reasons[~by_category("school_id", pd.Series(school_categories.isin(schools["school_id"])))] = 2
    indicator_categories = obs["indicator"].cat.categories
    reasons[~by_category("indicator", pd.Series(indicator_categories.isin(indicators.index)))] = 3
    period_ok = pd.Series([PERIOD.match(p) is not None for p in obs["period"].cat.categories])
    reasons[~by_category("period", period_ok)] = 4
    units = indicators["unit"].reindex(indicator_categories)
    low = by_category("indicator", units.map(lambda u: UNIT_RANGES.get(u, (-np.inf, np.inf))[0]).astype(float))
    high = by_category("indicator", units.map(lambda u: UNIT_RANGES.get(u, (-np.inf, np.inf))[1]).astype(float))
    is_bool = by_category("indicator", (units == "bool"))
    value = obs["value"].to_numpy()
    out_of_range = ~np.isnan(value) & ((value < low) | (value > high) | (is_bool & (value != 0) & (value != 1)))
    reasons[out_of_range] = 5
    reasons[obs.duplicated(["school_id", "period", "indicator"], keep="first").to_numpy()] = 6
    bad = reasons != 0
    rejects = obs[bad].assign(reason=np.array(reason_names, dtype=object)[reasons[bad]])
    obs = obs[~bad]
    lap("validate")

    # --- pivot: one value per school, indicator and school year
    categories = obs["period"].cat.categories
    parts = [PERIOD.match(p) for p in categories]
    start_year = np.array([int(m.group(1)) if m else 0 for m in parts])
    # The year's own value ranks above its terms, a later term above an earlier one.
    rank = np.array([int(m.group(3)) if m and m.group(3) else 5 for m in parts])
    codes = obs["period"].cat.codes.to_numpy()
    years = np.arange(start_year[start_year > 0].min(), start_year.max() + 1)
    year_index = start_year[codes] - years[0]
    school_ids = schools["school_id"].to_numpy()
    school_index = pd.Index(school_ids).get_indexer(obs["school_id"].cat.categories)[obs["school_id"].cat.codes.to_numpy()]
    outcome_ids = indicators.index[indicators["role"] != "context"]
    indicator_index = pd.Index(outcome_ids).get_indexer(obs["indicator"].cat.categories)[obs["indicator"].cat.codes.to_numpy()]
    keep = (indicator_index >= 0) & ~np.isnan(obs["value"].to_numpy())
    n_schools, n_indicators, n_years = len(school_ids), len(outcome_ids), len(years)
    group = (school_index[keep].astype(np.int64) * n_indicators + indicator_index[keep]) * n_years + year_index[keep]
    order = np.lexsort((rank[codes[keep]], group))
    last = np.r_[group[order][1:] != group[order][:-1], True]
    series = np.full(n_schools * n_indicators * n_years, np.nan)
    series[group[order][last]] = obs["value"].to_numpy()[keep][order][last]
    base_series = np.full(n_schools * n_indicators * n_years, np.nan)
    base_series[group[order][last]] = obs["base"].to_numpy()[keep][order][last]
    series = series.reshape(n_schools * n_indicators, n_years)
    latest = series[:, -1].reshape(n_schools, n_indicators)
    latest_base = base_series.reshape(n_schools * n_indicators, n_years)[:, -1].reshape(n_schools, n_indicators)
    lap("pivot")

    # --- normalise
    meta = indicators.loc[outcome_ids]
    target = meta["target"].to_numpy()
    up = (meta["direction"] == "up").to_numpy()
    with np.errstate(divide="ignore", invalid="ignore"):
        to_target = np.where(up, 100 * latest / target, np.where(latest > 0, 100 * target / latest, 100.0))
        lo, hi = np.nanmin(latest, axis=0), np.nanmax(latest, axis=0)
        minmax = np.where(up, (latest - lo) / (hi - lo), (hi - latest) / (hi - lo)) * 100
    minmax = np.where(hi > lo, minmax, 50.0)
    scores = np.where(np.isnan(target), minmax, np.minimum(to_target, 100))
    scores[np.isnan(latest)] = np.nan
    areas = meta["area"].to_numpy()
    area_ids = list(dict.fromkeys(areas))
    weights = meta["weight"].to_numpy()
    area_scores = np.full((n_schools, len(area_ids)), np.nan)
    for a, area in enumerate(area_ids):
        columns = areas == area
        s, w = scores[:, columns], weights[columns]
        present = ~np.isnan(s)
        with np.errstate(invalid="ignore"):
            area_scores[:, a] = np.nansum(s * w, axis=1) / (present * w).sum(axis=1)
    overall = np.nanmean(area_scores, axis=1)
    lap("normalise")

    # --- trends: every school x indicator series at once
    t = years - years[0]
    pairs_i, pairs_j = np.triu_indices(n_years, k=1)
    results = {name: np.full(len(series), np.nan) for name in ["n", "s", "var_s", "p", "sen", "ols"]}
    for start in range(0, len(series), 200_000):
        x = series[start:start + 200_000]
        present = ~np.isnan(x)
        n = present.sum(axis=1)
        d = x[:, pairs_j] - x[:, pairs_i]
        s = np.nansum(np.sign(d), axis=1)
        # Ties: sum over tied groups of t(t-1)(2t+5) = sum over values of (c-1)(2c+5), c = the value's group size.
        c = (x[:, :, None] == x[:, None, :]).sum(axis=2)
        ties = np.where(present, (c - 1) * (2 * c + 5), 0).sum(axis=1)
        var_s = (n * (n - 1) * (2 * n + 5) - ties) / 18
        with np.errstate(invalid="ignore", divide="ignore"):
            z = np.where(s > 0, (s - 1) / np.sqrt(var_s), np.where(s < 0, (s + 1) / np.sqrt(var_s), 0))
            sen = np.nanmedian(d / (t[pairs_j] - t[pairs_i]), axis=1)
            tm = np.where(present, t, np.nan)
            xm = x - np.nanmean(x, axis=1, keepdims=True)
            tc = tm - np.nanmean(tm, axis=1, keepdims=True)
            ols = np.nansum(xm * tc, axis=1) / np.nansum(tc * tc, axis=1)
        enough = n >= 4
        chunk = slice(start, start + len(x))
        results["n"][chunk] = n
        results["s"][chunk] = np.where(enough, s, np.nan)
        results["var_s"][chunk] = np.where(enough, var_s, np.nan)
        results["p"][chunk] = np.where(enough, 2 * ndtr(-np.abs(z)), np.nan)
        results["sen"][chunk] = np.where(enough, sen, np.nan)
        results["ols"][chunk] = np.where(enough, ols, np.nan)
    lap("trends")

    # --- clusters: k by silhouette on a sample
    features = np.where(np.isnan(scores), np.nanmean(scores, axis=0), scores)
    features = np.nan_to_num(features, nan=50.0)
    criteria = []
    best = None
    for k in range(2, 7):
        model = KMeans(n_clusters=k, n_init=20, random_state=SEED).fit(features)
        silhouette = silhouette_score(features, model.labels_, sample_size=min(2000, n_schools), random_state=SEED)
        criteria.append((k, silhouette, model.inertia_))
        if best is None or silhouette > best[1]:
            best = (k, silhouette, model)
    labels = best[2].labels_
    lap("clusters")

    # --- deficits and the ranking of need
    median = np.nanmedian(latest, axis=0)
    mad = 1.4826 * np.nanmedian(np.abs(latest - median), axis=0)
    mean_abs = np.sqrt(np.pi / 2) * np.nanmean(np.abs(latest - median), axis=0)
    spread = np.maximum(np.where(mad > 0, mad, mean_abs), 0.1 * np.abs(median))
    spread = np.where(spread > 0, spread, 1.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        beyond = np.maximum(0, np.where(up, median - latest, latest - median) / spread)
        # Wilson 95 % half-width of a percentage over its base.
        p_hat = np.clip(latest / 100, 0, 1)
        z95 = 1.959964
        half = 100 * z95 / (1 + z95 ** 2 / latest_base) * np.sqrt(
            p_hat * (1 - p_hat) / latest_base + z95 ** 2 / (4 * latest_base ** 2))
    is_percent = (meta["unit"] == "percent").to_numpy()
    tolerance = np.where(is_percent & ~np.isnan(half), half, 0.0)
    q25, q75 = np.nanpercentile(latest, 25, axis=0), np.nanpercentile(latest, 75, axis=0)
    below_target = np.where(up, latest < target - tolerance, latest > target + tolerance)
    worst_quarter = np.where(up, latest < q25, latest > q75)
    deficit = np.where(np.isnan(target), worst_quarter, below_target) & ~np.isnan(latest)
    shortfall = np.where(np.isnan(target), 0, 1 - np.nan_to_num(scores) / 100)
    area_mean_weight = pd.Series(weights).groupby(areas).transform("mean").to_numpy()
    severity = np.where(deficit, weights / area_mean_weight * (beyond + shortfall), 0)
    ordered = -np.sort(-severity, axis=1)
    need = (ordered / 2.0 ** np.arange(n_indicators)).sum(axis=1)
    ranking = np.argsort(-need, kind="stable")
    lap("deficits")

    # --- write the tables
    def write(name, frame):
        frame.to_csv(os.path.join(out, name + ".csv"), index=False, float_format="%.6g")

    school_column = np.repeat(school_ids, n_indicators)
    indicator_column = np.tile(np.asarray(outcome_ids), n_schools)
    write("normalized", pd.DataFrame({"school_id": school_column, "indicator": indicator_column,
                                      "value": latest.ravel(), "score": scores.ravel()}))
    area_frame = pd.DataFrame(area_scores, columns=area_ids)
    area_frame.insert(0, "school_id", school_ids)
    area_frame["overall_index"] = overall
    write("area_scores", area_frame)
    write("trends", pd.DataFrame({"school_id": school_column, "indicator": indicator_column, **results}))
    write("clusters", pd.DataFrame({"school_id": school_ids, "cluster": labels + 1}))
    write("cluster_criteria", pd.DataFrame(criteria, columns=["k", "silhouette", "inertia"]))
    rows, columns = np.nonzero(deficit)
    write("deficits", pd.DataFrame({"school_id": school_ids[rows], "indicator": np.asarray(outcome_ids)[columns],
                                    "value": latest[rows, columns], "target": target[columns],
                                    "severity": severity[rows, columns]}))
    write("school_ranking", pd.DataFrame({"rank": np.arange(1, n_schools + 1), "school_id": school_ids[ranking],
                                          "need": need[ranking], "n_deficits": deficit.sum(axis=1)[ranking],
                                          "overall_index": overall[ranking]}))
    write("rejects", rejects)
    lap("write")

    print(f"peer: {n_schools} schools, {len(obs)} values accepted, {len(rejects)} rejected, k = {best[0]}")
    for name, seconds in stages:
        print(f"peer stage {name}: {seconds:.2f} s")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
