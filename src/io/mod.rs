//! Reading inputs and writing outputs.
//!
//! [`read_source`] turns a path (or `-` for stdin) into bytes, undoing gzip compression when the
//! bytes start with the gzip magic number. [`write_output`] writes a result either to stdout or
//! atomically to a file: into a temporary file beside the target, renamed over it only when all was
//! written, so a failure never leaves a half-written output behind.

pub mod ct;
pub mod delimited;
pub mod fast_numeric;
pub mod format;
pub mod gct;
pub mod gdc;
pub mod geo;
pub mod matrix;
#[cfg(feature = "parquet")]
pub mod parquet;
pub mod sample_sheet;
pub mod stats_table;
pub mod text;
pub mod warnings;

use std::fs;
use std::io::{self, Read, Write};
use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// The two bytes every gzip stream starts with.
const GZIP_MAGIC: [u8; 2] = [0x1f, 0x8b];

/// Reads a whole input into memory, from a file or from stdin when `path` is `-`.
///
/// Gzip input (detected by its magic bytes, whatever the extension) is decompressed; a truncated
/// or corrupt stream is an error naming the file.
pub fn read_source(path: &Path) -> Result<Vec<u8>> {
    let raw = if path == Path::new("-") {
        let mut buf = Vec::new();
        io::stdin()
            .lock()
            .read_to_end(&mut buf)
            .map_err(|e| Error::io(path, e))?;
        buf
    } else {
        if path.is_dir() {
            return Err(Error::invalid(
                path,
                "is a directory, expected a matrix file",
            ));
        }
        fs::read(path).map_err(|e| Error::io(path, e))?
    };
    if raw.starts_with(&GZIP_MAGIC) {
        gunzip(&raw, path)
    } else {
        Ok(raw)
    }
}

/// Decompresses a (possibly multi-member) gzip stream.
pub(crate) fn gunzip(raw: &[u8], path: &Path) -> Result<Vec<u8>> {
    let mut out = Vec::with_capacity(raw.len() * 4);
    flate2::read::MultiGzDecoder::new(raw)
        .read_to_end(&mut out)
        .map_err(|e| Error::invalid(path, format!("corrupt or truncated gzip data: {e}")))?;
    Ok(out)
}

/// Where a command writes its result.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Output {
    /// Standard output.
    Stdout,
    /// A file, written atomically.
    File(PathBuf),
}

impl Output {
    /// `None` or `-` mean stdout.
    pub fn from_arg(path: Option<&Path>) -> Self {
        match path {
            None => Output::Stdout,
            Some(p) if p == Path::new("-") => Output::Stdout,
            Some(p) => Output::File(p.to_path_buf()),
        }
    }

    /// Checks, before any work is done, that the output can be created: its directory exists and
    /// the path is not a directory.
    pub fn check_writable(&self) -> Result<()> {
        let Output::File(path) = self else {
            return Ok(());
        };
        if path.is_dir() {
            return Err(Error::invalid(path, "output path is a directory"));
        }
        let dir = parent_dir(path);
        if !dir.is_dir() {
            return Err(Error::invalid(
                path,
                format!(
                    "cannot write output: directory '{}' does not exist",
                    dir.display()
                ),
            ));
        }
        Ok(())
    }
}

fn parent_dir(path: &Path) -> &Path {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    }
}

/// Writes `bytes` to `output`. Files are written to a temporary sibling and renamed into place.
///
/// A closed stdout (broken pipe, e.g. `| head`) counts as success.
pub fn write_output(output: &Output, bytes: &[u8]) -> Result<()> {
    match output {
        Output::Stdout => {
            let mut out = io::stdout().lock();
            match out.write_all(bytes).and_then(|()| out.flush()) {
                Ok(()) => Ok(()),
                Err(e) if e.kind() == io::ErrorKind::BrokenPipe => Ok(()),
                Err(e) => Err(Error::io("-", e)),
            }
        }
        Output::File(path) => write_atomic(path, bytes),
    }
}

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<()> {
    Output::File(path.to_path_buf()).check_writable()?;
    let dir = parent_dir(path);
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "output".to_string());
    let tmp = dir.join(format!(".{name}.osteomir-tmp{}", std::process::id()));
    let result = (|| -> io::Result<()> {
        let mut file = fs::File::create(&tmp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        fs::rename(&tmp, path)
    })();
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(Error::io(path, e));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gzip_is_detected_by_magic_bytes() {
        use flate2::write::GzEncoder;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(b"a\tb\n").unwrap();
        let gz = enc.finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.txt");
        fs::write(&path, &gz).unwrap();
        assert_eq!(read_source(&path).unwrap(), b"a\tb\n");
    }

    #[test]
    fn truncated_gzip_is_an_error_naming_the_file() {
        use flate2::write::GzEncoder;
        let mut enc = GzEncoder::new(Vec::new(), flate2::Compression::fast());
        enc.write_all(&[b'x'; 1000]).unwrap();
        let gz = enc.finish().unwrap();
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("m.tsv.gz");
        fs::write(&path, &gz[..gz.len() / 2]).unwrap();
        let err = read_source(&path).unwrap_err().to_string();
        assert!(err.contains("m.tsv.gz") && err.contains("gzip"), "{err}");
    }

    #[test]
    fn atomic_write_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.tsv");
        write_atomic(&path, b"x\n").unwrap();
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(names.len(), 1);
        assert_eq!(fs::read(&path).unwrap(), b"x\n");
    }

    #[test]
    fn output_into_missing_directory_is_refused_before_work() {
        let out = Output::File("/nonexistent-dir-osteomir/out.tsv".into());
        let err = out.check_writable().unwrap_err().to_string();
        assert!(err.contains("does not exist"), "{err}");
    }
}
