#!/usr/bin/env python3
"""Writes the bad-input catalogue files (run from this folder; stdlib only; deterministic).

Each file is one malformed (or awkward but valid) input; cases.tsv says how each is used, the exit
code expected and the key words the error message must contain. tests/bad_inputs.rs runs them all.
"""
import gzip
import io
import os
import random

OK = "feature\tS1\tS2\tS3\nm1\t1.5\t2.5\t3.0\nm2\t4.0\t3.5\t1.0\nm3\t2.0\t2.2\t2.9\n"
files = {
    "ok.tsv": OK,
    "ok.gmt": "sig\tdemo\tm1\tm2\tm3\n",
    "empty.tsv": "",
    "blank_lines_only.tsv": "\n\n\n",
    "header_only.tsv": "feature\tS1\tS2\n",
    "one_column.tsv": "feature\nm1\nm2\n",
    "ragged_short.tsv": "feature\tS1\tS2\nm1\t1\t2\nm2\t3\n",
    "ragged_long.tsv": "feature\tS1\tS2\nm1\t1\t2\t9\nm2\t3\t4\n",
    "non_numeric.tsv": "feature\tS1\tS2\nm1\t1\t2\nm2\tabc\t4\n",
    "comma_decimal.tsv": "feature\tS1\tS2\nm1\t1,5\t2\nm2\t3\t4\n",
    "inf.tsv": "feature\tS1\tS2\nm1\t1\tinf\nm2\t3\t4\n",
    "neg_inf.tsv": "feature\tS1\tS2\nm1\t1\t-Infinity\nm2\t3\t4\n",
    "negative_counts.tsv": "feature\tS1\tS2\nm1\t100\t-5\nm2\t300\t400\n",
    "dup_samples.tsv": "feature\tS1\tS1\nm1\t1\t2\nm2\t3\t4\n",
    "dup_features.tsv": "feature\tS1\tS2\nm1\t1\t2\nm1\t3\t4\n",
    "empty_sample_name.tsv": "feature\tS1\t\tS3\nm1\t1\t2\t3\n",
    "missing_feature_id.tsv": "feature\tS1\tS2\nm1\t1\t2\n\t3\t4\n",
    "all_zero_sample.tsv": "feature\tS1\tS2\nm1\t150\t0\nm2\t300\t0\n",
    "nonutf8_header.tsv": b"feature\tS\xff1\tS2\nm1\t1\t2\n",
    "nonutf8_feature.tsv": b"feature\tS1\tS2\nm\xfe1\t1\t2\nm2\t3\t4\n",
    "bom_crlf.tsv": "\ufefffeature\tS1\tS2\tS3\r\nm1\t1\t2\t3\r\nm2\t3\t1\t2\r\nm3\t2\t2\t1\r\n",
    "quoted.csv": '"feature","S1","S2","S3"\n"m1",1,2,3\n"m2",3,1,2\n"m3",2,2,1\n',
    "extreme.tsv": "feature\tS1\tS2\tS3\nm1\t1e308\t-1e308\t1e307\nm2\t1e-308\t2e-308\t0\nm3\t1\t2\t3\n",
    "comment_lines.tsv": "# exported by a pipeline\nfeature\tS1\tS2\tS3\n# a note\nm1\t1\t2\t3\nm2\t3\t1\t2\nm3\t2\t2\t1\n",
    "absent.gmt": "sig\tdemo\tx1\tx2\n",
    "half_present.gmt": "sig\tdemo\tm1\tx2\tx3\n",
    "gmt_empty.gmt": "",
    "gmt_set_without_members.gmt": "A\tdesc\tm1\nB\tdesc\n",
    "gmt_duplicate_set.gmt": "A\tdesc\tm1\nA\tdesc\tm2\n",
    "gmt_duplicate_member.gmt": "A\tdesc\tm1\tm2\tm1\n",
    "gmt_up_and_down.gmt": "A_UP\tdesc\tm1\tm2\nA_DN\tdesc\tm1\n",
    "gmt_empty_set_name.gmt": "\tdesc\tm1\tm2\n",
    "sig_invalid_direction.tsv": "signature\tmirna\tdirection\nA\tm1\tup\nA\tm2\tsideways\n",
    "sig_missing_column.tsv": "signature\tmirna\nA\tm1\n",
    "sig_ragged.tsv": "signature\tmirna\tdirection\nA\tm1\tup\nA\tm2\n",
    "sig_empty.tsv": "",
    "sig_header_only.tsv": "signature\tmirna\tdirection\n",
    "sig_empty_mirna.tsv": "signature\tmirna\tdirection\nA\t\tup\n",
    "sig_same_name_as_ok.tsv": "signature\tmirna\tdirection\nsig\tm1\tup\n",
    "a_directory/.keep": "",
}
random.seed(12)
files["garbage.bin"] = bytes(random.randrange(256) for _ in range(512))
gz = io.BytesIO()
with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as g:
    g.write(OK.encode() * 50)
files["truncated.tsv.gz"] = gz.getvalue()[: len(gz.getvalue()) // 2]
gz = io.BytesIO()
with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as g:
    g.write(b"")
files["empty.tsv.gz"] = gz.getvalue()

# Malformed variants of a valid user TOML signature (ok_user.toml, the built-in schema).
with open("ok_user.toml") as f:
    src = f.read()
files.update({
    "toml_unknown_key.toml": src.replace('targets = ""\nrefs = [1]', 'targets = ""\ncolour = "red"\nrefs = [1]', 1),
    "toml_invalid_direction.toml": src.replace("direction = 1\n", "direction = 0\n", 1),
    "toml_duplicate_member.toml": src.replace('name = "m2"\nid = "MIMAT0000002"', 'name = "m1"\nid = "MIMAT0000001"'),
    "toml_no_entries.toml": src.split("[[entry]]")[0],
    "toml_missing_member_name.toml": src.replace('name = "m2"\n', ""),
    "toml_syntax_error.toml": src.replace("direction = 1\n", "direction = = 1\n", 1),
    "toml_conflict_without_reason.toml": src.replace("conflict = false", "conflict = true", 1),
})

# Other matrix formats, sample sheets and signature encodings.
GCT_OK = "#1.2\n3\t3\nName\tDescription\tS1\tS2\tS3\nm1\tna\t1.5\t2.5\t3.0\nm2\tna\t4.0\t3.5\t1.0\nm3\tna\t2.0\t2.2\t2.9\n"
SERIES_HEAD = '!Series_title\t"demo"\n!Sample_title\t"a"\t"b"\t"c"\n!Sample_geo_accession\t"GSM1"\t"GSM2"\t"GSM3"\n'
SERIES_TABLE = '"ID_REF"\t"GSM1"\t"GSM2"\t"GSM3"\n"m1"\t1.5\t2.5\t3.0\n"m2"\t4.0\t3.5\t1.0\n"m3"\t2.0\t2.2\t2.9\n'
ISO_HEAD = "miRNA_ID\tisoform_coords\tread_count\treads_per_million_miRNA_mapped\tcross-mapped\tmiRNA_region\n"
MIR_HEAD = "miRNA_ID\tread_count\treads_per_million_miRNA_mapped\tcross-mapped\n"
SCORES = "sample\tsig\nS1\t0.5\nS2\t-0.2\nS3\t1.1\nS4\t0.3\n"
files.update({
    "ok.gct": GCT_OK,
    "extreme.gct": GCT_OK.replace("1.5", "1e308").replace("2.5", "-1e308"),
    "gct_rows_declared_wrong.gct": GCT_OK.replace("3\t3\n", "5\t3\n", 1),
    "gct_huge_dims.gct": GCT_OK.replace("3\t3\n", "99999999999999\t3\n", 1),
    "gct_overflowing_dims.gct": "#1.3\n3\t18446744073709551615\t1\t0\nid\tdesc\tS1\nm1\td\t1\nm2\td\t2\nm3\td\t3\n",
    "gct_columns_declared_wrong.gct": GCT_OK.replace("3\t3\n", "3\t4\n", 1),
    "gct_short_row.gct": GCT_OK.replace("m2\tna\t4.0\t3.5\t1.0", "m2\tna\t4.0\t3.5"),
    "gct_bad_dimension_line.gct": GCT_OK.replace("3\t3\n", "3 rows\n", 1),
    "gct_bad_version.gct": GCT_OK.replace("#1.2", "#1.4", 1),
    "gct_non_numeric.gct": GCT_OK.replace("3.5", "high"),
    "gct_nonutf8_sample.gct": GCT_OK.replace("S2", "S\udc82").encode("utf-8", "surrogateescape"),
    "gct_ends_early.gct": "#1.2\n",
    "series_matrix_no_table.txt": SERIES_HEAD,
    "series_matrix_truncated.txt": SERIES_HEAD + "!series_matrix_table_begin\n" + SERIES_TABLE,
    "series_matrix_ragged.txt": SERIES_HEAD + "!series_matrix_table_begin\n" + SERIES_TABLE.replace('"m2"\t4.0\t3.5\t1.0', '"m2"\t4.0\t3.5') + "!series_matrix_table_end\n",
    "series_matrix_empty_table.txt": SERIES_HEAD + "!series_matrix_table_begin\n!series_matrix_table_end\n",
    "series_matrix_bad_value.txt": SERIES_HEAD + "!series_matrix_table_begin\n" + SERIES_TABLE.replace("2.2", "n.d.") + "!series_matrix_table_end\n",
    "series_matrix_duplicate_id.txt": SERIES_HEAD + "!series_matrix_table_begin\n" + SERIES_TABLE.replace('"m3"', '"m1"') + "!series_matrix_table_end\n",
    "series_matrix_ok.txt": SERIES_HEAD + "!series_matrix_table_begin\n" + SERIES_TABLE + "!series_matrix_table_end\n",
    "gpl_no_name_column.txt": "ID\tSPOT_ID\tSEQUENCE\nm1\ta\tACGT\n",
    "ct_bad_value.csv": "Sample,Target,Ct\nS1,m1,20.1\nS1,m2,abc\nS2,m1,21\nS2,m2,22\n",
    "ct_negative_value.csv": "Sample,Target,Ct\nS1,m1,20.1\nS1,m2,-3\nS2,m1,21\nS2,m2,22\n",
    "ct_infinite_value.csv": "Sample,Target,Ct\nS1,m1,20.1\nS1,m2,1e999\nS2,m1,21\nS2,m2,22\n",
    "ct_empty_target.csv": "Sample,Target,Ct\nS1,m1,20.1\nS1,,25\nS2,m1,21\nS2,m2,22\n",
    "ct_ragged.csv": "Sample,Target,Ct\nS1,m1,20.1\nS1,m2\nS2,m1,21\nS2,m2,22\n",
    "ct_wide_bad_value.tsv": "target\tS1\tS2\nm1\t20\tUndetermined\nm2\tfail\t22\n",
    "scores.tsv": SCORES,
    "sheet_ok.tsv": "sample\tstatus\nS1\tcase\nS2\tcase\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_no_group_column.tsv": "sample\tstage\nS1\tcase\nS2\tcase\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_no_case.tsv": "sample\tstatus\nS1\tcontrol\nS2\tcontrol\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_no_control.tsv": "sample\tstatus\nS1\tcase\nS2\tcase\nS3\tcase\nS4\tNA\n",
    "sheet_one_case.tsv": "sample\tstatus\nS1\tcase\nS2\tNA\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_duplicate_sample.tsv": "sample\tstatus\nS1\tcase\nS2\tcase\nS2\tcontrol\nS4\tcontrol\n",
    "sheet_missing_sample.tsv": "sample\tstatus\nS1\tcase\nS2\tcase\nS3\tcontrol\n",
    "sheet_extra_sample.tsv": "sample\tstatus\nS1\tcase\nS2\tcase\nS3\tcontrol\nS4\tcontrol\nS9\tcontrol\n",
    "sheet_one_column.tsv": "sample\nS1\nS2\nS3\nS4\n",
    "sheet_empty_id.tsv": "sample\tstatus\nS1\tcase\n\tcase\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_ragged.tsv": "sample\tstatus\nS1\tcase\nS2\nS3\tcontrol\nS4\tcontrol\n",
    "sheet_nonutf8.tsv": b"sample\tstatus\nS1\tcase\nS2\tca\xffse\nS3\tcontrol\nS4\tcontrol\n",
    "gdc_isoform_overflow/u1/S1.isoforms.quantification.txt": ISO_HEAD + "hsa-mir-1\tc1\t1e308\t1\tN\tmature,MIMAT0000001\nhsa-mir-1\tc2\t1.5e308\t1\tN\tmature,MIMAT0000001\n",
    "gdc_bad_count/u1/S1.mirnas.quantification.txt": MIR_HEAD + "m1\t5\t1.0\tN\nm2\tmany\t1.0\tN\n",
    "gdc_negative_count/u1/S1.mirnas.quantification.txt": MIR_HEAD + "m1\t5\t1.0\tN\nm2\t-4\t1.0\tN\n",
    "gdc_missing_column/u1/S1.mirnas.quantification.txt": "miRNA_ID\treads\nm1\t5\n",
    "gdc_empty_id/u1/S1.mirnas.quantification.txt": MIR_HEAD + "m1\t5\t1.0\tN\n\t7\t1.0\tN\n",
    "gdc_duplicate_id/u1/S1.mirnas.quantification.txt": MIR_HEAD + "m1\t5\t1.0\tN\nm1\t7\t1.0\tN\n",
    "gdc_unlisted/u1/S1.mirnas.quantification.txt": MIR_HEAD + "m1\t5\t1.0\tN\nm2\t7\t1.0\tN\n",
    "gdc_sheet.tsv": "File Name\tSample ID\nS9.mirnas.quantification.txt\tTCGA-X\n",
    "gmt_nonutf8.gmt": b"sig\tdemo\tm1\tm2\nother\tdemo\tm\xe91\n",
    "sig_nonutf8.tsv": b"signature\tmirna\tdirection\nA\tm1\tup\nA\tmi\xc3R\tdown\n",
    "overflow_value.tsv": "feature\tS1\tS2\nm1\t1e309\t2\nm2\t3\t4\n",
})

for name, content in files.items():
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
print(f"wrote {len(files)} files")
