#!/usr/bin/env python3
"""Agreement between two readers' gold files (DESIGN.md §6), scored as
`taizhang eval` scores the detector: reader B's provisions against reader A's,
a pair when kind and article match (as many pairs in an article as the
smaller count), ledger cells per document and 是/否 column. Only documents
both files label count. Prints provision P/R/F1 per kind and overall (B
taken as the prediction, A as the truth; F1 is symmetric), and the
ledger cells on which the readers agree.

usage: python3 scripts/agreement.py A.jsonl B.jsonl [--model CV.json]
(--model: `taizhang eval --cv 5 … --json` output; also prints the model's
out-of-fold figures against A on the same documents, from its misses and
false alarms)
"""
import json, re, sys
from collections import Counter

KINDS = ["share", "blacklist", "discipline", "score", "repair"]
LEDGER = ["share", "blacklist", "discipline"]
CN = "零〇一二三四五六七八九十百千"
ARTICLE = re.compile(f"第[{CN}\\d]+条")


def key(cite):
    c = "".join(cite.split()).replace("(", "（").replace(")", "）")
    m = ARTICLE.search(c)
    return c[: m.end()] if m else c


def load(path):
    out = {}
    for line in open(path, encoding="utf-8"):
        line = line.strip()
        if line and not line.startswith("#"):
            d = json.loads(line)
            out[d["file"]] = d
    return out


def prf(tp, pred, gold):
    p = tp / pred if pred else 0.0
    r = tp / gold if gold else 0.0
    f = 2 * tp / (pred + gold) if pred + gold else 0.0
    return p, r, f


def score(a, b, files):
    per = {k: [0, 0, 0] for k in KINDS}
    cells = [0, 0]
    for f in files:
        ga = Counter((p["kind"], key(p["cite"])) for p in a[f]["provisions"])
        gb = Counter((p["kind"], key(p["cite"])) for p in b[f]["provisions"])
        for (k, art), n in gb.items():
            per[k][0] += min(n, ga.get((k, art), 0))
            per[k][1] += n
        for (k, _), n in ga.items():
            per[k][2] += n
        for k in LEDGER:
            ina = any(p["kind"] == k for p in a[f]["provisions"])
            inb = any(p["kind"] == k for p in b[f]["provisions"])
            cells[0] += ina == inb
            cells[1] += 1
    return per, cells


def show(name, per, cells):
    tot = [sum(v[i] for v in per.values()) for i in range(3)]
    p, r, f = prf(*tot)
    print(f"{name}: provision P {p:.3f} R {r:.3f} F1 {100 * f:.1f} "
          f"({tot[0]} pairs, {tot[1]} against {tot[2]}); "
          f"ledger cells {cells[0]}/{cells[1]} ({100 * cells[0] / max(cells[1], 1):.1f} %)")
    for k in KINDS:
        p, r, f = prf(*per[k])
        print(f"  {k:11s} P {p:.2f} R {r:.2f} F1 {100 * f:5.1f}  ({per[k][2]} in A)")


def main():
    args = sys.argv[1:]
    model = None
    if "--model" in args:
        i = args.index("--model")
        model, args = args[i + 1], args[:i] + args[i + 2:]
    a, b = load(args[0]), load(args[1])
    files = sorted(set(a) & set(b))
    print(f"{len(files)} documents labeled in both")
    per, cells = score(a, b, files)
    show("reader B against reader A", per, cells)
    if model:
        cv = json.load(open(model, encoding="utf-8"))
        # The model's predictions: A's provisions, less its misses, plus
        # its false alarms (one entry per provision, as eval lists them).
        pred = {f: {"provisions": [dict(p) for p in a[f]["provisions"]]} for f in files}
        for m in cv["misses"]:
            if m["file"] in pred:
                ps = pred[m["file"]]["provisions"]
                for i, p in enumerate(ps):
                    if p["kind"] == m["kind"] and p["cite"] == m["cite"]:
                        del ps[i]
                        break
        for m in cv["false_alarms"]:
            if m["file"] in pred:
                pred[m["file"]]["provisions"].append({"kind": m["kind"], "cite": m["cite"]})
        per, cells = score(a, pred, files)
        show("the model (out of fold) against reader A", per, cells)
        per, cells = score(b, pred, files)
        show("the model (out of fold) against reader B", per, cells)


main()
