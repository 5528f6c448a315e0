#!/usr/bin/env bash
# Line and region coverage of the project's own code reached by one fuzz
# target's corpus (fuzz/corpus/TARGET, grown by fuzz/run.sh): what the
# fuzzer's edge count does not say, namely which files and functions it
# never reached. Needs the nightly toolchain's llvm-tools
# (`rustup component add llvm-tools-preview --toolchain nightly`).
# Usage: bash fuzz/coverage.sh TARGET        (summary per file of src/)
# Writes llvm-cov's table to fuzz/coverage/TARGET/report.txt (outside git),
# the functions of the files it reached that it never entered to
# fuzz/coverage/TARGET/unreached.txt, and prints the files the corpus reached. The line-by-line view:
#   $(rustc +nightly --print sysroot)/lib/rustlib/HOST/bin/llvm-cov show BIN \
#     -instr-profile=fuzz/coverage/TARGET/coverage.profdata src/extract/txt.rs
set -euo pipefail
cd "$(dirname "$0")/.."
target=${1:?target name}
[ -d "fuzz/corpus/$target" ] || { echo "no corpus: run bash fuzz/run.sh $target first" >&2; exit 2; }
cargo +nightly fuzz coverage --sanitizer none "$target" "fuzz/corpus/$target" >/dev/null
host=$(rustc +nightly -vV | sed -n 's/^host: //p')
tools="$(rustc +nightly --print sysroot)/lib/rustlib/$host/bin"
# cargo-fuzz builds the coverage binary under the project's target/ (or,
# by its version, under fuzz/target/).
bin=""
for d in target fuzz/target; do
    [ -x "$d/$host/coverage/$host/release/$target" ] && bin="$d/$host/coverage/$host/release/$target" && break
done
[ -n "$bin" ] || { echo "the coverage build of $target was not found" >&2; exit 1; }
prof="fuzz/coverage/$target/coverage.profdata"
# Only the project's own files: not the registry's crates nor std.
only_src=(-ignore-filename-regex='(\.cargo/registry|/rustc/|/fuzz/)')
"$tools/llvm-cov" report "$bin" -instr-profile="$prof" "${only_src[@]}" \
    > "fuzz/coverage/$target/report.txt"
# The files the corpus reached, with their line coverage (llvm-cov's
# columns: regions, missed, cover, functions, missed, executed, lines,
# missed, cover, ...).
awk '$1 ~ /^src\// && $10 != "0.00%" {printf "%-32s lines %8s  functions %8s  regions %8s\n", $1, $10, $7, $4}
     $1 == "TOTAL" {printf "%-32s lines %8s  functions %8s  regions %8s\n", "all of src/", $10, $7, $4}' \
    "fuzz/coverage/$target/report.txt"
# The functions never entered, in the files the corpus did reach (closures
# left out; names demangled by c++filt, which reads Rust's v0 symbols, with
# the crate's hash taken out).
reached=$(awk '$1 ~ /^src\// && $10 != "0.00%" {print $1}' "fuzz/coverage/$target/report.txt")
if [ -n "$reached" ] && command -v c++filt >/dev/null; then
    # shellcheck disable=SC2086
    "$tools/llvm-cov" report -show-functions -Xdemangler=c++filt "$bin" \
        -instr-profile="$prof" $reached |
        awk '/^File /{file=$2; gsub(/[\x27:]/, "", file); sub(".*/src/", "src/", file); next}
             {line=$0; n=split(line, f, / +/)}
             n >= 10 && f[n-3] == "0.00%" && line !~ /closure/ {
                 for (i = 0; i < 9; i++) sub(/ +[0-9.%]+ *$/, "", line); gsub(/\[[0-9a-f]+\]/, "", line)
                 print file "\t" line }' > "fuzz/coverage/$target/unreached.txt"
    echo "functions never entered: $(wc -l < "fuzz/coverage/$target/unreached.txt") (fuzz/coverage/$target/unreached.txt)"
fi
