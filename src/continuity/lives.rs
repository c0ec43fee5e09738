//! Characters' lives: scenes before birth or after death (`E0405`,
//! `W0406`), ages against the birth date (`E0407`), birth after death
//! (`E0411`), and ages that no single birth date explains (`W0412`).
//!
//! A scene is compared by its **start**, which must fall within the
//! character's life: from the first second of the `born` date to the last
//! second of the `died` date. Only scenes with dates (anchored) are
//! checked; scenes with a `mode:` are exempt.

use crate::continuity::config::Config;
use crate::continuity::Finding;
use crate::diagnostics::{codes, Diagnostic};
use crate::engine::ages::age_at;
use crate::engine::Chronology;
use crate::model::{CharacterId, SceneId, Story};
use crate::span::Span;
use crate::text::clip;
use crate::time::{Calendar, DateTimeSpec, Seconds};

/// Run the life rules that `config` enables.
pub fn check(story: &Story, chronology: &Chronology, config: &Config) -> Vec<Finding> {
    let mut out = Vec::new();
    if config.enabled(codes::BORN_AFTER_DIED) {
        born_after_died(story, &mut out);
    }
    let life = config.enabled(codes::OUTSIDE_LIFETIME)
        || config.enabled(codes::MAY_BE_OUTSIDE_LIFETIME)
        || config.enabled(codes::AGE_MISMATCH);
    if life {
        lifetimes(story, chronology, &mut out);
    }
    if config.enabled(codes::AGE_INCONSISTENT) {
        ages(story, chronology, &mut out);
    }
    out
}

/// `E0411`, about the scenes the character appears in (so a directive in
/// one of them silences it).
fn born_after_died(story: &Story, out: &mut Vec<Finding>) {
    let mut appears: Vec<Vec<SceneId>> = vec![Vec::new(); story.characters.len()];
    for (i, scene) in story.scenes.values().enumerate() {
        for member in &scene.cast {
            appears[member.character.0 as usize].push(SceneId(i as u32));
        }
    }
    for (c, scenes) in story.characters.values().zip(appears) {
        if let (Some(b), Some(d)) = (c.born, c.died) {
            if b.lo > d.hi {
                out.push(Finding::new(
                    Diagnostic::error(
                        codes::BORN_AFTER_DIED,
                        format!("`{}` is born after they die", clip(&c.name)),
                    )
                    .primary(b.span, "born here")
                    .secondary(d.span, "but dies here, earlier")
                    .help("swap or correct the dates"),
                    scenes,
                ));
            }
        }
    }
}

/// `t` shifted by whole calendar years; a day the other year lacks (29
/// February, a leap festival day) falls back to the last day of its month.
fn add_years(calendar: &Calendar, t: Seconds, n: i64) -> Option<Seconds> {
    let c = calendar.split(t);
    let year = c.year.checked_add(n)?;
    let period = usize::from(c.period) - 1;
    let day = u32::from(c.day).min(calendar.period_days(year, period).max(1));
    let spec = DateTimeSpec {
        year,
        month: Some(c.period),
        day: Some(day as u16),
        hour_minute: None,
        second: None,
    };
    let (start, _) = calendar.bounds(&spec).ok()?;
    start.checked_add(t - calendar.day_start(c.day_number))
}

fn lifetimes(story: &Story, chronology: &Chronology, out: &mut Vec<Finding>) {
    let last_alive = crate::continuity::works::last_alive(story, chronology);
    let across = |f: Finding, c: CharacterId, s: usize| {
        crate::continuity::works::after_death(story, &last_alive, f, c, SceneId(s as u32))
    };
    for (i, scene) in story.scenes.values().enumerate() {
        let p = &chronology.placements[i];
        if scene.mode.is_some() || !p.anchored || p.chrono.is_none() {
            continue;
        }
        let (earliest, latest) = (p.start.earliest, p.start.latest);
        for member in &scene.cast {
            let c = story.character(member.character);
            if c.born.zip(c.died).is_some_and(|(b, d)| b.lo > d.hi) {
                // A life that ends before it begins is `E0411`, once; every
                // scene measured against it would only repeat that error.
                continue;
            }
            let name = clip(&c.name);
            let id = clip(&scene.id);
            let report = |certain: bool, message: String, life: Span, label: &str| {
                let code = if certain {
                    codes::OUTSIDE_LIFETIME
                } else {
                    codes::MAY_BE_OUTSIDE_LIFETIME
                };
                Finding::new(
                    Diagnostic::new(code, message)
                        .primary(member.span, format!("`{name}` is in this scene"))
                        .secondary(scene.id_span, start_text(&story.calendar, earliest, latest))
                        .secondary(life, label.to_string())
                        .help("if the scene is remembered, dreamt or imagined, say so with `mode: memory`; otherwise correct the cast, the scene's story-time or the date"),
                    vec![SceneId(i as u32)],
                )
            };
            if let Some(b) = c.born {
                if latest.is_some_and(|l| l < b.lo) {
                    out.push(report(
                        true,
                        format!("`{name}` appears in `{id}` before being born"),
                        b.span,
                        "born here",
                    ));
                } else if earliest.is_some_and(|e| e < b.lo) {
                    out.push(report(
                        false,
                        format!("`{name}` may appear in `{id}` before being born"),
                        b.span,
                        "born here",
                    ));
                }
            }
            if let Some(d) = c.died {
                if earliest.is_some_and(|e| e > d.hi) {
                    let f = report(
                        true,
                        format!("`{name}` appears in `{id}` after dying"),
                        d.span,
                        "dies here",
                    );
                    out.push(across(f, member.character, i));
                } else if latest.is_some_and(|l| l > d.hi) {
                    let f = report(
                        false,
                        format!("`{name}` may appear in `{id}` after dying"),
                        d.span,
                        "dies here",
                    );
                    out.push(across(f, member.character, i));
                }
            }
            if let (Some(age), Some(b)) = (member.age, c.born) {
                let age = i64::from(age);
                let computed = age_at(&story.calendar, b, p.start);
                if !computed.allows(age) {
                    // Both figures: the written age and the range the
                    // dates allow; the fix offers a valid `(age N)`.
                    let range = computed.text().unwrap_or_else(|| "not yet born".into());
                    let fit = computed.min.or(computed.max).unwrap_or(0);
                    let other = computed.max.filter(|&m| Some(m) != computed.min);
                    let suggestion = match other {
                        Some(m) if computed.min.is_some() => {
                            format!("`(age {fit})` or `(age {m})`")
                        }
                        _ => format!("`(age {fit})`"),
                    };
                    // The fix writes the allowed age nearest the one
                    // written, with the character's declared name.
                    let nearest = match (computed.min, computed.max) {
                        (Some(l), _) if age < l => l,
                        (_, Some(m)) if age > m => m,
                        _ => fit,
                    };
                    let d = Diagnostic::error(
                        codes::AGE_MISMATCH,
                        format!("`{name}` is {age} in `{id}`, but born {} they are {range} then", story.calendar.human(b.lo)),
                    )
                    .primary(member.span, format!("age {age} here"))
                    .secondary(scene.id_span, start_text(&story.calendar, earliest, latest))
                    .secondary(b.span, "born here")
                    .help(format!("write {suggestion} if the date is right, or correct the date or the birth date"))
                    .fix(member.span, format!("{} (age {nearest})", c.name));
                    out.push(Finding::new(d, vec![SceneId(i as u32)]));
                }
            }
        }
    }
}

fn start_text(calendar: &Calendar, earliest: Option<Seconds>, latest: Option<Seconds>) -> String {
    let human = |t| calendar.human(t);
    match (earliest, latest) {
        (Some(e), Some(l)) if e == l => format!("starts {}", human(e)),
        (Some(e), Some(l)) => format!("starts between {} and {}", human(e), human(l)),
        (Some(e), None) => format!("starts no earlier than {}", human(e)),
        (None, Some(l)) => format!("starts no later than {}", human(l)),
        (None, None) => "starts at an unknown time".into(),
    }
}

/// A cast entry's `(age N)` in a scene.
#[derive(Clone, Copy)]
struct Age {
    scene: SceneId,
    span: Span,
    age: i64,
}

/// The birth dates an age allows, with the ages that set each side.
#[derive(Clone, Copy)]
struct Window {
    lo: Seconds,
    lo_from: Age,
    hi: Seconds,
    hi_from: Age,
}

/// `W0412`: for characters without a birth date, each `(age N)` in a dated
/// scene allows births in `(start − (N+1) years, start − N years]`; walking
/// the chronology, the first scene whose window misses every earlier one is
/// reported (and the window starts again from it).
fn ages(story: &Story, chronology: &Chronology, out: &mut Vec<Finding>) {
    let mut windows: Vec<Option<Window>> = vec![None; story.characters.len()];
    for &s in &chronology.order {
        let scene = story.scene(s);
        let p = &chronology.placements[s.index()];
        if scene.mode.is_some() || !p.anchored {
            continue;
        }
        let (Some(e), Some(l)) = (p.start.earliest, p.start.latest) else {
            continue;
        };
        for m in &scene.cast {
            let Some(age) = m.age else { continue };
            let c: CharacterId = m.character;
            if story.character(c).born.is_some() {
                continue;
            }
            let age = i64::from(age);
            let (Some(lo), Some(hi)) = (
                add_years(&story.calendar, e, -(age + 1)),
                add_years(&story.calendar, l, -age),
            ) else {
                continue;
            };
            let here = Age {
                scene: s,
                span: m.span,
                age,
            };
            let mine = Window {
                lo: lo + 1,
                lo_from: here,
                hi,
                hi_from: here,
            };
            let slot = &mut windows[c.0 as usize];
            let Some(w) = *slot else {
                *slot = Some(mine);
                continue;
            };
            let merged = Window {
                lo: w.lo.max(mine.lo),
                lo_from: if mine.lo > w.lo {
                    mine.lo_from
                } else {
                    w.lo_from
                },
                hi: w.hi.min(mine.hi),
                hi_from: if mine.hi < w.hi {
                    mine.hi_from
                } else {
                    w.hi_from
                },
            };
            if merged.lo <= merged.hi {
                *slot = Some(merged);
                continue;
            }
            // Which earlier side does this scene miss?
            let (other, side) = if mine.hi < w.lo {
                (w.lo_from, "which needs a later birth")
            } else {
                (w.hi_from, "which needs an earlier birth")
            };
            let name = clip(&story.character(c).name);
            out.push(Finding::new(
                Diagnostic::warning(
                    codes::AGE_INCONSISTENT,
                    format!(
                        "`{name}` is {age} in `{}`, which no birth date reconciles with their age in `{}`",
                        clip(&scene.id),
                        clip(story.scene_name(other.scene))
                    ),
                )
                .primary(m.span, format!("age {age} here"))
                .secondary(other.span, format!("`{name}` is {} here, {side}", other.age))
                .help(format!("correct one of the ages or dates, or declare `character {name}: born DATE` to check each age against it")),
                vec![s, other.scene],
            ));
            *slot = Some(mine);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::continuity::tests::codes_found;

    /// The codes a story with one character and one scene gives.
    fn life(character: &str, story: &str, cast: &str) -> Vec<String> {
        codes_found(&format!(
            "title: T\ncharacter {character}\nscene a: A\n  story: {story}\n  cast: {cast}\n"
        ))
    }

    #[test]
    fn born_after_died_compares_the_whole_days() {
        assert_eq!(
            life("N: born 2000-01-02, died 2000-01-02", "2000-01-02", "N"),
            [] as [&str; 0]
        );
        assert_eq!(
            life("N: born 2000-01-02, died 2000-01-01", "2000-01-02", "N")[0],
            "E0411"
        );
    }

    #[test]
    fn a_scene_must_start_within_the_life() {
        let born = "N: born 2000-01-01";
        assert_eq!(life(born, "2000-01-01 00:00:00", "N"), [] as [&str; 0]);
        assert_eq!(life(born, "1999-12-31 23:59:59", "N"), ["E0405"]);
        assert_eq!(
            life(born, "1999-12-31 23:59:59 .. 2000-01-02", "N"),
            ["W0406"]
        );
        assert_eq!(
            life(born, "2000-01-01 00:00:00 .. 2000-01-02", "N"),
            [] as [&str; 0]
        );
        let died = "N: died 2010-01-01";
        assert_eq!(life(died, "2010-01-01 23:59:59", "N"), [] as [&str; 0]);
        assert_eq!(life(died, "2010-01-02 00:00:00", "N"), ["E0405"]);
        assert_eq!(
            life(died, "2010-01-01 .. 2010-01-02 00:00:00", "N"),
            ["W0406"]
        );
        assert_eq!(
            life(died, "2010-01-01 .. 2010-01-01 23:59:59", "N"),
            [] as [&str; 0]
        );
        // A scene with a mode is exempt.
        let mode = "title: T\ncharacter N: died 2010-01-01\nscene a: A\n  story: 2011\n  mode: memory\n  cast: N\n";
        assert_eq!(codes_found(mode), [] as [&str; 0]);
    }

    #[test]
    fn an_age_must_fit_the_birth_date() {
        // Born some time on 2000-01-01; on 2010-01-01 00:00:00 the
        // character is 9 (born later that day) or 10.
        let born = "N: born 2000-01-01";
        let at = "2010-01-01 00:00:00";
        for age in [9, 10] {
            assert_eq!(
                life(born, at, &format!("N (age {age})")),
                [] as [&str; 0],
                "{age}"
            );
        }
        for age in [8, 11] {
            assert_eq!(
                life(born, at, &format!("N (age {age})")),
                ["E0407"],
                "{age}"
            );
        }
    }

    #[test]
    fn a_mismatch_names_the_written_age_and_the_range() {
        // Born some time in 1990, the scene some time in May 2014: 23–24.
        let text =
            "title: T\ncharacter N: born 1990\nscene a: A\n  story: 2014-05\n  cast: N (age 30)\n";
        let found = crate::continuity::tests::diagnose(text, &Config::default());
        assert_eq!(found.len(), 1, "{found:#?}");
        let d = &found[0];
        assert_eq!(d.code, codes::AGE_MISMATCH);
        assert!(d.message.contains("is 30 in `a`"), "{}", d.message);
        assert!(d.message.contains("they are 23–24 then"), "{}", d.message);
        let help = format!("{d:?}");
        assert!(help.contains("`(age 23)` or `(age 24)`"), "{help}");
        // Both ends of the range are accepted, the next ages are not.
        for (age, codes) in [
            (22, vec!["E0407"]),
            (23, vec![]),
            (24, vec![]),
            (25, vec!["E0407"]),
        ] {
            let text = format!("title: T\ncharacter N: born 1990\nscene a: A\n  story: 2014-05\n  cast: N (age {age})\n");
            assert_eq!(codes_found(&text), codes, "{age}");
        }
    }

    #[test]
    fn ages_without_a_birth_date_must_share_one() {
        // At 24 on 2014-05-17 the birth is in (1989-05-17 00:00:00,
        // 1990-05-17 23:59:59]; at 25 on the second below it is in
        // (1990-05-17 23:59:58, …]: the windows share exactly one second.
        let story = |second: &str| {
            codes_found(&format!(
                "title: T\ncharacter N\nscene a: A\n  story: 2014-05-17\n  cast: N (age 24)\nscene b: B\n  story: {second}\n  cast: N (age 25)\n"
            ))
        };
        assert_eq!(story("2016-05-17 23:59:58"), [] as [&str; 0]);
        assert_eq!(story("2016-05-17 23:59:59"), ["W0412"]);
    }

    fn t(s: &str) -> Seconds {
        chrono::NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    #[test]
    fn shifting_by_years() {
        let g = Calendar::gregorian();
        assert_eq!(
            add_years(&g, t("2020-02-29 10:00:00"), -1),
            Some(t("2019-02-28 10:00:00"))
        );
        assert_eq!(
            add_years(&g, t("2020-05-01 00:00:00"), 2),
            Some(t("2022-05-01 00:00:00"))
        );
    }

    #[test]
    fn years_shift_across_year_zero_and_in_julian() {
        let g = Calendar::gregorian();
        let at = |y, m, d| {
            g.bounds(&DateTimeSpec::new(y, Some(m), Some(d), None, None).unwrap())
                .unwrap()
                .0
        };
        assert_eq!(add_years(&g, at(-43, 3, 15), 44), Some(at(1, 3, 15)));
        let j = Calendar::julian();
        let leap = j
            .bounds(&DateTimeSpec::written(1900, Some(2), Some(29), None, None).unwrap())
            .unwrap()
            .0;
        assert_eq!(j.split(add_years(&j, leap, 1).unwrap()).day, 28);
    }
}
