#!/bin/sh
# Runs every fuzz target for SECONDS seconds (default 300), one at a time, and appends one line per
# target to tests/fuzz/logs/results.tsv: target, seconds, executions (libFuzzer's final
# "Done N runs" line), crashes (files in artifacts/TARGET). Run from the repository root, after
# seed_corpus.sh. Needs cargo-fuzz; on stable Rust set RUSTC_BOOTSTRAP=1.
set -u
secs=${SECONDS_PER_TARGET:-300}
targets=${TARGETS:-"matrix_tsv gct geo_series_matrix ct_table sample_sheet gdc signature_gmt signature_table signature_toml id_resolver"}
logs=tests/fuzz/logs
tdir=${FUZZ_TARGET_DIR:-$HOME/.cache/osteomir/target-fuzzer}
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
mkdir -p "$logs"
for t in $targets; do
    mkdir -p "tests/fuzz/artifacts/$t"
    nice -n 10 cargo fuzz build --fuzz-dir tests/fuzz --target-dir "$tdir" --sanitizer none --debug-assertions "$t" > "$logs/$t.build.log" 2>&1 || { echo "$t	build failed" >> "$logs/results.tsv"; continue; }
    start=$(date +%s)
    nice -n 10 cargo fuzz run --fuzz-dir tests/fuzz --target-dir "$tdir" --sanitizer none --debug-assertions "$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
        > "$logs/$t.log" 2>&1
    end=$(date +%s)
    runs=$(grep -o 'Done [0-9]* runs' "$logs/$t.log" | tail -1 | grep -o '[0-9]*')
    [ -n "$runs" ] || runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$')
    crashes=$(ls "tests/fuzz/artifacts/$t" | wc -l)
    echo "$t	$((end - start))	${runs:-?}	$crashes" >> "$logs/results.tsv"
done
