#![no_main]
//! The TSV/CSV matrix reader must return a value or an error for any bytes, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = osteomir::io::delimited::parse(data.to_vec(), "fuzz.tsv".as_ref());
    let _ = osteomir::io::delimited::parse(data.to_vec(), "fuzz.csv".as_ref());
});
