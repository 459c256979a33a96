"""Writes the fixtures made by openpyxl and python-docx (see make-fixtures.sh)."""
import datetime
import sys

import openpyxl
from openpyxl.cell.rich_text import CellRichText, TextBlock
from openpyxl.cell.text import InlineFont
from openpyxl.utils.datetime import CALENDAR_MAC_1904
import docx
from docx.enum.text import WD_BREAK

out = sys.argv[1]

# Two sheets; repeated texts go to the shared-string table, rich text is
# written by openpyxl as inline strings (t="inlineStr") with runs.
book = openpyxl.Workbook()
first = book.active
first.title = "Школы"
first.append(["school_id", "Название", "Район"])
first.append(["S1", "Средняя школа № 1", "Центральный"])
first.append(["S2", "  Гимназия  ", "Центральный"])
first.append(["S3", "Лицей _x000D_ «Перспектива»", "Северный"])
second = book.create_sheet("Данные")
second["A1"] = CellRichText(["Доля ", TextBlock(InlineFont(b=True), "отличников"), ", %"])
second["B1"] = "Дата"
second["C1"] = "Сумма"
second["D1"] = "Ошибка"
second["A3"] = 0.375
second["A3"].number_format = "0.0%"
second["B3"] = datetime.datetime(2025, 5, 31, 14, 30, 15)
second["B3"].number_format = "dd.mm.yyyy hh:mm:ss"
second["C3"] = "=SUM(A3:A4)"          # no cached value: openpyxl never calculates
second["D3"] = "#DIV/0!"
second["A4"] = 120
second["B4"] = datetime.date(2024, 2, 29)
second["B4"].number_format = '[$-419]DD MMMM YYYY "г."'
second["C4"] = 1e-05
second["D4"] = True
second.merge_cells("A6:C6")
second["A6"] = "Объединённая ячейка"
book.save(f"{out}/openpyxl.xlsx")

# The 1904 date system (old Excel for Mac).
mac = openpyxl.Workbook()
mac.epoch = CALENDAR_MAC_1904
mac.active.title = "Даты"
mac.active["A1"] = datetime.date(2024, 9, 1)
mac.active["A1"].number_format = "yyyy-mm-dd"
mac.active["A2"] = datetime.date(1904, 1, 1)
mac.active["A2"].number_format = "yyyy-mm-dd"
mac.save(f"{out}/openpyxl-1904.xlsx")

# A document whose table has a merged heading row (gridSpan), a cell split
# over runs, a tab and a line break, two paragraphs in a cell, a vertical
# merge, and a nested table.
document = docx.Document()
document.add_paragraph("Отчёт о самообследовании")
table = document.add_table(rows=5, cols=3)
heading = table.cell(0, 0).merge(table.cell(0, 2))
heading.text = "Показатели деятельности"
for column, text in enumerate(["N п/п", "Показатели", "Единица измерения"]):
    table.cell(1, column).text = text
table.cell(2, 0).text = "1.18"
paragraph = table.cell(2, 1).paragraphs[0]
paragraph.add_run("Численность/")
paragraph.add_run("удельный вес").bold = True
paragraph.add_run(" численности учащихся")
table.cell(2, 2).text = "45 человек / 37,5 %"
merged = table.cell(3, 0).merge(table.cell(4, 0))
merged.text = "1.19"
run = table.cell(3, 1).paragraphs[0].add_run("Средний")
run.add_tab()
run = table.cell(3, 1).paragraphs[0].add_run("балл")
run.add_break(WD_BREAK.LINE)
run = table.cell(3, 1).paragraphs[0].add_run("ГИА")
table.cell(3, 2).text = "4,25"
table.cell(4, 1).text = "Второй год"
table.cell(4, 1).add_paragraph("второй абзац")
nested = table.cell(4, 2).add_table(rows=1, cols=2)
nested.cell(0, 0).text = "вложенная"
nested.cell(0, 1).text = "таблица"
document.add_paragraph("Между таблицами")
small = document.add_table(rows=1, cols=2)
small.cell(0, 0).text = "Всего"
small.cell(0, 1).text = "120"
document.save(f"{out}/python-docx.docx")

# A document without tables.
empty = docx.Document()
empty.add_paragraph("Таблиц нет.")
empty.save(f"{out}/no-tables.docx")

# Written part by part, for what neither library writes: shared strings with
# rich-text runs, a phonetic guide, kept spaces and an `_xHHHH_` escape;
# cells and rows without `r`; `t="str"` and `t="d"` cells; a sheet part not
# named sheetN.xml, reached through an absolute relationship target; a
# comment and a CDATA section; built-in date/percent formats.
import zipfile

parts = {
    "[Content_Types].xml": """<?xml version="1.0" encoding="UTF-8"?>
<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/book.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/data.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/strings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>""",
    "_rels/.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/book.xml"/></Relationships>""",
    "xl/book.xml": """<?xml version="1.0" encoding="UTF-8"?>
<x:workbook xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:rel="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><x:sheets><x:sheet name="Пусто" sheetId="2" rel:id="rIdB"/><x:sheet name="Данные &amp; итоги" sheetId="1" rel:id="rIdA"/></x:sheets></x:workbook>""",
    "xl/_rels/book.xml.rels": """<?xml version="1.0" encoding="UTF-8"?>
<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rIdA" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="/xl/worksheets/data.xml"/><Relationship Id="rIdB" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="strings.xml"/><Relationship Id="rIdT" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/><Relationship Id="rIdH" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/hyperlink" Target="https://example.org/" TargetMode="External"/></Relationships>""",
    "xl/strings.xml": """<?xml version="1.0" encoding="UTF-8"?>
<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="4" uniqueCount="4">
  <si><t>Код</t></si>
  <si><r><rPr><b/></rPr><t xml:space="preserve">Доля </t></r><r><t>учащихся</t></r><rPh sb="0" eb="4"><t>ふりがな</t></rPh></si>
  <si><t xml:space="preserve">  с пробелами  </t></si>
  <si><t>строка_x000D_два &amp; &#x41;&#66;</t></si>
</sst>""",
    "xl/styles.xml": """<?xml version="1.0" encoding="UTF-8"?>
<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts count="2"><numFmt numFmtId="170" formatCode="&quot;d&quot;0.0;[Red]\\-0.0"/><numFmt numFmtId="171" formatCode="[h]:mm"/></numFmts><cellStyleXfs count="1"><xf numFmtId="14"/></cellStyleXfs><cellXfs count="6"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="9"/><xf numFmtId="22"/><xf numFmtId="170"/><xf numFmtId="171"/></cellXfs></styleSheet>""",
    "xl/worksheets/data.xml": """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>
<row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c></row>
<row><c t="s"><v>3</v></c><c t="str"><f>A1&amp;"!"</f><v>Код!</v></c><c t="d"><v>2024-09-01T00:00:00</v></c><c t="d"><v>2024-09-01T08:30:00</v></c></row>
<row r="7"><c r="C7" s="1"><v>60</v></c><c s="1"><v>59</v></c><c s="1"><v>61</v></c><c s="2"><v>0.5</v></c><c s="3"><v>45536.75</v></c><c s="4"><v>2.5</v></c><c s="5"><v>1.5</v></c></row>
<row><c><v><!-- a comment --><![CDATA[12]]></v></c><c t="b"><v>0</v></c><c t="inlineStr"><is><t>a &lt;b&gt; &quot;c&quot; &apos;d&apos;</t></is></c><c/><c t="s"><v>99</v></c></row>
</sheetData></worksheet>""",
    "xl/worksheets/sheet1.xml": """<?xml version="1.0" encoding="UTF-8"?>
<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1"/></row></sheetData></worksheet>""",
}
with zipfile.ZipFile(f"{out}/handmade.xlsx", "w", zipfile.ZIP_DEFLATED) as archive:
    for name, text in parts.items():
        info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        archive.writestr(info, text.encode("utf-8"))
