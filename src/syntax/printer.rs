//! Canonical text of a syntax tree.
//!
//! Printing keeps every declaration, property, synopsis line and comment in
//! order and writes values in one normal form (`2014-05-17 18:00`, `1d..3d`,
//! two-space indentation, one blank line between blocks). Parsing the output
//! gives the same tree, spans aside; that round trip is a property test.
//!
//! [`print()`] needs only the tree. [`layout`] also reads the text the tree was
//! parsed from, to keep what a tree alone does not hold: where a left-margin
//! comment sat among a block's lines, and where the writer left blank lines
//! between top-level items. It is what `chronotope fmt` writes.

use std::fmt::Write;

use crate::syntax::tree::*;
use crate::time::{timecode, Duration};

mod works;

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
        Item::Thread(_) => 6,
        Item::Calendar(_) => 7,
        Item::Work(_) => 8,
        Item::Order(_) => 9,
    }
}

fn needs_blank_line(prev: &Item, next: &Item) -> bool {
    match (prev, next) {
        // A comment sticks to what follows it.
        (Item::Comment(_), _) => false,
        (_, Item::Comment(_)) => !matches!(prev, Item::Header(_)),
        (Item::Scene(_) | Item::Marker(_) | Item::Calendar(_) | Item::Work(_), _)
        | (_, Item::Scene(_) | Item::Marker(_) | Item::Calendar(_) | Item::Work(_)) => true,
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
            let _ = writeln!(out, "marker {}{}:", m.name.text, per_character(m));
            for line in &m.lines {
                match line {
                    MarkerLine::Comment(c) => {
                        let _ = writeln!(out, "  #{}", c.text);
                    }
                    MarkerLine::Value(v) => print_marker_value(out, v),
                }
            }
        }
        Item::Character(c) => {
            let _ = write!(out, "character {}", c.name.text);
            let mut parts = Vec::new();
            if let Some(b) = &c.born {
                parts.push(format!("born {}", date_text(b)));
            }
            if let Some(d) = &c.died {
                parts.push(format!("died {}", date_text(d)));
            }
            if let Some(colour) = &c.color {
                parts.push(format!("colour {}", colour.hex()));
            }
            if !parts.is_empty() {
                let _ = write!(out, ": {}", parts.join(", "));
            }
            out.push('\n');
        }
        Item::Calendar(c) => {
            let _ = writeln!(out, "calendar {}:", c.name.text);
            for line in &c.lines {
                match line {
                    CalendarLine::Comment(c) => {
                        let _ = writeln!(out, "  #{}", c.text);
                    }
                    CalendarLine::Entry(e) => match &e.name {
                        Some(n) => {
                            let _ = writeln!(out, "  {} {}: {}", e.kind.text, n.text, e.value.text);
                        }
                        None => {
                            let _ = writeln!(out, "  {}: {}", e.kind.text, e.value.text);
                        }
                    },
                }
            }
        }
        Item::Work(w) => works::layout_work(out, w, &[]),
        Item::Order(o) => works::print_order(out, o),
        Item::Thread(t) => {
            let _ = write!(out, "thread {}", t.name.text);
            if let Some(colour) = &t.color {
                let _ = write!(out, ": {}", colour.hex());
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

/// A date as written: the numeric form printed canonically, a readable one
/// (`15 Alturiak 1372 DR`) kept as it was.
fn date_text(d: &DateLit) -> String {
    match &d.readable {
        Some(text) => text.to_string(),
        None => d.value.to_string(),
    }
}

fn write_era_bound(out: &mut String, bound: Option<&EraBound>) {
    match bound {
        Some(EraBound::Date(d)) => {
            let _ = write!(out, "{}", date_text(d));
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
                None => e.name.text.to_string(),
            })
            .collect::<Vec<_>>()
            .join(", "),
        PropertyValue::Where(n)
        | PropertyValue::Repeats(n)
        | PropertyValue::Mode(n)
        | PropertyValue::Day(n)
        | PropertyValue::Time(n) => n.text.to_string(),
        PropertyValue::Thread(names) | PropertyValue::Change(names) => names
            .iter()
            .map(|n| n.text.as_str())
            .collect::<Vec<_>>()
            .join(", "),
        PropertyValue::PerCharacter(settings) => settings
            .iter()
            .map(|s| format!("{}={}", s.character.text, s.value.text))
            .collect::<Vec<_>>()
            .join(", "),
        PropertyValue::Marker(m) => match &m.note {
            Some(note) => format!("{} ({})", m.value.text, note.text),
            None => m.value.text.to_string(),
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
                let _ = write!(out, "{}", date_text(from));
                if let Some(to) = to {
                    let _ = write!(out, " .. {}", date_text(to));
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
    let min = r.min.as_ref().map(Duration::to_string).unwrap_or_default();
    let max = r.max.as_ref().map(Duration::to_string).unwrap_or_default();
    if r.dotted {
        format!("{min}..{max}")
    } else {
        min
    }
}

// ----- layout: the canonical text of a file, comments where they were -------

/// Print a tree in the canonical layout of `chronotope fmt`, reading `text`
/// (the text `tree` was parsed from, without a byte-order mark) for what the
/// tree does not hold.
///
/// The layout: two-space indentation inside blocks; `key: value` with one
/// space after the colon, the values of one scene starting in one column;
/// values in their normal form (as [`print()`] writes them); exactly one blank
/// line between scenes, between markers and between items of different
/// kinds; elsewhere a blank line only where the writer left one (several
/// collapse to one); none inside a block; `\n` line endings.
///
/// Comments stay where they were, at the level they were written: an
/// indented comment inside a scene is part of the scene (and may be a
/// `# chronotope:` directive), while a left-margin comment is not, even
/// between a scene's lines, where the parser keeps the block open. So a
/// left-margin comment between a block's lines is printed there, at the
/// left margin; a run of them right after a block, with no blank line before
/// them but one after, stays with the block; any other comment keeps to the
/// item after it. Parsing the output gives the same tree as parsing `text`.
///
/// The tree must be free of syntax errors: a line the parser could not read
/// is not in the tree, and printing would drop it.
pub fn layout(tree: &SourceTree, text: &str) -> String {
    let units = units(tree, text);
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for (k, unit) in units.iter().enumerate() {
        if k > 0 {
            let prev = &units[k - 1];
            let written = blank_between(text, prev.end, unit.start);
            let blank = match (prev.item, unit.item) {
                // A comment keeps to what follows it, so the blank line the
                // next item needs goes before the comment.
                (Item::Comment(_), _) => written,
                (_, Item::Comment(_)) => {
                    written
                        || units[k..]
                            .iter()
                            .find(|u| !matches!(u.item, Item::Comment(_)))
                            .is_some_and(|next| needs_blank_line(prev.item, next.item))
                }
                _ => written || needs_blank_line(prev.item, unit.item),
            };
            if blank {
                out.push('\n');
            }
        }
        match unit.item {
            Item::Scene(s) => layout_scene(&mut out, s, &unit.inner),
            Item::Marker(m) => layout_marker(&mut out, m, &unit.inner),
            Item::Work(w) => works::layout_work(&mut out, w, &unit.inner),
            item => print_item(&mut out, item),
        }
    }
    out
}

/// A top-level item with the left-margin comments printed as part of it.
struct Unit<'a> {
    item: &'a Item,
    /// Left-margin comments inside the block or kept right after it.
    inner: Vec<&'a Comment>,
    /// Byte offset of its first line in the source.
    start: usize,
    /// Byte offset of the end of its last line (inner comments included).
    end: usize,
}

fn units<'a>(tree: &'a SourceTree, text: &str) -> Vec<Unit<'a>> {
    let items = &tree.items;
    let mut units = Vec::with_capacity(items.len());
    let mut i = 0;
    while i < items.len() {
        let item = &items[i];
        i += 1;
        let (start, mut end) = extent(item);
        let mut inner = Vec::new();
        if matches!(item, Item::Scene(_) | Item::Marker(_) | Item::Work(_)) {
            // Left-margin comments between the block's lines: the parser put
            // them after the block in `items`, and they come first there.
            while let Some(Item::Comment(c)) = items.get(i) {
                if c.span.start as usize >= end {
                    break;
                }
                inner.push(c);
                i += 1;
            }
            // A run right after the block, with no blank line before it,
            // stays with the block when a blank line (or the end of the
            // file) follows the run; otherwise it belongs to what follows.
            let mut j = i;
            let mut last = end;
            while let Some(Item::Comment(c)) = items.get(j) {
                if blank_between(text, last, c.span.start as usize) {
                    break;
                }
                last = c.span.end as usize;
                j += 1;
            }
            let detached = items
                .get(j)
                .is_none_or(|next| blank_between(text, last, extent(next).0));
            if j > i && detached {
                inner.extend(items[i..j].iter().filter_map(|it| match it {
                    Item::Comment(c) => Some(c),
                    _ => None,
                }));
                end = last;
                i = j;
            }
        }
        units.push(Unit {
            item,
            inner,
            start,
            end,
        });
    }
    units
}

/// Byte offsets of an item's first line and of the end of its last line.
fn extent(item: &Item) -> (usize, usize) {
    let (start, mut end) = match item {
        Item::Header(h) => (h.key.span.start, h.value.span.end),
        Item::Era(e) => (e.span.start, e.span.end),
        Item::Marker(m) => (m.span.start, m.span.end),
        Item::Character(c) => (c.span.start, c.span.end),
        Item::Scene(s) => (s.span.start, s.span.end),
        Item::Comment(c) => (c.span.start, c.span.end),
        Item::Calendar(c) => (c.span.start, c.span.end),
        Item::Work(w) => (w.span.start, w.span.end),
        Item::Order(o) => (o.span.start, o.span.end),
        Item::Thread(t) => (t.span.start, t.span.end),
    };
    match item {
        Item::Scene(s) => {
            for line in &s.lines {
                end = end.max(scene_line_span(line).end);
            }
        }
        Item::Marker(m) => {
            for line in &m.lines {
                end = end.max(marker_line_span(line).end);
            }
        }
        Item::Calendar(c) => {
            for line in &c.lines {
                let span = match line {
                    CalendarLine::Entry(e) => e.span,
                    CalendarLine::Comment(c) => c.span,
                };
                end = end.max(span.end);
            }
        }
        Item::Work(w) => {
            for line in &w.lines {
                end = end.max(works::line_span(line).end);
            }
        }
        _ => {}
    }
    (start as usize, end as usize)
}

fn scene_line_span(line: &SceneLine) -> crate::span::Span {
    match line {
        SceneLine::Property(p) => p.span,
        SceneLine::Synopsis(n) => n.span,
        SceneLine::Comment(c) => c.span,
    }
}

fn marker_line_span(line: &MarkerLine) -> crate::span::Span {
    match line {
        MarkerLine::Value(v) => v.span,
        MarkerLine::Comment(c) => c.span,
    }
}

/// True when a blank line lies between two offsets that end one line and
/// start a later one.
fn blank_between(text: &str, from: usize, to: usize) -> bool {
    text.get(from..to)
        .is_some_and(|gap| gap.bytes().filter(|&b| b == b'\n').count() >= 2)
}

/// One line of a block in source order: its own or a left-margin comment.
enum BlockLine<'a, L> {
    Own(&'a L),
    Margin(&'a Comment),
}

/// A block's lines and its left-margin comments, merged in source order.
fn merge<'a, L>(
    lines: &'a [L],
    inner: &[&'a Comment],
    span: impl Fn(&L) -> crate::span::Span,
) -> Vec<BlockLine<'a, L>> {
    let mut out: Vec<(u32, BlockLine<'a, L>)> = lines
        .iter()
        .map(|l| (span(l).start, BlockLine::Own(l)))
        .chain(inner.iter().map(|&c| (c.span.start, BlockLine::Margin(c))))
        .collect();
    // Stable, and no two lines start at one offset.
    out.sort_by_key(|(start, _)| *start);
    out.into_iter().map(|(_, l)| l).collect()
}

fn layout_scene(out: &mut String, s: &SceneDecl, inner: &[&Comment]) {
    let _ = write!(out, "scene {}:", s.id.text);
    if let Some(t) = &s.title {
        let _ = write!(out, " {}", t.text);
    }
    out.push('\n');
    // Keys are short names; counting code points lines values up in any
    // editor for the names a writer uses (`saç`, `hair`).
    let width = s
        .properties()
        .map(|p| p.key.text.chars().count())
        .max()
        .unwrap_or(0);
    for line in merge(&s.lines, inner, scene_line_span) {
        match line {
            BlockLine::Margin(c) => {
                let _ = writeln!(out, "#{}", c.text);
            }
            BlockLine::Own(SceneLine::Property(p)) => {
                let pad = width.saturating_sub(p.key.text.chars().count());
                let _ = writeln!(
                    out,
                    "  {}:{:pad$} {}",
                    p.key.text,
                    "",
                    property_value(&p.value)
                );
            }
            BlockLine::Own(other) => print_scene_line(out, other),
        }
    }
}

/// ` per character` for a marker declared so, else nothing.
fn per_character(m: &MarkerDecl) -> &'static str {
    if m.per_character {
        " per character"
    } else {
        ""
    }
}

fn layout_marker(out: &mut String, m: &MarkerDecl, inner: &[&Comment]) {
    let _ = writeln!(out, "marker {}{}:", m.name.text, per_character(m));
    for line in merge(&m.lines, inner, marker_line_span) {
        match line {
            BlockLine::Margin(c) => {
                let _ = writeln!(out, "#{}", c.text);
            }
            BlockLine::Own(MarkerLine::Comment(c)) => {
                let _ = writeln!(out, "  #{}", c.text);
            }
            BlockLine::Own(MarkerLine::Value(v)) => print_marker_value(out, v),
        }
    }
}

fn print_marker_value(out: &mut String, v: &MarkerValueDecl) {
    let _ = write!(out, "  {}:", v.value.text);
    if let Some(era) = &v.era {
        let _ = write!(out, " {}", era.text);
    }
    if let Some(color) = &v.color {
        let _ = write!(out, " {}", color.hex());
    }
    out.push('\n');
}
