#!/bin/sh
# Runs every fuzz target for SECONDS_PER_TARGET seconds (default 300), one at a time, and appends
# one line per target to tests/fuzz/logs/results.tsv: target, seconds fuzzed and executions (from
# libFuzzer's final "Done N runs in S second(s)" line), crashes (files in artifacts/TARGET). Run
# from the repository root, after seed_corpus.sh. Needs cargo-fuzz;
# sets RUSTC_BOOTSTRAP=1 (stable Rust) unless already set.
set -u
secs=${SECONDS_PER_TARGET:-300}
targets=${TARGETS:-"matrix_tsv gct geo_series_matrix ct_table sample_sheet gdc signature_gmt signature_table signature_toml id_resolver"}
logs=tests/fuzz/logs
tdir=${FUZZ_TARGET_DIR:-$HOME/.cache/osteomir/target-fuzzer}
export RUSTC_BOOTSTRAP=${RUSTC_BOOTSTRAP:-1}
mkdir -p "$logs"
nice -n 10 cargo fuzz build --fuzz-dir tests/fuzz --target-dir "$tdir" --sanitizer none --debug-assertions > "$logs/build.log" 2>&1 || { echo "build failed: see $logs/build.log"; exit 1; }
for t in $targets; do
    mkdir -p "tests/fuzz/artifacts/$t"
    nice -n 10 cargo fuzz run --fuzz-dir tests/fuzz --target-dir "$tdir" --sanitizer none --debug-assertions "$t" -- \
        -max_total_time="$secs" -rss_limit_mb=2048 -timeout=10 -max_len=65536 -print_final_stats=1 \
        > "$logs/$t.log" 2>&1
    # libFuzzer's final line: "Done N runs in S second(s)"; the stats when it stopped on a crash.
    runs=$(grep -o 'Done [0-9]* runs' "$logs/$t.log" | tail -1 | grep -o '[0-9]*')
    secs_run=$(grep -o 'runs in [0-9]* second' "$logs/$t.log" | tail -1 | grep -o '[0-9]*')
    [ -n "$runs" ] || runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$logs/$t.log" | tail -1 | grep -o '[0-9]*$')
    crashes=$(ls "tests/fuzz/artifacts/$t" | wc -l)
    echo "$t	${secs_run:-?}	${runs:-?}	$crashes" >> "$logs/results.tsv"
done
