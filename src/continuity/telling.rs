//! Telling: screen timecodes that overlap (`W0408`) or leave a gap longer
//! than `[telling] max-gap` (`W0409`).
//!
//! Within each file (a file may restart its clock), each scene with a
//! `screen:` line is compared with the previous scene in the file that has
//! one: its start against that scene's end, when the end is known. A start
//! before the previous *start* is the format's own error (`E0109`) and is
//! not reported again here.

use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::model::{SceneId, Screen, Story};
use crate::text::clip;
use crate::time::{timecode, Millis};

/// Run the telling rules.
pub fn check(story: &Story, max_gap: Millis) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut previous: Option<(usize, Screen)> = None;
    for (i, scene) in story.scenes.values().enumerate() {
        if previous.is_some_and(|(p, _)| story.scene(SceneId(p as u32)).file != scene.file) {
            previous = None;
        }
        let Some(screen) = scene.screen else { continue };
        if let Some((p, before)) = previous {
            let other = story.scene(SceneId(p as u32));
            if let Some(end) = before.end {
                if screen.start < end && screen.start >= before.start {
                    out.push(Finding::new(
                        Diagnostic::warning(
                            codes::SCREEN_OVERLAP,
                            format!(
                                "`{}` starts on screen at {} while `{}` runs until {}",
                                clip(&scene.id),
                                timecode(screen.start),
                                clip(&other.id),
                                timecode(end)
                            ),
                        )
                        .primary(screen.span, format!("starts at {}", timecode(screen.start)))
                        .secondary(before.span, format!("ends at {}", timecode(end)))
                        .help("correct one of the timecodes; scenes shown side by side belong in one scene"),
                        vec![SceneId(i as u32), SceneId(p as u32)],
                    ));
                } else if screen.start - end > max_gap {
                    out.push(Finding::new(
                        Diagnostic::warning(
                            codes::SCREEN_GAP,
                            format!(
                                "{} of screen-time between `{}` and `{}` belong to no scene",
                                timecode(screen.start - end),
                                clip(&other.id),
                                clip(&scene.id)
                            ),
                        )
                        .primary(screen.span, format!("starts at {}", timecode(screen.start)))
                        .secondary(before.span, format!("ends at {}", timecode(end)))
                        .help("add the missing scene or correct a timecode; a longer gap is allowed with `[telling] max-gap = \"5m\"` in chronotope.toml"),
                        vec![SceneId(i as u32), SceneId(p as u32)],
                    ));
                }
            }
        }
        previous = Some((i, screen));
    }
    out
}
