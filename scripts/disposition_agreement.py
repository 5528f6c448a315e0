#!/usr/bin/env python3
"""Agreement of `taizhang scan` 处置方式 with the gold's expect_disposition.

Usage: python3 scripts/disposition_agreement.py GOLD.jsonl SCAN.json
(SCAN.json from `taizhang scan DIR -o SCAN.json`, paths ending like the gold's.)
"""
import json
import sys
from collections import Counter

gold_path, scan_path = sys.argv[1], sys.argv[2]
scan = json.load(open(scan_path))
rows = {}
for r in scan["rows"]:
    rows[r["path"]] = r
gold = [json.loads(l) for l in open(gold_path) if l.strip()]
agree = total = 0
confusion = Counter()
for g in gold:
    exp = g.get("expect_disposition")
    if isinstance(exp, list):
        exp = "/".join(exp)
    row = next((r for p, r in rows.items() if p.endswith(g["file"])), None)
    got = row["disposition"] if row else "(无行)"
    if not exp and row is None:
        continue
    exp = exp or "(无行)"
    total += 1
    confusion[(exp, got)] += 1
    if got.split("（")[0] in exp.split("/"):
        agree += 1
    else:
        print(f"{g['file']}\t期望 {exp}\t得到 {got}\t{(row or {}).get('reason', '')[:80]}")
print(f"agreement {agree}/{total} = {agree / max(total, 1):.1%}")
for (e, g), n in sorted(confusion.items()):
    print(f"  {e} -> {g}: {n}")
