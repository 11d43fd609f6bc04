#![no_main]
//! The sample sheet parser and its join to data samples must return a value or an error for any
//! text, never panic. The sheet's own ids (and a few more) are joined with each barcode mode.
use libfuzzer_sys::fuzz_target;
use osteomir::io::sample_sheet::{Barcode, GroupSpec, SampleSheet};
use osteomir::io::warnings::Warnings;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let path = "fuzz_sheet.tsv".as_ref();
    let Ok(sheet) = SampleSheet::parse(text, path) else {
        return;
    };
    // Data samples: the first field of each line (what a sheet usually lists), plus one more.
    let mut samples: Vec<String> = text
        .lines()
        .skip(1)
        .filter_map(|l| l.split(['\t', ',', ';']).next())
        .map(|s| s.trim().trim_matches('"').to_string())
        .collect();
    samples.push("TCGA-2A-A8VL-01A-11R".into());
    samples.sort();
    samples.dedup();
    let header: Vec<&str> = text
        .lines()
        .next()
        .unwrap_or("")
        .split(['\t', ',', ';'])
        .collect();
    let column = header
        .get(1)
        .map_or("group", |c| c.trim().trim_matches('"'));
    for barcode in [None, Some(Barcode::Sample), Some(Barcode::Vial)] {
        for (case, control) in [("case", "control"), ("1", "0"), ("N1", "N0")] {
            let spec = GroupSpec {
                column: column.to_string(),
                case: case.into(),
                control: control.into(),
                barcode,
            };
            let _ = sheet.assign(
                &samples,
                "data.tsv".as_ref(),
                &spec,
                &mut Warnings::default(),
            );
            let _ = sheet.assign(
                &samples[..samples.len() - 1],
                "data.tsv".as_ref(),
                &spec,
                &mut Warnings::default(),
            );
        }
    }
});
