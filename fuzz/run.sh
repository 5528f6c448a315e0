#!/usr/bin/env bash
# Run one fuzz target (or all) for a while, seeded from the project's own
# fixtures. Needs the nightly toolchain and cargo-fuzz:
#   rustup toolchain install nightly && cargo install cargo-fuzz
# Usage: bash fuzz/run.sh TARGET [SECONDS]     (one target)
#        bash fuzz/run.sh all [SECONDS]        (every target in turn)
# Findings land in fuzz/artifacts/TARGET/; the growing corpus in
# fuzz/corpus/TARGET/ (both outside git). A finding that is fixed becomes a
# regression input in corpus/fixtures/fuzz/ (tests/fuzz_regressions.rs).
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target name or all}
secs=${2:-60}
if [ "$target" = all ]; then
    # Every target fuzz/Cargo.toml declares.
    mapfile -t targets < <(cargo +nightly fuzz list)
    [ "${#targets[@]}" -gt 0 ] || { echo "run.sh: cargo fuzz list found no targets" >&2; exit 2; }
    for t in "${targets[@]}"; do bash "$0" "$t" "$secs"; done
    exit 0
fi

# Seeds: fuzz/seeds.sh (the same for AFL++, fuzz/afl.sh).
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
bash fuzz/seeds.sh "$target" "$seeds"
mkdir -p "fuzz/corpus/$target"
dict=()
[ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
# Per input: 10 s and 2 GB at most (the per-file budget of a scan is 60 s;
# an input that needs more is a finding). Fork mode is not used: two cores.
cargo +nightly fuzz run --sanitizer none -O "$target" "fuzz/corpus/$target" "$seeds" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 "${dict[@]}"
