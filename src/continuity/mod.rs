//! Continuity rules: what a script supervisor checks once the chronology is
//! known.
//!
//! [`check`] takes a resolved [`Story`] and the engine's [`Chronology`] and
//! returns every finding as a [`Diagnostic`]: the engine's own (contradictions
//! `E0301`, the cap `W0303`, unplaced scenes `W0302`, scenes beyond the
//! calendar `W0304`), marker clashes with eras told in the writer's terms
//! (`E0401`, converted from the engine's contradictions rather than found
//! again: their constraints are read by index), and the rule families, one
//! file each: [`markers`], [`presence`], [`lives`], [`telling`], [`order`].
//! Every finding carries the scenes it is about ([`Finding`]), so nothing is
//! looked up again by span or by code. [`config`] decides each rule's
//! severity; a scene silences any rule with a `# chronotope: allow RULE`
//! line. [`baseline`] filters out known findings.
//!
//! Every rule is linear or `n log n` in the number of scenes, cast entries
//! and marker lines: per-character and per-marker lists are built in one
//! pass, sorted once, and swept; nothing compares all pairs.
//!
//! The rules are defined precisely in `docs/continuity.md`.

pub mod absurd;
pub mod baseline;
pub mod config;
pub mod days;
pub mod daytime;
pub mod lives;
pub mod looks;
pub mod markers;
pub mod order;
pub mod presence;
pub mod telling;
pub mod works;

use std::collections::HashSet;

use crate::diagnostics::{codes, Diagnostic};
use crate::engine::{explain, Chronology, Frame, Placement};
use crate::model::{MarkerId, SceneId, Story};
use crate::source::Sources;
use crate::text::clip;
use crate::time::Seconds;

pub use config::{Config, Level};

/// A diagnostic with the scenes it is about, so a scene's `allow` directive
/// can silence it.
#[derive(Clone, Debug)]
pub struct Finding {
    /// The diagnostic, at its rule's default severity.
    pub diagnostic: Diagnostic,
    /// The scenes involved; an `allow` on any of them silences the finding.
    pub scenes: Vec<SceneId>,
}

impl Finding {
    /// A finding about some scenes.
    pub fn new(diagnostic: Diagnostic, scenes: Vec<SceneId>) -> Finding {
        Finding { diagnostic, scenes }
    }
}

/// Run every enabled rule on a story and its chronology.
///
/// `sources` is used only to quote what the writer wrote (a date, an era
/// bound, a constraint) in messages. The result is unsorted; severities
/// follow `config`, and findings about a scene that allows their rule are
/// dropped.
pub fn check(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    config: &Config,
) -> Vec<Diagnostic> {
    let (allows, mut findings) = directives(story);
    let mut flagged: HashSet<(SceneId, MarkerId)> = HashSet::new();
    engine_findings(story, chronology, sources, &mut findings, &mut flagged);
    let parallel = story.scenes.len() >= PARALLEL_FROM_SCENES;
    rule_findings(story, chronology, config, &flagged, parallel, &mut findings);
    findings
        .into_iter()
        .filter_map(|f| {
            let severity = config.level(f.diagnostic.code).severity()?;
            let allowed = f
                .scenes
                .iter()
                .any(|s| allows[s.index()].contains(&f.diagnostic.code.as_str()));
            if allowed {
                return None;
            }
            Some(f.diagnostic.at_level(severity))
        })
        .collect()
}

/// Below this many scenes the rules run on one thread: a thread costs more
/// than the rules of a small story (which an editor checks on every key).
const PARALLEL_FROM_SCENES: usize = 20_000;

/// The rule families, each independent of the others, in the order their
/// findings are listed.
#[derive(Clone, Copy, Debug)]
enum Family {
    MarkerReverts,
    RepeatMarkers,
    Presence,
    Lives,
    Telling,
    RepeatsCycle,
    PastRuntime,
    UnboundedLength,
    AmbiguousOrder,
    Daytime,
    Looks,
    Days,
}

const FAMILIES: [Family; 12] = [
    Family::MarkerReverts,
    Family::RepeatMarkers,
    Family::Presence,
    Family::Lives,
    Family::Telling,
    Family::RepeatsCycle,
    Family::PastRuntime,
    Family::UnboundedLength,
    Family::AmbiguousOrder,
    Family::Daytime,
    Family::Looks,
    Family::Days,
];

/// The findings of the rule families that `config` enables, in the order
/// of [`FAMILIES`]. With `parallel` the families are shared between two
/// threads ([`crate::parallel::map`]), which keeps that order.
fn rule_findings(
    story: &Story,
    chronology: &Chronology,
    config: &Config,
    flagged: &HashSet<(SceneId, MarkerId)>,
    parallel: bool,
    findings: &mut Vec<Finding>,
) {
    let run = |&family: &Family| family_findings(family, story, chronology, config, flagged);
    let per_family = if parallel {
        crate::parallel::map(&FAMILIES, run)
    } else {
        FAMILIES.iter().map(run).collect()
    };
    findings.extend(per_family.into_iter().flatten());
}

/// One rule family's findings, none when `config` turns it off.
fn family_findings(
    family: Family,
    story: &Story,
    chronology: &Chronology,
    config: &Config,
    flagged: &HashSet<(SceneId, MarkerId)>,
) -> Vec<Finding> {
    let on = |code: codes::Code| config.enabled(code);
    // Whether any rule of the family is on (`lives` and `daytime` read
    // their several codes' levels themselves). Both matches name every
    // family, so a new one cannot be skipped by a catch-all.
    let enabled = match family {
        Family::MarkerReverts => on(codes::MARKER_REVERTS),
        Family::RepeatMarkers => on(codes::REPEAT_MARKERS_DIFFER),
        Family::Presence => on(codes::PRESENCE) || on(codes::PRESENCE_MAY_OVERLAP),
        Family::Lives | Family::Daytime => true,
        Family::Telling => on(codes::SCREEN_OVERLAP) || on(codes::SCREEN_GAP),
        Family::RepeatsCycle => on(codes::REPEATS_CYCLE),
        Family::PastRuntime => on(codes::SCREEN_PAST_RUNTIME),
        Family::UnboundedLength => on(codes::UNBOUNDED_LENGTH),
        Family::AmbiguousOrder => on(codes::AMBIGUOUS_ORDER),
        Family::Looks => on(codes::LOOK_WITHIN_DAY),
        Family::Days => on(codes::DAY_PIN),
    };
    if !enabled {
        return Vec::new();
    }
    match family {
        Family::MarkerReverts => markers::reverts(story, chronology, flagged),
        Family::RepeatMarkers => markers::repeats_differ(story),
        Family::Presence => presence::check(
            story,
            chronology,
            on(codes::PRESENCE),
            on(codes::PRESENCE_MAY_OVERLAP),
        ),
        Family::Lives => lives::check(story, chronology, config),
        Family::Telling => telling::check(story, config.max_gap, config.runtime),
        Family::RepeatsCycle => absurd::repeats_cycles(story),
        Family::PastRuntime => absurd::past_runtime(story, config.runtime),
        Family::UnboundedLength => absurd::unbounded_lengths(story, chronology),
        Family::AmbiguousOrder => order::ambiguous(story, chronology),
        Family::Daytime => daytime::check(story, chronology, config),
        Family::Looks => looks::check(story, chronology),
        Family::Days => days::check(story, chronology),
    }
}

/// The engine's findings, each with the scenes it is about: contradictions
/// (those through a marker's era turned into `E0401`), the cap, scenes
/// beyond the calendar and unplaced scenes. Records the (scene, marker)
/// pairs flagged by `E0401`, so `W0402` does not report them again.
fn engine_findings(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    out: &mut Vec<Finding>,
    flagged: &mut HashSet<(SceneId, MarkerId)>,
) {
    for c in &chronology.contradictions {
        if let Some((f, at)) = markers::marker_era(story, chronology, sources, c) {
            flagged.insert(at);
            out.push(f);
        } else {
            let d = explain::contradiction_diagnostic(sources, story, c);
            out.push(Finding::new(d, c.scenes()));
        }
    }
    if let Some((scene, d)) = explain::cap_diagnostic(story, chronology) {
        out.push(Finding::new(d, vec![scene]));
    }
    for (scene, d) in explain::beyond_calendar(story, chronology) {
        out.push(Finding::new(d, vec![scene]));
    }
    for (scene, d) in crate::engine::weekdays::diagnostics(story, chronology) {
        out.push(Finding::new(d, vec![scene]));
    }
    for &s in &chronology.unplaced {
        out.push(Finding::new(
            explain::unplaced_diagnostic(story, s),
            vec![s],
        ));
    }
}

/// Each scene's allowed codes, and findings for malformed directives (about
/// the scene they are written in, so `allow unknown-directive` there
/// silences them like any rule).
///
/// A directive is a full-line comment inside a scene block:
/// `# chronotope: allow presence, W0409`.
fn directives(story: &Story) -> (Vec<Vec<&'static str>>, Vec<Finding>) {
    let mut allows = vec![Vec::new(); story.scenes.len()];
    let mut bad = Vec::new();
    for (i, scene) in story.scenes.values().enumerate() {
        let here = vec![SceneId(i as u32)];
        for d in &scene.directives {
            let text = d.text.trim();
            let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            if verb != "allow" {
                let d = Diagnostic::warning(
                        codes::UNKNOWN_DIRECTIVE,
                        format!("`{}` is not a chronotope directive", clip(verb)),
                    )
                    .primary(d.span, "not understood")
                    .help("the only directive is `# chronotope: allow RULE` (a code such as `E0403` or a name such as `presence`); write other comments without `chronotope:`");
                bad.push(Finding::new(d, here.clone()));
                continue;
            }
            let names: Vec<&str> = rest
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if names.is_empty() {
                let d = Diagnostic::error(codes::UNKNOWN_RULE, "`allow` names no rule")
                    .primary(d.span, "allow what?")
                    .help("name a rule: `# chronotope: allow presence`");
                bad.push(Finding::new(d, here.clone()));
            }
            for name in names {
                match config::lookup(name) {
                    Ok(found) => allows[i].extend(found),
                    Err(message) => {
                        let d = Diagnostic::error(codes::UNKNOWN_RULE, message)
                            .primary(d.span, "in this directive")
                            .help("`chronotope explain CODE` describes a rule; rule names are listed in docs/continuity.md");
                        bad.push(Finding::new(d, here.clone()));
                    }
                }
            }
        }
    }
    (allows, bad)
}

/// A scene's start and end bounds in its frame; `Seconds::MIN`/`MAX` where
/// unbounded.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Times {
    pub frame: Frame,
    pub start_lo: Seconds,
    pub start_hi: Seconds,
    pub end_lo: Seconds,
    pub end_hi: Seconds,
}

/// The times of a placed scene (unplaced scenes have none).
pub(crate) fn times(p: &Placement) -> Option<Times> {
    p.chrono?;
    let lo = |b: Option<Seconds>| b.unwrap_or(Seconds::MIN);
    let hi = |b: Option<Seconds>| b.unwrap_or(Seconds::MAX);
    let (start, end) = if p.anchored {
        (p.start, p.end)
    } else {
        let r = p.relative.as_deref()?;
        (r.start, r.end)
    };
    Some(Times {
        frame: p.frame(),
        start_lo: lo(start.earliest),
        start_hi: hi(start.latest),
        end_lo: lo(end.earliest),
        end_hi: hi(end.latest),
    })
}

#[cfg(test)]
pub(crate) mod tests;
