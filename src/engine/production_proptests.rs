//! Property tests of story-day labels and of `--infer` narrowing starts to
//! their time of day, on random stories written as scene text.

use proptest::prelude::*;

use crate::engine::{analyze, analyze_with, Options};
use crate::time::daypart::{day_of, DayPart, Hours, TimeOfDay};
use crate::workspace::Workspace;

const WORDS: [&str; 7] = [
    "dawn",
    "morning",
    "day",
    "afternoon",
    "evening",
    "dusk",
    "night",
];

/// A scene: a date and hour (or a relation to the scene before, by some
/// hours), and a time of day or none.
fn scenes() -> impl Strategy<Value = Vec<(bool, u32, u32, u32, Option<usize>)>> {
    prop::collection::vec(
        (
            any::<bool>(),
            1u32..6,
            0u32..24,
            1u32..30,
            prop::option::of(0usize..7),
        ),
        1..12,
    )
}

fn text(scenes: &[(bool, u32, u32, u32, Option<usize>)], hourless: bool) -> String {
    let mut out = String::from("title: T\n");
    for (i, &(relative, day, hour, gap, part)) in scenes.iter().enumerate() {
        out.push_str(&format!("scene s{i}: S\n"));
        if relative && i > 0 {
            out.push_str(&format!(
                "  story: after s{} by {gap}h..{}h\n",
                i - 1,
                gap + 3
            ));
        } else if hourless {
            out.push_str(&format!("  story: 2020-01-{day:02}\n"));
        } else {
            out.push_str(&format!("  story: 2020-01-{day:02} {hour:02}:00\n"));
        }
        if let Some(p) = part {
            out.push_str(&format!("  time: {}\n", WORDS[p]));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Without `present:` or pins, main days count up one at a time along
    /// the chronology, and two consecutive scenes share a day exactly when
    /// their scheduled starts fall on one calendar day.
    #[test]
    fn main_days_follow_the_calendar(scenes in scenes(), hourless in any::<bool>()) {
        let text = text(&scenes, hourless);
        let ws = Workspace::from_text("t.scenes", &text);
        let loaded = ws.resolve().remove(0);
        let chronology = analyze(&loaded.story, &ws.sources);
        let mut previous: Option<(u64, i64)> = None;
        for &s in &chronology.order {
            let p = &chronology.placements[s.index()];
            let label: u64 = p.day_label.as_deref().unwrap().parse().unwrap();
            let day = day_of(p.scheduled_start);
            match previous {
                None => prop_assert_eq!(label, 1),
                Some((l, d)) if d == day => prop_assert_eq!(label, l),
                Some((l, _)) => prop_assert_eq!(label, l + 1),
            }
            previous = Some((label, day));
        }
    }

    /// Narrowing never makes a consistent story contradictory, only ever
    /// narrows a start, and puts a narrowed start inside its time of day.
    #[test]
    fn narrowing_only_narrows(scenes in scenes()) {
        let text = text(&scenes, true);
        let ws = Workspace::from_text("t.scenes", &text);
        let loaded = ws.resolve().remove(0);
        let story = &loaded.story;
        let plain = analyze(story, &ws.sources);
        let options = Options { narrow_hours: true, ..Options::default() };
        let narrowed = analyze_with(story, &options);
        prop_assert_eq!(plain.contradictions.is_empty(), narrowed.contradictions.is_empty());
        if !plain.contradictions.is_empty() {
            prop_assert!(narrowed.narrowed.is_empty());
        }
        for (a, b) in plain.placements.iter().zip(&narrowed.placements) {
            if let (Some(x), Some(y)) = (a.start.earliest, b.start.earliest) {
                prop_assert!(y >= x);
            }
            if let (Some(x), Some(y)) = (a.start.latest, b.start.latest) {
                prop_assert!(y <= x);
            }
        }
        let hours = Hours::default();
        for &(s, lo, hi) in &narrowed.narrowed {
            let Some(TimeOfDay::Part(part)) = story.scene(s).time.map(|t| t.value) else {
                prop_assert!(false, "narrowed a scene without a part of the day");
                continue;
            };
            let window = hours.window_at(part, lo);
            prop_assert!(window.contains(lo) && window.contains(hi));
            let p = &narrowed.placements[s.index()];
            prop_assert!(p.start.earliest.unwrap() >= lo && p.start.latest.unwrap() <= hi);
            prop_assert!(part != DayPart::Night || hi - lo < 86_400);
        }
    }
}
