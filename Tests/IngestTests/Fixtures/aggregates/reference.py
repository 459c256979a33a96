"""Reference values of SurveyAggregationTests and ContestAggregationTests,
computed from the raw fixtures with pandas, numpy and scipy — written from
docs/contract.md §7.2, independently of the Swift code. Prints Swift literals.

    python3 reference.py      # pandas 3.0.x, numpy, scipy 1.17.x
"""
import math

import numpy as np
import pandas as pd
import scipy
from scipy import stats

CONFIDENCE = 0.95
MINIMUM_BASE = 5
SCALE = {"полностью согласен": 5, "скорее согласен": 4, "затрудняюсь ответить": 3,
         "скорее не согласен": 2, "полностью не согласен": 1}


def fold(text):
    """Contract §7.2: case, surrounding spaces and ё/е ignored (runs of
    spaces, no-break and thin spaces read as one space)."""
    if pd.isna(text):
        return ""
    text = str(text).lower().replace("ё", "е")
    for space in ("\u00a0", "\u2009", "\u202f"):
        text = text.replace(space, " ")
    return " ".join(text.split())


def lit(x):
    return "nil" if x is None or (isinstance(x, float) and math.isnan(x)) else repr(float(x))


print(f"// pandas {pd.__version__}, numpy {np.__version__}, scipy {scipy.__version__}")

# ---- Survey -------------------------------------------------------------
survey = pd.read_csv("survey.csv", dtype=str, keep_default_na=False)
questions = [c for c in survey.columns if c.startswith("q")]
folded = survey[questions].apply(lambda col: col.map(fold))
scores = folded.apply(lambda col: col.map(SCALE)).astype(float)   # NaN = missing answer
answered = scores.notna().sum(axis=1)
counted = answered * 2 >= len(questions)
low_score, high_score = min(SCALE.values()), max(SCALE.values())
respondent_value = (scores.mean(axis=1) - low_score) / (high_score - low_score) * 100
survey["school"] = survey["school"].astype(int)

print("// survey: (school, respondents, value, low, high, alpha)")
for school, group in survey.groupby("school", sort=True):
    mask = counted[group.index]
    values = respondent_value[group.index][mask]
    n = len(values)
    value = low = high = alpha = None
    if n >= MINIMUM_BASE:
        value = values.mean()
        if n >= 2:
            # scipy.stats.t.ppf(0.975, n - 1) · s / √n, s with ddof = 1
            half = stats.t.ppf((1 + CONFIDENCE) / 2, n - 1) * values.std(ddof=1) / math.sqrt(n)
            low, high = value - half, value + half
        complete = scores.loc[group.index][mask].dropna()
        if len(questions) >= 2 and len(complete) >= 3:
            items = complete.to_numpy()
            total_variance = items.sum(axis=1).var(ddof=1)
            if total_variance > 0:
                k = items.shape[1]
                alpha = k / (k - 1) * (1 - items.var(axis=0, ddof=1).sum() / total_variance)
    print(f"({school}, {n}, {lit(value)}, {lit(low)}, {lit(high)}, {lit(alpha)}),")
print(f"// respondents not counted: {int((~counted).sum())}")
print("// questions: (outside, empty, quoted)")
for q in questions:
    texts = folded[q]
    outside = texts[(texts != "") & ~texts.isin(SCALE.keys())]
    counts = outside.value_counts()
    quoted = {t: int(c) for t, c in counts.items() if c >= MINIMUM_BASE}
    print(f"({len(outside)}, {int((texts == '').sum())}, {quoted}),")

# ---- Contests -----------------------------------------------------------
LEVELS = {"school": "school", "школьный": "school", "municipal": "municipal", "муниципальный": "municipal",
          "regional": "regional", "региональный": "regional", "federal": "federal", "all-russian": "federal",
          "всероссийский": "federal", "international": "international", "международный": "international"}
PRIZE = {"призер", "лауреат", "дипломант", "prize winner", "prize_winner", "победитель", "winner"}
RESULTS = PRIZE | {"участник", "participant"}

schools = pd.read_csv("schools.csv")
students = {int(r.school): (None if pd.isna(r.students) else int(r.students)) for r in schools.itertuples()}

contests = pd.read_csv("contests.csv", dtype=str, keep_default_na=False)
contests["school"] = contests["school"].astype(int)
contests["student"] = contests["student"].str.strip()
contests["lev"] = contests["level"].map(fold).map(LEVELS)
contests["res"] = contests["result"].map(fold)
contests["prize"] = contests["res"].isin(PRIZE)


def share(count, school):
    n = students.get(school)
    return None if not n else count / n * 100


print("// contests: (school, participants, prize, regional, federal, international,")
print("//            participation, prizeShare, regionalShare, federalShare, internationalShare, prizeRate)")
for school, g in contests.groupby("school", sort=True):
    participants = g["student"].nunique()
    prize = g.loc[g["prize"], "student"].nunique()
    at = {lv: g.loc[g["prize"] & (g["lev"] == lv), "student"].nunique() for lv in ("regional", "federal", "international")}
    fields = [participants, prize, at["regional"], at["federal"], at["international"]]
    rates = [share(participants, school), share(prize, school), share(at["regional"], school),
             share(at["federal"], school), share(at["international"], school), prize / participants * 100]
    print(f"({school}, {', '.join(map(str, fields))}, {', '.join(lit(r) for r in rates)}),")
unknown_levels = contests.loc[contests["lev"].isna(), "level"].map(fold).value_counts().to_dict()
unknown_results = contests.loc[~contests["res"].isin(RESULTS), "res"].value_counts().to_dict()
print(f"// unknown levels {unknown_levels}; unknown results {unknown_results}")

# ---- Enrolments ---------------------------------------------------------
enrolments = pd.read_csv("enrolments.csv", dtype=str, keep_default_na=False)
enrolments["school"] = enrolments["school"].astype(int)
enrolments["child"] = enrolments["child"].str.strip()
print("// enrolments: (school, children, coverage)")
for school, g in enrolments.groupby("school", sort=True):
    children = g["child"].nunique()
    print(f"({school}, {children}, {lit(share(children, school))}),")
