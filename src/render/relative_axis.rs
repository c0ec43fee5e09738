//! Relative story-time axes: parts of a story with no absolute date but
//! known relative times ((500) Days of Summer, told only as `day1 + N d`).
//!
//! Such a part is cut into segments with the same rule as dated scenes
//! ([`axis::build_in`]), then ticked and captioned by the time since its first
//! scene in story order instead of by the calendar: `day 1 … day 500`,
//! `year 1 …` for ages; a segment of at most 3 days counts `+0 h … +6 h`
//! (or minutes) from its own first scene, under a caption naming its day.
//! Day N is the N-th day from that first scene's start, so a scene carded
//! `Day 290` sits between the ticks `day 290` and `day 291`. Hours, days and
//! years are the story calendar's ([`Lengths`]): in a calendar of 20-hour
//! days, `day 2` starts 20 hours in.
//!
//! [`compose`] lays the whole story-time axis out: the dated part, then each
//! relative part, then the parts whose relative times are unknown (ordinal),
//! each given width by its scene count, joined by unlabelled breaks. With no
//! relative part it is exactly [`axis::build_in`].

use crate::model::{EraId, SceneId};
use crate::time::{Calendar, Seconds, MINUTE};

use super::axis::{self, Axis, Break, Point, SegmentKind, TextRows, Tick, BREAK_WIDTH, LABEL_GAP};
use super::metrics::{text_width, Weight};
use super::{fit, size, Anchor, Label, Rect};

/// How long an hour, a day and a year of the story's calendar are: what
/// the relative units count in. A calendar of its own may have days of
/// other than 24 hours and years of other than 365 days.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Lengths {
    /// Seconds in an hour.
    pub hour: Seconds,
    /// Seconds in a day.
    pub day: Seconds,
    /// Seconds in a year: a Julian year (365¼ days) in the Gregorian and
    /// Julian calendars; a custom calendar's mean year, leap days counted.
    pub year: Seconds,
    /// Days in a common year, for the longest segment counted in days.
    pub common_year_days: i64,
}

impl Lengths {
    /// The lengths of `calendar`'s units.
    pub fn of(calendar: &Calendar) -> Lengths {
        let day = calendar.day_seconds();
        let year = if calendar.is_custom() {
            (calendar.mean_year_days() * day as f64).round() as Seconds
        } else {
            365 * day + day / 4
        };
        Lengths {
            hour: calendar.hour_seconds(),
            day,
            year: year.max(day),
            common_year_days: calendar.common_year_days().max(1),
        }
    }
}

/// The unit a relative segment counts in, chosen by its own length.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// `+0 min`, `+30 min`.
    Minutes,
    /// `+0 h`, `+6 h`.
    Hours,
    /// `day 1`, `day 100`.
    Days,
    /// `year 1`, `year 10`.
    Years,
}

impl Unit {
    /// The unit for a segment `length` seconds long.
    pub fn for_length(length: Seconds, lengths: &Lengths) -> Unit {
        if length <= 3 * lengths.hour {
            Unit::Minutes
        } else if length <= 3 * lengths.day {
            Unit::Hours
        } else if length <= 3 * lengths.common_year_days * lengths.day {
            Unit::Days
        } else {
            Unit::Years
        }
    }

    /// Seconds in one unit.
    fn seconds(self, lengths: &Lengths) -> Seconds {
        match self {
            Unit::Minutes => MINUTE,
            Unit::Hours => lengths.hour,
            Unit::Days => lengths.day,
            Unit::Years => lengths.year,
        }
        .max(1)
    }

    /// Tick steps, in units, finest first.
    fn steps(self) -> &'static [i64] {
        match self {
            Unit::Minutes => &[1, 2, 5, 10, 15, 30, 60],
            Unit::Hours => &[1, 2, 3, 6, 12, 24],
            Unit::Days => &[1, 2, 5, 7, 10, 14, 25, 50, 100, 200, 500],
            Unit::Years => &[1, 2, 5, 10, 20, 50, 100, 200, 500, 1000],
        }
    }

    /// The label of `clock` seconds after the part's first scene: days and
    /// years count from 1 (`day 1` is the first day), hours and minutes
    /// from 0 (`+0 h` is the first scene's start).
    pub fn text(self, clock: Seconds, lengths: &Lengths) -> String {
        let n = clock.div_euclid(self.seconds(lengths));
        match self {
            Unit::Minutes => format!("+{n} min"),
            Unit::Hours => format!("+{n} h"),
            Unit::Days => format!("day {}", n + 1),
            Unit::Years => format!("year {}", n + 1),
        }
    }

    /// Where the tick for `k` units after the origin sits: days and years
    /// are labelled by their number, so `day 100` is 99 days in.
    fn tick_clock(self, k: i64, lengths: &Lengths) -> Seconds {
        match self {
            Unit::Days | Unit::Years => (k - 1).max(0) * self.seconds(lengths),
            Unit::Minutes | Unit::Hours => k * self.seconds(lengths),
        }
    }
}

/// One part of the story with relative times: its scenes' drawn stretches,
/// measured from any origin (they are re-based on the earliest).
#[derive(Clone, Debug, PartialEq)]
pub struct RelativePart {
    /// The scenes, any order.
    pub points: Vec<Point>,
}

/// The story-time axis of the lanes view with its relative parts.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Composed {
    /// The whole axis as drawn.
    pub axis: Axis,
    /// The dated part alone, to place dated scenes (`Axis::x`).
    pub dated: Axis,
    /// Each relative part alone, to place its scenes.
    pub relative: Vec<Axis>,
}

/// What one frame of the composed axis holds, for sharing out the width.
enum Frame<'a> {
    Dated(&'a [Point]),
    Relative(&'a RelativePart),
    Ordinal(&'a [Vec<SceneId>]),
}

impl Frame<'_> {
    /// Its claim on the width: scenes plus two per part, as segments get.
    fn weight(&self) -> f64 {
        match self {
            Frame::Dated(p) => (p.len() + 2) as f64,
            Frame::Relative(r) => (r.points.len() + 2) as f64,
            Frame::Ordinal(o) => o.iter().map(|s| s.len() + 2).sum::<usize>() as f64,
        }
    }
}

/// Lay out the story-time axis over `x0..x1`: dated points, relative parts,
/// then undated parts (each in chronological order).
pub fn compose(
    calendar: &Calendar,
    dated: &[Point],
    relative: &[RelativePart],
    ordinal: &[Vec<SceneId>],
    (x0, x1): (f64, f64),
    rows: TextRows,
    era_name: &dyn Fn(EraId) -> String,
) -> Composed {
    let relative: Vec<&RelativePart> = relative.iter().filter(|r| !r.points.is_empty()).collect();
    if relative.is_empty() {
        let axis = axis::build_in(calendar, dated, ordinal, (x0, x1), rows, era_name);
        return Composed {
            dated: axis.clone(),
            axis,
            relative: Vec::new(),
        };
    }
    let mut frames: Vec<Frame> = Vec::new();
    if !dated.is_empty() {
        frames.push(Frame::Dated(dated));
    }
    frames.extend(relative.iter().map(|r| Frame::Relative(r)));
    if ordinal.iter().any(|o| !o.is_empty()) {
        frames.push(Frame::Ordinal(ordinal));
    }
    let avail = (x1 - x0 - BREAK_WIDTH * (frames.len() - 1) as f64).max(1.0);
    let total: f64 = frames.iter().map(Frame::weight).sum();
    let mut out = Composed::default();
    let mut x = x0;
    for (i, frame) in frames.iter().enumerate() {
        let w = avail * frame.weight() / total;
        let range = (x, x + w);
        let part = match frame {
            Frame::Dated(p) => {
                let a = axis::build_in(calendar, p, &[], range, rows, era_name);
                out.dated = a.clone();
                a
            }
            Frame::Relative(r) => {
                let a = relative_axis(calendar, r, range, rows, era_name);
                out.relative.push(a.clone());
                a
            }
            Frame::Ordinal(o) => axis::build_in(calendar, &[], o, range, rows, era_name),
        };
        append(&mut out.axis, part);
        x += w;
        if i + 1 < frames.len() {
            // Between frames no time can be named: an unlabelled break.
            out.axis.breaks.push(Break {
                x0: x,
                x1: x + BREAK_WIDTH,
                gap: None,
                label: None,
            });
            x += BREAK_WIDTH;
        }
    }
    out
}

/// Add one frame's axis to the right of the whole.
fn append(whole: &mut Axis, part: Axis) {
    whole.segments.extend(part.segments);
    whole.breaks.extend(part.breaks);
    whole.ticks.extend(part.ticks);
    whole.captions.extend(part.captions);
}

/// One relative part's axis over `x0..x1`: cut and spaced as dated scenes
/// are, ticked and captioned by the time since its first scene.
fn relative_axis(
    calendar: &Calendar,
    part: &RelativePart,
    (x0, x1): (f64, f64),
    rows: TextRows,
    era_name: &dyn Fn(EraId) -> String,
) -> Axis {
    let origin = part.points.iter().map(|p| p.start).min().unwrap_or(0);
    let lengths = Lengths::of(calendar);
    let mut axis = axis::build_in(calendar, &part.points, &[], (x0, x1), rows, era_name);
    let mut ticks = Vec::new();
    let mut captions = Vec::new();
    for seg in &axis.segments {
        let SegmentKind::Time { from, to } = seg.kind else {
            continue;
        };
        // The scenes this segment holds, for its caption's bounds.
        let inside = part
            .points
            .iter()
            .filter(|p| p.start >= from && p.start <= to);
        let lo = inside.clone().map(|p| p.start).min().unwrap_or(from);
        let hi = inside.map(|p| p.end).max().unwrap_or(to);
        let unit = Unit::for_length(hi - lo, &lengths);
        // Days and years count from the part's first scene; hours and
        // minutes from the segment's own first scene (a night ten years
        // in reads `+0 h … +6 h`, under a caption naming its day).
        let zero = match unit {
            Unit::Days | Unit::Years => origin,
            Unit::Minutes | Unit::Hours => lo,
        };
        ticks.extend(segment_ticks(seg, zero, (unit, &lengths), rows.ticks));
        let caption_unit = match unit {
            Unit::Years => Unit::Years,
            _ => Unit::Days,
        };
        captions.extend(caption(
            seg,
            (lo - origin, hi - origin),
            (caption_unit, &lengths),
            rows.captions,
            era_name,
        ));
    }
    let break_boxes: Vec<Rect> = axis
        .breaks
        .iter()
        .filter_map(|b| b.label.as_ref().map(|l| l.bbox().widened(LABEL_GAP)))
        .collect();
    drop_crowded(&mut ticks, &axis.segments, &break_boxes);
    axis.ticks = ticks;
    axis.captions = captions;
    axis
}

/// Ticks every `step` units from the origin inside one segment, at the
/// finest step whose labels have room.
fn segment_ticks(
    seg: &axis::Segment,
    origin: Seconds,
    (unit, lengths): (Unit, &Lengths),
    y: f64,
) -> Vec<Tick> {
    let SegmentKind::Time { from, to } = seg.kind else {
        return Vec::new();
    };
    let px_per_s = (seg.x1 - seg.x0) / (to - from).max(1) as f64;
    let sample = unit.text(unit.tick_clock(10_000, lengths), lengths);
    let need = text_width(&sample, size::SMALL, Weight::Regular) + 2.0 * LABEL_GAP;
    let step = unit
        .steps()
        .iter()
        .copied()
        .find(|&k| (k * unit.seconds(lengths)) as f64 * px_per_s >= need)
        .unwrap_or(*unit.steps().last().unwrap_or(&1));
    let mut out = Vec::new();
    // Ticks at 1, step, 2·step … (day 1, day 100, day 200) for counted
    // units; 0, step, 2·step … for clock units.
    let first_k = match unit {
        Unit::Days | Unit::Years => 1,
        Unit::Minutes | Unit::Hours => 0,
    };
    let lo_k = ((from - origin).div_euclid(unit.seconds(lengths)) / step) * step;
    let mut k = lo_k.max(first_k);
    if k != first_k && k % step != 0 {
        k += step - k % step;
    }
    // At most a few hundred candidates per segment: each is a label wider
    // than a pixel.
    let mut guard = 0;
    while guard < 2000 {
        guard += 1;
        let t = origin + unit.tick_clock(k, lengths);
        if t > to {
            break;
        }
        if t >= from {
            let x = seg.x_of(t);
            let label = Label::new(
                x,
                y,
                unit.text(t - origin, lengths),
                size::SMALL,
                "axis-label",
            )
            .anchored(Anchor::Middle);
            out.push(Tick {
                x,
                t,
                label: Some(label),
            });
        }
        k = if k == first_k && first_k == 1 && step > 1 {
            step
        } else {
            k + step
        };
    }
    out
}

/// Drop tick labels that collide with the previous one, a break label, or
/// leave their segment; the tick marks stay.
fn drop_crowded(ticks: &mut [Tick], segments: &[axis::Segment], breaks: &[Rect]) {
    let mut last: Option<Rect> = None;
    for tick in ticks {
        let Some(l) = &tick.label else { continue };
        let bb = l.bbox();
        let inside = segments.iter().any(|s| {
            bb.x0 >= s.x0 - 12.0 && bb.x1 <= s.x1 + 12.0 && tick.x >= s.x0 && tick.x <= s.x1
        });
        if !inside
            || breaks.iter().any(|b| b.overlaps(bb))
            || last.is_some_and(|p| p.widened(LABEL_GAP).overlaps(bb))
        {
            tick.label = None;
        } else {
            last = Some(bb);
        }
    }
}

/// `era · day 1 – day 34` under a segment, from its first scene's start to
/// its last scene's end (not the padded edges); left out when it does not
/// fit whole.
fn caption(
    seg: &axis::Segment,
    (lo, hi): (Seconds, Seconds),
    (unit, lengths): (Unit, &Lengths),
    y: f64,
    era_name: &dyn Fn(EraId) -> String,
) -> Option<Label> {
    let (a, b) = (unit.text(lo, lengths), unit.text(hi, lengths));
    let range = if a == b { a } else { format!("{a} – {b}") };
    let text = match seg.era {
        Some(e) => format!("{} · {range}", era_name(e)),
        None => range,
    };
    let max = seg.x1 - seg.x0 - 4.0;
    let text = if text_width(&text, size::SMALL, Weight::Bold) <= max {
        text
    } else {
        // Without the era, then not at all: never cut.
        fit(&text, max, size::SMALL, Weight::Bold)
            .filter(|t| !t.ends_with('…'))
            .unwrap_or_default()
    };
    (!text.is_empty()).then(|| {
        Label::new((seg.x0 + seg.x1) / 2.0, y, text, size::SMALL, "lane-label")
            .anchored(Anchor::Middle)
            .bold()
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::{DAY, HOUR};

    const ROWS: TextRows = TextRows {
        ticks: 100.0,
        captions: 120.0,
        breaks: 100.0,
    };

    fn day(i: u32, n: i64) -> Point {
        // Drawn mid-day, as the placement rule draws `day1 + (n-1)d..nd`.
        Point {
            scene: SceneId(i),
            start: (n - 1) * DAY + DAY / 2,
            end: (n - 1) * DAY + DAY / 2 + HOUR,
            era: None,
        }
    }

    /// The Gregorian calendar's lengths, written out.
    fn gregorian() -> Lengths {
        Lengths {
            hour: HOUR,
            day: DAY,
            year: 365 * DAY + DAY / 4,
            common_year_days: 365,
        }
    }

    /// `n` points `every` seconds apart from `first`, each `length` long.
    fn evenly(n: u32, first: Seconds, every: Seconds, length: Seconds) -> Vec<Point> {
        (0..n)
            .map(|i| {
                let start = first + i64::from(i) * every;
                Point {
                    scene: SceneId(i),
                    start,
                    end: start + length,
                    era: None,
                }
            })
            .collect()
    }

    #[test]
    fn day_ticks_match_day_cards() {
        let days = [1, 4, 8, 28, 31, 34, 290, 290, 402, 488, 500];
        let points: Vec<Point> = days
            .iter()
            .enumerate()
            .map(|(i, &n)| day(i as u32, n))
            .collect();
        let part = RelativePart { points };
        let c = compose(
            &Calendar::gregorian(),
            &[],
            std::slice::from_ref(&part),
            &[],
            (0.0, 1000.0),
            ROWS,
            &|_| String::new(),
        );
        let axis = &c.relative[0];
        // Every scene lies between the tick of its day and the next day.
        for p in &part.points {
            let x = axis.x(p.start);
            let n = (p.start - part.points[0].start) / DAY + 1;
            let _ = n;
            let labelled: Vec<(f64, &str)> = axis
                .ticks
                .iter()
                .filter_map(|t| t.label.as_ref().map(|l| (t.x, l.text.as_str())))
                .collect();
            // The nearest labelled tick at or before the scene names a day
            // no later than the scene's own.
            if let Some((_, text)) = labelled.iter().rev().find(|(tx, _)| *tx <= x) {
                let shown: i64 = text.trim_start_matches("day ").parse().expect("day N");
                let card = p.start / DAY + 1;
                assert!(shown <= card, "{text} after day {card}");
            }
        }
        let texts: Vec<&str> = axis
            .ticks
            .iter()
            .filter_map(|t| t.label.as_ref().map(|l| l.text.as_str()))
            .collect();
        assert!(texts.contains(&"day 1"), "{texts:?}");
        assert!(texts.iter().all(|t| t.starts_with("day ")), "{texts:?}");
        // Ticks step forward through the part, each at its own time.
        let times: Vec<Seconds> = axis.ticks.iter().map(|t| t.t).collect();
        assert!(times.len() >= 3, "{times:?}");
        assert!(times.windows(2).all(|w| w[0] < w[1]), "{times:?}");
        // The long empty stretch is a break, as on a dated axis.
        assert!(!axis.breaks.is_empty());
        let captions: Vec<&str> = c.axis.captions.iter().map(|l| l.text.as_str()).collect();
        assert!(captions.contains(&"day 1 – day 34"), "{captions:?}");
    }

    #[test]
    fn a_night_counts_hours_and_tick_times_are_exact() {
        let points = evenly(6, 1000, 90 * MINUTE, 30 * MINUTE);
        let c = compose(
            &Calendar::gregorian(),
            &[],
            &[RelativePart { points }],
            &[vec![SceneId(9)]],
            (0.0, 800.0),
            ROWS,
            &|_| String::new(),
        );
        let texts: Vec<&str> = c
            .axis
            .ticks
            .iter()
            .filter_map(|t| t.label.as_ref().map(|l| l.text.as_str()))
            .collect();
        assert!(texts.contains(&"+0 h"), "{texts:?}");
        for t in &c.axis.ticks {
            if let Some(l) = &t.label {
                let h: i64 = l
                    .text
                    .trim_matches(|c| c == '+' || c == 'h' || c == ' ')
                    .parse()
                    .expect("+N h");
                assert_eq!(t.t - 1000, h * HOUR);
            }
        }
        // The unknown part keeps its ordinal segment, after a break.
        assert!(matches!(
            c.axis.segments.last().map(|s| &s.kind),
            Some(SegmentKind::Ordinal { .. })
        ));
        assert_eq!(c.axis.breaks.len(), c.axis.segments.len() - 1);
    }

    #[test]
    fn units_follow_the_length() {
        let g = gregorian();
        assert_eq!(g, Lengths::of(&Calendar::gregorian()));
        assert_eq!(Unit::for_length(3 * HOUR, &g), Unit::Minutes);
        assert_eq!(Unit::for_length(3 * HOUR + 1, &g), Unit::Hours);
        assert_eq!(Unit::for_length(3 * DAY, &g), Unit::Hours);
        assert_eq!(Unit::for_length(3 * DAY + 1, &g), Unit::Days);
        assert_eq!(Unit::for_length(3 * 365 * DAY, &g), Unit::Days);
        assert_eq!(Unit::for_length(3 * 365 * DAY + 1, &g), Unit::Years);
        assert_eq!(Unit::Days.text(0, &g), "day 1");
        assert_eq!(Unit::Days.text(DAY - 1, &g), "day 1");
        assert_eq!(Unit::Days.text(DAY, &g), "day 2");
        assert_eq!(Unit::Years.text(365 * DAY + DAY / 4, &g), "year 2");
        assert_eq!(Unit::Years.text(365 * DAY, &g), "year 1");
    }

    #[test]
    fn decades_are_captioned_in_years() {
        // A scene a year for forty years, evenly: one segment, counted and
        // captioned in years.
        let points = evenly(41, DAY / 2, 365 * DAY + DAY / 4, HOUR);
        let c = compose(
            &Calendar::gregorian(),
            &[],
            &[RelativePart { points }],
            &[],
            (0.0, 1000.0),
            ROWS,
            &|_| String::new(),
        );
        let captions: Vec<&str> = c.axis.captions.iter().map(|l| l.text.as_str()).collect();
        assert!(captions.contains(&"year 1 – year 41"), "{captions:?}");
        let ticks: Vec<&str> = c.relative[0]
            .ticks
            .iter()
            .filter_map(|t| t.label.as_ref().map(|l| l.text.as_str()))
            .collect();
        assert!(ticks.contains(&"year 1"), "{ticks:?}");
    }

    #[test]
    fn lengths_are_read_from_the_calendar() {
        let text = "calendar: dune\n\ncalendar dune:\n  month Thaw: 30\n  month Seed: 35\n  day: 31h\n\nscene a: A\n  story: 0001-01-01\n";
        let (tree, d) = crate::syntax::parse(crate::span::FileId(0), text);
        assert!(d.is_empty(), "{d:#?}");
        let (story, d) = crate::model::resolve(&[&tree], "t");
        assert!(d.is_empty(), "{d:#?}");
        let day = 31 * HOUR;
        assert_eq!(
            Lengths::of(&story.calendar),
            Lengths {
                hour: HOUR,
                day,
                year: 65 * day,
                common_year_days: 65,
            }
        );
        // The built-in calendars keep the Julian year of 365¼ days.
        assert_eq!(Lengths::of(&Calendar::julian()), gregorian());
    }

    #[test]
    fn units_are_the_calendars_own() {
        // Days of 20 hours of 50 minutes, years of 10 days.
        let short = Lengths {
            hour: 50 * MINUTE,
            day: 20 * 50 * MINUTE,
            year: 10 * 20 * 50 * MINUTE,
            common_year_days: 10,
        };
        let day = short.day;
        assert_eq!(Unit::Days.text(day - 1, &short), "day 1");
        assert_eq!(Unit::Days.text(day, &short), "day 2");
        assert_eq!(Unit::Hours.text(50 * MINUTE, &short), "+1 h");
        assert_eq!(Unit::Hours.text(50 * MINUTE - 1, &short), "+0 h");
        assert_eq!(Unit::Years.text(10 * day, &short), "year 2");
        // Three of the calendar's days (not 72 hours) still count in hours.
        assert_eq!(Unit::for_length(3 * day, &short), Unit::Hours);
        assert_eq!(Unit::for_length(3 * day + 1, &short), Unit::Days);
        assert_eq!(Unit::for_length(30 * day + 1, &short), Unit::Years);
        assert_eq!(Unit::Days.tick_clock(3, &short), 2 * day);
        assert_eq!(Unit::Hours.tick_clock(3, &short), 150 * MINUTE);
    }
}
