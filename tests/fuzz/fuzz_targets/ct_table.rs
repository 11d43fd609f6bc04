#![no_main]
//! The qPCR Ct table reader (long and wide, both orientations) must return a matrix or an error
//! for any bytes, never panic.
use libfuzzer_sys::fuzz_target;
use osteomir::io::ct::{self, CtOptions};
use osteomir::io::warnings::Warnings;

fuzz_target!(|data: &[u8]| {
    let path = "fuzz_ct.tsv".as_ref();
    let _ = ct::looks_like_ct(data, path);
    for samples_as_rows in [false, true] {
        let options = CtOptions {
            samples_as_rows,
            ..CtOptions::default()
        };
        let _ = ct::parse(data, path, &options, &mut Warnings::default());
    }
});
