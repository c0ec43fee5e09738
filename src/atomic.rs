//! Writing files so that nothing is ever half-written.
//!
//! Every command that writes (`render`, `report`, `fmt`, `import`) goes
//! through [`write()`]: the bytes go to a new temporary file in the target's
//! directory (`create_new`, so it is never someone else's file), are synced,
//! and then take the target's place in one step. A rename within one file
//! system is atomic, so a reader sees the old file or the new one, never a
//! mixture; on any error the temporary file is removed.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to do about a file already at the target path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace it.
    Replace,
    /// Replace it in place: follow a symbolic link to the file it names and
    /// keep that file's permissions (for rewriting a user's own file).
    ReplaceInPlace,
    /// Never replace it, even if it appears while writing (the final step
    /// is a hard link, which fails on an existing name).
    Refuse,
}

/// Write `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> std::io::Result<()> {
    let target: PathBuf = match existing {
        Existing::ReplaceInPlace => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    let permissions = match existing {
        Existing::ReplaceInPlace => Some(fs::metadata(&target)?.permissions()),
        _ => None,
    };
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut f = fs::File::options()
            .write(true)
            .create_new(true)
            .open(&tmp)?;
        f.write_all(bytes)?;
        f.sync_all()?;
        if let Some(p) = permissions {
            fs::set_permissions(&tmp, p)?;
        }
        match existing {
            Existing::Replace | Existing::ReplaceInPlace => fs::rename(&tmp, &target),
            Existing::Refuse => fs::hard_link(&tmp, &target).or_else(|e| {
                if e.kind() == std::io::ErrorKind::AlreadyExists {
                    Err(e)
                } else if target.exists() {
                    Err(std::io::Error::new(
                        std::io::ErrorKind::AlreadyExists,
                        "file exists",
                    ))
                } else {
                    // File systems without hard links: a plain rename.
                    fs::rename(&tmp, &target)
                }
            }),
        }
    })();
    // After a rename the temporary name is gone; after a link it remains.
    let _ = fs::remove_file(&tmp);
    result
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_refuses_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.svg");
        write(&path, b"one", Existing::Replace).unwrap();
        write(&path, b"two", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let err = write(&path, b"three", Existing::Refuse).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert_eq!(fs::read(&path).unwrap(), b"two");
        write(&path, b"four", Existing::ReplaceInPlace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"four");
        let names: Vec<_> = fs::read_dir(dir.path())
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }
}
