#![no_main]
//! The GEO series matrix reader and the GPL annotation reader must return a value or an error for
//! any bytes, never panic. The first byte picks how the input is split: with a `\0` byte in the
//! input, the part before it is the series matrix and the part after it the GPL table, which is then
//! applied to the matrix.
use libfuzzer_sys::fuzz_target;
use osteomir::io::geo::{self, GeoSampleNames};

fuzz_target!(|data: &[u8]| {
    let path = "fuzz_series_matrix.txt".as_ref();
    let _ = geo::looks_like_series_matrix(data);
    let (series, gpl) = match data.iter().position(|&b| b == 0) {
        Some(p) => (&data[..p], Some(&data[p + 1..])),
        None => (data, None),
    };
    let _ = geo::parse(series, path, GeoSampleNames::Title);
    let parsed = geo::parse(series, path, GeoSampleNames::Gsm);
    if let Some(gpl) = gpl {
        for column in [None, Some("name")] {
            if let Ok(ann) = geo::read_annotation(gpl, "fuzz_gpl.txt".as_ref(), column) {
                if let Ok((m, _)) = &parsed {
                    let mut w = osteomir::io::warnings::Warnings::default();
                    let _ = geo::apply_annotation(m.clone(), &ann, &mut w);
                }
            }
        }
    }
});
