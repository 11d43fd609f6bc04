#![no_main]
//! The signature table parser must return signatures or an error for any text, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = osteomir::signature::table::parse(text, "fuzz.tsv");
    }
});
