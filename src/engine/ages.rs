//! Characters' ages in scenes, from `born` and the solved story-time.
//!
//! A birth date is a span at its written precision (`born 1990` is some
//! time in 1990) and a scene's start is known within bounds (a scene dated
//! `2014-05` starts some time in May 2014). The age is every whole number
//! of years the two allow: at least the full years from the **latest**
//! birth to the **earliest** start, at most those from the **earliest**
//! birth to the **latest** start. Where both ends meet it is exact; else a
//! range (`24–25`). An end the scene's bounds leave open is unknown.
//!
//! Only scenes in a dated part of the story (anchored) have ages: a
//! floating scene's times are offsets, not dates.

use chrono::{Datelike, NaiveDateTime};
use serde::Serialize;

use crate::engine::{Chronology, TimeBounds};
use crate::model::{CharacterId, DateBound, SceneId, Story};
use crate::time::{to_datetime, Seconds};

/// A character's age in a scene: whole years, each end `None` where the
/// scene's time leaves it open.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Age {
    /// The least age the dates allow.
    pub min: Option<i64>,
    /// The greatest.
    pub max: Option<i64>,
}

impl Age {
    /// The age when the dates settle it.
    pub fn exact(self) -> Option<i64> {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => Some(a),
            _ => None,
        }
    }

    /// True when neither end is known.
    pub fn is_unknown(self) -> bool {
        self.min.is_none() && self.max.is_none()
    }

    /// Whether a written age fits.
    pub fn allows(self, age: i64) -> bool {
        self.min.is_none_or(|m| age >= m) && self.max.is_none_or(|m| age <= m)
    }

    /// As people read it: `24`, `24–25`, `at least 24`, `at most 25`;
    /// `None` when unknown.
    pub fn text(self) -> Option<String> {
        match (self.min, self.max) {
            (Some(a), Some(b)) if a == b => Some(a.to_string()),
            (Some(a), Some(b)) => Some(format!("{a}–{b}")),
            (Some(a), None) => Some(format!("at least {a}")),
            (None, Some(b)) => Some(format!("at most {b}")),
            (None, None) => None,
        }
    }
}

/// Full years from `from` to `to` (negative when `to` is earlier).
pub fn years(from: Seconds, to: Seconds) -> Option<i64> {
    let (a, b) = (to_datetime(from)?, to_datetime(to)?);
    let (early, late, sign) = if a <= b { (a, b, 1) } else { (b, a, -1) };
    let mut n = i64::from(late.year() - early.year());
    let key = |d: &NaiveDateTime| (d.month(), d.day(), d.time());
    if key(&late) < key(&early) {
        n -= 1;
    }
    Some(n * sign)
}

/// The age of someone born within `born` at a start within `start`. Ages
/// before birth are not ages: an end below zero is raised to zero, and a
/// start wholly before the birth gives an unknown age.
pub fn age_at(born: DateBound, start: TimeBounds) -> Age {
    let min = start.earliest.and_then(|e| years(born.hi, e));
    let max = start.latest.and_then(|l| years(born.lo, l));
    if max.is_some_and(|m| m < 0) {
        return Age::default();
    }
    Age {
        min: min.map(|m| m.max(0)),
        max,
    }
}

/// `character`'s age in `scene`: `None` when they have no birth date or
/// the scene is not placed in dated story-time.
pub fn in_scene(
    story: &Story,
    chronology: &Chronology,
    scene: SceneId,
    character: CharacterId,
) -> Option<Age> {
    let born = story.character(character).born?;
    let p = chronology.placements.get(scene.index())?;
    if !p.anchored || p.chrono.is_none() {
        return None;
    }
    Some(age_at(born, p.start))
}

/// Each character's ages over the whole story: the least and greatest age
/// of any of their dated scenes (`None` where no scene dates them).
pub fn spans(story: &Story, chronology: &Chronology) -> Vec<Age> {
    let mut out = vec![Age::default(); story.characters.len()];
    for (i, scene) in story.scenes.values().enumerate() {
        for member in &scene.cast {
            let Some(age) = in_scene(story, chronology, SceneId(i as u32), member.character) else {
                continue;
            };
            let slot = &mut out[member.character.0 as usize];
            slot.min = match (slot.min, age.min) {
                (Some(a), Some(b)) => Some(a.min(b)),
                (a, b) => a.or(b),
            };
            slot.max = match (slot.max, age.max) {
                (Some(a), Some(b)) => Some(a.max(b)),
                (a, b) => a.or(b),
            };
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::Span;

    fn t(s: &str) -> Seconds {
        NaiveDateTime::parse_from_str(s, "%Y-%m-%d %H:%M:%S")
            .unwrap()
            .and_utc()
            .timestamp()
    }

    fn born(lo: &str, hi: &str) -> DateBound {
        DateBound {
            lo: t(lo),
            hi: t(hi),
            span: Span::new(crate::span::FileId(0), 0, 0),
        }
    }

    fn at(lo: &str, hi: &str) -> TimeBounds {
        TimeBounds {
            earliest: Some(t(lo)),
            latest: Some(t(hi)),
        }
    }

    #[test]
    fn exact_when_the_day_is_known_on_both_sides() {
        let b = born("1990-03-10 00:00:00", "1990-03-10 23:59:59");
        let a = age_at(b, at("2014-05-17 18:00:00", "2014-05-17 18:00:59"));
        assert_eq!(a.exact(), Some(24));
        assert_eq!(a.text().as_deref(), Some("24"));
        // The day before the birthday, still 23; on it, 24.
        let before = age_at(b, at("2014-03-09 12:00:00", "2014-03-09 12:00:00"));
        assert_eq!(before.exact(), Some(23));
        let on = age_at(b, at("2014-03-10 23:59:59", "2014-03-10 23:59:59"));
        assert_eq!(on.exact(), Some(24));
    }

    #[test]
    fn a_birth_year_and_a_scene_month_give_a_range() {
        // Born some time in 1990; the scene is some time in May 2014.
        let b = born("1990-01-01 00:00:00", "1990-12-31 23:59:59");
        let a = age_at(b, at("2014-05-01 00:00:00", "2014-05-31 23:59:59"));
        assert_eq!((a.min, a.max), (Some(23), Some(24)));
        assert_eq!(a.text().as_deref(), Some("23–24"));
        assert!(a.allows(23) && a.allows(24));
        assert!(!a.allows(22) && !a.allows(25));
        // In January the birthday cannot have come yet for a December birth.
        let jan = age_at(b, at("2014-12-31 23:59:59", "2014-12-31 23:59:59"));
        assert_eq!(jan.exact(), Some(24));
    }

    #[test]
    fn open_ends_and_scenes_before_birth() {
        let b = born("1990-01-01 00:00:00", "1990-01-01 23:59:59");
        let open = age_at(
            b,
            TimeBounds {
                earliest: Some(t("2000-06-01 00:00:00")),
                latest: None,
            },
        );
        assert_eq!((open.min, open.max), (Some(10), None));
        assert_eq!(open.text().as_deref(), Some("at least 10"));
        let before = age_at(b, at("1980-01-01 00:00:00", "1980-01-01 00:00:00"));
        assert!(before.is_unknown());
        // A start that may fall before the birth: the least age is 0.
        let straddle = age_at(b, at("1989-01-01 00:00:00", "1991-06-01 00:00:00"));
        assert_eq!((straddle.min, straddle.max), (Some(0), Some(1)));
    }

    #[test]
    fn full_years() {
        assert_eq!(
            years(t("1993-02-11 00:00:00"), t("2017-02-10 23:59:59")),
            Some(23)
        );
        assert_eq!(
            years(t("1993-02-11 00:00:00"), t("2017-02-11 00:00:00")),
            Some(24)
        );
        assert_eq!(
            years(t("2000-01-01 00:00:00"), t("1999-01-01 00:00:00")),
            Some(-1)
        );
    }
}
