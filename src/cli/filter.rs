//! `--character NAME` and `--thread NAME`, the filters every command that
//! shows a story takes. The filtering itself is the library's
//! ([`crate::project::filter`]); this reads the flags and says what it
//! skipped.

use crate::cli::output::Console;
use crate::cli::Outcome;
use crate::project::filter::{Filter, Filtered};
use crate::project::CheckedStory;
use crate::text::escape::terminal;

/// The filter flags, flattened into each command's arguments.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct FilterArgs {
    /// Only the scenes with this character in their cast (matched as in
    /// `cast:` lines, case-insensitively).
    #[arg(long, value_name = "NAME")]
    pub character: Option<String>,
    /// Only the scenes in this thread (`thread: NAME`).
    #[arg(long, value_name = "NAME")]
    pub thread: Option<String>,
}

impl FilterArgs {
    /// As the library's filter.
    pub fn filter(&self) -> Filter {
        Filter {
            character: self.character.clone(),
            thread: self.thread.clone(),
        }
    }
}

/// Each analysed story as the filter leaves it, with its index among
/// `stories`. A story that lacks the character or thread is left out with
/// a note; when every story lacks it, that is a usage error (exit 2),
/// printed with the nearest name.
pub(super) fn apply<'a>(
    con: &mut Console,
    filter: &Filter,
    stories: &'a [CheckedStory],
) -> Result<Vec<(usize, Filtered<'a>)>, Outcome> {
    let mut out = Vec::new();
    let mut first_error = None;
    let mut skipped = Vec::new();
    for (i, s) in stories.iter().enumerate() {
        let Some(chronology) = s.chronology() else {
            continue;
        };
        match filter.apply(s.story(), chronology) {
            Ok(f) => out.push((i, f)),
            Err(e) => {
                skipped.push(s.story().title.clone());
                first_error.get_or_insert(e);
            }
        }
    }
    if out.is_empty() {
        if let Some(e) = first_error {
            con.error(&e.message);
            return Err(Outcome::Failure);
        }
    }
    for title in skipped {
        con.eprintln(&format!(
            "note: {} left out: the filter names no one in it",
            terminal(&title)
        ));
    }
    Ok(out)
}
