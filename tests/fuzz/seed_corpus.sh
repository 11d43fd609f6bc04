#!/bin/sh
# Seeds tests/fuzz/corpus/TARGET/ with small files of the right kind from tests/bad_inputs and
# fixtures/ (gzip files are decompressed; files over 64 KiB are left out). Run from the repository
# root: sh tests/fuzz/seed_corpus.sh
set -eu
root=$(pwd)
out=tests/fuzz/corpus
seed() { # target files...
    t=$1; shift
    mkdir -p "$out/$t"
    for f in "$@"; do
        [ -f "$f" ] || continue
        name=$(echo "$f" | tr '/' '_')
        case "$f" in
            *.gz) gzip -dc "$f" 2>/dev/null | head -c 65536 > "$out/$t/${name%.gz}" || true ;;
            *) [ "$(wc -c < "$f")" -le 65536 ] && cp "$f" "$out/$t/$name" || true ;;
        esac
    done
}
cd "$root"
seed matrix_tsv tests/bad_inputs/*.tsv tests/bad_inputs/*.csv tests/bad_inputs/*.bin fixtures/formats/quantile_input.tsv fixtures/formats/cross/counts.tsv fixtures/golden/synthetic_ties.tsv
seed gct tests/bad_inputs/*.gct tests/bad_inputs/ok.tsv fixtures/formats/cross/*.gct
seed geo_series_matrix tests/bad_inputs/*series_matrix* tests/bad_inputs/*gpl* fixtures/formats/geo/*
seed ct_table tests/bad_inputs/ct_* fixtures/formats/ct/*
seed sample_sheet tests/bad_inputs/sheet_* fixtures/demo/prad_n1_vs_n0_samples.tsv fixtures/golden/stats/groups.tsv fixtures/formats/cross/gdc_sample_sheet.tsv
seed gdc tests/bad_inputs/gdc_*/*.txt fixtures/formats/cross/gdc_sample_sheet.tsv fixtures/formats/cross/gdc/*/*.txt
seed signature_gmt tests/bad_inputs/*.gmt fixtures/formats/demo_prostate.gmt fixtures/ids/review_sets.gmt fixtures/golden/sets_mature.gmt
seed signature_table tests/bad_inputs/sig_*.tsv fixtures/signatures/table_rows.tsv fixtures/signatures/text_only.tsv
seed signature_toml tests/bad_inputs/*.toml signatures/*.toml
mkdir -p "$out/id_resolver"
for n in hsa-miR-21-5p miR-21 hsa-mir-21 'miR-199a*' MIMAT0000076 hsa-let-7a-1 miR-3591-3p mmu-miR-1 let-7 hsa-miR- hsa-miR-200b-3p/200c-3p ebv-miR-BART1; do
    printf '%s' "$n" > "$out/id_resolver/$(echo "$n" | tr '/*' '__')"
done
# GEO: a series matrix and its GPL table joined by a NUL byte (see fuzz_targets/geo_series_matrix.rs).
if [ -f fixtures/formats/geo/GSE000001_series_matrix.txt.gz ]; then
    { gzip -dc fixtures/formats/geo/GSE000001_series_matrix.txt.gz | head -c 32768; printf '\0'; head -c 32768 fixtures/formats/geo/GPL000001_annotation.txt; } > "$out/geo_series_matrix/joined_series_gpl"
fi
for t in "$out"/*; do echo "$(ls "$t" | wc -l) seeds in $t"; done
