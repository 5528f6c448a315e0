#!/usr/bin/env python3
"""Check gold label lines (DESIGN.md §6): each line parses, kinds match the
provisions, every quote is an exact substring of its document, cites have the
第X条[第X款][第（X）项] form. Paths are relative to the gold file's folder.

usage: python3 scripts/validate_gold.py [--base DIR] GOLD.jsonl [...]
(--base: the folder paths are relative to, when not the gold file's own)
"""
import json, os, re, sys

KINDS = {"share", "blacklist", "discipline", "score", "repair"}
LEVELS = {"law", "admin_regulation", "local_regulation", "central_policy",
          "department_rule", "judicial_interpretation", "local_normative", "other"}
CITE = re.compile(r"^(第[零〇一二三四五六七八九十百千\d]+条)?(第[一二三四五六七八九十\d]+款)?(第（[一二三四五六七八九十\d]+）项)?$")

def main():
    bad = 0
    args = sys.argv[1:]
    fixed = None
    if args[:1] == ["--base"]:
        fixed, args = args[1], args[2:]
    for gold in args:
        base = fixed if fixed is not None else os.path.dirname(gold)
        for n, line in enumerate(open(gold, encoding="utf-8"), 1):
            if not line.strip():
                continue
            where = f"{gold}:{n}"
            try:
                d = json.loads(line)
            except Exception as e:
                print(f"{where}: not JSON: {e}"); bad += 1; continue
            path = os.path.join(base, d.get("file", ""))
            try:
                text = open(path, encoding="utf-8").read()
            except Exception as e:
                print(f"{where}: cannot read {path}: {e}"); bad += 1; continue
            provs = d.get("provisions", [])
            kinds = sorted({p["kind"] for p in provs})
            if sorted(set(d.get("kinds", []))) != kinds:
                print(f"{where}: kinds {d.get('kinds')} != kinds of provisions {kinds}"); bad += 1
            for p in provs:
                if p.get("kind") not in KINDS:
                    print(f"{where}: unknown kind {p.get('kind')}"); bad += 1
                if not CITE.match(p.get("cite", "")) or not p.get("cite"):
                    print(f"{where}: odd cite {p.get('cite')!r}"); bad += 1
                q = p.get("quote", "")
                if not q or q not in text:
                    print(f"{where}: quote not in text: {q!r}"); bad += 1
            for b in d.get("basis_cited", []):
                if b.get("level") not in LEVELS:
                    print(f"{where}: unknown level {b.get('level')!r} for {b.get('name')}"); bad += 1
    print("ok" if not bad else f"{bad} problem(s)")
    sys.exit(1 if bad else 0)

main()
