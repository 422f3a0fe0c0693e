//! Data out of Vetta, and the one way back in: the whole workspace as JSON (`workspace`, with its
//! restore into an empty workspace) and the lists as CSV and .xlsx (`lists`). Every file is
//! written atomically ([`write_atomically`]): a temporary name beside the target, synced, renamed,
//! so a file cut short never shows under the chosen name.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::{Path, PathBuf};

use crate::{Error, Result};

pub mod lists;
pub mod workspace;

/// Writes `path` through `write`, atomically: into `.<name>.partial` beside it, flushed and
/// synced, then renamed over `path`. On any failure the partial file is removed and `path` is as
/// it was.
pub fn write_atomically(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> Result<()>,
) -> Result<()> {
    let partial = partial_path(path);
    let io = |source| Error::Io {
        path: path.to_owned(),
        source,
    };
    let result = (|| {
        let file = File::create(&partial).map_err(io)?;
        let mut out = BufWriter::new(file);
        write(&mut out)?;
        let file = out.into_inner().map_err(|e| io(e.into_error()))?;
        file.sync_all().map_err(io)?;
        std::fs::rename(&partial, path).map_err(io)
    })();
    if result.is_err() {
        // Best effort: the partial file is ours and unnamed to the person.
        let _ = std::fs::remove_file(&partial);
    }
    result
}

/// The temporary name a file is written under before it is renamed to `path`: `.<name>.partial`
/// beside it (hidden, and never taken for the finished file).
pub fn partial_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    path.with_file_name(format!(".{name}.partial"))
}

/// An I/O error while writing into a stream, named by the file being written.
pub(crate) fn write_error(path: Option<&Path>) -> impl Fn(std::io::Error) -> Error + '_ {
    move |source| Error::Io {
        path: path.map(Path::to_owned).unwrap_or_default(),
        source,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_cut_short_leaves_the_old_file_and_no_partial_one() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("list.csv");
        std::fs::write(&path, "old").expect("writes");
        let result = write_atomically(&path, |out| {
            out.write_all(b"half of the new")
                .map_err(write_error(Some(&path)))?;
            Err(Error::NotAnExport {
                detail: "stopped".into(),
            })
        });
        assert!(result.is_err());
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "old");
        assert!(!partial_path(&path).exists());
        write_atomically(&path, |out| {
            out.write_all(b"new").map_err(write_error(Some(&path)))
        })
        .expect("writes");
        assert_eq!(std::fs::read_to_string(&path).expect("reads"), "new");
        assert!(!partial_path(&path).exists());
    }
}
