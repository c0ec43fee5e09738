//! `chronotope init`: start a story from a commented example.

use std::fs;
use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::cli::Outcome;
use crate::workspace::io_reason;

/// The file `init` writes, inside the directory it is given.
pub const FILE_NAME: &str = "story.scenes";

/// The example story: two eras, a marker, four scenes, commented to teach
/// the format. A test checks it stays clean under `--deny warnings`, in the
/// canonical layout, and fully ordered.
pub const EXAMPLE: &str = include_str!("init.scenes");

/// Write [`EXAMPLE`] to `DIR/story.scenes`, creating `dir` if needed, and
/// never over an existing file.
pub(super) fn run(dir: &Path) -> Outcome {
    if let Err(e) = fs::create_dir_all(dir) {
        eprintln!(
            "error: cannot create `{}`: {}",
            dir.display(),
            io_reason(&e)
        );
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
            println!("{}", path.display());
            let p = path.display();
            eprintln!("created {p}, an example story to edit. Next:");
            eprintln!("  chronotope check {p}");
            eprintln!("  chronotope order {p}");
            eprintln!("  chronotope render {p} -o output/");
            Outcome::Clean
        }
        Err(e) if e.kind() == ErrorKind::AlreadyExists => {
            eprintln!(
                "error: `{}` already exists; init never overwrites a file (choose another directory: chronotope init DIR)",
                path.display()
            );
            Outcome::Failure
        }
        Err(e) => {
            eprintln!(
                "error: cannot write `{}`: {}",
                path.display(),
                io_reason(&e)
            );
            Outcome::Failure
        }
    }
}
