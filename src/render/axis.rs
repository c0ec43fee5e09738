//! The story-time axis of the lanes view.
//!
//! A linear axis fails real stories: in *Don't Leave* two weeks of present
//! would get 1% of six years of past. So the axis is cut into **segments**:
//! the placed, dated scenes are sorted by scheduled start and cut wherever
//! the era changes across an empty stretch, and wherever an empty stretch
//! is longer than a fifth of the whole span (at most [`MAX_BREAKS`] cuts,
//! the longest gaps first). Each segment is linear inside and gets width by
//! its scene count; segments are joined by **breaks** labelled with the gap
//! they hide (`≈ 5 years`). Parts of the story with no absolute date get
//! **ordinal** segments instead: their scenes in chronological order,
//! evenly spaced. Ticks are calendar-aligned (years, months, days, hours,
//! minutes), the finest step whose labels fit; labels that would still
//! collide are dropped, checked with the embedded font metrics.

use crate::model::{EraId, SceneId};
use crate::time::{Calendar, Civil, Precision, Seconds, HOUR, MINUTE};

use super::metrics::Weight;
use super::{size, Anchor, Label, Rect};

/// Most breaks cut into the dated part of the axis.
pub const MAX_BREAKS: usize = 8;
/// Width of one break, pixels.
pub const BREAK_WIDTH: f64 = 30.0;
/// Narrowest segment, pixels (when there is room).
pub const MIN_SEGMENT: f64 = 64.0;
/// Space kept between two tick labels, pixels.
pub const LABEL_GAP: f64 = 8.0;

/// A dated scene to place: its scheduled start and end.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Point {
    /// The scene.
    pub scene: SceneId,
    /// Scheduled start.
    pub start: Seconds,
    /// Scheduled end.
    pub end: Seconds,
    /// Its era.
    pub era: Option<EraId>,
}

/// What a segment measures.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SegmentKind {
    /// Story-time `from..=to` (padded around the scenes), linear.
    Time {
        /// Time at the left edge.
        from: Seconds,
        /// Time at the right edge.
        to: Seconds,
    },
    /// Scenes with no date, in chronological order, evenly spaced.
    Ordinal {
        /// The scenes.
        scenes: Vec<SceneId>,
    },
}

/// One linear piece of the axis.
#[derive(Clone, Debug, PartialEq)]
pub struct Segment {
    /// Left edge, pixels.
    pub x0: f64,
    /// Right edge, pixels.
    pub x1: f64,
    /// What it measures.
    pub kind: SegmentKind,
    /// How many scenes it holds.
    pub count: usize,
    /// The era of its first scene.
    pub era: Option<EraId>,
}

/// A cut between two segments.
#[derive(Clone, Debug, PartialEq)]
pub struct Break {
    /// Left edge (the previous segment's right edge).
    pub x0: f64,
    /// Right edge.
    pub x1: f64,
    /// The story-time it hides, if the neighbours are dated.
    pub gap: Option<Seconds>,
    /// `≈ 5 years`, when it fits.
    pub label: Option<Label>,
}

/// One tick of a dated segment.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Position.
    pub x: f64,
    /// Story-time.
    pub t: Seconds,
    /// Its label, unless dropped for lack of room.
    pub label: Option<Label>,
}

/// The whole axis.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Axis {
    /// Segments, left to right.
    pub segments: Vec<Segment>,
    /// Breaks, left to right (one fewer than segments).
    pub breaks: Vec<Break>,
    /// Ticks, left to right.
    pub ticks: Vec<Tick>,
    /// One caption per segment (era and date context), where it fits.
    pub captions: Vec<Label>,
}

/// Calendar tick steps, finest first.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Step {
    Minutes(u32),
    Hours(u32),
    Days(u32),
    Months(u32),
    Years(i64),
}

/// Most ticks one segment gets, whatever the step (a guard, not a layout
/// rule: the chosen step leaves room for each label).
const MAX_TICKS: usize = 2000;

impl Step {
    /// The steps of `calendar`, finest first: nothing assumes 24 hours, 7
    /// days or 12 months, and years go on by 1-2-5 up to ten billion, so
    /// deep time gets year-only ticks.
    fn all(calendar: &Calendar) -> Vec<Step> {
        let mut out: Vec<Step> = [5, 15, 30]
            .into_iter()
            .filter(|&m| m < calendar.minutes_per_hour())
            .map(Step::Minutes)
            .collect();
        let hours = calendar.hours_per_day();
        out.extend(
            [1, 3, 6, 12]
                .into_iter()
                .filter(|&h| h < hours)
                .map(Step::Hours),
        );
        let week = calendar.week_days() as u32;
        out.push(Step::Days(1));
        if week > 2 {
            out.push(Step::Days(2));
        }
        out.push(Step::Days(week.max(3)));
        let months = calendar.months_per_year() as u32;
        out.extend(
            [1, 3, 6]
                .into_iter()
                .filter(|&m| m < months)
                .map(Step::Months),
        );
        let mut n: i64 = 1;
        while n <= 10_000_000_000 {
            out.extend([n, 2 * n, 5 * n].map(Step::Years));
            n *= 10;
        }
        out
    }

    /// Typical length in seconds (for choosing a step).
    fn seconds(self, calendar: &Calendar) -> f64 {
        let day = calendar.day_seconds() as f64;
        let year = calendar.mean_year_days() * day;
        match self {
            Step::Minutes(n) => f64::from(n) * MINUTE as f64,
            Step::Hours(n) => f64::from(n) * calendar.hour_seconds() as f64,
            Step::Days(n) => f64::from(n) * day,
            Step::Months(n) => f64::from(n) * year / calendar.months_per_year() as f64,
            Step::Years(n) => n as f64 * year,
        }
    }

    /// The widest label this step prints over `from..=to`.
    fn sample(self, calendar: &Calendar, from: Seconds, to: Seconds) -> String {
        match self {
            Step::Minutes(_) | Step::Hours(_) | Step::Days(_) if !calendar.is_custom() => {
                "May 30".to_string()
            }
            Step::Minutes(_) | Step::Hours(_) | Step::Days(_) => {
                let longest = calendar
                    .periods()
                    .iter()
                    .map(|p| p.name.as_str())
                    .max_by(|a, b| text_width(a).total_cmp(&text_width(b)))
                    .unwrap_or_default();
                format!("{longest} 30")
            }
            Step::Months(_) | Step::Years(_) => {
                let (a, b) = (year_text(calendar, from), year_text(calendar, to));
                let m = calendar
                    .periods()
                    .iter()
                    .map(|p| short_month(calendar, &p.name))
                    .max_by(|a, b| text_width(a).total_cmp(&text_width(b)))
                    .unwrap_or_default();
                let mut widest = if text_width(&a) >= text_width(&b) {
                    a
                } else {
                    b
                };
                if matches!(self, Step::Months(_)) && text_width(&m) > text_width(&widest) {
                    widest = m;
                }
                widest
            }
        }
    }

    /// Every tick time in `from..=to`.
    fn ticks(self, calendar: &Calendar, from: Seconds, to: Seconds) -> Vec<Seconds> {
        let mut out = Vec::new();
        let mut push = |t: Seconds| {
            if t >= from && t <= to {
                out.push(t);
            }
            out.len() < MAX_TICKS
        };
        let ds = calendar.day_seconds();
        let (first_day, last_day) = (from.div_euclid(ds), to.div_euclid(ds));
        match self {
            Step::Minutes(_) | Step::Hours(_) => {
                // Each day from its midnight, so a 31-hour day ends on its
                // own last step and the next day starts at 00:00 again.
                let step = (self.seconds(calendar) as Seconds).max(1);
                'days: for day in first_day..=last_day {
                    let start = calendar.day_start(day);
                    let mut t = start;
                    while t < start + ds {
                        if !push(t) {
                            break 'days;
                        }
                        t += step;
                    }
                }
            }
            Step::Days(n) => {
                // Day 1, 1+n, 1+2n … of each month, so ticks restart on
                // every month's first day.
                for day in first_day..=last_day {
                    let t = calendar.day_start(day);
                    let c = calendar.split(t);
                    let days = calendar.period_days(c.year, usize::from(c.period) - 1);
                    let d = u32::from(c.day);
                    if (d - 1) % n == 0 && (n == 1 || d + n / 2 <= days) && !push(t) {
                        break;
                    }
                }
            }
            Step::Months(n) => {
                let c = calendar.split(from);
                let (mut year, mut period) = (c.year, c.period);
                let count = calendar.periods().len() as u8;
                let months: Vec<u8> = (1..=count)
                    .filter(|&p| !calendar.periods()[usize::from(p) - 1].intercalary)
                    .collect();
                while let Some(t) = calendar.period_start_seconds(year, period) {
                    if t > to {
                        break;
                    }
                    let index = months.iter().position(|&m| m == period);
                    if index.is_some_and(|k| k as u32 % n == 0) && !push(t) {
                        break;
                    }
                    if period >= count {
                        period = 1;
                        year += 1;
                    } else {
                        period += 1;
                    }
                }
            }
            Step::Years(n) => {
                let mut year = calendar.split(from).year.div_euclid(n) * n;
                while let Some(t) = calendar.year_start_seconds(year) {
                    if t > to || !push(t) {
                        break;
                    }
                    year += n;
                }
            }
        }
        out
    }

    /// The label of a tick at `t`.
    fn label(self, calendar: &Calendar, t: Seconds) -> String {
        let c = calendar.split(t);
        let month = |c: &Civil| {
            let p = &calendar.periods()[usize::from(c.period) - 1];
            short_month(calendar, p.label())
        };
        let day = |c: &Civil| {
            let p = &calendar.periods()[usize::from(c.period) - 1];
            if p.intercalary && p.length <= 1 {
                p.label().to_string()
            } else {
                format!("{} {}", month(c), c.day)
            }
        };
        match self {
            Step::Years(_) => year_text(calendar, t),
            Step::Months(_) if c.period == first_month(calendar) => year_text(calendar, t),
            Step::Months(_) => month(&c),
            Step::Days(_) => day(&c),
            Step::Minutes(_) | Step::Hours(_) if c.hour == 0 && c.minute == 0 => day(&c),
            Step::Minutes(_) | Step::Hours(_) => format!("{:02}:{:02}", c.hour, c.minute),
        }
    }
}

/// Width of an axis label, pixels.
fn text_width(text: &str) -> f64 {
    super::metrics::text_width(text, size::SMALL, Weight::Regular)
}

/// The first month's 1-based period (after any intercalary days that open
/// the year).
fn first_month(calendar: &Calendar) -> u8 {
    calendar
        .periods()
        .iter()
        .position(|p| !p.intercalary)
        .map_or(1, |i| i as u8 + 1)
}

/// A month's name on the axis: Gregorian and Julian months by their first
/// three letters (`May`, `Oct`), a custom calendar's in full.
fn short_month(calendar: &Calendar, name: &str) -> String {
    if calendar.is_custom() {
        name.to_string()
    } else {
        name.chars().take(3).collect()
    }
}

/// The year of `t` as a tick label: `2014`, `44 BC`, `1372 DR`.
fn year_text(calendar: &Calendar, t: Seconds) -> String {
    let c = calendar.split(t);
    calendar.year_label(c.year, c.period, c.day)
}

/// `≈ 5 years` on the Gregorian calendar ([`gap_text_in`]).
pub fn gap_text(gap: Seconds) -> String {
    gap_text_in(&Calendar::gregorian(), gap)
}

/// `≈ 5 years`, `≈ 9 months`, `≈ 3 days`, `≈ 4 hours`, `≈ 20 minutes`,
/// `≈ 10,000 years`, in `calendar`'s mean year, its months, week, day and
/// hour.
pub fn gap_text_in(calendar: &Calendar, gap: Seconds) -> String {
    let g = gap as f64;
    let day = calendar.day_seconds() as f64;
    let year = calendar.mean_year_days() * day;
    let month = year / calendar.months_per_year() as f64;
    let week = calendar.week_days() as f64 * day;
    let hour = calendar.hour_seconds() as f64;
    let (n, unit) = if g >= year * 0.95 {
        (g / year, "year")
    } else if g >= month * 0.95 && month > week {
        (g / month, "month")
    } else if g >= week && week > day {
        (g / week, "week")
    } else if g >= day * 0.95 {
        (g / day, "day")
    } else if g >= hour * 0.95 {
        (g / hour, "hour")
    } else {
        (g / MINUTE as f64, "minute")
    };
    let n = round_for_reading(n);
    let count = usize::try_from(n).unwrap_or(usize::MAX);
    let unit = if count == 1 {
        unit.to_string()
    } else {
        format!("{unit}s")
    };
    format!("≈ {} {unit}", thousands(n))
}

/// Round a count to two significant digits past 100 (`≈ 4,500 years`, not
/// `≈ 4,517 years`: the gap is approximate anyway), at least 1.
fn round_for_reading(n: f64) -> u64 {
    let n = n.round().max(1.0);
    if n < 100.0 {
        return n as u64;
    }
    let scale = 10f64.powf((n.log10().floor() - 1.0).max(0.0));
    ((n / scale).round() * scale) as u64
}

/// `12345678` as `12,345,678`.
fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// Where the axis draws its text.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TextRows {
    /// Baseline of tick labels.
    pub ticks: f64,
    /// Baseline of segment captions.
    pub captions: f64,
    /// Baseline of break labels.
    pub breaks: f64,
}

/// A candidate cut of the dated axis: an empty stretch between everything
/// before `at` (in start order) and the scene at `at`.
struct Cut {
    at: usize,
    gap: Seconds,
    era_change: bool,
}

/// Where to cut the dated axis, in order: empty stretches longer than a
/// fifth of the whole, or of an hour or more where the era changes; the
/// [`MAX_BREAKS`] longest are kept, era changes first among equals.
fn cuts(sorted: &[Point]) -> Vec<Cut> {
    let mut cuts: Vec<Cut> = Vec::new();
    if let Some(first) = sorted.first() {
        let total = sorted.iter().map(|p| p.end).max().unwrap_or(first.end) - first.start;
        let mut max_end = first.end;
        for i in 1..sorted.len() {
            let p = sorted[i];
            let gap = p.start - max_end;
            let era_change = p.era != sorted[i - 1].era;
            if gap > 0 && ((era_change && gap >= HOUR) || gap * 5 > total) {
                cuts.push(Cut {
                    at: i,
                    gap,
                    era_change,
                });
            }
            max_end = max_end.max(p.end);
        }
    }
    cuts.sort_by(|a, b| {
        b.gap
            .cmp(&a.gap)
            .then(b.era_change.cmp(&a.era_change))
            .then(a.at.cmp(&b.at))
    });
    cuts.truncate(MAX_BREAKS);
    cuts.sort_by_key(|c| c.at);
    cuts
}

/// What one segment of the axis shows.
enum Group<'a> {
    /// Dated points, in start order.
    Time(&'a [Point]),
    /// A floating part's scenes, in story order.
    Ordinal(&'a [SceneId]),
}

impl Group<'_> {
    fn len(&self) -> usize {
        match self {
            Group::Time(p) => p.len(),
            Group::Ordinal(s) => s.len(),
        }
    }

    /// First start and last end of its scenes, when dated.
    fn covered(&self) -> Option<(Seconds, Seconds)> {
        match self {
            Group::Time(p) => Some((
                p.iter().map(|p| p.start).min()?,
                p.iter().map(|p| p.end).max()?,
            )),
            Group::Ordinal(_) => None,
        }
    }

    /// The segment's kind, and its era (that of its first point).
    fn kind(&self) -> (SegmentKind, Option<EraId>) {
        match self {
            Group::Time(p) => {
                let lo = p.iter().map(|p| p.start).min().unwrap_or(0);
                let hi = p.iter().map(|p| p.end).max().unwrap_or(lo);
                // Room at both ends, so the first and last scene are not
                // drawn against the segment's edge: 5 % of the span, but at
                // least a quarter of it up to ten minutes (a scene of five
                // minutes is not lost in half an hour of padding), and ten
                // minutes around a single instant.
                let span = hi.saturating_sub(lo);
                let pad = if span == 0 {
                    10 * MINUTE
                } else {
                    (span / 20).max((span / 4).min(10 * MINUTE))
                };
                let kind = SegmentKind::Time {
                    from: lo - pad,
                    to: hi + pad,
                };
                (kind, p.first().and_then(|p| p.era))
            }
            Group::Ordinal(s) => (SegmentKind::Ordinal { scenes: s.to_vec() }, None),
        }
    }
}

/// The dated points cut into groups at `cuts`, then the floating parts;
/// beside them the gap each break between two groups stands for (`None`
/// before a floating part, which has no place in time).
fn groups<'a>(
    sorted: &'a [Point],
    cuts: &[Cut],
    ordinal: &'a [Vec<SceneId>],
) -> (Vec<Group<'a>>, Vec<Option<Seconds>>) {
    let mut groups: Vec<Group> = Vec::new();
    let mut gaps: Vec<Option<Seconds>> = Vec::new();
    let mut from = 0;
    for c in cuts {
        groups.push(Group::Time(&sorted[from..c.at]));
        gaps.push(Some(c.gap));
        from = c.at;
    }
    if from < sorted.len() {
        groups.push(Group::Time(&sorted[from..]));
    }
    for o in ordinal.iter().filter(|o| !o.is_empty()) {
        if !groups.is_empty() {
            gaps.push(None);
        }
        groups.push(Group::Ordinal(o));
    }
    (groups, gaps)
}

/// Build the axis on the Gregorian calendar ([`build_in`]).
pub fn build(
    points: &[Point],
    ordinal: &[Vec<SceneId>],
    x0: f64,
    x1: f64,
    rows: TextRows,
    era_name: &dyn Fn(EraId) -> String,
) -> Axis {
    build_in(
        &Calendar::gregorian(),
        points,
        ordinal,
        (x0, x1),
        rows,
        era_name,
    )
}

/// Build the axis over `x0..x1` for dated points (any order) and undated
/// groups (each already in chronological order), ticks and labels in
/// `calendar`. `era_name` names eras for captions.
pub fn build_in(
    calendar: &Calendar,
    points: &[Point],
    ordinal: &[Vec<SceneId>],
    (x0, x1): (f64, f64),
    rows: TextRows,
    era_name: &dyn Fn(EraId) -> String,
) -> Axis {
    let mut sorted: Vec<Point> = points.to_vec();
    sorted.sort_by_key(|p| (p.start, p.end, p.scene));
    let cuts = cuts(&sorted);
    let (groups, gaps) = groups(&sorted, &cuts, ordinal);
    if groups.is_empty() {
        return Axis::default();
    }

    // Widths by scene count (+2 so a lone scene still gets room).
    let avail = (x1 - x0 - BREAK_WIDTH * (groups.len() - 1) as f64).max(1.0);
    let weights: Vec<f64> = groups.iter().map(|g| (g.len() + 2) as f64).collect();
    let widths = fair_widths(&weights, avail, MIN_SEGMENT);

    let mut axis = Axis::default();
    let mut x = x0;
    for (i, g) in groups.iter().enumerate() {
        let (kind, era) = g.kind();
        axis.segments.push(Segment {
            x0: x,
            x1: x + widths[i],
            kind,
            count: g.len(),
            era,
        });
        x += widths[i];
        if i + 1 < groups.len() {
            axis.breaks
                .push(axis_break(calendar, x, gaps[i], rows.breaks));
            x += BREAK_WIDTH;
        }
    }
    let covered: Vec<Option<(Seconds, Seconds)>> = groups.iter().map(Group::covered).collect();
    unpad_overlaps(&mut axis.segments, &covered);
    axis.ticks = ticks(calendar, &axis.segments, rows.ticks);
    // Captions name the dates the scenes cover, not the padded edges (a
    // story whose first scene is in 1901 says 1901).
    axis.captions = captions(calendar, &axis.segments, &covered, rows.captions, era_name);
    drop_crowded_break_labels(&mut axis);
    axis
}

/// Padding must not carry a segment past the gap that cut it (a short gap
/// under ten minutes of padding each side would make two segments claim
/// the same times, and [`Axis::x`] draw scenes in the wrong one): where
/// two padded segments overlap, they meet in the middle of the gap.
fn unpad_overlaps(segments: &mut [Segment], covered: &[Option<(Seconds, Seconds)>]) {
    for i in 1..segments.len() {
        let (Some((_, prev_hi)), Some((lo, _))) = (covered[i - 1], covered[i]) else {
            continue;
        };
        let (left, right) = segments.split_at_mut(i);
        if let (SegmentKind::Time { to, .. }, SegmentKind::Time { from, .. }) =
            (&mut left[i - 1].kind, &mut right[0].kind)
        {
            if *from <= *to && lo > prev_hi {
                let mid = prev_hi + (lo - prev_hi) / 2;
                *to = mid;
                *from = (mid + 1).min(lo);
            }
        }
    }
}

/// A break from `x` on, labelled on the baseline `y` with the gap it
/// stands for, if it stands for one.
fn axis_break(calendar: &Calendar, x: f64, gap: Option<Seconds>, y: f64) -> Break {
    let label = gap.map(|g| gap_text_in(calendar, g)).map(|t| {
        Label::new(x + BREAK_WIDTH / 2.0, y, t, size::SMALL, "break-label").anchored(Anchor::Middle)
    });
    Break {
        x0: x,
        x1: x + BREAK_WIDTH,
        gap,
        label,
    }
}

/// Break labels sit on their own row: drop those that would collide (they
/// are wider than the break itself). Then drop tick labels under the
/// remaining ones: the gap a break names is what the axis would otherwise
/// hide, so it outranks a tick.
fn drop_crowded_break_labels(axis: &mut Axis) {
    let mut last: Option<Rect> = None;
    for b in &mut axis.breaks {
        if let Some(l) = &b.label {
            let bb = l.bbox();
            if last.is_some_and(|p| p.widened(LABEL_GAP).overlaps(bb)) {
                b.label = None;
            } else {
                last = Some(bb);
            }
        }
    }
    let break_boxes: Vec<_> = axis
        .breaks
        .iter()
        .filter_map(|b| b.label.as_ref().map(|l| l.bbox().widened(LABEL_GAP)))
        .collect();
    for t in &mut axis.ticks {
        if t.label
            .as_ref()
            .is_some_and(|l| break_boxes.iter().any(|&b| b.overlaps(l.bbox())))
        {
            t.label = None;
        }
    }
}

/// Split `total` by `weights`, giving each at least `min` where possible.
fn fair_widths(weights: &[f64], total: f64, min: f64) -> Vec<f64> {
    let n = weights.len();
    if min * n as f64 >= total {
        return vec![total / n as f64; n];
    }
    let mut fixed = vec![false; n];
    loop {
        let free: f64 = total - min * fixed.iter().filter(|&&f| f).count() as f64;
        let wsum: f64 = (0..n).filter(|&i| !fixed[i]).map(|i| weights[i]).sum();
        let widths: Vec<f64> = (0..n)
            .map(|i| {
                if fixed[i] {
                    min
                } else {
                    free * weights[i] / wsum
                }
            })
            .collect();
        let mut changed = false;
        for i in 0..n {
            if !fixed[i] && widths[i] < min {
                fixed[i] = true;
                changed = true;
            }
        }
        if !changed {
            return widths;
        }
    }
}

impl Segment {
    /// Position of a time inside a dated segment (clamped to its edges).
    pub fn x_of(&self, t: Seconds) -> f64 {
        match self.kind {
            SegmentKind::Time { from, to } => {
                let f = (t - from) as f64 / (to - from).max(1) as f64;
                self.x0 + f.clamp(0.0, 1.0) * (self.x1 - self.x0)
            }
            SegmentKind::Ordinal { .. } => self.x0,
        }
    }
}

impl Axis {
    /// Position of a story-time on the dated part of the axis: linear inside
    /// a segment, linear across a break, clamped at both ends.
    pub fn x(&self, t: Seconds) -> f64 {
        // Dated segments come first, in time order (see `build`), so a
        // binary search finds the one at or before `t` without allocating.
        let dated = &self.segments[..self
            .segments
            .partition_point(|s| matches!(s.kind, SegmentKind::Time { .. }))];
        let k = dated
            .partition_point(|s| matches!(s.kind, SegmentKind::Time { from, .. } if from <= t));
        let Some(seg) = k.checked_sub(1).map(|i| &dated[i]) else {
            return dated.first().map_or(0.0, |s| s.x0);
        };
        let SegmentKind::Time { to, .. } = seg.kind else {
            return seg.x0;
        };
        match dated.get(k) {
            Some(next) if t > to => {
                // In the break between this segment and the next.
                let SegmentKind::Time {
                    from: next_from, ..
                } = next.kind
                else {
                    return seg.x1;
                };
                let f = (t - to) as f64 / (next_from - to).max(1) as f64;
                seg.x1 + f.clamp(0.0, 1.0) * (next.x0 - seg.x1)
            }
            _ => seg.x_of(t),
        }
    }
}

fn ticks(calendar: &Calendar, segments: &[Segment], y: f64) -> Vec<Tick> {
    let steps = Step::all(calendar);
    let mut out: Vec<Tick> = Vec::new();
    for s in segments {
        let SegmentKind::Time { from, to } = s.kind else {
            continue;
        };
        let px_per_s = (s.x1 - s.x0) / (to - from).max(1) as f64;
        let Some(&step) = steps.iter().find(|st| {
            let sample = st.sample(calendar, from, to);
            let w = super::metrics::text_width(&sample, size::SMALL, Weight::Regular);
            st.seconds(calendar) * px_per_s >= w + 2.0 * LABEL_GAP
        }) else {
            continue;
        };
        for t in step.ticks(calendar, from, to) {
            let x = s.x_of(t);
            let text = step.label(calendar, t);
            let label = Label::new(x, y, text, size::SMALL, "axis-label").anchored(Anchor::Middle);
            out.push(Tick {
                x,
                t,
                label: Some(label),
            });
        }
    }
    // Drop labels that collide with the previous one or leave their
    // segment; keep the tick marks.
    let mut last: Option<Rect> = None;
    for tick in &mut out {
        let Some(l) = &tick.label else { continue };
        let bb = l.bbox();
        let inside = segments.iter().any(|s| {
            bb.x0 >= s.x0 - 12.0 && bb.x1 <= s.x1 + 12.0 && tick.x >= s.x0 && tick.x <= s.x1
        });
        if !inside || last.is_some_and(|p| p.widened(LABEL_GAP).overlaps(bb)) {
            tick.label = None;
        } else {
            last = Some(bb);
        }
    }
    out
}

fn captions(
    calendar: &Calendar,
    segments: &[Segment],
    covered: &[Option<(Seconds, Seconds)>],
    y: f64,
    era_name: &dyn Fn(EraId) -> String,
) -> Vec<Label> {
    let mut out = Vec::new();
    for (s, covered) in segments.iter().zip(covered) {
        let context = match (&s.kind, covered) {
            (SegmentKind::Time { .. }, &Some((from, to))) => {
                let (a, b) = (calendar.split(from), calendar.split(to));
                if a.day_number == b.day_number {
                    day_caption(calendar, &a)
                } else if a.year == b.year {
                    year_text(calendar, from)
                } else {
                    format!("{}–{}", year_text(calendar, from), year_text(calendar, to))
                }
            }
            (SegmentKind::Time { .. }, None) => String::new(),
            (SegmentKind::Ordinal { .. }, _) => "no dates · story order".to_string(),
        };
        // Whole or not at all (never cut): era and dates, else the dates,
        // else the era.
        let w = s.x1 - s.x0 - 4.0;
        let era = s.era.map(era_name);
        let choices = [
            era.as_ref().map(|e| format!("{e} · {context}")),
            (!context.is_empty()).then(|| context.clone()),
            era,
        ];
        let fits = |t: &String| super::metrics::text_width(t, size::SMALL, Weight::Bold) <= w;
        if let Some(t) = choices.into_iter().flatten().find(fits) {
            out.push(
                Label::new((s.x0 + s.x1) / 2.0, y, t, size::SMALL, "lane-label")
                    .anchored(Anchor::Middle)
                    .bold(),
            );
        }
    }
    out
}

/// `17 May 2014`, `15 Alturiak 1372 DR`, `Midwinter 1372 DR`: one day,
/// for a caption.
fn day_caption(calendar: &Calendar, c: &Civil) -> String {
    let t = calendar.day_start(c.day_number);
    if calendar.is_custom() || c.year < 1 {
        return calendar.text(t, Precision::Day);
    }
    let p = &calendar.periods()[usize::from(c.period) - 1];
    format!("{} {} {}", c.day, short_month(calendar, &p.name), c.year)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::DAY;
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> Seconds {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
            .and_utc()
            .timestamp()
    }

    const ROWS: TextRows = TextRows {
        ticks: 100.0,
        captions: 120.0,
        breaks: 80.0,
    };

    fn point(i: u32, t: Seconds, era: u32) -> Point {
        Point {
            scene: SceneId(i),
            start: t,
            end: t + HOUR,
            era: Some(EraId(era)),
        }
    }

    #[test]
    fn long_gaps_and_era_changes_become_breaks() {
        let pts = vec![
            point(0, at(2014, 5, 17, 18), 0),
            point(1, at(2014, 11, 1, 12), 0),
            point(2, at(2019, 12, 31, 22), 0),
            point(3, at(2020, 10, 3, 8), 1),
            point(4, at(2020, 10, 10, 8), 1),
        ];
        let axis = build(&pts, &[], 0.0, 1000.0, ROWS, &|e| format!("era{}", e.0));
        assert_eq!(axis.segments.len(), 3);
        assert_eq!(axis.breaks.len(), 2);
        assert_eq!(
            axis.breaks[0].label.as_ref().map(|l| l.text.as_str()),
            Some("≈ 5 years")
        );
        // The two weeks of the last era get real room.
        let last = &axis.segments[2];
        assert!(last.x1 - last.x0 > 200.0);
        // x is monotonic over the whole range.
        let mut prev = f64::MIN;
        for t in (at(2014, 1, 1, 0)..at(2021, 1, 1, 0)).step_by(7 * DAY as usize) {
            let x = axis.x(t);
            assert!(x >= prev, "{t}");
            prev = x;
        }
    }

    #[test]
    fn ticks_are_monotonic_and_labels_never_overlap() {
        for (a, b) in [
            (at(2014, 5, 17, 18), at(2020, 10, 17, 0)),
            (at(2020, 10, 3, 8), at(2020, 10, 17, 0)),
            (at(2020, 10, 3, 8), at(2020, 10, 3, 20)),
            (at(1900, 1, 1, 0), at(2020, 1, 1, 0)),
        ] {
            for width in [120.0, 400.0, 1200.0] {
                let pts = vec![point(0, a, 0), point(1, b, 0)];
                let axis = build(&pts, &[], 0.0, width, ROWS, &|_| String::new());
                let xs: Vec<f64> = axis.ticks.iter().map(|t| t.x).collect();
                assert!(xs.windows(2).all(|w| w[0] < w[1]), "{xs:?}");
                let ts: Vec<Seconds> = axis.ticks.iter().map(|t| t.t).collect();
                assert!(ts.windows(2).all(|w| w[0] < w[1]));
                let boxes: Vec<_> = axis
                    .ticks
                    .iter()
                    .filter_map(|t| t.label.as_ref())
                    .map(Label::bbox)
                    .collect();
                assert!(!boxes.is_empty(), "{width} {a} {b}");
                for w in boxes.windows(2) {
                    assert!(!w[0].overlaps(w[1]), "{w:?}");
                }
            }
        }
    }

    #[test]
    fn gap_texts_round_sensibly() {
        assert_eq!(gap_text(5 * 365 * DAY), "≈ 5 years");
        assert_eq!(gap_text(270 * DAY), "≈ 9 months");
        assert_eq!(gap_text(3 * DAY), "≈ 3 days");
        assert_eq!(gap_text(HOUR), "≈ 1 hour");
        assert_eq!(gap_text(14 * DAY), "≈ 2 weeks");
    }
}
