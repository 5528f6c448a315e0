#!/usr/bin/env python3
"""Share of gold cites that exist as units of taizhang's citation tree.

Usage: python3 scripts/cite_coverage.py [--bin target/release/taizhang] GOLD.jsonl
Runs `taizhang extract --structure --json` on every file the gold names and
checks each provision's cite against the cites of the tree's units.
"""
import argparse, json, os, subprocess, sys

def cites(units, out):
    for u in units:
        if u.get('cite'):
            out.add(u['cite'])
        cites(u.get('children', []), out)
    return out

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default='target/release/taizhang')
    ap.add_argument('--verbose', '-v', action='store_true')
    ap.add_argument('gold')
    a = ap.parse_args()
    base = os.path.dirname(a.gold)
    gold = [json.loads(l) for l in open(a.gold, encoding='utf-8') if l.strip()]
    paths = [os.path.join(base, g['file']) for g in gold]
    out = subprocess.run([a.bin, 'extract', '--structure', '--json'] + paths,
                         capture_output=True, check=True).stdout.decode()
    trees = {}
    for line in out.splitlines():
        d = json.loads(line)
        trees[d['path']] = cites(d.get('units', []), set())
    found = total = 0
    for g, p in zip(gold, paths):
        have = trees.get(p, set())
        for prov in g['provisions']:
            total += 1
            if prov['cite'] in have:
                found += 1
            elif a.verbose:
                print(f"missing {g['file']}: {prov['cite']}")
    print(f"cite coverage: {found}/{total} = {found / max(total, 1):.1%} over {len(gold)} documents")

if __name__ == '__main__':
    sys.exit(main())
