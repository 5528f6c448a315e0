#!/usr/bin/env bash
# Whether two taizhang builds write the same bytes: a change meant to keep
# the output (a library swapped in, a speed-up) is checked with this before
# it lands.
#   bash bench/same_bytes.sh OLD_BINARY NEW_BINARY
# Scans corpus/ (and, where they exist, ../shared/samples,
# ../shared/corpus-real and the benchmark folder /tmp/taizhang-bench/txt-docx)
# to json and csv, runs eval on the gold sets and 5-fold cross-validation,
# and compares each output of the two builds. Exit 1 when any differs.
set -uo pipefail
cd "$(dirname "$0")/.."
old=${1:?old binary}
new=${2:?new binary}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

folders=(corpus)
for d in ../shared/samples ../shared/corpus-real /tmp/taizhang-bench/txt-docx; do
    [ -d "$d" ] && folders+=("$d")
done
golds=(--gold corpus/gold.jsonl)
[ -f ../shared/corpus-real/gold.jsonl ] &&
    golds=(--gold corpus/real/gold.jsonl --gold ../shared/corpus-real/gold.jsonl --also corpus/gold.jsonl)
[ -f ../shared/corpus-real/gold.jsonl ] && [ -d ../lawref/texts ] &&
    golds+=(--gold corpus/real/lawref.jsonl)

run() { # label, then the command's arguments; output to $work/<build>/<label>
    local label=$1
    shift
    for b in old new; do
        local bin=$old
        [ "$b" = new ] && bin=$new
        mkdir -p "$work/$b"
        "$bin" "${@//@OUT@/$work/$b/$label}" >"$work/$b/$label.stdout" 2>/dev/null
    done
}

for d in "${folders[@]}"; do
    n=$(basename "$d")
    for fmt in json csv; do
        run "$n.$fmt" scan -q -o "@OUT@" "$d"
    done
done
run eval-corpus eval --gold corpus/gold.jsonl
run eval-cv eval --cv 5 "${golds[@]}"

status=0
for f in "$work"/old/*; do
    name=$(basename "$f")
    if cmp -s "$f" "$work/new/$name"; then
        echo "same    $name"
    else
        echo "DIFFERS $name"
        status=1
    fi
done
exit $status
