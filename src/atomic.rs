//! Writing files so that nothing is ever half-written.
//!
//! Every command that writes (`render`, `report`, `fmt`, `import`) goes
//! through [`write()`] or its streaming form [`write_with`]: the bytes go
//! to a new temporary file in the target's directory (`create_new`, so it
//! is never someone else's file), are synced, and then take the target's
//! place in one step. A rename within one file system is atomic, so a
//! reader sees the old file or the new one, never a mixture; on any error
//! the temporary file is removed. Nothing but a regular file is ever
//! replaced (see [`check_target`]), and a file rewritten in place by `fmt`
//! keeps its owner, permissions and hard links.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What to do about a file already at the target path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Existing {
    /// Replace it, if it is a regular file: a symbolic link, a FIFO, a
    /// device or a directory at the path is refused, never replaced or
    /// written through.
    Replace,
    /// Replace it in place: follow a symbolic link to the file it names and
    /// keep that file's permissions, owner and hard links (for rewriting a
    /// user's own file, as `fmt` does).
    ReplaceInPlace,
    /// Never replace it, even if it appears while writing (the final step
    /// is a hard link, which fails on an existing name).
    Refuse,
}

/// What an output path is meant to be.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// A file to write.
    File,
    /// A directory to write files into.
    Dir,
}

/// Check an output path before any work: it may be missing, or be what it
/// is meant to be: a regular file (not a symbolic link) for
/// [`Target::File`], a directory for [`Target::Dir`]. The error says what
/// is there instead.
pub fn check_target(path: &Path, target: Target) -> Result<(), String> {
    let meta = match fs::symlink_metadata(path) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(()),
        Err(e) => return Err(crate::source::io_reason(&e)),
        Ok(m) => m,
    };
    let kind = meta.file_type();
    match target {
        Target::File if kind.is_file() => Ok(()),
        Target::Dir if kind.is_dir() => Ok(()),
        // A link to a directory is followed for `-o DIR`: the user named
        // it, and every file inside is still written atomically.
        Target::Dir if kind.is_symlink() && path.is_dir() => Ok(()),
        Target::Dir => Err(format!("{} where a directory is meant", describe(&kind))),
        Target::File => Err(format!(
            "{}; chronotope writes only regular files and never replaces anything else",
            describe(&kind)
        )),
    }
}

/// What a file system entry is, for messages.
fn describe(kind: &fs::FileType) -> &'static str {
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if kind.is_fifo() {
            return "it is a FIFO (named pipe)";
        }
        if kind.is_char_device() || kind.is_block_device() {
            return "it is a device";
        }
        if kind.is_socket() {
            return "it is a socket";
        }
    }
    if kind.is_symlink() {
        "it is a symbolic link"
    } else if kind.is_dir() {
        "it is a directory"
    } else if kind.is_file() {
        "it is a file"
    } else {
        "it is not a regular file"
    }
}

/// Write `bytes` to `path` atomically.
pub fn write(path: &Path, bytes: &[u8], existing: Existing) -> std::io::Result<()> {
    write_with(path, existing, |f| f.write_all(bytes))
}

/// Write `path` atomically with what `produce` writes into the temporary
/// file, as it makes it: a big output streams to the disk instead of being
/// held whole first. An error from `produce` leaves the target as it was.
pub fn write_with(
    path: &Path,
    existing: Existing,
    produce: impl FnOnce(&mut fs::File) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let target: PathBuf = match existing {
        Existing::ReplaceInPlace => fs::canonicalize(path)?,
        _ => path.to_path_buf(),
    };
    if existing == Existing::Replace {
        check_target(&target, Target::File)
            .map_err(|why| std::io::Error::new(std::io::ErrorKind::InvalidInput, why))?;
    }
    let original = match existing {
        Existing::ReplaceInPlace => Some(fs::metadata(&target)?),
        _ => None,
    };
    let (tmp, mut f) = create_temporary(&target)?;
    // Whether the temporary name was renamed away: from then on the name
    // is free, and another writer in this process (two views drawn at once
    // into one directory) may already have taken it for its own temporary
    // file, which must not be removed.
    let mut moved = false;
    let result = (|| {
        produce(&mut f)?;
        f.sync_all()?;
        if let Some(meta) = &original {
            if must_keep_inode(meta, &f.metadata()?) {
                // Rare (a file with other links or owners): its bytes are
                // read back from the temporary file.
                return write_in_place(&target, &fs::read(&tmp)?);
            }
            fs::set_permissions(&tmp, meta.permissions())?;
        }
        let mut rename = || {
            fs::rename(&tmp, &target)?;
            moved = true;
            Ok(())
        };
        match existing {
            Existing::Replace | Existing::ReplaceInPlace => rename(),
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
                    rename()
                }
            }),
        }
    })();
    if !moved {
        // Still ours: after a link, a failure or an in-place rewrite.
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Create a fresh temporary file beside `target`: hidden, named after it
/// and the process id, with a number that goes up until the name is free
/// (`create_new`, so it is never someone else's file), and short enough
/// for any file system (names are capped at 255 bytes; a long title's file
/// must still get a temporary one).
fn create_temporary(target: &Path) -> std::io::Result<(PathBuf, fs::File)> {
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_default();
    let mut cut = name.len().min(100);
    while !name.is_char_boundary(cut) {
        cut -= 1;
    }
    let mut n = 0u32;
    loop {
        let tmp = dir.join(format!(".{}.{}.{n}.tmp", &name[..cut], std::process::id()));
        match fs::File::options().write(true).create_new(true).open(&tmp) {
            Ok(f) => return Ok((tmp, f)),
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1000 => n += 1,
            Err(e) => return Err(e),
        }
    }
}

/// Whether replacing the file by a rename would lose something: another
/// hard link to it, or an owner or group other than ours (the temporary
/// file's). Then the file is rewritten in place instead.
fn must_keep_inode(original: &fs::Metadata, ours: &fs::Metadata) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        original.nlink() > 1 || original.uid() != ours.uid() || original.gid() != ours.gid()
    }
    #[cfg(not(unix))]
    {
        let _ = (original, ours);
        false
    }
}

/// Rewrite a file in place, keeping its inode (owner, permissions, hard
/// links). A full copy of the old bytes is written beside it first; if the
/// rewrite fails half-way the old bytes are put back, and if even that
/// fails the copy stays and the error names it.
fn write_in_place(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let old = fs::read(target)?;
    let (backup, mut b) = create_temporary(target)?;
    let copied = b.write_all(&old).and_then(|()| b.sync_all());
    if let Err(e) = copied {
        let _ = fs::remove_file(&backup);
        return Err(e);
    }
    let rewrite = |data: &[u8]| -> std::io::Result<()> {
        let mut f = fs::File::options()
            .write(true)
            .truncate(true)
            .open(target)?;
        f.write_all(data)?;
        f.sync_all()
    };
    match rewrite(bytes) {
        Ok(()) => {
            let _ = fs::remove_file(&backup);
            Ok(())
        }
        Err(e) => {
            if rewrite(&old).is_ok() {
                let _ = fs::remove_file(&backup);
                return Err(e);
            }
            Err(std::io::Error::new(
                e.kind(),
                format!("{e}; the original text is kept in `{}`", backup.display()),
            ))
        }
    }
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

    #[test]
    fn a_producer_that_fails_leaves_the_old_file_and_no_temporary() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.svg");
        write(&path, b"old", Existing::Replace).unwrap();
        let err = write_with(&path, Existing::Replace, |f| {
            f.write_all(b"half a fi")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
        write_with(&path, Existing::Replace, |f| f.write_all(b"new")).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
    }

    #[test]
    fn a_long_name_gets_a_short_temporary_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(format!("{}.svg", "a".repeat(250)));
        write(&path, b"one", Existing::Replace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"one");
        let (tmp, _f) = create_temporary(&path).unwrap();
        assert!(tmp.file_name().unwrap().len() <= 130, "{tmp:?}");
        let (other, _g) = create_temporary(&path).unwrap();
        assert_ne!(tmp, other, "each call is fresh");
        assert_eq!(tmp.parent(), Some(dir.path()), "beside the target");
        // Cut at 100 bytes, or before: `é` is bytes 99 and 100 here.
        let name = format!("{}é{}.svg", "a".repeat(99), "b".repeat(40));
        let (tmp, _h) = create_temporary(&dir.path().join(name)).unwrap();
        let tmp = tmp.file_name().unwrap().to_str().unwrap().to_string();
        assert!(tmp.starts_with(&format!(".{}.", "a".repeat(99))), "{tmp}");
    }

    #[test]
    fn no_temporary_file_in_a_missing_directory() {
        let dir = tempfile::tempdir().unwrap();
        let err = create_temporary(&dir.path().join("gone/a.svg")).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::NotFound);
    }

    #[cfg(unix)]
    #[test]
    fn never_replaces_a_link_or_a_fifo() {
        let dir = tempfile::tempdir().unwrap();
        let outside = dir.path().join("outside.txt");
        fs::write(&outside, "keep").unwrap();
        let link = dir.path().join("link.html");
        std::os::unix::fs::symlink(&outside, &link).unwrap();
        let err = write(&link, b"x", Existing::Replace).unwrap_err();
        assert!(err.to_string().contains("symbolic link"), "{err}");
        assert_eq!(fs::read(&outside).unwrap(), b"keep");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
        assert!(check_target(&link, Target::File).is_err());
        assert!(check_target(dir.path(), Target::File)
            .unwrap_err()
            .contains("directory"));
        assert!(check_target(&outside, Target::Dir).is_err());
        assert!(check_target(&dir.path().join("new"), Target::File).is_ok());
        assert!(check_target(&outside, Target::File).is_ok());
    }

    /// `-o DIR` may name a link to a directory, not a link to anything
    /// else; a path that cannot be looked at is an error, not a missing
    /// path.
    #[cfg(unix)]
    #[test]
    fn a_directory_target_may_be_a_link_to_a_directory_only() {
        let dir = tempfile::tempdir().unwrap();
        let inner = dir.path().join("inner");
        fs::create_dir(&inner).unwrap();
        let file = dir.path().join("file.txt");
        fs::write(&file, "x").unwrap();
        let to_dir = dir.path().join("to-dir");
        std::os::unix::fs::symlink(&inner, &to_dir).unwrap();
        let to_file = dir.path().join("to-file");
        std::os::unix::fs::symlink(&file, &to_file).unwrap();
        assert_eq!(check_target(&to_dir, Target::Dir), Ok(()));
        assert!(check_target(&to_file, Target::Dir)
            .unwrap_err()
            .contains("symbolic link"));
        assert!(check_target(&to_dir, Target::File).is_err());
        // Below a regular file: not "missing" (ENOTDIR), so refused.
        assert!(check_target(&file.join("below"), Target::Dir).is_err());
        assert!(check_target(&file.join("below"), Target::File).is_err());
    }

    #[cfg(unix)]
    #[test]
    fn in_place_keeps_hard_links_and_permissions() {
        use std::os::unix::fs::{MetadataExt, PermissionsExt};
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.scenes");
        let other = dir.path().join("b.scenes");
        fs::write(&path, "old").unwrap();
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640)).unwrap();
        fs::hard_link(&path, &other).unwrap();
        let ino = fs::metadata(&path).unwrap().ino();
        write(&path, b"new text", Existing::ReplaceInPlace).unwrap();
        assert_eq!(fs::read(&other).unwrap(), b"new text");
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(meta.ino(), ino);
        assert_eq!(meta.permissions().mode() & 0o777, 0o640);
        let names = fs::read_dir(dir.path()).unwrap().count();
        assert_eq!(names, 2, "no temporary file left");
    }

    /// A file of one link and our own is replaced whole, by a rename (a
    /// new inode): a write cut short cannot leave half of it.
    #[cfg(unix)]
    #[test]
    fn in_place_renames_a_plain_file_of_ours() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.scenes");
        fs::write(&path, "old").unwrap();
        // An open handle keeps the old inode alive, so a new file cannot
        // be given its number and pass for it.
        let _keep = fs::File::open(&path).unwrap();
        let ino = fs::metadata(&path).unwrap().ino();
        write(&path, b"new", Existing::ReplaceInPlace).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_ne!(fs::metadata(&path).unwrap().ino(), ino);
    }

    /// A file of another group (ours as owner) keeps its inode, so its
    /// group too. Needs the right to change a file's group (root here);
    /// skipped without it.
    #[cfg(unix)]
    #[test]
    fn in_place_keeps_the_inode_of_a_file_of_another_group() {
        use std::os::unix::fs::MetadataExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("a.scenes");
        fs::write(&path, "old").unwrap();
        let ours = fs::metadata(&path).unwrap().gid();
        let other = ours.wrapping_add(4242);
        if std::os::unix::fs::chown(&path, None, Some(other)).is_err() {
            return;
        }
        let ino = fs::metadata(&path).unwrap().ino();
        write(&path, b"new", Existing::ReplaceInPlace).unwrap();
        let meta = fs::metadata(&path).unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"new");
        assert_eq!((meta.ino(), meta.gid()), (ino, other));
    }

    /// Writers on several threads whose targets share the first 100 bytes
    /// of their names (so their temporary files do too, but for a number):
    /// each writer's temporary file is its own to the end. Before, a
    /// writer removed its temporary name after renaming it away, which
    /// could be another writer's fresh temporary file by then.
    #[test]
    fn writers_on_several_threads_never_remove_each_others_files() {
        let dir = tempfile::tempdir().unwrap();
        let stem = "long-".repeat(30);
        std::thread::scope(|scope| {
            for view in ["lanes", "curve", "storylines", "works"] {
                let path = dir.path().join(format!("{stem}.{view}.svg"));
                scope.spawn(move || {
                    for round in 0..200 {
                        let text = format!("{view} {round}");
                        write(&path, text.as_bytes(), Existing::Replace)
                            .unwrap_or_else(|e| panic!("{view}, round {round}: {e}"));
                        assert_eq!(fs::read(&path).unwrap(), text.as_bytes());
                    }
                });
            }
        });
        assert_eq!(
            fs::read_dir(dir.path()).unwrap().count(),
            4,
            "no temporary file left"
        );
    }

    /// `fmt` on a link rewrites the file it points to and keeps the link.
    #[cfg(unix)]
    #[test]
    fn in_place_through_a_link_writes_the_linked_file() {
        let dir = tempfile::tempdir().unwrap();
        let real = dir.path().join("real.scenes");
        let link = dir.path().join("link.scenes");
        fs::write(&real, "old").unwrap();
        std::os::unix::fs::symlink(&real, &link).unwrap();
        write(&link, b"new", Existing::ReplaceInPlace).unwrap();
        assert_eq!(fs::read(&real).unwrap(), b"new");
        assert!(fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink());
    }

    /// The system's own refusal comes back when the name is taken.
    #[test]
    fn refuse_keeps_an_existing_file_and_says_why() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("chronotope.toml");
        fs::write(&path, "mine").unwrap();
        let err = write(&path, b"theirs", Existing::Refuse).unwrap_err();
        assert_eq!(err.kind(), std::io::ErrorKind::AlreadyExists);
        assert!(err.raw_os_error().is_some(), "{err:?}");
        assert_eq!(fs::read(&path).unwrap(), b"mine");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[cfg(unix)]
    #[test]
    fn a_device_is_named_as_one() {
        let err = check_target(Path::new("/dev/null"), Target::File).unwrap_err();
        assert!(err.starts_with("it is a device"), "{err}");
    }
}
