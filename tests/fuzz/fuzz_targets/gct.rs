#![no_main]
//! The GCT 1.2/1.3 reader must return a matrix or an error for any bytes, never panic, hang or
//! allocate from declared dimensions the file cannot hold.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = osteomir::io::gct::parse(data, "fuzz.gct".as_ref());
});
