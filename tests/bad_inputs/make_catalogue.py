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

for name, content in files.items():
    os.makedirs(os.path.dirname(name) or ".", exist_ok=True)
    with open(name, "wb") as f:
        f.write(content if isinstance(content, bytes) else content.encode())
print(f"wrote {len(files)} files")
