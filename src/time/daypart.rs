//! Times of day: the words of a slugline (`DAY`, `NIGHT`, `DAWN` …) and
//! the hours each one covers.
//!
//! A time of day is a window of the clock, `from` to `to` inclusive, that
//! may wrap past midnight (night is 20:00 to 05:00). Story-time has no
//! time zones and every day has [`DAY`] seconds, so the hour of a moment is
//! [`clock`] of it: the one place that reads a story-time as a time of day
//! (a calendar with other days would change only this function).

use serde::Serialize;

use crate::time::{Seconds, DAY, HOUR, MINUTE};

/// A part of the day a scene may be set in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DayPart {
    /// `DAWN`
    Dawn,
    /// `MORNING`
    Morning,
    /// `DAY`
    Day,
    /// `AFTERNOON`
    Afternoon,
    /// `EVENING`
    Evening,
    /// `DUSK`
    Dusk,
    /// `NIGHT`
    Night,
}

impl DayPart {
    /// Every part, in the order of [`Hours`].
    pub const ALL: [DayPart; 7] = [
        DayPart::Dawn,
        DayPart::Morning,
        DayPart::Day,
        DayPart::Afternoon,
        DayPart::Evening,
        DayPart::Dusk,
        DayPart::Night,
    ];

    /// The word as a scene file writes it (`day`, `night` …).
    pub fn word(self) -> &'static str {
        match self {
            DayPart::Dawn => "dawn",
            DayPart::Morning => "morning",
            DayPart::Day => "day",
            DayPart::Afternoon => "afternoon",
            DayPart::Evening => "evening",
            DayPart::Dusk => "dusk",
            DayPart::Night => "night",
        }
    }

    /// The part a word names, in any case (`NIGHT`, `night`).
    pub fn parse(word: &str) -> Option<DayPart> {
        DayPart::ALL
            .into_iter()
            .find(|p| p.word().eq_ignore_ascii_case(word))
    }

    fn index(self) -> usize {
        self as usize
    }
}

/// What a slugline or `time:` says about the time of day.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum TimeOfDay {
    /// A part of the day.
    Part(DayPart),
    /// `CONTINUOUS`: straight on from the scene told before, so in its part
    /// of the day.
    Continuous,
    /// `MOMENTS LATER`: minutes after the scene told before, so in its part
    /// of the day.
    MomentsLater,
    /// `LATER`: some time after the scene told before; no part of the day.
    Later,
}

impl TimeOfDay {
    /// The scene-file word (`day`, `continuous`, `moments-later`, `later`).
    pub fn word(self) -> &'static str {
        match self {
            TimeOfDay::Part(p) => p.word(),
            TimeOfDay::Continuous => "continuous",
            TimeOfDay::MomentsLater => "moments-later",
            TimeOfDay::Later => "later",
        }
    }

    /// The value a word names, in any case; `MOMENTS LATER` may be written
    /// with a space or a dash.
    pub fn parse(word: &str) -> Option<TimeOfDay> {
        let folded: String = word
            .split_whitespace()
            .collect::<Vec<_>>()
            .join("-")
            .to_ascii_lowercase();
        Some(match folded.as_str() {
            "continuous" => TimeOfDay::Continuous,
            "moments-later" | "moment-later" => TimeOfDay::MomentsLater,
            "later" => TimeOfDay::Later,
            other => TimeOfDay::Part(DayPart::parse(other)?),
        })
    }

    /// True when the scene keeps the part of the day of the scene told
    /// before it.
    pub fn follows_previous(self) -> bool {
        matches!(self, TimeOfDay::Continuous | TimeOfDay::MomentsLater)
    }
}

/// The words `time:` takes, for messages.
pub const TIME_WORDS: &str = "`day`, `night`, `dawn`, `dusk`, `morning`, `evening`, `afternoon`, `continuous`, `moments-later` or `later`";

/// The hour of a moment: seconds since the midnight before it.
pub fn clock(t: Seconds) -> Seconds {
    t.rem_euclid(DAY)
}

/// The story day a moment falls on (days since the calendar's origin).
pub fn day_of(t: Seconds) -> Seconds {
    t.div_euclid(DAY)
}

/// A window of the clock, both ends inclusive, in seconds since midnight;
/// `from > to` wraps past midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Window {
    /// Start, seconds since midnight.
    pub from: Seconds,
    /// End, seconds since midnight.
    pub to: Seconds,
}

impl Window {
    /// A window from hour `from` to hour `to` (whole hours).
    pub const fn hours(from: Seconds, to: Seconds) -> Window {
        Window {
            from: from * HOUR,
            to: to * HOUR,
        }
    }

    /// `HH:MM–HH:MM` as people read it.
    pub fn text(self) -> String {
        let hm = |s: Seconds| format!("{:02}:{:02}", s / HOUR, (s % HOUR) / MINUTE);
        format!("{}–{}", hm(self.from), hm(self.to))
    }

    /// Whether a moment's hour lies in the window.
    pub fn contains(self, t: Seconds) -> bool {
        let c = clock(t);
        if self.from <= self.to {
            (self.from..=self.to).contains(&c)
        } else {
            c >= self.from || c <= self.to
        }
    }

    /// The window's occurrences that meet `lo..=hi`, each clipped to it.
    /// Empty when `hi - lo` is a day or more (the caller asks
    /// [`Window::relate`] first).
    fn meets(self, lo: Seconds, hi: Seconds) -> Vec<(Seconds, Seconds)> {
        let mut out = Vec::new();
        let length = if self.from <= self.to {
            self.to - self.from
        } else {
            DAY - self.from + self.to
        };
        for day in day_of(lo) - 1..=day_of(hi) {
            let start = day * DAY + self.from;
            let end = start + length;
            if start <= hi && end >= lo {
                out.push((start.max(lo), end.min(hi)));
            }
        }
        out
    }

    /// How the possible starts `lo..=hi` stand to the window.
    pub fn relate(self, lo: Seconds, hi: Seconds) -> Relation {
        if hi < lo || hi - lo >= DAY {
            return Relation::Partly;
        }
        let met = self.meets(lo, hi);
        match met.as_slice() {
            [] => Relation::Outside,
            [(a, b)] if *a == lo && *b == hi => Relation::Inside,
            _ => Relation::Partly,
        }
    }

    /// The starts of `lo..=hi` that lie in the window, when they form one
    /// stretch (the day is known, and the window meets it once); `None`
    /// otherwise, or when nothing would narrow.
    pub fn narrow(self, lo: Seconds, hi: Seconds) -> Option<(Seconds, Seconds)> {
        if hi < lo || hi - lo >= DAY {
            return None;
        }
        match self.meets(lo, hi).as_slice() {
            [(a, b)] if (*a, *b) != (lo, hi) => Some((*a, *b)),
            _ => None,
        }
    }
}

/// How a range of possible times stands to a window.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Relation {
    /// Every possible time lies in it.
    Inside,
    /// Some do and some do not (or the hour is unknown).
    Partly,
    /// None does.
    Outside,
}

/// The hours of each part of the day; per story in `chronotope.toml`'s
/// `[time-of-day]`.
#[derive(Clone, Copy, Debug, PartialEq, Serialize)]
pub struct Hours {
    windows: [Window; 7],
    /// With a latitude (degrees north, `[time-of-day] latitude`), dawn,
    /// day, dusk and night follow the sun on each date ([`Hours::window_at`]).
    latitude: Option<f64>,
}

impl Default for Hours {
    /// Dawn 05–07, morning 05–12, day 07–18, afternoon 12–18, evening
    /// 17–22, dusk 18–20, night 20–05.
    fn default() -> Hours {
        Hours {
            windows: [
                Window::hours(5, 7),
                Window::hours(5, 12),
                Window::hours(7, 18),
                Window::hours(12, 18),
                Window::hours(17, 22),
                Window::hours(18, 20),
                Window::hours(20, 5),
            ],
            latitude: None,
        }
    }
}

impl Hours {
    /// The window of a part of the day.
    pub fn window(&self, part: DayPart) -> Window {
        self.windows[part.index()]
    }

    /// Set the window of a part of the day.
    pub fn set(&mut self, part: DayPart, window: Window) {
        self.windows[part.index()] = window;
    }

    /// Follow the sun at this latitude (degrees, north positive).
    pub fn set_latitude(&mut self, latitude: f64) {
        self.latitude = Some(latitude);
    }

    /// The window of a part of the day on the date of `t`. With a latitude,
    /// sunrise and sunset (in local solar time, from the sun's declination
    /// on that date) move dawn (an hour either side of sunrise), day
    /// (sunrise to sunset), dusk (an hour either side of sunset) and night
    /// (an hour after sunset to an hour before sunrise); morning, afternoon
    /// and evening keep their hours, as do all parts where the sun does not
    /// rise or set that day.
    pub fn window_at(&self, part: DayPart, t: Seconds) -> Window {
        let fixed = self.window(part);
        let Some((rise, set)) = self.latitude.and_then(|lat| sun(lat, t)) else {
            return fixed;
        };
        let clamp = |s: Seconds| s.clamp(0, DAY - 1);
        match part {
            DayPart::Dawn => Window {
                from: clamp(rise - HOUR),
                to: clamp(rise + HOUR),
            },
            DayPart::Day => Window {
                from: rise,
                to: set,
            },
            DayPart::Dusk => Window {
                from: clamp(set - HOUR),
                to: clamp(set + HOUR),
            },
            DayPart::Night => Window {
                from: clamp(set + HOUR),
                to: clamp(rise - HOUR),
            },
            _ => fixed,
        }
    }
}

/// Sunrise and sunset on the date of `t` at `latitude`, in seconds of local
/// solar time (noon at 12:00), by the sun's declination that day; `None`
/// when the sun does not both rise and set.
fn sun(latitude: f64, t: Seconds) -> Option<(Seconds, Seconds)> {
    use chrono::Datelike;
    let day_of_year = f64::from(crate::time::to_datetime(t)?.ordinal());
    // The usual approximation: −23.44° × cos(360°/365 × (day + 10)).
    let declination =
        -(23.44f64.to_radians()) * (std::f64::consts::TAU / 365.0 * (day_of_year + 10.0)).cos();
    let cos_h = -latitude.to_radians().tan() * declination.tan();
    if !(-1.0..=1.0).contains(&cos_h) {
        return None;
    }
    // The hour angle of sunrise, in seconds of the sun's 15° an hour.
    let half = (cos_h.acos().to_degrees() / 15.0 * HOUR as f64).round() as Seconds;
    let noon = 12 * HOUR;
    Some((noon - half, noon + half))
}

/// `HH..HH` or `HH:MM..HH:MM` (hours 0 to 24) as a window; `None` if it is
/// not one.
pub fn parse_window(text: &str) -> Option<Window> {
    let (a, b) = text.split_once("..")?;
    let time = |t: &str| -> Option<Seconds> {
        let t = t.trim();
        let (h, m) = t.split_once(':').unwrap_or((t, "0"));
        let all_digits =
            |s: &str| !s.is_empty() && s.len() <= 2 && s.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(h) || !all_digits(m) {
            return None;
        }
        let (h, m): (Seconds, Seconds) = (h.parse().ok()?, m.parse().ok()?);
        let s = h * HOUR + m * MINUTE;
        (m < 60 && s <= DAY).then_some(s)
    };
    let (from, to) = (time(a)?, time(b)?);
    // 24:00 is the midnight that ends the day: the same clock reading as 00:00
    // for a window's start, the last moment for its end.
    Some(Window {
        from: from % DAY,
        to: if to == DAY { DAY - 1 } else { to },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const D: Seconds = 1000 * DAY;

    #[test]
    fn words_parse_in_any_case() {
        assert_eq!(
            TimeOfDay::parse("NIGHT"),
            Some(TimeOfDay::Part(DayPart::Night))
        );
        assert_eq!(
            TimeOfDay::parse("Moments Later"),
            Some(TimeOfDay::MomentsLater)
        );
        assert_eq!(
            TimeOfDay::parse("moments-later"),
            Some(TimeOfDay::MomentsLater)
        );
        assert_eq!(TimeOfDay::parse("noonish"), None);
    }

    #[test]
    fn night_wraps_midnight() {
        let night = Hours::default().window(DayPart::Night);
        assert!(night.contains(D + 23 * HOUR));
        assert!(night.contains(D + 2 * HOUR));
        assert!(night.contains(D + 5 * HOUR));
        assert!(!night.contains(D + 5 * HOUR + 1));
        assert!(!night.contains(D + 14 * HOUR));
        assert!(night.contains(D + 20 * HOUR));
        assert!(!night.contains(D + 20 * HOUR - 1));
    }

    #[test]
    fn relate_at_the_boundaries() {
        let day = Hours::default().window(DayPart::Day);
        let at = |h: Seconds| D + h * HOUR;
        assert_eq!(day.relate(at(14), at(14)), Relation::Inside);
        assert_eq!(day.relate(at(7), at(18)), Relation::Inside);
        assert_eq!(day.relate(at(7) - 1, at(18)), Relation::Partly);
        assert_eq!(day.relate(at(19), at(23)), Relation::Outside);
        assert_eq!(day.relate(at(18) + 1, at(31) - 1), Relation::Outside);
        assert_eq!(day.relate(at(18) + 1, at(31)), Relation::Partly);
        // A day or more: the hour is unknown.
        assert_eq!(day.relate(at(0), at(24)), Relation::Partly);
        let night = Hours::default().window(DayPart::Night);
        assert_eq!(night.relate(at(14), at(14)), Relation::Outside);
        assert_eq!(night.relate(at(23), at(26)), Relation::Inside);
    }

    #[test]
    fn narrow_only_one_stretch_of_a_known_day() {
        let h = Hours::default();
        let at = |h: Seconds| D + h * HOUR;
        let whole_day = (D, D + DAY - 1);
        assert_eq!(
            h.window(DayPart::Day).narrow(whole_day.0, whole_day.1),
            Some((at(7), at(18)))
        );
        // Night meets the day twice, before dawn and after dusk.
        assert_eq!(
            h.window(DayPart::Night).narrow(whole_day.0, whole_day.1),
            None
        );
        // Unknown day: nothing to narrow.
        assert_eq!(h.window(DayPart::Day).narrow(D, D + 10 * DAY), None);
        // Already inside: nothing to narrow.
        assert_eq!(h.window(DayPart::Day).narrow(at(8), at(9)), None);
    }

    #[test]
    fn the_sun_moves_day_and_night_with_the_seasons() {
        let mut h = Hours::default();
        // 2020-06-21 and 2020-12-21 at noon, in story seconds.
        let june = chrono::NaiveDate::from_ymd_opt(2020, 6, 21)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp();
        let december = june + 183 * DAY;
        // Without a latitude, the fixed hours.
        assert_eq!(h.window_at(DayPart::Day, june), Window::hours(7, 18));
        h.set_latitude(59.3);
        let summer = h.window_at(DayPart::Day, june);
        let winter = h.window_at(DayPart::Day, december);
        // Stockholm's latitude: about 18.5 h of sun in June, 6 h in December.
        assert!(
            (18 * HOUR..19 * HOUR).contains(&(summer.to - summer.from)),
            "{summer:?}"
        );
        assert!(
            (5 * HOUR..7 * HOUR).contains(&(winter.to - winter.from)),
            "{winter:?}"
        );
        assert!(h
            .window_at(DayPart::Night, december)
            .contains(december - 12 * HOUR + 17 * HOUR));
        // Morning keeps its hours; above the polar circle the sun does not set.
        assert_eq!(h.window_at(DayPart::Morning, june), Window::hours(5, 12));
        h.set_latitude(78.0);
        assert_eq!(h.window_at(DayPart::Day, june), Window::hours(7, 18));
    }

    #[test]
    fn windows_parse() {
        assert_eq!(parse_window("07..18"), Some(Window::hours(7, 18)));
        assert_eq!(
            parse_window("20:30..5"),
            Some(Window {
                from: 20 * HOUR + 30 * MINUTE,
                to: 5 * HOUR
            })
        );
        assert_eq!(
            parse_window("7..24"),
            Some(Window {
                from: 7 * HOUR,
                to: DAY - 1
            })
        );
        assert_eq!(parse_window("25..3"), None);
        assert_eq!(parse_window("7-18"), None);
        assert_eq!(parse_window("7:60..8"), None);
    }
}
