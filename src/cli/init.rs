//! `chronotope init`: start a story from a commented example.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::cli::output::{shown, Console};
use crate::cli::Outcome;
use crate::source::io_reason;

/// The file `init` writes, inside the directory it is given.
pub const FILE_NAME: &str = "story.scenes";

/// The example story: two eras, a marker, four scenes, commented to teach
/// the format. A test checks it stays clean under `--deny warnings`, in the
/// canonical layout, and fully ordered.
pub const EXAMPLE: &str = include_str!("init.scenes");

/// Write [`EXAMPLE`] to `DIR/story.scenes`, creating `dir` if needed, and
/// never over an existing file.
pub(super) fn run(con: &mut Console, dir: &Path) -> Outcome {
    if let Err(e) = fs::create_dir_all(dir) {
        con.error(&format!(
            "cannot create `{}`: {}",
            shown(dir),
            io_reason(&e)
        ));
        return Outcome::Failure;
    }
    let path = dir.join(FILE_NAME);
    // `create_new` fails if the file exists, with no window between a
    // check and the write in which another file could appear.
    let written = fs::File::options()
        .write(true)
        .create_new(true)
        .open(&path)
        .and_then(|mut f| {
            let result = f.write_all(EXAMPLE.as_bytes());
            if result.is_err() {
                // Half an example would be refused by the next `init`.
                let _ = fs::remove_file(&path);
            }
            result
        });
    match written {
        Ok(()) => {
            let p = shown(&path);
            con.println(&p);
            con.eprintln(&format!("created {p}, an example story to edit. Next:"));
            con.eprintln(&format!("  chronotope check {p}"));
            con.eprintln(&format!("  chronotope order {p}"));
            con.eprintln(&format!("  chronotope render {p} -o output/"));
            Outcome::Clean
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            con.error(&format!(
                "`{}` already exists; init never overwrites a file (choose another directory: chronotope init DIR)",
                shown(&path)
            ));
            Outcome::Failure
        }
        Err(e) => {
            con.error(&format!(
                "cannot write `{}`: {}",
                shown(&path),
                io_reason(&e)
            ));
            Outcome::Failure
        }
    }
}
