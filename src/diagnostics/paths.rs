//! Paths as machine formats print them: relative to the working directory
//! (or `--root`), `/`-separated, so CI annotations land on the right files
//! whatever path the files were named by.

use std::path::{Component, Path, PathBuf};

use crate::source::Sources;
use crate::span::FileId;

/// Turns source paths into paths relative to a root.
#[derive(Clone, Debug)]
pub struct Paths {
    cwd: PathBuf,
    root: PathBuf,
}

impl Paths {
    /// Relative to `root` (itself relative to the working directory), or to
    /// the working directory when `None`.
    pub fn new(root: Option<&Path>) -> Paths {
        let cwd = std::env::current_dir().unwrap_or_else(|_| PathBuf::from("/"));
        let root = normalize(&match root {
            Some(r) => cwd.join(r),
            None => cwd.clone(),
        });
        Paths { cwd, root }
    }

    /// A path relative to the root, with `/` separators; `..` where the file
    /// lies outside it.
    pub fn relative(&self, path: &Path) -> String {
        let abs = normalize(&self.cwd.join(path));
        let a: Vec<Component> = abs.components().collect();
        let r: Vec<Component> = self.root.components().collect();
        let common = a.iter().zip(&r).take_while(|(x, y)| x == y).count();
        if common == 0 {
            return abs.to_string_lossy().replace('\\', "/");
        }
        let mut parts: Vec<String> = vec!["..".to_string(); r.len() - common];
        parts.extend(
            a[common..]
                .iter()
                .map(|c| c.as_os_str().to_string_lossy().to_string()),
        );
        parts.join("/")
    }

    /// The relative path of a source file.
    pub fn of(&self, sources: &Sources, file: FileId) -> String {
        self.relative(sources.get(file).path())
    }
}

impl Default for Paths {
    fn default() -> Paths {
        Paths::new(None)
    }
}

/// Remove `.` and resolve `..` lexically (symbolic links are not followed:
/// paths stay as the user named them).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push(c);
                }
            }
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_to_a_root() {
        let p = Paths {
            cwd: PathBuf::from("/work/repo"),
            root: PathBuf::from("/work/repo"),
        };
        assert_eq!(p.relative(Path::new("scenes/a.scenes")), "scenes/a.scenes");
        assert_eq!(
            p.relative(Path::new("./scenes/../x/a.scenes")),
            "x/a.scenes"
        );
        assert_eq!(p.relative(Path::new("/work/repo/s/a.scenes")), "s/a.scenes");
        assert_eq!(
            p.relative(Path::new("/work/other/a.scenes")),
            "../other/a.scenes"
        );
        let sub = Paths {
            cwd: PathBuf::from("/work/repo/scenes"),
            root: PathBuf::from("/work/repo"),
        };
        assert_eq!(sub.relative(Path::new("a.scenes")), "scenes/a.scenes");
    }
}
