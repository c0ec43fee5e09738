//! Continuity rules: what a script supervisor checks once the chronology is
//! known.
//!
//! [`check`] takes a resolved [`Story`] and the engine's [`Chronology`] and
//! returns every finding as a [`Diagnostic`]: the engine's own (contradictions
//! `E0301`, the cap `W0303`, unplaced scenes `W0302`), marker clashes with
//! eras told in the writer's terms (`E0401`, converted from the engine's
//! contradictions rather than found again), and the rule families, one file
//! each: [`markers`], [`presence`], [`lives`], [`telling`], [`order`].
//! [`config`] decides each rule's severity; a scene silences a rule with a
//! `# chronotope: allow RULE` line. [`baseline`] filters out known findings.
//!
//! Every rule is linear or `n log n` in the number of scenes, cast entries
//! and marker lines: per-character and per-marker lists are built in one
//! pass, sorted once, and swept; nothing compares all pairs.
//!
//! The rules are defined precisely in `docs/continuity.md`.

pub mod baseline;
pub mod config;
pub mod lives;
pub mod markers;
pub mod order;
pub mod presence;
pub mod telling;

use std::collections::HashSet;

use crate::diagnostics::{codes, Diagnostic};
use crate::engine::{self, Chronology, Placement};
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
/// bound) in messages. The result is unsorted; severities follow `config`,
/// and findings about a scene that allows their rule are dropped.
pub fn check(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    config: &Config,
) -> Vec<Diagnostic> {
    let mut findings: Vec<Finding> = Vec::new();
    let mut flagged: HashSet<(SceneId, MarkerId)> = HashSet::new();
    engine_findings(story, chronology, sources, &mut findings, &mut flagged);
    let on = |code: codes::Code| config.enabled(code);
    if on(codes::MARKER_REVERTS) {
        findings.extend(markers::reverts(story, chronology, &flagged));
    }
    if on(codes::REPEAT_MARKERS_DIFFER) {
        findings.extend(markers::repeats_differ(story));
    }
    if on(codes::PRESENCE) || on(codes::PRESENCE_MAY_OVERLAP) {
        findings.extend(presence::check(
            story,
            chronology,
            on(codes::PRESENCE),
            on(codes::PRESENCE_MAY_OVERLAP),
        ));
    }
    findings.extend(lives::check(story, chronology, config));
    if on(codes::SCREEN_OVERLAP) || on(codes::SCREEN_GAP) {
        findings.extend(telling::check(story, config.max_gap));
    }
    if on(codes::AMBIGUOUS_ORDER) {
        findings.extend(order::ambiguous(story, chronology));
    }
    let (allows, mut out) = directives(story);
    for f in findings {
        let code = f.diagnostic.code;
        let Some(severity) = config.level(code).severity() else {
            continue;
        };
        if f.scenes
            .iter()
            .any(|s| allows[s.index()].contains(&code.as_str()))
        {
            continue;
        }
        out.push(f.diagnostic.at_level(severity));
    }
    out
}

/// The engine's diagnostics, with contradictions through a marker's era
/// turned into `E0401`. Records the (scene, marker) pairs so flagged, so
/// `W0402` does not report them again.
fn engine_findings(
    story: &Story,
    chronology: &Chronology,
    sources: &Sources,
    out: &mut Vec<Finding>,
    flagged: &mut HashSet<(SceneId, MarkerId)>,
) {
    let engine = engine::explain::diagnostics(story, chronology);
    // `explain::diagnostics` gives one diagnostic per contradiction, first
    // and in order, then the cap warning and unplaced scenes.
    let n = chronology.contradictions.len();
    for (i, d) in engine.into_iter().enumerate() {
        if i < n && d.code == codes::CONTRADICTION {
            let c = &chronology.contradictions[i];
            if let Some((f, at)) = markers::marker_era(story, chronology, sources, c) {
                flagged.insert(at);
                out.push(f);
                continue;
            }
            let scenes = c.steps.iter().map(|s| s.scene).collect();
            out.push(Finding::new(d, scenes));
        } else if d.code == codes::TOO_MANY_CONTRADICTIONS {
            let scenes = chronology
                .contradictions
                .first()
                .and_then(|c| c.steps.first())
                .map(|s| vec![s.scene])
                .unwrap_or_default();
            out.push(Finding::new(d, scenes));
        } else {
            let scene = d.main_span().and_then(|span| {
                chronology
                    .unplaced
                    .iter()
                    .copied()
                    .find(|&s| story.scene(s).id_span == span)
            });
            out.push(Finding::new(d, scene.into_iter().collect()));
        }
    }
}

/// Each scene's allowed codes, and diagnostics for malformed directives.
///
/// A directive is a full-line comment inside a scene block:
/// `# chronotope: allow presence, W0409`.
fn directives(story: &Story) -> (Vec<Vec<&'static str>>, Vec<Diagnostic>) {
    let mut allows = vec![Vec::new(); story.scenes.len()];
    let mut bad = Vec::new();
    for (i, scene) in story.scenes.values().enumerate() {
        for d in &scene.directives {
            let text = d.text.trim();
            let (verb, rest) = text.split_once(char::is_whitespace).unwrap_or((text, ""));
            if verb != "allow" {
                bad.push(
                    Diagnostic::warning(
                        codes::UNKNOWN_DIRECTIVE,
                        format!("`{}` is not a chronotope directive", clip(verb)),
                    )
                    .primary(d.span, "not understood")
                    .help("the only directive is `# chronotope: allow RULE` (a code such as `E0403` or a name such as `presence`); write other comments without `chronotope:`"),
                );
                continue;
            }
            let names: Vec<&str> = rest
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            if names.is_empty() {
                bad.push(
                    Diagnostic::error(codes::UNKNOWN_RULE, "`allow` names no rule")
                        .primary(d.span, "allow what?")
                        .help("name a rule: `# chronotope: allow presence`"),
                );
            }
            for name in names {
                match config::lookup(name) {
                    Ok(found) => allows[i].extend(found),
                    Err(message) => bad.push(
                        Diagnostic::error(codes::UNKNOWN_RULE, message)
                            .primary(d.span, "in this directive")
                            .help("`chronotope explain CODE` describes a rule; rule names are listed in docs/continuity.md"),
                    ),
                }
            }
        }
    }
    (allows, bad)
}

/// The frame a scene's times are measured in: absolute story-time, or
/// offsets from the anchor of a floating part of the network.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum Frame {
    /// Dates.
    Absolute,
    /// Relative to the anchor of this component.
    Floating(u32),
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
    if p.anchored {
        Some(Times {
            frame: Frame::Absolute,
            start_lo: lo(p.start.earliest),
            start_hi: hi(p.start.latest),
            end_lo: lo(p.end.earliest),
            end_hi: hi(p.end.latest),
        })
    } else {
        let r = p.relative?;
        Some(Times {
            frame: Frame::Floating(p.component),
            start_lo: lo(r.start.earliest),
            start_hi: hi(r.start.latest),
            end_lo: lo(r.end.earliest),
            end_hi: hi(r.end.latest),
        })
    }
}
