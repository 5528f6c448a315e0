#!/usr/bin/env bash
# Copy the seed inputs of one fuzz target into a folder: the fixtures of the
# target's format, the regression inputs, and for the text and ledger
# targets the corpus' documents and ledgers. Used by fuzz/run.sh (libFuzzer)
# and fuzz/afl.sh (AFL++).
# Usage: bash fuzz/seeds.sh TARGET DIR
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target name}
seeds=${2:?folder to fill}
mkdir -p "$seeds"
copy() { for f in "$@"; do [ -f "$f" ] && cp "$f" "$seeds/" || true; done; }
case "$target" in
    read_txt) copy corpus/fixtures/*.txt corpus/docs/d/00*.txt ;;
    read_doc) copy corpus/fixtures/*.doc corpus/fixtures/*.wps ;;
    read_*) copy corpus/fixtures/*."${target#read_}" ;;
    sniff) copy corpus/fixtures/* ;;
    analyse_text) copy corpus/docs/d/0*.txt corpus/checks/*.txt ;;
    ledger) copy corpus/ledgers/*.xlsx corpus/ledgers/*.xls corpus/ledgers/*.csv corpus/ledgers/*.docx ;;
esac
copy corpus/fixtures/fuzz/"$target"/*
# Seeds written for a target (the config target's first byte picks what the
# rest is read as: fuzz/seeds/config/).
copy fuzz/seeds/"$target"/*
