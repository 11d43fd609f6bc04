#![no_main]
//! The GDC readers must return a value or an error for any bytes, never panic: the bytes are read
//! as a GDC sample sheet, and written (once as a mirnas and once as an isoforms quantification
//! file) into a temporary directory that is then read with both value kinds.
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use osteomir::io::gdc::{self, GdcValue};
use osteomir::io::warnings::Warnings;

/// One directory per process, its two files overwritten by each input.
fn dirs() -> &'static (tempfile::TempDir, tempfile::TempDir) {
    static DIRS: OnceLock<(tempfile::TempDir, tempfile::TempDir)> = OnceLock::new();
    DIRS.get_or_init(|| {
        (
            tempfile::tempdir().expect("temporary directory"),
            tempfile::tempdir().expect("temporary directory"),
        )
    })
}

fuzz_target!(|data: &[u8]| {
    let _ = gdc::read_sample_sheet(data, "fuzz_sheet.tsv".as_ref());
    let (mirnas, isoforms) = dirs();
    let files = [
        (mirnas.path(), "S1.mirnas.quantification.txt"),
        (isoforms.path(), "S1.isoforms.quantification.txt"),
    ];
    for (dir, name) in files {
        if std::fs::write(dir.join(name), data).is_err() {
            return;
        }
        for value in [GdcValue::ReadCount, GdcValue::Rpm] {
            let _ = gdc::read_dir(dir, value, None, &mut Warnings::default());
        }
    }
});
