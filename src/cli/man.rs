//! `chronotope man`: the manual page (roff), generated from the clap
//! definitions.
//!
//! One page holds every command, so `man chronotope` is the whole reference:
//! clap_mangen writes the title, synopsis, description and global options,
//! and each subcommand gets a subsection of COMMANDS with its usage, options
//! and examples (its `after_help`), written here with `roff`, which escapes.

use clap::{Arg, ArgAction, Command, CommandFactory};
use roff::{bold, italic, roman, Inline, Roff};

use crate::cli::output::Console;
use crate::cli::{Cli, Outcome};

/// Print the manual page on stdout.
pub(super) fn run(con: &mut Console) -> Outcome {
    match page() {
        Ok(bytes) => {
            con.print_bytes(&bytes);
            Outcome::Clean
        }
        Err(e) => {
            con.error(&format!("cannot render the manual page: {e}"));
            Outcome::Failure
        }
    }
}

/// The whole page as roff.
pub fn page() -> std::io::Result<Vec<u8>> {
    let cmd = Cli::command();
    let man = clap_mangen::Man::new(cmd.clone());
    let mut out = Vec::new();
    man.render_title(&mut out)?;
    man.render_name_section(&mut out)?;
    man.render_synopsis_section(&mut out)?;
    man.render_description_section(&mut out)?;
    man.render_options_section(&mut out)?;
    let mut roff = Roff::new();
    roff.control("SH", ["COMMANDS"]);
    for sub in cmd.get_subcommands().filter(|s| !s.is_hide_set()) {
        subcommand(&mut roff, &cmd, sub);
    }
    roff.to_writer(&mut out)?;
    man.render_version_section(&mut out)?;
    Ok(out)
}

fn subcommand(roff: &mut Roff, parent: &Command, sub: &Command) {
    let name = format!("{} {}", parent.get_name(), sub.get_name());
    roff.control("SS", [name.as_str()]);
    let about = sub.get_long_about().or(sub.get_about());
    if let Some(about) = about {
        roff.text([roman(about.to_string())]);
    }
    let mut usage = vec![bold(name.clone())];
    for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
        usage.push(roman(" "));
        let mut spelled = spelling(arg);
        if !arg.is_required_set() {
            spelled.insert(0, roman("["));
            spelled.push(roman("]"));
        }
        usage.extend(spelled);
        if matches!(arg.get_action(), ArgAction::Append) {
            usage.push(roman("..."));
        }
    }
    roff.control("PP", []).text(usage);
    for arg in sub.get_arguments().filter(|a| !a.is_hide_set()) {
        roff.control("TP", []).text(spelling(arg));
        let mut help = arg
            .get_long_help()
            .or(arg.get_help())
            .map(|h| h.to_string())
            .unwrap_or_default();
        let values: Vec<String> = arg
            .get_possible_values()
            .iter()
            .filter(|v| !v.is_hide_set())
            .map(|v| v.get_name().to_string())
            .collect();
        if !values.is_empty() && arg.get_action().takes_values() {
            help.push_str(&format!(" [possible values: {}]", values.join(", ")));
        }
        let defaults: Vec<String> = arg
            .get_default_values()
            .iter()
            .map(|v| v.to_string_lossy().into_owned())
            .collect();
        if !defaults.is_empty() {
            help.push_str(&format!(" [default: {}]", defaults.join(", ")));
        }
        roff.text([roman(help)]);
    }
    if let Some(after) = sub.get_after_long_help().or(sub.get_after_help()) {
        // Examples are command lines: keep their lines as written.
        roff.control("PP", []);
        roff.control("nf", []);
        roff.text([roman(after.to_string())]);
        roff.control("fi", []);
    }
}

/// `-o, --out DIR`, `--check`, or `PATHS` for a positional argument.
fn spelling(arg: &Arg) -> Vec<Inline> {
    let value = arg
        .get_value_names()
        .and_then(|v| v.first())
        .map(|v| v.to_string())
        .unwrap_or_else(|| arg.get_id().as_str().to_uppercase());
    if arg.is_positional() {
        return vec![italic(value)];
    }
    let mut out = Vec::new();
    if let Some(short) = arg.get_short() {
        out.push(bold(format!("-{short}")));
    }
    if let Some(long) = arg.get_long() {
        if !out.is_empty() {
            out.push(roman(", "));
        }
        out.push(bold(format!("--{long}")));
    }
    if arg.get_action().takes_values() {
        out.push(roman(" "));
        out.push(italic(value));
    }
    out
}
