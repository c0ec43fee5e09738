//! Canonical text of a syntax tree.
//!
//! Printing keeps every declaration, property, synopsis line and comment in
//! order and writes values in one normal form (`2014-05-17 18:00`, `1d..3d`,
//! two-space indentation, one blank line between blocks). Parsing the output
//! gives the same tree, spans aside; that round trip is a property test.

use std::fmt::Write;

use crate::syntax::tree::*;
use crate::time::timecode;

/// Print a tree as canonical scene-file text.
pub fn print(tree: &SourceTree) -> String {
    let mut out = String::new();
    let mut previous: Option<&Item> = None;
    for item in &tree.items {
        if let Some(prev) = previous {
            if needs_blank_line(prev, item) {
                out.push('\n');
            }
        }
        print_item(&mut out, item);
        previous = Some(item);
    }
    out
}

fn kind(item: &Item) -> u8 {
    match item {
        Item::Header(_) => 0,
        Item::Era(_) => 1,
        Item::Marker(_) => 2,
        Item::Character(_) => 3,
        Item::Scene(_) => 4,
        Item::Comment(_) => 5,
    }
}

fn needs_blank_line(prev: &Item, next: &Item) -> bool {
    match (prev, next) {
        // A comment sticks to what follows it.
        (Item::Comment(_), _) => false,
        (_, Item::Comment(_)) => !matches!(prev, Item::Header(_)),
        (Item::Scene(_) | Item::Marker(_), _) | (_, Item::Scene(_) | Item::Marker(_)) => true,
        _ => kind(prev) != kind(next),
    }
}

fn print_item(out: &mut String, item: &Item) {
    match item {
        Item::Header(h) => {
            let _ = writeln!(out, "{}: {}", h.key.text, h.value.text);
        }
        Item::Comment(c) => {
            let _ = writeln!(out, "#{}", c.text);
        }
        Item::Era(e) => {
            let _ = write!(out, "era {}: ", e.name.text);
            let single = matches!((&e.from, &e.to), (Some(EraBound::Date(a)), Some(EraBound::Date(b))) if a == b);
            if single {
                write_era_bound(out, e.from.as_ref());
            } else {
                write_era_bound(out, e.from.as_ref());
                out.push_str(if e.from.is_some() { " .." } else { ".." });
                if e.to.is_some() {
                    out.push(' ');
                    write_era_bound(out, e.to.as_ref());
                }
            }
            out.push('\n');
        }
        Item::Marker(m) => {
            let _ = writeln!(out, "marker {}:", m.name.text);
            for line in &m.lines {
                match line {
                    MarkerLine::Comment(c) => {
                        let _ = writeln!(out, "  #{}", c.text);
                    }
                    MarkerLine::Value(v) => {
                        let _ = write!(out, "  {}:", v.value.text);
                        if let Some(era) = &v.era {
                            let _ = write!(out, " {}", era.text);
                        }
                        if let Some(color) = &v.color {
                            let _ = write!(out, " {}", color.hex());
                        }
                        out.push('\n');
                    }
                }
            }
        }
        Item::Character(c) => {
            let _ = write!(out, "character {}", c.name.text);
            let mut parts = Vec::new();
            if let Some(b) = &c.born {
                parts.push(format!("born {}", b.value));
            }
            if let Some(d) = &c.died {
                parts.push(format!("died {}", d.value));
            }
            if !parts.is_empty() {
                let _ = write!(out, ": {}", parts.join(", "));
            }
            out.push('\n');
        }
        Item::Scene(s) => {
            let _ = write!(out, "scene {}:", s.id.text);
            if let Some(t) = &s.title {
                let _ = write!(out, " {}", t.text);
            }
            out.push('\n');
            for line in &s.lines {
                print_scene_line(out, line);
            }
        }
    }
}

fn write_era_bound(out: &mut String, bound: Option<&EraBound>) {
    match bound {
        Some(EraBound::Date(d)) => {
            let _ = write!(out, "{}", d.value);
        }
        Some(EraBound::Scene(n)) => out.push_str(&n.text),
        None => {}
    }
}

fn print_scene_line(out: &mut String, line: &SceneLine) {
    match line {
        SceneLine::Comment(c) => {
            let _ = writeln!(out, "  #{}", c.text);
        }
        SceneLine::Synopsis(s) => {
            if s.text.is_empty() {
                out.push_str("  >\n");
            } else {
                let _ = writeln!(out, "  > {}", s.text);
            }
        }
        SceneLine::Property(p) => {
            let _ = writeln!(out, "  {}: {}", p.key.text, property_value(&p.value));
        }
    }
}

/// The canonical text of a property value.
pub fn property_value(value: &PropertyValue) -> String {
    match value {
        PropertyValue::Screen(s) => {
            let mut t = timecode(s.start.millis);
            match &s.end {
                Some(ScreenEnd::At(e)) => {
                    let _ = write!(t, " .. {}", timecode(e.millis));
                }
                Some(ScreenEnd::For(d)) => {
                    let _ = write!(t, " for {}", screen_duration(d.millis));
                }
                None => {}
            }
            t
        }
        PropertyValue::Story(items) => items.iter().map(story_item).collect::<Vec<_>>().join(", "),
        PropertyValue::Cast(entries) => entries
            .iter()
            .map(|e| match e.age {
                Some(a) => format!("{} (age {a})", e.name.text),
                None => e.name.text.clone(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        PropertyValue::Where(n) | PropertyValue::Repeats(n) | PropertyValue::Mode(n) => {
            n.text.clone()
        }
        PropertyValue::Marker(m) => match &m.note {
            Some(note) => format!("{} ({})", m.value.text, note.text),
            None => m.value.text.clone(),
        },
        PropertyValue::Invalid => String::new(),
    }
}

fn screen_duration(ms: i64) -> String {
    let (h, rest) = (ms / 3_600_000, ms % 3_600_000);
    let (m, rest) = (rest / 60_000, rest % 60_000);
    let mut out = String::new();
    if h > 0 {
        let _ = write!(out, "{h}h");
    }
    if m > 0 {
        let _ = write!(out, "{m}m");
    }
    if rest > 0 || out.is_empty() {
        if rest % 1000 == 0 {
            let _ = write!(out, "{}s", rest / 1000);
        } else {
            let frac = format!("{:03}", rest % 1000);
            let _ = write!(out, "{}.{}s", rest / 1000, frac.trim_end_matches('0'));
        }
    }
    out
}

/// The canonical text of one `story:` item.
pub fn story_item(item: &StoryItem) -> String {
    let mut out = String::new();
    if let Some(c) = &item.constraint {
        match c {
            StoryConstraint::At { from, to } => {
                let _ = write!(out, "{}", from.value);
                if let Some(to) = to {
                    let _ = write!(out, " .. {}", to.value);
                }
            }
            StoryConstraint::Era { era } => out.push_str(&era.text),
            StoryConstraint::After { scene, gap } | StoryConstraint::Before { scene, gap } => {
                let word = if matches!(c, StoryConstraint::After { .. }) {
                    "after"
                } else {
                    "before"
                };
                let _ = write!(out, "{word} {}", scene.text);
                if let Some(g) = gap {
                    let _ = write!(out, " by {}", range(g));
                }
            }
            StoryConstraint::During { scene } => {
                let _ = write!(out, "during {}", scene.text);
            }
            StoryConstraint::Offset {
                scene,
                sign,
                range: r,
            } => {
                let op = if *sign == Sign::Plus { '+' } else { '-' };
                let _ = write!(out, "{} {op} {}", scene.text, range(r));
            }
        }
    }
    if let Some(d) = &item.duration {
        if !out.is_empty() {
            out.push(' ');
        }
        let _ = write!(out, "for {}", range(d));
    }
    out
}

/// The canonical text of a range.
pub fn range(r: &RangeLit) -> String {
    let min = r
        .min
        .as_ref()
        .map(|d| d.value.to_string())
        .unwrap_or_default();
    let max = r
        .max
        .as_ref()
        .map(|d| d.value.to_string())
        .unwrap_or_default();
    if r.dotted {
        format!("{min}..{max}")
    } else {
        min
    }
}
