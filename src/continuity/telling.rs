//! Telling: screen timecodes that overlap (`W0408`) or leave a gap longer
//! than `[telling] max-gap` (`W0409`).
//!
//! Within each file and each work (either may restart its clock), each scene with a
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
/// A previous scene that ends past `runtime` is `W0306`'s, not an overlap.
pub fn check(story: &Story, max_gap: Millis, runtime: Millis) -> Vec<Finding> {
    let mut out = Vec::new();
    let mut previous: Option<(usize, Screen)> = None;
    for (i, scene) in story.scenes.values().enumerate() {
        // Each file, and each work of a series, restarts its clock.
        if previous.is_some_and(|(p, _)| {
            let p = SceneId(p as u32);
            story.scene(p).file != scene.file
                || story.work_of(p) != story.work_of(SceneId(i as u32))
        }) {
            previous = None;
        }
        let Some(&screen) = scene.screen.as_deref() else {
            continue;
        };
        if let Some((p, before)) = previous {
            let other = story.scene(SceneId(p as u32));
            if let Some(end) = before.end {
                if end > runtime {
                    // A typo in the end timecode (`W0306`) says nothing
                    // about the next scene.
                } else if screen.start < end && screen.start >= before.start {
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

#[cfg(test)]
mod tests {
    use crate::continuity::tests::codes_found;

    /// The telling codes for two scenes on screen at these times.
    fn telling(a: &str, b: &str) -> Vec<String> {
        codes_found(&format!(
            "title: T\nscene a: A\n  story: 2020\n  screen: {a}\nscene b: B\n  story: 2020\n  screen: {b}\n"
        ))
        .into_iter()
        .filter(|c| c == "W0408" || c == "W0409")
        .collect()
    }

    #[test]
    fn overlap_and_gap_boundaries() {
        let a = "00:00:00 .. 00:05:00";
        assert_eq!(telling(a, "00:05:00 .. 00:06:00"), [] as [&str; 0]);
        assert_eq!(telling(a, "00:04:59 .. 00:06:00"), ["W0408"]);
        // The default gap is one minute.
        assert_eq!(telling(a, "00:06:00 .. 00:07:00"), [] as [&str; 0]);
        assert_eq!(telling(a, "00:06:01 .. 00:07:00"), ["W0409"]);
        // Without an end, nothing to compare.
        assert_eq!(telling("00:00:00", "00:09:00 .. 00:10:00"), [] as [&str; 0]);
    }
}
