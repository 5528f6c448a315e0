#!/usr/bin/env bash
# Builds the binary handed to the units (the `dist` profile) with
# profile-guided optimisation: an instrumented build runs the units' own
# jobs on the shipped corpus/ (scan to every output format, check, audit),
# and the final build is laid out by the counts it recorded. The binary is
# target/dist/taizhang, as `cargo build --profile dist` leaves it; its
# output is the same bytes, only faster (bench/HISTORY.md note 67).
#
# Needs llvm-profdata of the toolchain's own LLVM:
#   rustup component add llvm-tools
# Takes two dist builds (eight to ten minutes on two cores).
set -euo pipefail
cd "$(dirname "$0")/.."

sysroot=$(rustc --print sysroot)
host=$(rustc -vV | sed -n 's/^host: //p')
profdata="$sysroot/lib/rustlib/$host/bin/llvm-profdata"
if [ ! -x "$profdata" ]; then
    echo "pgo.sh: $profdata not found; run: rustup component add llvm-tools" >&2
    exit 2
fi

work="$PWD/target/pgo"
rm -rf "$work/profiles" "$work/train"
mkdir -p "$work/profiles" "$work/train"

# 1. The instrumented binary (its own target folder: the flags differ).
RUSTFLAGS="-Cprofile-generate=$work/profiles" \
    cargo build --profile dist --target-dir "$work/gen"
bin="$work/gen/dist/taizhang"

# 2. Training: what the units and the credit office run, on corpus/ only
# (the benchmark folder is never trained on). Findings make check and
# audit exit with 1; that is not a failure here.
for fmt in json xlsx docx csv md; do
    "$bin" scan corpus -o "$work/train/ledger.$fmt" -q 2>/dev/null
done
"$bin" scan corpus -o "$work/train/ledger.json" -q -j 1 2>/dev/null
"$bin" check corpus >/dev/null || true
for ledger in corpus/ledgers/t-perfect.xlsx corpus/ledgers/t-omissions-gbk.csv; do
    "$bin" audit --ledger "$ledger" corpus/docs/t --today 2021-10-31 -q >/dev/null || true
done

# 3. The final binary, built with the merged counts.
"$profdata" merge -o "$work/merged.profdata" "$work/profiles"
RUSTFLAGS="-Cprofile-use=$work/merged.profdata" cargo build --profile dist
echo "pgo.sh: target/dist/taizhang built with the counts of $(ls "$work/profiles" | wc -l) profiled processes"
