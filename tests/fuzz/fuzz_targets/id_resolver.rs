#![no_main]
//! The miRBase name resolver must answer every string, never panic.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(resolver) = osteomir::mirna::Resolver::embedded() {
        let _ = resolver.resolve(&String::from_utf8_lossy(data));
    }
});
