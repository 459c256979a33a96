"""Reference values for the native-sources fixture, computed with pandas,
numpy and scipy straight from the raw files (not through msoko), printed as
Swift source for Tests/PipelineTests/NativeReference.swift.

    python3 reference.py > ../../NativeReference.swift
"""
import glob
import math
import os
import re

import docx
import numpy
import pandas
import scipy
import scipy.stats

here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)
schools = pandas.read_csv("schools.csv", dtype=str).fillna("")
students = {r.school_id: (float(r.students) if r.students else None) for r in schools.itertuples()}

def fold(text):
    return re.sub(r"\s+", " ", str(text).replace("\u00a0", " ")).strip().lower().replace("ё", "е")

names = {}
for r in schools.itertuples():
    for text in [r.school_id, r.name] + [a for a in r.aliases.split(";") if a.strip()]:
        names[fold(text)] = r.school_id

expected = []  # (school, indicator, kind, value, base)

# Self-assessment: code -> value cell (last column); "count / pct %" rules.
def number(text):
    text = re.sub(r"[^\d,.\-]", "", text).replace(",", ".")
    return float(text)

def parse(cell):
    parts = cell.split("/")
    if len(parts) == 2:
        return number(parts[0]), number(parts[1])
    if "%" in cell:
        return None, number(cell)
    return number(cell), None

tables = {}
for path in sorted(glob.glob("self-assessment/*"), key=lambda p: p.encode()):
    stem = os.path.splitext(os.path.basename(path))[0]
    if path.endswith(".xlsx"):
        frame = pandas.read_excel(path, header=None, dtype=str).fillna("")
        rows = frame.values.tolist()
    elif path.endswith(".csv"):
        rows = pandas.read_csv(path, sep=";", encoding="cp1251", header=None, dtype=str).fillna("").values.tolist()
    else:
        rows = [[cell.text for cell in row.cells] for row in docx.Document(path).tables[0].rows]
    width = max(len(r) for r in rows)
    tables[names[fold(stem)]] = {str(r[0]).strip(): str(r[width - 1]).strip() for r in rows if len(r) == width}

for school, codes in tables.items():
    for code, indicator, unit in (("1.18", "contest_participation", "percent"), ("1.19", "contest_winners", "percent"),
                                  ("1.19.1", "regional_awards", "per_100"), ("1.33", "teachers_upbringing_training", "percent")):
        if not codes.get(code):
            continue
        count, pct = parse(codes[code])
        base = round(count / pct * 100) if (unit == "percent" and count is not None and pct) else None
        expected.append((school, indicator, "self-assessment/", pct, base))
    federal = sum(parse(codes[c])[1] for c in ("1.19.2", "1.19.3"))
    expected.append((school, "federal_awards", "self-assessment/", federal, None))

# Wide passport: header row found by its school column.
frame = pandas.read_excel("passport.xlsx", header=None, dtype=str).fillna("")
header_row = next(i for i, row in frame.iterrows() if "ОО" in list(row))
frame.columns = list(frame.iloc[header_row])
frame = frame.iloc[header_row + 1:]
for _, row in frame.iterrows():
    key = fold(row["ОО"])
    if key.startswith("итого") or not key:
        continue
    school = names[key]
    for indicator, column, kind in (("student_self_government", "Самоуправление", "bool"),
                                    ("volunteer_squad", "Волонтёрский отряд", "bool"),
                                    ("partner_agreements", "Договоры с партнёрами", "count"),
                                    ("volunteers_share", "Доля волонтёров, %", "percent")):
        text = fold(row[column])
        value = {"да": 1.0, "нет": 0.0}[text] if kind == "bool" else float(text.replace("%", "").replace(",", ".").strip())
        expected.append((school, indicator, "passport.xlsx", value, None))

# Survey: parents only; respondents with at least half of 5 items answered.
scale = {"полностью согласен": 5, "скорее согласен": 4, "затрудняюсь ответить": 3,
         "скорее не согласен": 2, "полностью не согласен": 1}
survey = pandas.read_csv("parents.csv", dtype=str).fillna("")
survey = survey[survey["Вы"].map(fold) == "родитель"]
items = survey.columns[4:9]
scores = survey[items].apply(lambda column: column.map(lambda t: scale.get(fold(t), numpy.nan))).astype(float)
answered = scores.notna().sum(axis=1)
survey = survey.assign(school=survey["Ваша школа"].map(lambda t: names[fold(t)]))
counted = answered * 2 >= len(items)
survey_rows = []
for school, group in scores[counted].groupby(survey["school"][counted]):
    per_respondent = (group.mean(axis=1) - 1) / 4 * 100
    n = len(per_respondent)
    if n < 5:
        survey_rows.append((school, n, None, None, None, None))
        continue
    mean = per_respondent.mean()
    half = scipy.stats.t.ppf(0.975, n - 1) * per_respondent.std(ddof=1) / math.sqrt(n)
    complete = group.dropna()
    k = complete.shape[1]
    alpha = None
    if len(complete) >= 3:
        total = complete.sum(axis=1).var(ddof=1)
        if total > 0:
            alpha = k / (k - 1) * (1 - complete.var(ddof=1).sum() / total)
    survey_rows.append((school, n, mean, mean - half, mean + half, alpha))
    expected.append((school, "parent_satisfaction", "parents.csv", mean, n))

# Contests: distinct students per school; prize = призёр/призер/лауреат/дипломант/победитель.
contests = pandas.read_excel("contests.xlsx", dtype=str).fillna("")
contests["school"] = contests["ОО"].map(lambda t: names.get(fold(t)))
contests = contests[contests["school"].notna()]
contests["student"] = contests["Код участника"].str.strip()
prize = contests["Результат"].map(fold).isin(["призер", "лауреат", "дипломант", "победитель"])
regional = contests["Уровень"].map(fold) == "региональный"
for school, group in contests.groupby("school"):
    if students[school] is None:
        continue
    n = students[school]
    expected.append((school, "contest_participation", "contests.xlsx", group["student"].nunique() / n * 100, None))
    expected.append((school, "contest_winners", "contests.xlsx", group[prize[group.index]]["student"].nunique() / n * 100, None))
    expected.append((school, "regional_awards", "contests.xlsx",
                     group[(prize & regional)[group.index]]["student"].nunique() / n * 100, None))

# Navigator: distinct children per school.
navigator = pandas.read_csv("navigator.csv", sep=";", dtype=str)
navigator["school"] = navigator["Школа"].map(lambda t: names[fold(t)])
for school, group in navigator.groupby("school"):
    coverage = group["ID ребенка"].str.strip().nunique() / students[school] * 100
    if coverage <= 100:
        expected.append((school, "additional_education_coverage", "navigator.csv", coverage, None))

def swift(value):
    return "nil" if value is None else repr(float(value))

print("// Generated by Tests/PipelineTests/Fixtures/native/reference.py with")
print(f"// pandas {pandas.__version__}, numpy {numpy.__version__}, scipy {scipy.__version__}:")
print("// values computed from the raw native files, not through msoko.")
print("enum NativeReference {")
print("    /// (school, indicator, the file the value comes from, value, base)")
print("    static let values: [(String, String, String, Double, Double?)] = [")
for school, indicator, kind, value, base in expected:
    print(f'        ("{school}", "{indicator}", "{kind}", {swift(value)}, {swift(base)}),')
print("    ]")
print("    /// (school, respondents, value, low, high, alpha) of parent_satisfaction;")
print("    /// t-interval: scipy.stats.t.ppf(0.975, n - 1) · s/√n; α by its formula over complete cases.")
print("    static let surveys: [(String, Int, Double?, Double?, Double?, Double?)] = [")
for school, n, mean, low, high, alpha in survey_rows:
    print(f'        ("{school}", {n}, {swift(mean)}, {swift(low)}, {swift(high)}, {swift(alpha)}),')
print("    ]")
print("}")
