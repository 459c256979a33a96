"""Writes the raw fixtures of the aggregation tests (survey.csv, contests.csv,
enrolments.csv, schools.csv). Deterministic (seeded); rerun only to change the
data, then rerun reference.py and paste its output into the Swift tests.

    python3 generate.py
"""
import csv
import random

rng = random.Random(20261129)

SCALE = ["полностью согласен", "скорее согласен", "затрудняюсь ответить",
         "скорее не согласен", "полностью не согласен"]
# Spellings an export really holds: other case, stray and no-break spaces.
VARIANTS = [lambda t: t, lambda t: t.capitalize(), lambda t: t.upper(),
            lambda t: "  " + t + " ", lambda t: t.replace(" ", "\u00a0")]
ITEMS = 5


def answer(latent):
    index = min(4, max(0, int(round(rng.gauss(latent, 0.6)))))
    return rng.choice(VARIANTS)(SCALE[index])


# School index → (respondents, mean position on the scale list, 0 = best).
plan = {0: (14, 1.0), 1: (12, 2.2), 2: (3, 0.5), 3: (11, 1.6)}
rows = []
for school, (count, bias) in plan.items():
    for _ in range(count):
        latent = rng.gauss(bias, 0.9)   # the respondent's attitude: items correlate
        rows.append([school] + [answer(latent) for _ in range(ITEMS)])
rng.shuffle(rows)

# Outside-scale texts and gaps, placed by hand so that every rule is hit.
def put(row, question, text):
    rows[row][1 + question] = text

for r, text in zip([0, 3, 5, 8, 13, 21], ["не знаю", "Не знаю", " НЕ ЗНАЮ", "не  знаю", "не знаю", "Не знаю"]):
    put(r, 1, text)                 # 6 × «не знаю» in q2: quoted at minimum base 5
for r in [2, 9, 17, 30]:
    put(r, 3, "нет ответа")         # 4 × in q4: not quoted at 5
put(11, 2, "Мой ребёнок Петров Ваня, 3Б")   # free text once: never quoted
for r, qs in {4: [0, 4], 7: [2], 12: [1, 2, 3], 15: [0, 1, 2], 19: [3, 4],
              24: [0, 1, 2, 3, 4], 27: [4], 33: [1, 3]}.items():
    for q in qs:
        put(r, q, "")
# School 3 keeps fewer than 3 complete respondents: α is empty there.
complete3 = 0
for row in rows:
    if row[0] == 3 and all(cell.strip() and cell.strip().lower() not in ("не знаю",) for cell in row[1:]):
        complete3 += 1
        if complete3 > 2:
            row[2 + (complete3 % 4)] = ""

with open("survey.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["school"] + [f"q{i + 1}" for i in range(ITEMS)])
    w.writerows(rows)

# Contests: one row per student per contest.
LEVELS = ["школьный", "Муниципальный", "РЕГИОНАЛЬНЫЙ", "всероссийский", "Международный",
          "school", "Municipal", "regional", "FEDERAL", "international"]
RESULTS = ["участник", "Участник", "призёр", "Призер", "ПОБЕДИТЕЛЬ", "лауреат", "Дипломант",
           "participant", "prize winner", "Winner"]
students = {0: [f"A{i:02d}" for i in range(14)], 1: [f"B{i:02d}" for i in range(10)],
            2: [f"C{i:02d}" for i in range(5)], 3: [f"A{i:02d}" for i in range(6)]}  # 3 reuses ids of 0
contest_rows = []
for school, ids in students.items():
    for student in ids:
        for _ in range(rng.choice([1, 1, 2])):
            contest_rows.append([school, student, rng.choice(["Олимпиада по математике", "Конкурс чтецов", "ГТО"]),
                                 rng.choice(LEVELS), rng.choice(RESULTS)])
# A student entering 3 contests (one id written with spaces around it).
contest_rows += [[0, "A03", "Олимпиада по физике", "региональный", "призёр"],
                 [0, " A03 ", "Олимпиада по химии", "Всероссийский", "участник"],
                 [0, "A03", "Конкурс эссе", "международный", "Победитель"]]
# Unknown levels and results: still participation, listed once per text.
contest_rows += [[0, "A20", "Турнир", "городской", "участник"],
                 [3, "A40", "Турнир", "Городской", "призёр"],
                 [1, "B00", "Фестиваль", "районный", "сертификат"],
                 [2, "C09", "Фестиваль", "региональный", ""],
                 [3, "A41", "Фестиваль", "", "победитель"]]
rng.shuffle(contest_rows)
with open("contests.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["school", "student", "contest", "level", "result"])
    w.writerows(contest_rows)

# Enrolments: one row per child per programme.
enrol_rows = []
for school, count in {0: 30, 1: 9, 2: 4, 3: 12}.items():
    for child in range(count):
        for _ in range(rng.choice([1, 1, 2, 3])):
            enrol_rows.append([school, f"{school}-{child:03d}", rng.choice(["Робототехника", "Хор", "Футбол", "Шахматы"])])
enrol_rows.append([0, " 0-001", "Театр"])   # same child, spaces around the id
rng.shuffle(enrol_rows)
with open("enrolments.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["school", "child", "programme"])
    w.writerows(enrol_rows)

# students from schools.csv: school 1 has fewer students than participants
# (rates above 100), school 2 has none given.
with open("schools.csv", "w", newline="", encoding="utf-8") as f:
    w = csv.writer(f)
    w.writerow(["school", "students"])
    w.writerows([[0, 120], [1, 8], [2, ""], [3, 95]])
