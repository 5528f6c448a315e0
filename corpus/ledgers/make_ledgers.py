#!/usr/bin/env python3
"""Regenerate the submitted-ledger fixtures of corpus/ledgers (for `taizhang audit`).

Each imitates a ledger a unit sends for the three documents of corpus/docs/t,
with known omissions and errors (listed in README.md beside this script).
Needs target/release/taizhang (for the perfect xlsx) and LibreOffice (soffice)
for the Word ledger. Run from the repository root:
    python3 corpus/ledgers/make_ledgers.py
"""
import csv
import io
import os
import subprocess
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
HEADER = ["序号", "规章、规范性文件或其他文件名称(含文号)", "是否涉及信用信息纳入共享公开",
          "是否涉及“黑名单”认定", "是否涉及失信惩戒措施", "相关内容摘要", "是否有国家层面依据",
          "是否有地方性法规依据", "依据的具体内容", "处置方式", "完成时间", "责任单位",
          "责任人姓名及职务", "电话"]
T01 = "《青石区个人信用积分管理办法》（青政办发〔2021〕2号）"
T02 = "《青石区生活垃圾分类管理办法》（青城管发〔2021〕4号）"
T03 = "《青石区交通运输局关于加强交通信用管理的通知》（青交发〔2021〕6号）"
BASIS01 = "《国务院关于建立完善守信联合激励和失信联合惩戒制度加快推进社会诚信建设的指导意见》（国发〔2016〕33号）；《江澜省社会信用条例》第十五条"

# 1. The perfect ledger: what taizhang itself drafts, details filled in.
subprocess.run([os.path.join(ROOT, "target/release/taizhang"), "scan", os.path.join(ROOT, "corpus/docs/t"),
                "-o", os.path.join(HERE, "t-perfect.xlsx"), "-q", "--unit", "青石区发展和改革局",
                "--owner", "王五，法规科科长", "--phone", "0411-87654321"], check=True)

# 2. GBK csv, as Excel in China saves it. Errors: t02 left out (A1); t03 says
# 否 for 黑名单 (A2) and has no phone (A6), its deadline 2021年3月底 is past on
# 2021-06-01 (A7); a row for a document not in the folder (A5).
rows = [
    HEADER,
    ["1", T01, "是", "否", "是", "第三条：归集个人公共信用信息并共享；第四条：实施联合惩戒", "是", "是", BASIS01,
     "保留", "2021年1月底", "青石区发展和改革局", "王五，法规科科长", "0411-87654321"],
    ["2", T03, "是", "否", "是", "一、将闯红灯信息记入个人信用记录", "否", "否", "无",
     "修订", "2021年3月底", "青石区交通运输局", "赵六，办公室主任", ""],
    ["3", "《青石区农民工工资支付保障办法》（青人社发〔2021〕3号）", "是", "是", "是", "第八条：列入拖欠工资失信名单",
     "是", "否", "《保障农民工工资支付条例》第四十八条", "保留", "2021年1月底", "青石区人力资源和社会保障局",
     "孙七，科长", "0411-5555"],
]
buf = io.StringIO()
csv.writer(buf, lineterminator="\r\n").writerows(rows)
with open(os.path.join(HERE, "t-omissions-gbk.csv"), "wb") as f:
    f.write(buf.getvalue().encode("gbk"))

# 3. A Word table with a title row, a 示例 row and the notes. Errors: t01 says
# 否 for 国家层面依据 although it cites 国发〔2016〕33号 (A3); t02 keeps
# (保留) a 黑名单 that records 垃圾分类 misconduct (A4).
def tr(cells, tag="td"):
    return "<tr>" + "".join(f"<{tag}>{c}</{tag}>" for c in cells) + "</tr>"
body = [tr(HEADER, "th"),
        tr(["示例", "《XX区个人信用积分管理办法》", "是", "否", "是", "……", "是", "是", "", "保留", "2021年1月底", "XX区经发局", "XXX", "办公电话"]),
        tr(["1", T01, "√", "×", "√", "第三条、第四条", "×", "√", "《江澜省社会信用条例》第十五条", "保留", "2021年1月底", "青石区发展和改革局", "王五，法规科科长", "0411-87654321"]),
        tr(["2", T02, "√", "√", "×", "第四条：记入信用记录，严重的列入黑名单", "×", "×", "无", "保留", "2021年1月底", "青石区城市管理局", "钱八，科长", "0411-2222"]),
        tr(["3", T03, "√", "√", "√", "一、二、三、", "×", "×", "无", "修订（删除相关内容）", "2021年10月底", "青石区交通运输局", "赵六，办公室主任", "0411-3333"])]
html = ("<html><head><meta charset='utf-8'></head><body><p>青石区失信约束措施台账</p><table border='1'>"
        + "".join(body) + "</table><p>注：1. “是否有国家层面依据”栏，是指是否有法律、行政法规或者党中央、国务院政策文件的依据。</p></body></html>")
with tempfile.TemporaryDirectory() as tmp:
    src = os.path.join(tmp, "t-errors.html")
    with open(src, "w", encoding="utf-8") as f:
        f.write(html)
    subprocess.run(["soffice", "--headless", "--convert-to", "docx:MS Word 2007 XML", "--outdir", tmp, src],
                   check=True, capture_output=True)
    os.replace(os.path.join(tmp, "t-errors.docx"), os.path.join(HERE, "t-errors.docx"))

# 4. Malformed: a csv without a header row.
with open(os.path.join(HERE, "bad-no-header.csv"), "w", encoding="utf-8") as f:
    f.write("1,青石区个人信用积分管理办法,是,否\r\n2,青石区生活垃圾分类管理办法,是,是\r\n")

# 5. The same perfect ledger as an Excel 97 .xls (xlwt), as older PCs save it:
# title row merged over the columns, header, rows, a note.
import json
import xlwt
scan = json.loads(subprocess.run(
    [os.path.join(ROOT, "target/release/taizhang"), "scan", os.path.join(ROOT, "corpus/docs/t"), "-o", "-", "-q",
     "--unit", "青石区发展和改革局", "--owner", "王五，法规科科长", "--phone", "0411-87654321"],
    check=True, capture_output=True).stdout)
wb = xlwt.Workbook(encoding="utf-8")
ws = wb.add_sheet("台账")
ws.write_merge(0, 0, 0, 13, "青石区发展和改革局失信约束措施台账")
for c, h in enumerate(HEADER):
    ws.write(1, c, h)
yn = lambda b: "是" if b else "否"
for i, r in enumerate(scan["rows"]):
    cells = [str(r["seq"]), r["name"], yn(r["share"]), yn(r["blacklist"]), yn(r["discipline"]), r["summary"],
             yn(r["national_basis"]), yn(r["local_regulation_basis"]), r["basis_text"], r["disposition"],
             r["deadline"], r["unit"], r["owner"], r["phone"]]
    for c, v in enumerate(cells):
        ws.write(2 + i, c, v)
ws.write(3 + len(scan["rows"]), 0, "注：1. “是否有国家层面依据”栏，是指是否有法律、行政法规或者党中央、国务院政策文件的依据。")
wb.save(os.path.join(HERE, "t-perfect.xls"))
