#![no_main]
//! The miRBase name resolver must answer every string, never panic. The embedded resolver is built
//! once per process, not per input.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use osteomir::mirna::Resolver;

fn resolver() -> Option<&'static Resolver> {
    static RESOLVER: OnceLock<Option<Resolver>> = OnceLock::new();
    RESOLVER.get_or_init(|| Resolver::embedded().ok()).as_ref()
}

fuzz_target!(|data: &[u8]| {
    if let Some(resolver) = resolver() {
        let _ = resolver.resolve(&String::from_utf8_lossy(data));
    }
});
