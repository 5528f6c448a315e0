#!/usr/bin/env python3
"""Check gold label lines (DESIGN.md §6): each line parses, kinds match the
provisions, every quote is an exact substring of its document, cites have the
第X条[第X款][第（X）项] form or a notice's heading form (三、, 三、（二）,
三、（二）2.), either after an attachment's name (附件 , 附件1 ), or are 正文 or 印发通知
(the main text and the covering notice of a transmitted document).
Paths are relative to the gold file's folder. Quotes are checked in plain
text files only (docx, pdf and the other formats: tests/corpus.rs checks
their cites against the document read by taizhang).

usage: python3 scripts/validate_gold.py [--base DIR] GOLD.jsonl [...]
(--base: the folder paths are relative to, when not the gold file's own)
"""
import json, os, re, sys

KINDS = {"share", "blacklist", "discipline", "score", "repair"}
LEVELS = {"law", "admin_regulation", "local_regulation", "central_policy",
          "department_rule", "judicial_interpretation", "local_normative", "other"}
N = "[零〇一二三四五六七八九十百千\\d]+"
ARTICLE = f"第{N}条(第{N}款)?(第（{N}）项)?|(第{N}款)?第（{N}）项|第{N}款"
HEADING = f"{N}、(（{N}）)?(\\d+\\.)?"
CITE = re.compile(f"^(正文|印发通知|(附件\\d* )?({ARTICLE}|{HEADING}))$")

def quoted(q, text):
    """The quote is in the text; a quote that skips words (……) has its
    pieces in the text in order."""
    at = 0
    for piece in q.split("……"):
        at = text.find(piece, at)
        if at < 0:
            return False
        at += len(piece)
    return True

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
                raw = open(path, "rb").read()
            except Exception as e:
                print(f"{where}: cannot read {path}: {e}"); bad += 1; continue
            try:
                text = raw.decode("utf-8") if path.endswith(".txt") else None
            except UnicodeDecodeError:
                text = None  # another Chinese encoding: taizhang reads it
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
                if not q or (text is not None and not quoted(q, text)):
                    print(f"{where}: quote not in text: {q!r}"); bad += 1
            for b in d.get("basis_cited", []):
                if b.get("level") not in LEVELS:
                    print(f"{where}: unknown level {b.get('level')!r} for {b.get('name')}"); bad += 1
    print("ok" if not bad else f"{bad} problem(s)")
    sys.exit(1 if bad else 0)

main()
