#!/usr/bin/env bash
# Run one fuzz target under AFL++ (the same promises as the libFuzzer
# target of that name: fuzz/fuzz_targets/common.rs), seeded as fuzz/run.sh
# seeds it. Needs cargo-afl (`cargo install --locked cargo-afl`, then
# `cargo afl config --build` once to build AFL++ itself).
# Usage: bash fuzz/afl.sh TARGET [SECONDS]
# Findings land in fuzz/afl-out/TARGET/default/{crashes,hangs}/ (outside
# git); fuzz/afl-out/TARGET/default/fuzzer_stats has the run's figures.
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target name (one of fuzz/fuzz_targets/)}
secs=${2:-600}
(cd fuzz/afl && cargo afl build --release)
bin=fuzz/afl/target/release/taizhang-afl

seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
bash fuzz/seeds.sh "$target" "$seeds"
# AFL++ refuses seeds over 1 MB; the fixtures past that stay libFuzzer's.
find "$seeds" -type f -size +1024k -delete
out="fuzz/afl-out/$target"
mkdir -p "$out"
dict=()
[ -f "fuzz/dict/$target.dict" ] && dict=(-x "fuzz/dict/$target.dict")
# 10 s per input as in fuzz/run.sh. No memory limit (-m none): AFL++'s
# limit is on address space, which the allocator reserves far beyond what
# it uses; the libFuzzer runs hold the 2 GB budget.
TAIZHANG_FUZZ_TARGET="$target" AFL_NO_UI=1 AFL_SKIP_CPUFREQ=1 \
AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
    cargo afl fuzz -i "$seeds" -o "$out" -t 10000 -m none -V "$secs" "${dict[@]}" "$bin"
stats="$out/default/fuzzer_stats"
grep -E '^(run_time|execs_done|execs_per_sec|corpus_count|edges_found|total_edges|bitmap_cvg|saved_crashes|saved_hangs|peak_rss_mb) ' "$stats" || true
