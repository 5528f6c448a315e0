#!/usr/bin/env python3
"""Whole-process benchmark: `taizhang scan` against the Python peer and the floors.

Usage (from the repository root, after `bash bench/pgo.sh`, which builds the
binary handed to the units, target/dist/taizhang, with profile-guided
optimisation (`cargo build --profile dist` builds it without);
`--bin target/release/taizhang` measures another):
    python3 bench/compare.py --peer ../shared/bench [--runs 5] [--work /tmp/taizhang-bench]

--peer is the folder holding gen_corpus.py and py_reference.py (the Python
reference pipeline: jieba + python-docx + pdfminer.six; `pip install jieba
python-docx pdfminer.six reportlab`). The script
  1. generates the folders with gen_corpus.py (seed fixed): 2,000 txt + 400 docx,
     80 PDFs with a non-embedded CID font (STSong-Light) and, when a CJK
     TrueType font is installed (fonts-wqy-microhei, fonts-noto-cjk), the same
     80 with that font embedded, when reportlab is installed; 10,000 txt for
     memory;
  2. runs `taizhang scan` (2 threads) and `py_reference.py -j 2` on the same
     folder, alternating, --runs times each, and prints medians, min–max and
     the ratio; the floors (reading every file; extracting and an aho-corasick
     scan of the trigger terms, with and without building jieba's whole
     dictionary, which the scan itself no longer does) on the same folder;
     then the scan against the aho-corasick floor in a loop of their own,
     alternating, 4 × --runs rounds, so that the scan / floor ratio compares
     runs made in the same conditions (a scan that follows the peer, which
     frees a gigabyte, is not measured like the floor, which follows other
     floors): the median of the per-round ratios, and the ratio of the
     medians;
     PDFs separately, beside poppler's pdftotext (one process per file);
  3. peak RSS of `scan` on 10,000 documents, start-up (`scan` of one small
     file) and `--help`;
  4. checks that every scan of a folder wrote the same bytes (sha256 printed).
Nothing here asserts timings: the figures go to BENCHMARKS.md.
"""
import argparse
import hashlib
import os
import shutil
import statistics
import subprocess
import sys
import time

# CJK TrueType fonts that reportlab can embed, where Debian's packages put them.
EMBED_FONTS = [
    "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc",
    "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]
ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TZ = os.path.join(ROOT, "target", "dist", "taizhang")


def run(cmd, **kw):
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **kw)
    return time.perf_counter() - t


def stats(xs):
    return statistics.median(xs), min(xs), max(xs)


def fmt(xs):
    m, lo, hi = stats(xs)
    return f"{m:8.3f} s  ({lo:.3f}–{hi:.3f})"


def sha(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()[:16]


def peak_rss(cmd):
    """Peak RSS in MB of a command, via /usr/bin/time."""
    out = subprocess.run(["/usr/bin/time", "-f", "%M"] + cmd, stdout=subprocess.DEVNULL,
                         stderr=subprocess.PIPE, text=True, check=True)
    return int(out.stderr.strip().splitlines()[-1]) / 1024


def cpu_ratio(cmd):
    """(user+sys)/wall of a command."""
    t = time.perf_counter()
    before = os.times()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = os.times()
    wall = time.perf_counter() - t
    cpu = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return cpu / wall


def main():
    global TZ
    ap = argparse.ArgumentParser()
    ap.add_argument("--peer", default=os.path.join(ROOT, "..", "shared", "bench"))
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--work", default="/tmp/taizhang-bench")
    ap.add_argument("--skip-gen", action="store_true", help="reuse the generated folders")
    ap.add_argument("--bin", default=TZ, help="the taizhang binary (default: target/dist/taizhang)")
    a = ap.parse_args()
    TZ = os.path.abspath(a.bin)
    gen = os.path.join(a.peer, "gen_corpus.py")
    pyref = os.path.join(a.peer, "py_reference.py")
    if not os.path.exists(gen) or not os.path.exists(pyref):
        sys.exit(f"找不到对照程序：{gen}、{pyref}（用 --peer 指定 ../shared/bench 的位置）")
    if not os.path.exists(TZ):
        sys.exit(f"找不到 {TZ}：请先运行 cargo build --profile dist（或用 --bin 指定程序）")
    os.makedirs(a.work, exist_ok=True)
    main_dir = os.path.join(a.work, "txt-docx")
    pdf_dir = os.path.join(a.work, "pdf")
    pdf_emb_dir = os.path.join(a.work, "pdf-embedded")
    font = next((f for f in EMBED_FONTS if os.path.exists(f)), None)
    big_dir = os.path.join(a.work, "txt-10000")
    try:
        import reportlab  # noqa: F401
        have_pdf = True
    except ImportError:
        have_pdf = False
    if not a.skip_gen:
        for d in (main_dir, pdf_dir, pdf_emb_dir, big_dir):
            shutil.rmtree(d, ignore_errors=True)
        subprocess.run([sys.executable, gen, "--n", "2000", "--docx", "400", "--out", main_dir], check=True,
                       stdout=subprocess.DEVNULL)
        if have_pdf:
            subprocess.run([sys.executable, gen, "--n", "80", "--docx", "0", "--pdf", "80", "--out", pdf_dir],
                           check=True, stdout=subprocess.DEVNULL)
            shutil.rmtree(os.path.join(pdf_dir, "txt"), ignore_errors=True)
            if font:
                subprocess.run([sys.executable, gen, "--n", "80", "--docx", "0", "--pdf", "80",
                                "--pdf-font", font, "--out", pdf_emb_dir], check=True, stdout=subprocess.DEVNULL)
                shutil.rmtree(os.path.join(pdf_emb_dir, "txt"), ignore_errors=True)
        subprocess.run([sys.executable, gen, "--n", "10000", "--docx", "0", "--out", big_dir], check=True,
                       stdout=subprocess.DEVNULL)
    out_json = os.path.join(a.work, "scan.json")
    out_csv = os.path.join(a.work, "pyref.csv")

    print(f"# taizhang vs py_reference.py, {a.runs} runs each, alternating; medians (min–max)")
    print(f"machine: {os.cpu_count()} cores; folder {main_dir}")
    rust, py, hashes = [], [], set()
    for _ in range(a.runs):
        rust.append(run([TZ, "scan", main_dir, "-o", out_json, "-q", "-j", "2"]))
        hashes.add(sha(out_json))
        py.append(run([sys.executable, pyref, main_dir, "-o", out_csv, "-j", "2"]))
    read, trig, trig_j = [], [], []
    for _ in range(a.runs):
        read.append(run([TZ, "bench-floor", main_dir, "--mode", "read"]))
        trig.append(run([TZ, "bench-floor", main_dir, "--mode", "trigger"]))
        trig_j.append(run([TZ, "bench-floor", main_dir, "--mode", "trigger", "--with-jieba"]))
    rm, pm = stats(rust)[0], stats(py)[0]
    print(f"txt+docx  taizhang scan -j 2          {fmt(rust)}")
    print(f"txt+docx  py_reference.py -j 2        {fmt(py)}   ratio {pm / rm:5.1f}×")
    print(f"txt+docx  floor: read every file      {fmt(read)}")
    print(f"txt+docx  floor: extract + aho-corasick {fmt(trig)}   scan (after the peer) / floor {rm / stats(trig)[0]:4.2f}×")
    print(f"txt+docx  floor: same + whole jieba   {fmt(trig_j)}   scan / floor {rm / stats(trig_j)[0]:4.2f}×")
    # The scan against the floor, alternating (the order swapped each round).
    scan_cmd = [TZ, "scan", main_dir, "-o", out_json, "-q", "-j", "2"]
    floor_cmd = [TZ, "bench-floor", main_dir, "--mode", "trigger"]
    pair_scan, pair_floor = [], []
    for i in range(4 * a.runs):
        if i % 2 == 0:
            pair_scan.append(run(scan_cmd))
            pair_floor.append(run(floor_cmd))
        else:
            pair_floor.append(run(floor_cmd))
            pair_scan.append(run(scan_cmd))
        hashes.add(sha(out_json))
    per_round = statistics.median(s / f for s, f in zip(pair_scan, pair_floor))
    print(f"txt+docx  scan, alternating with floor {fmt(pair_scan)}")
    print(f"txt+docx  floor, alternating with scan {fmt(pair_floor)}   scan / floor {per_round:4.2f}× "
          f"(median of {len(pair_scan)} rounds; ratio of the medians {stats(pair_scan)[0] / stats(pair_floor)[0]:4.2f}×)")
    print(f"txt+docx  CPU time / wall of scan     {cpu_ratio(scan_cmd):.2f}")
    print(f"txt+docx  scan output sha256          {' '.join(sorted(hashes))} ({'identical' if len(hashes) == 1 else 'DIFFERENT'})")

    docx_dir = os.path.join(main_dir, "docx")
    if os.path.isdir(docx_dir):
        n = len(os.listdir(docx_dir))
        ex = [run([TZ, "bench-floor", docx_dir, "--mode", "trigger"]) for _ in range(a.runs)]
        print(f"docx      extract {n} files             {fmt(ex)}   {n / stats(ex)[0]:,.0f} docs/s")

    for label, d in (("pdf CID", pdf_dir), ("pdf embedded", pdf_emb_dir)):
        if not (have_pdf and os.path.isdir(d)):
            continue
        pdfs = sorted(os.path.join(dp, f) for dp, _, fs in os.walk(d) for f in fs if f.endswith(".pdf"))
        rust_pdf, py_pdf, poppler = [], [], []
        for _ in range(a.runs):
            rust_pdf.append(run([TZ, "scan", d, "-o", out_json, "-q", "-j", "2"]))
            py_pdf.append(run([sys.executable, pyref, d, "-o", out_csv, "-j", "2"]))
            if shutil.which("pdftotext"):
                t = time.perf_counter()
                for p in pdfs:
                    subprocess.run(["pdftotext", p, "-"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                poppler.append(time.perf_counter() - t)
        print(f"{label} ({len(pdfs)})  taizhang scan -j 2      {fmt(rust_pdf)}   {len(pdfs) / stats(rust_pdf)[0]:.0f} docs/s")
        print(f"{label}  py_reference.py -j 2        {fmt(py_pdf)}   ratio {stats(py_pdf)[0] / stats(rust_pdf)[0]:5.1f}×")
        if poppler:
            print(f"{label}  pdftotext, one per file     {fmt(poppler)}   taizhang / pdftotext {stats(rust_pdf)[0] / stats(poppler)[0]:4.2f}×")
        else:
            print(f"{label}  pdftotext not found (apt install poppler-utils)")

    big_out = os.path.join(a.work, "big.json")
    rss = peak_rss([TZ, "scan", big_dir, "-o", big_out, "-q", "-j", "2"])
    print(f"10,000 txt  peak RSS of scan          {rss:8.1f} MB")
    one = os.path.join(main_dir, "txt", sorted(os.listdir(os.path.join(main_dir, "txt")))[0])
    start = [run([TZ, "scan", one, "-o", out_json, "-q"]) for _ in range(max(a.runs, 10))]
    helps = [run([TZ, "--help"]) for _ in range(max(a.runs, 10))]
    print(f"start-up  scan of one small file      {fmt(start)}")
    print(f"start-up  --help                      {fmt(helps)}")


if __name__ == "__main__":
    main()
