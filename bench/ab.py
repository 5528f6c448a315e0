"""Paired timing of two taizhang binaries on one folder: the runs alternate
(A then B, then B then A) so that the VM's drift hits both alike, and the
median of the per-pair differences says which is faster.

    python3 bench/ab.py OLD_BINARY NEW_BINARY [DIR] [PAIRS]

DIR defaults to the folder bench/compare.py generates; PAIRS to 20.
"""
import statistics
import subprocess
import sys
import time

a, b = sys.argv[1], sys.argv[2]
folder = sys.argv[3] if len(sys.argv) > 3 else "/tmp/taizhang-bench/txt-docx"
pairs = int(sys.argv[4]) if len(sys.argv) > 4 else 20


def run(binary, out):
    t = time.perf_counter()
    subprocess.run(
        [binary, "scan", folder, "-o", out, "-q", "-j", "2"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=True,
    )
    return time.perf_counter() - t


for _ in range(3):
    run(a, "/tmp/ab-a.json")
    run(b, "/tmp/ab-b.json")
ta, tb = [], []
for i in range(pairs):
    if i % 2:
        ta.append(run(a, "/tmp/ab-a.json"))
        tb.append(run(b, "/tmp/ab-b.json"))
    else:
        tb.append(run(b, "/tmp/ab-b.json"))
        ta.append(run(a, "/tmp/ab-a.json"))
d = [x - y for x, y in zip(ta, tb)]
print(
    f"A median {statistics.median(ta) * 1000:.1f} ms   B median {statistics.median(tb) * 1000:.1f} ms   "
    f"median(A-B) {statistics.median(d) * 1000:+.1f} ms   B faster in {sum(1 for x in d if x > 0)}/{pairs} pairs"
)
with open("/tmp/ab-a.json", "rb") as fa, open("/tmp/ab-b.json", "rb") as fb:
    print("outputs", "identical" if fa.read() == fb.read() else "DIFFER")
