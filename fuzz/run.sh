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
targets=(read_txt read_docx read_doc read_pdf read_ofd read_html read_odt read_rtf read_zip sniff analyse_text ledger config)
if [ "$target" = all ]; then
    for t in "${targets[@]}"; do bash "$0" "$t" "$secs"; done
    exit 0
fi

# Seeds: the fixtures of the target's format, the regression inputs, and for
# the text and ledger targets the corpus' documents and ledgers.
seeds=$(mktemp -d)
trap 'rm -rf "$seeds"' EXIT
copy() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$seeds/" || true; done; }
case "$target" in
    read_txt) copy corpus/fixtures/*.txt corpus/docs/d/00*.txt ;;
    read_doc) copy corpus/fixtures/*.doc corpus/fixtures/*.wps ;;
    read_*) copy corpus/fixtures/*."${target#read_}" ;;
    sniff) copy corpus/fixtures/* ;;
    analyse_text) copy corpus/docs/d/0*.txt corpus/checks/*.txt ;;
    ledger) copy corpus/ledgers/*.xlsx corpus/ledgers/*.xls corpus/ledgers/*.csv corpus/ledgers/*.docx ;;
    config) copy lexicons/share.txt lexicons/exclude.txt corpus/*/taizhang.toml ;;
esac
copy corpus/fixtures/fuzz/"$target"/*
mkdir -p "fuzz/corpus/$target"
dict=()
[ -f "fuzz/dict/$target.dict" ] && dict=(-dict="fuzz/dict/$target.dict")
# Per input: 10 s and 2 GB at most (the per-file budget of a scan is 60 s;
# an input that needs more is a finding). Fork mode is not used: two cores.
cargo +nightly fuzz run --sanitizer none -O "$target" "fuzz/corpus/$target" "$seeds" -- \
    -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -max_len=1048576 \
    -print_final_stats=1 "${dict[@]}"
