#!/usr/bin/env python3
"""Rebuild ../lawref/texts, the texts of corpus/real/lawref.jsonl, on a new machine.

The texts are real regulations of the open LawRefBook/Laws corpus; the project
keeps their labels and sources (corpus/real/lawref-index.tsv: id, title, path,
commit, characters of the source file), never the texts. To rebuild them, copy
each source file verbatim, at the commit the index names, to
../lawref/raw/<id>.md (the search tool's read_file on repo LawRefBook/Laws
reads it; a path written LawRefBook/Laws:<path> is read as <path>), then:

    python3 scripts/lawref.py check      # every raw copy has the source's length
    python3 scripts/lawref.py convert    # raw/<id>.md -> texts/<id>.txt

`convert` removes the markdown marks and nothing else: the heading marks (#, ##
at the start of a line) and the `<!-- INFO END -->` line that ends the
source's header. `check` compares each copy's length with the source's. A
few sources (bj09, bj17, sh14, bm14, and xz42 and ms42 of wave 5, in
December 2026) hold invisible characters on their blank lines that
read_file does not show; their copies come out a little short (or, bj17's,
xz42's and ms42's, padded with U+200B where they stand; bj09's was padded
so on 2026-12-08), which changes nothing taizhang reads: with the copies
of 2026-12-07 and of 2026-12-08, `taizhang train` rebuilt
lexicons/model.tsv byte for byte. That, not the
lengths, is the test of a rebuild (tests/model.rs).

options: --index FILE (default corpus/real/lawref-index.tsv),
         --root DIR (default ../lawref, holding raw/ and texts/)
"""
import argparse
import os
import re
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
PROJECT = os.path.dirname(HERE)
HEADING = re.compile(r"^#+\s*")
INFO_END = "<!-- INFO END -->"


def index_rows(path):
    """(id, title, source path, commit, source characters) per document."""
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.startswith("#") or not line.strip():
                continue
            cols = line.rstrip("\n").split("\t")
            if len(cols) != 5:
                sys.exit(f"{path}:{n}: expected 5 tab-separated columns, got {len(cols)}")
            rows.append((cols[0], cols[1], cols[2], cols[3], int(cols[4])))
    return rows


def convert_text(raw):
    out = []
    for line in raw.split("\n"):
        if line.strip() == INFO_END:
            continue
        out.append(HEADING.sub("", line))
    return "\n".join(out)


def check(rows, root):
    """Print each copy that is missing or of the wrong length; return the
    ids of the missing ones and the number of the wrong ones."""
    missing, wrong = [], 0
    for doc, title, _path, _commit, chars in rows:
        raw = os.path.join(root, "raw", doc + ".md")
        if not os.path.exists(raw):
            print(f"{doc}\t缺少\t{title}")
            missing.append(doc)
            continue
        with open(raw, encoding="utf-8") as f:
            got = len(f.read())
        if got != chars:
            print(f"{doc}\t长度不符\t{title}\t应为 {chars}，实为 {got}")
            wrong += 1
    print(f"{len(rows) - len(missing) - wrong} / {len(rows)} 份原文齐全且长度一致")
    return missing, wrong


def convert(rows, root):
    os.makedirs(os.path.join(root, "texts"), exist_ok=True)
    for doc, *_ in rows:
        with open(os.path.join(root, "raw", doc + ".md"), encoding="utf-8") as f:
            text = convert_text(f.read())
        with open(os.path.join(root, "texts", doc + ".txt"), "w", encoding="utf-8") as f:
            f.write(text)
    print(f"{len(rows)} 份文本已写入 {os.path.join(root, 'texts')}")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("command", choices=["check", "convert"])
    ap.add_argument("--index", default=os.path.join(PROJECT, "corpus/real/lawref-index.tsv"))
    ap.add_argument("--root", default=os.path.join(os.path.dirname(PROJECT), "lawref"))
    args = ap.parse_args()
    rows = index_rows(args.index)
    missing, wrong = check(rows, args.root)
    ok = not missing and not wrong
    if args.command == "convert":
        if missing:
            sys.exit(f"缺少 {len(missing)} 份原文，未转换")
        convert(rows, args.root)
        if not ok:
            print("长度不符的原文也已转换：请用 cargo test --test model 核对模型能否原样重建")
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
