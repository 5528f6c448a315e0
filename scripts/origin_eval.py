#!/usr/bin/env python3
"""How well `taizhang scan` decides whose document it is, on the real texts
of ../shared/corpus-real (issuer and 文号 in index.tsv) and its pool (the
source folder in pool/index.tsv names the kind: 地方性法规, 行政法规 …).

    python3 scripts/origin_eval.py [--bin target/release/taizhang] [--shared ../shared]

Prints the share of documents whose origin is right, the confusions, and
every document decided wrongly. Local government documents count as right
when decided own or higher_local (which of the two depends on the unit).
"""
import argparse
import csv
import json
import os
import subprocess
import sys
import tempfile

ap = argparse.ArgumentParser()
ap.add_argument("--bin", default="target/release/taizhang")
ap.add_argument("--shared", default="../shared")
a = ap.parse_args()
real = os.path.join(a.shared, "corpus-real")


def truth_real(row):
    issuer, docno = row["issuer"], row["docno"]
    if issuer.startswith("最高人民"):
        return "judicial_interpretation"
    if issuer in ("国务院", "国务院办公厅", "中共中央", "中共中央办公厅"):
        return "central_policy"
    if row["title"].endswith("条例") and "市" in issuer + row["title"][:4]:
        return "local_regulation"
    if issuer.startswith("国家") or issuer.endswith("部") or "总局" in issuer:
        return "department"
    return "local"


def truth_pool(row):
    src = row["source"]
    if "地方性法规" in src or "地方法规" in src:
        return "local_regulation"
    if "行政法规" in src:
        return "admin_regulation"
    if "司法解释" in src:
        return "judicial_interpretation"
    if "部门规章" in src:
        return "department"
    return None


def rows(path):
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter="\t"))


truth = {}
for r in rows(os.path.join(real, "index.tsv")):
    for sub in ("central", "docs"):
        p = os.path.join(real, sub, r["id"] + ".txt")
        if os.path.exists(p):
            truth[os.path.abspath(p)] = truth_real(r)
for r in rows(os.path.join(real, "pool", "index.tsv")):
    t = truth_pool(r)
    if t:
        truth[os.path.abspath(os.path.join(real, "pool", r["id"] + ".txt"))] = t

with tempfile.TemporaryDirectory() as tmp:
    out = os.path.join(tmp, "scan.json")
    dirs = [os.path.join(real, d) for d in ("central", "docs", "pool")]
    subprocess.run([a.bin, "scan", *dirs, "-o", out, "-q"], check=True, stderr=subprocess.DEVNULL)
    files = json.load(open(out, encoding="utf-8"))["files"]

got = {os.path.abspath(f["path"]): (f["origin"], f["origin_reason"]) for f in files}
right = 0
wrong = []
conf = {}
for p, t in sorted(truth.items()):
    o, why = got.get(p, ("(missing)", ""))
    ok = o == t or (t == "local" and o in ("own", "higher_local"))
    right += ok
    conf[(t, o)] = conf.get((t, o), 0) + 1
    if not ok:
        wrong.append((os.path.relpath(p, real), t, o, why))
n = len(truth)
print(f"origin right: {right} / {n} ({100 * right / n:.1f} %)")
for (t, o), k in sorted(conf.items()):
    print(f"  truth {t:24} decided {o:24} {k}")
for w in wrong:
    print("  wrong:", *w)
