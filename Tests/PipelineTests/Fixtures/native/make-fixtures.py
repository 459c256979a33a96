"""Writes a small fictional district as its schools send their files
(issue 9), and the reference values pandas computes from the same raw
files. The Swift test reads the committed files and the generated
NativeReference.swift; only this script needs Python (pandas, scipy,
numpy, openpyxl, python-docx).

    python3 make-fixtures.py     # from this folder
"""
import csv
import json
import os
import random
import re

import docx
import numpy
import openpyxl
import pandas
import scipy
import scipy.stats

random.seed(20261129)
here = os.path.dirname(os.path.abspath(__file__))
os.chdir(here)
for folder in ("self-assessment",):
    os.makedirs(folder, exist_ok=True)

schools = [
    ("B1", "Берёзовская СОШ №1", "МБОУ СОШ №1;СОШ 1", 400),
    ("B2", "Лицей им. Пушкина", "МБОУ Лицей", 520),
    ("B3", "Гимназия №2", "Гимназия", 300),
    ("B4", "Сельская ООШ д. Ключи", "ООШ Ключи", 45),
    ("B5", "СОШ с. Речное", "", 150),
    ("B6", "Вечерняя школа", "", None),
]
with open("schools.csv", "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["school_id", "name", "aliases", "students"])
    for school_id, name, aliases, students in schools:
        writer.writerow([school_id, name, aliases, "" if students is None else students])

# Canonical observations: one value a source gives again (a conflict).
with open("observations.csv", "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out)
    writer.writerow(["school_id", "period", "indicator", "value", "base"])
    writer.writerow(["B1", "2023/24", "contest_participation", "68", "400"])
    for school_id, *_ in schools:
        writer.writerow([school_id, "2022/23", "volunteer_squad", "1", ""])

# --- Self-assessment tables (1324 form) ---
def form_rows(values):
    return [
        ["N п/п", "Показатели", "Единица измерения", "Значение"],
        ["1.", "Образовательная деятельность", "", ""],
        ["1.1", "Общая численность учащихся", "человек", values["1.1"]],
        ["1.18", "Численность/удельный вес численности учащихся, принявших участие в различных олимпиадах, смотрах, конкурсах, в общей численности учащихся", "человек/%", values["1.18"]],
        ["1.19", "Численность/удельный вес численности учащихся - победителей и призеров олимпиад, смотров, конкурсов", "человек/%", values["1.19"]],
        ["1.19.1", "Регионального уровня", "человек/%", values["1.19.1"]],
        ["1.19.2", "Федерального уровня", "человек/%", values["1.19.2"]],
        ["1.19.3", "Международного уровня", "человек/%", values["1.19.3"]],
        ["1.33", "Численность/удельный вес численности педагогических и административно-хозяйственных работников, прошедших за последние 5 лет повышение квалификации", "человек/%", values["1.33"]],
        ["2.", "Инфраструктура", "", ""],
        ["2.3", "Наличие в образовательной организации системы электронного документооборота", "да/нет", values["2.3"]],
    ]

forms = {
    "B1": {"1.1": "400", "1.18": "280 человек / 70 %", "1.19": "45/11,25%", "1.19.1": "12 человек/3%",
           "1.19.2": "2/0,5%", "1.19.3": "0/0%", "1.33": "20 человек / 80 %", "2.3": "да"},
    "B2": {"1.1": "520", "1.18": "390/75%", "1.19": "104 человек / 20 %", "1.19.1": "26/5%",
           "1.19.2": "5/0,96 %", "1.19.3": "1/0,19%", "1.33": "30/85,7%", "2.3": "да"},
    "B3": {"1.1": "300", "1.18": "150 человек / 50 %", "1.19": "30/10%", "1.19.1": "6/2%",
           "1.19.2": "0/0%", "1.19.3": "0/0%", "1.33": "", "2.3": "нет"},
    "B5": {"1.1": "150", "1.18": "39/26%", "1.19": "3/2%", "1.19.1": "1/0,67%",
           "1.19.2": "0/0%", "1.19.3": "0/0%", "1.33": "9 человек/60%", "2.3": "нет"},
}
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Показатели"
sheet.append(["Показатели деятельности МБОУ СОШ №1, подлежащей самообследованию"])
for row in form_rows(forms["B1"]):
    sheet.append(row)
book.save("self-assessment/B1.xlsx")

document = docx.Document()
document.add_paragraph("Отчёт о самообследовании. Приложение: показатели деятельности.")
rows = form_rows(forms["B2"])
table = document.add_table(rows=0, cols=4)
for row in rows:
    cells = table.add_row().cells
    if row[0] in ("1.", "2.") :
        merged = cells[0].merge(cells[3])
        merged.text = row[0] + " " + row[1]
        continue
    for cell, text in zip(cells, row):
        paragraph = cell.paragraphs[0]
        # Text split over runs, as Word stores edited text.
        for part in re.findall(r".{1,7}", text, flags=re.S) or [""]:
            paragraph.add_run(part)
document.save("self-assessment/МБОУ Лицей.docx")

with open("self-assessment/Гимназия.csv", "w", encoding="cp1251", newline="") as out:
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    for row in form_rows(forms["B3"]):
        writer.writerow(row)

book = openpyxl.Workbook()
sheet = book.active
for row in form_rows(forms["B5"]):
    sheet.append(row)
book.save("self-assessment/B5.xlsx")

# --- Wide passport table ---
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Паспорт"
sheet.append(["Паспорт воспитательной системы, 2023/24 учебный год"])
sheet.append([])
sheet.append(["ОО", "Самоуправление", "Волонтёрский отряд", "Договоры с партнёрами", "Доля волонтёров, %"])
passport = [
    ("МБОУ СОШ №1", "да", "да", 7, 24.5),
    ("Лицей им. Пушкина", "да", "нет", 11, "31,2"),
    (" гимназия №2 ", "Да", "да", 4, 18),
    ("ООШ Ключи", "нет", "нет", 1, 10),
    ("СОШ с. Речное", "нет", "да", 3, "12,5 %"),
    ("Итого", "", "", 26, ""),
]
for row in passport:
    sheet.append(list(row))
book.save("passport.xlsx")

# --- Parents' survey (Google Forms export) ---
scale = {"полностью согласен": 5, "скорее согласен": 4, "затрудняюсь ответить": 3,
         "скорее не согласен": 2, "полностью не согласен": 1}
answers = list(scale)
spellings = {"полностью согласен": ["Полностью согласен", "полностью  согласен", "ПОЛНОСТЬЮ СОГЛАСЕН"],
             "скорее согласен": ["Скорее согласен", "скорее согласен "]}
names = ["Иванова Мария Петровна", "Петров Сергей", "Сидорова Анна Ивановна", "Кузнецов Олег"]
school_texts = {"B1": "МБОУ СОШ №1", "B2": "Лицей им. Пушкина", "B3": "Гимназия №2", "B4": "ООШ Ключи", "B5": "СОШ с. Речное"}
counts = {"B1": 12, "B2": 15, "B3": 9, "B4": 3, "B5": 7}
leaning = {"B1": 0.7, "B2": 0.8, "B3": 0.5, "B4": 0.6, "B5": 0.3}
with open("parents.csv", "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out)
    questions = [f"{i}. Удовлетворены ли вы {topic}?" for i, topic in enumerate(
        ["организацией воспитательной работы", "работой классного руководителя", "внеурочной деятельностью",
         "безопасностью в школе", "информированностью о жизни школы"], start=1)]
    writer.writerow(["Отметка времени", "ФИО (необязательно)", "Ваша школа", "Вы"] + questions)
    minute = 0
    for school_id, count in counts.items():
        for respondent in range(count + 2):
            role = "Родитель" if respondent < count else "Ученик"
            row = []
            for question in range(5):
                draw = random.random()
                if draw < 0.05:
                    row.append("")
                elif draw < 0.09:
                    row.append("не знаю")
                else:
                    index = 0 if random.random() < leaning[school_id] else random.randint(1, 4)
                    text = answers[index]
                    row.append(random.choice(spellings.get(text, [text])))
            if school_id == "B2" and respondent == 0:
                row = ["скорее согласен", "", "", "", "мой ребёнок Петя"]  # too few answers
            minute += 1
            writer.writerow([f"2024.04.1{minute % 10} 10:{minute % 60:02d}:00 GMT+3",
                             random.choice(names) if respondent % 3 == 0 else "",
                             school_texts[school_id], role] + row)

# --- Contest list ---
levels = ["школьный", "Муниципальный", "региональный", "ВСЕРОССИЙСКИЙ", "международный"]
results = ["участник", "Призёр", "призер", "победитель", "лауреат", "дипломант"]
book = openpyxl.Workbook()
sheet = book.active
sheet.title = "Конкурсы"
sheet.append(["ОО", "Код участника", "ФИО участника", "Уровень", "Результат"])
contest_counts = {"B1": 30, "B2": 40, "B3": 12, "B4": 9, "B5": 6, "B6": 4}
for school_id, count in contest_counts.items():
    text = school_texts.get(school_id, "Вечерняя школа")
    for entry in range(count):
        student = f"{school_id}-{random.randint(1, max(3, count * 2 // 3)):03d}"
        sheet.append([text, student, random.choice(names), random.choice(levels),
                      random.choice(results) if random.random() < 0.4 else "участник"])
sheet.append(["ООШ Ключи", "B4-777", "Новиков Пётр", "окружной", "почётная грамота"])
sheet.append(["Школа №99", "X-1", "Неизвестный", "школьный", "участник"])
book.save("contests.xlsx")

# --- Navigator export ---
with open("navigator.csv", "w", encoding="utf-8", newline="") as out:
    writer = csv.writer(out, delimiter=";")
    writer.writerow(["Школа", "ID ребенка", "Программа"])
    enrolment_counts = {"B1": 300, "B2": 380, "B3": 200, "B4": 50, "B5": 90}
    for school_id, count in enrolment_counts.items():
        for entry in range(count):
            child = f"{random.randint(100000, 100000 + count)}"
            writer.writerow([school_texts[school_id], child, random.choice(["Робототехника", "Хор", "Футбол", "Шахматы"])])
