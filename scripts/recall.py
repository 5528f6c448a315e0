#!/usr/bin/env python3
"""Character recall of `taizhang extract` against known true texts.

Usage: python3 scripts/recall.py [--bin target/release/taizhang] DIR...

For each document read from DIR (zip members included), the true text is
the best-matching candidate among DIR's truth files: `<stem>.expected.txt`
when present, else s1.txt / s2.txt / source_body.txt. Reports, per file and
per format: Han-character recall (multiset), the share of the truth's Han
characters found in order (longest common subsequence), and the status.
"""
import argparse, collections, json, os, subprocess, sys

def han(s):
    return [c for c in s if '\u3400' <= c <= '\u9fff' or '\U00020000' <= c <= '\U0003134f']

def recall(truth, got):
    t, g = collections.Counter(han(truth)), collections.Counter(han(got))
    total = sum(t.values())
    return sum(min(n, g[c]) for c, n in t.items()) / total if total else 1.0

def in_order(truth, got):
    a, b = han(truth), han(got)
    if not a:
        return 1.0
    # LCS length by a simple DP over the shorter dimension.
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0] * (len(b) + 1)
        for j, y in enumerate(b, 1):
            cur[j] = prev[j - 1] + 1 if x == y else max(prev[j], cur[j - 1])
        prev = cur
    return prev[-1] / len(a)

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--bin', default='target/release/taizhang')
    ap.add_argument('dirs', nargs='+')
    a = ap.parse_args()
    per_format = collections.defaultdict(list)
    for d in a.dirs:
        truths = {}
        for name in os.listdir(d):
            if name in ('s1.txt', 's2.txt', 'source_body.txt') or name.endswith('.expected.txt'):
                truths[name] = open(os.path.join(d, name), encoding='utf-8').read()
        out = subprocess.run([a.bin, 'extract', '--json', d], capture_output=True, check=True).stdout
        for line in out.decode().splitlines():
            doc = json.loads(line)
            path = doc['path']
            rel = path[len(d.rstrip('/')) + 1:]
            # Only files of this folder (and members of its archives); truths are per folder.
            if '/' in rel.split('.zip/')[0]:
                continue
            base = os.path.basename(path)
            if base.startswith('ledger') or base == 'short_gbk.txt':
                continue
            if base in truths or base.endswith('.md') or base == 'README.txt' or base.endswith('.py'):
                continue
            text = '\n'.join(p['text'] for p in doc['pages'])
            stem = base.rsplit('.', 1)[0]
            cands = [truths[stem + '.expected.txt']] if stem + '.expected.txt' in truths else \
                [v for k, v in truths.items() if not k.endswith('.expected.txt')]
            if not cands or doc['status'] in ('skipped',) or doc['format'] == 'zip':
                print(f"{doc['status']:8} {doc['format']:5} {'':>7} {'':>7}  {path}  {doc['message'][:60]}")
                continue
            best = max(cands, key=lambda t: recall(t, text))
            r, o = recall(best, text), in_order(best, text)
            print(f"{doc['status']:8} {doc['format']:5} {r:7.2%} {o:7.2%}  {path}  {doc['message'][:60]}")
            if doc['status'] != 'error':
                per_format[doc['format']].append(r)
            else:
                per_format[doc['format'] + ' (error)'].append(r)
    print('\nformat        files  mean Han recall  min')
    for f, rs in sorted(per_format.items()):
        print(f"{f:13} {len(rs):5}  {sum(rs)/len(rs):14.2%}  {min(rs):6.2%}")

if __name__ == '__main__':
    sys.exit(main())
