//! `--order NAME` on `order`, `stats`, `render` and `report`: tell every
//! series that declares the viewing order in it.

use crate::cli::output::Console;
use crate::cli::Outcome;
use crate::model::works::retell_in;
use crate::project::Resolved;
use crate::text::escape::terminal;

/// Tell each story of `resolved` that declares viewing order `name` in it
/// (stories without it keep their telling). When no story declares it, the
/// error lists the orders that are declared, each with its place, and the
/// command ends as a usage error.
pub(super) fn apply(
    con: &mut Console,
    resolved: &mut Resolved,
    name: Option<&str>,
) -> Result<(), Outcome> {
    let Some(name) = name else { return Ok(()) };
    let mut told = 0;
    for loaded in &mut resolved.stories {
        told += usize::from(retell_in(&mut loaded.story, name));
    }
    if told > 0 {
        return Ok(());
    }
    let sources = &resolved.workspace.sources;
    let declared: Vec<String> = resolved
        .stories
        .iter()
        .flat_map(|l| l.story.orders.values())
        .map(|o| {
            let file = sources.get(o.span.file);
            let at = file.line_col(o.span.start);
            format!(
                "`{}` ({}:{}:{})",
                terminal(&o.name),
                terminal(&file.path().display().to_string()),
                at.line,
                at.column
            )
        })
        .collect();
    let message = if declared.is_empty() {
        format!(
            "no viewing order `{}`: no story here declares one (`order NAME: WORK, WORK` at the top level of a series)",
            terminal(name)
        )
    } else {
        format!(
            "no viewing order `{}`; the declared orders are {}",
            terminal(name),
            declared.join(", ")
        )
    };
    con.error(&message);
    Err(Outcome::Failure)
}
