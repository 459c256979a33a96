# Reference for tables/context.csv of Pipelines/mcas-context.yaml (contract §8),
# from msoko's own overall_index.csv and the z-scores of the input values.
# Run from the repository root: python3 Datasets/mcas/context-reference.py OUT
# (OUT = the output folder of `msoko run Pipelines/mcas-context.yaml`); prints
# school_id,context_index,overall_index,expected,low,high,status.
import sys, numpy as np, pandas as pd, statsmodels, statsmodels.api as sm
out = sys.argv[1]
obs = pd.read_csv("Datasets/mcas/msoko/observations.csv")
index = pd.read_csv(f"{out}/tables/overall_index.csv").set_index("school_id")["index"]
context = {"lnchpct": -1, "pctel": -1, "speced": -1, "percap": +1}   # direction: down = -1, weights 1
wide = obs.pivot(index="school_id", columns="indicator", values="value").loc[index.index]
z = pd.DataFrame({c: (wide[c] - wide[c].mean()) / wide[c].std(ddof=0) * s for c, s in context.items()})
x = z.mean(axis=1)                       # weighted mean (all weights 1) of the direction-signed z-scores
fit = sm.OLS(index.values, sm.add_constant(x.values)).fit()
frame = fit.get_prediction(sm.add_constant(x.values)).summary_frame(alpha=0.10)
low, high = frame["obs_ci_lower"].values, frame["obs_ci_upper"].values
status = np.where(index.values > high, "above", np.where(index.values < low, "below", "expected"))
print(f"# numpy {np.__version__}, pandas {pd.__version__}, statsmodels {statsmodels.__version__}", file=sys.stderr)
print(f"# params {fit.params}, n {int(fit.nobs)}", file=sys.stderr)
for i, school in enumerate(index.index):
    print(",".join([school] + [repr(float(v)) for v in (x.iloc[i], index.iloc[i], frame["mean"].values[i], low[i], high[i])] + [status[i]]))
