#![no_main]
//! The curated TOML signature parser must return a value or an error for any text, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        if let Ok(file) = osteomir::signature::curated::parse(text, "fuzz.toml") {
            let _ = file.signatures("fuzz", "fuzz.toml");
        }
    }
});
