//! The breakdown (`chronotope export --format breakdown`): what each
//! department needs of every scene, grouped by story day.
//!
//! Rows are grouped by story day as the set labels them (main days 1, 2, 3 …
//! in order, then each strand outside the main narrative, `X1`, `X2` …,
//! then scenes with no day) and within a day come in telling order. [`csv`]
//! writes the columns of [`COLUMNS`] (a header row, every cell quoted,
//! formulas neutralised, optionally after a UTF-8 byte-order mark for
//! spreadsheets that want one); [`html`] writes a printable page per story
//! day. The columns are documented in `docs/production.md`.

use std::fmt::Write as _;

use crate::engine::narrow::day_parts;
use crate::engine::Chronology;
use crate::model::{SceneId, Story};
use crate::present::when;
use crate::text::escape::{csv_cell_quoted, html as escape};
use crate::time::daypart::TimeOfDay;
use crate::time::timecode;

/// The CSV columns, in order.
pub const COLUMNS: [&str; 12] = [
    "scene",
    "id",
    "slugline",
    "day",
    "time_of_day",
    "story_time",
    "length",
    "pages",
    "cast",
    "location",
    "markers",
    "notes",
];

/// One scene of the breakdown, as text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    /// The cells, one per column of [`COLUMNS`].
    pub cells: [String; 12],
}

/// One story day's scenes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Day {
    /// The day's label (`None` for scenes with no place in the chronology).
    pub label: Option<String>,
    /// Its scenes, in telling order.
    pub rows: Vec<Row>,
}

/// The breakdown's days, in order.
pub fn days(story: &Story, chronology: &Chronology) -> Vec<Day> {
    let parts = day_parts(story);
    // Each label's key: main days by number, then each outside strand (in
    // the order its first day comes in the chronology) by number.
    let mut prefixes: Vec<String> = Vec::new();
    let mut keyed: Vec<((usize, u64), String)> = Vec::new();
    for &s in &chronology.order {
        let Some(label) = chronology.placements[s.index()].day_label.clone() else {
            continue;
        };
        if keyed.last().is_some_and(|(_, l)| *l == label) {
            continue;
        }
        let digits = label.trim_start_matches(|c: char| c.is_alphabetic());
        let prefix = &label[..label.len() - digits.len()];
        let strand = if prefix.is_empty() {
            0
        } else {
            match prefixes.iter().position(|p| p == prefix) {
                Some(i) => i + 1,
                None => {
                    prefixes.push(prefix.to_string());
                    prefixes.len()
                }
            }
        };
        keyed.push(((strand, digits.parse().unwrap_or(0)), label.to_string()));
    }
    keyed.sort();
    keyed.dedup();
    let mut days: Vec<Day> = keyed
        .into_iter()
        .map(|(_, label)| Day {
            label: Some(label),
            rows: Vec::new(),
        })
        .collect();
    let index: std::collections::HashMap<String, usize> = days
        .iter()
        .enumerate()
        .filter_map(|(i, d)| d.label.clone().map(|l| (l, i)))
        .collect();
    let mut undated = Day {
        label: None,
        rows: Vec::new(),
    };
    for (i, part) in parts.iter().enumerate() {
        let s = SceneId(i as u32);
        let row = row(story, chronology, s, part.map(|p| p.part.word()));
        match chronology.placements[i]
            .day_label
            .as_deref()
            .and_then(|l| index.get(l))
        {
            Some(&d) => days[d].rows.push(row),
            None => undated.rows.push(row),
        }
    }
    if !undated.rows.is_empty() {
        days.push(undated);
    }
    days
}

fn row(story: &Story, chronology: &Chronology, s: SceneId, part: Option<&str>) -> Row {
    let scene = story.scene(s);
    let p = &chronology.placements[s.index()];
    let time = match scene.time.map(|t| t.value) {
        Some(t @ (TimeOfDay::Continuous | TimeOfDay::MomentsLater)) => match part {
            Some(part) => format!("{} ({})", spoken(t), part.to_uppercase()),
            None => spoken(t),
        },
        Some(t) => spoken(t),
        None => String::new(),
    };
    let length = scene
        .screen
        .as_deref()
        .and_then(|sc| Some(sc.end? - sc.start))
        .filter(|&ms| ms >= 0);
    Row {
        cells: [
            (s.index() + 1).to_string(),
            story.scene_name(s).to_string(),
            scene.title.to_string(),
            p.day_label.as_deref().unwrap_or_default().to_string(),
            time,
            if p.chrono.is_some() {
                when(story, p)
            } else {
                String::new()
            },
            length.map(timecode).unwrap_or_default(),
            length.map(eighths).unwrap_or_default(),
            cast(story, s),
            scene
                .place
                .as_ref()
                .map(|t| t.text.to_string())
                .unwrap_or_default(),
            markers(story, s),
            scene.synopsis.join(" "),
        ],
    }
}

/// `NIGHT`, `MOMENTS LATER`: the slugline's way of writing it.
fn spoken(t: TimeOfDay) -> String {
    t.word().to_uppercase().replace('-', " ")
}

/// A screen length as pages in eighths, at one page a minute (the
/// screenplay page model): `1 3/8`, `5/8`, `2`.
pub fn eighths(ms: i64) -> String {
    let eighths = (ms * 8 + 30_000) / 60_000;
    let (whole, rest) = (eighths / 8, eighths % 8);
    match (whole, rest) {
        (0, 0) => "0".to_string(),
        (0, r) => format!("{r}/8"),
        (w, 0) => w.to_string(),
        (w, r) => format!("{w} {r}/8"),
    }
}

/// `Semih (age 24, look: suit); Defne (look: red-dress)`: the cast with
/// ages and per-character markers, then characters with a look but not in
/// the cast.
fn cast(story: &Story, s: SceneId) -> String {
    let scene = story.scene(s);
    let mut who: Vec<(crate::model::CharacterId, Option<u32>)> =
        scene.cast.iter().map(|c| (c.character, c.age)).collect();
    for l in &scene.looks {
        if !who.iter().any(|(c, _)| *c == l.character) {
            who.push((l.character, None));
        }
    }
    let entries: Vec<String> = who
        .into_iter()
        .map(|(c, age)| {
            let mut notes: Vec<String> = age.map(|a| format!("age {a}")).into_iter().collect();
            for l in scene.looks.iter().filter(|l| l.character == c) {
                let marker = story.marker(l.marker);
                if let Some((value, _)) = marker.values.get_index(l.value as usize) {
                    notes.push(format!("{}: {value}", marker.name));
                }
            }
            let name = &story.character(c).name;
            if notes.is_empty() {
                name.clone()
            } else {
                format!("{name} ({})", notes.join(", "))
            }
        })
        .collect();
    entries.join("; ")
}

/// `hair: bleached; props: umbrella`: the scene's other markers.
fn markers(story: &Story, s: SceneId) -> String {
    story
        .scene(s)
        .markers
        .iter()
        .filter_map(|m| {
            let marker = story.marker(m.marker);
            let (value, _) = marker.values.get_index(m.value as usize)?;
            Some(match &m.note {
                Some(note) => format!("{}: {value} ({note})", marker.name),
                None => format!("{}: {value}", marker.name),
            })
        })
        .collect::<Vec<_>>()
        .join("; ")
}

/// The breakdown as CSV: optionally a UTF-8 byte-order mark, a header row,
/// then one row per scene, every cell quoted; lines end in CRLF, as RFC 4180
/// and spreadsheets expect.
pub fn csv(story: &Story, chronology: &Chronology, bom: bool) -> String {
    crate::report::written(|out| write_csv(story, chronology, bom, out))
}

/// [`csv`] written to `out` line by line (the rows are grouped by story
/// day first, so they are made before the first is written).
pub fn write_csv(
    story: &Story,
    chronology: &Chronology,
    bom: bool,
    out: &mut dyn std::io::Write,
) -> std::io::Result<()> {
    if bom {
        out.write_all("\u{feff}".as_bytes())?;
    }
    let line = |out: &mut dyn std::io::Write, cells: &mut dyn Iterator<Item = &str>| {
        let mut line = cells.map(csv_cell_quoted).collect::<Vec<_>>().join(",");
        line.push_str("\r\n");
        out.write_all(line.as_bytes())
    };
    line(out, &mut COLUMNS.iter().copied())?;
    for day in days(story, chronology) {
        for row in &day.rows {
            line(out, &mut row.cells.iter().map(String::as_str))?;
        }
    }
    Ok(())
}

const STYLE: &str = "\
:root{color-scheme:light}\
body{font:14px/1.4 system-ui,-apple-system,'Segoe UI',sans-serif;margin:0 auto;max-width:80em;padding:1.5em;color:#1d1d1f;background:#fff}\
h1{font-size:1.5em;margin:0 0 .2em}h2{font-size:1.2em;margin:1.5em 0 .4em}\
p.muted{color:#5f6368;margin:0 0 1em}\
table{border-collapse:collapse;width:100%;table-layout:fixed;font-variant-numeric:tabular-nums}\
col.n{width:3em}col.slug{width:18%}col.tod{width:8%}col.when{width:14%}col.len{width:8em}col.pages{width:4.5em}\
th,td{text-align:left;padding:.25em .5em;border:1px solid #c8c8cc;vertical-align:top;overflow-wrap:anywhere}\
th{background:#f2f2f5}td.num{text-align:right;white-space:nowrap}\
section.day{break-before:page}section.day:first-of-type{break-before:auto}\
@media print{body{max-width:none;padding:0;font-size:10pt}tr{break-inside:avoid}h2{break-after:avoid}}\
";

/// The breakdown as a printable HTML page: one section per story day, each
/// starting a new printed page.
pub fn html(story: &Story, chronology: &Chronology) -> String {
    let mut out = String::with_capacity(16 * 1024);
    let title = escape(&story.title);
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <meta name=\"generator\" content=\"chronotope\">\n\
         <title>{title} — breakdown</title>\n<style>\n{STYLE}\n</style>\n</head>\n<body>\n\
         <h1>{title}</h1>\n<p class=\"muted\">Breakdown by story day: {} scenes.</p>\n",
        story.scenes.len()
    );
    for day in days(story, chronology) {
        let heading = match &day.label {
            Some(l) if l.starts_with(|c: char| c.is_ascii_digit()) => format!("Day {l}"),
            Some(l) => format!("Day {l} (outside the main narrative)"),
            None => "No story day (not placed)".to_string(),
        };
        let _ = writeln!(
            out,
            "<section class=\"day\">\n<h2>{}</h2>\n<table>\n<colgroup><col class=\"n\"><col class=\"slug\">\
             <col class=\"tod\"><col class=\"when\"><col class=\"len\"><col class=\"pages\"><col><col><col><col>\
             </colgroup>\n<thead><tr><th>#</th><th>Slugline</th>\
             <th>Time of day</th><th>Story time</th><th>Length</th><th>Pages</th><th>Cast</th>\
             <th>Location</th><th>Markers</th><th>Notes</th></tr></thead>\n<tbody>",
            escape(&heading)
        );
        for row in &day.rows {
            let c = &row.cells;
            let _ = writeln!(
                out,
                "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td class=\"num\">{}</td>\
                 <td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                escape(&c[0]),
                escape(&c[2]),
                escape(&c[4]),
                escape(&c[5]),
                escape(&c[6]),
                escape(&c[7]),
                escape(&c[8]),
                escape(&c[9]),
                escape(&c[10]),
                escape(&c[11]),
            );
        }
        out.push_str("</tbody>\n</table>\n</section>\n");
    }
    out.push_str("</body>\n</html>\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::Workspace;

    fn breakdown(text: &str) -> (String, String) {
        let ws = Workspace::from_text("t.scenes", text);
        let loaded = ws.resolve().remove(0);
        let chronology = crate::engine::analyze(&loaded.story, &ws.sources);
        (
            csv(&loaded.story, &chronology, false),
            html(&loaded.story, &chronology),
        )
    }

    #[test]
    fn pages_in_eighths() {
        assert_eq!(eighths(60_000), "1");
        assert_eq!(eighths(30_000), "4/8");
        assert_eq!(eighths(97_500), "1 5/8");
        assert_eq!(eighths(0), "0");
    }

    #[test]
    fn grouped_by_day_in_telling_order_within_a_day() {
        let (csv, _) = breakdown(
            "title: T\nscene b: B\n  story: 2020-01-02 09:00\nscene a: A\n  story: 2020-01-01 20:00\n  time: night\nscene c: C\n  story: 2020-01-02 08:00\nscene u: U\n",
        );
        let ids: Vec<&str> = csv
            .lines()
            .skip(1)
            .map(|l| l.split(',').nth(1).unwrap())
            .collect();
        assert_eq!(ids, ["\"a\"", "\"b\"", "\"c\"", "\"u\""]);
        assert!(csv.contains("\"1\",\"NIGHT\""), "{csv}");
    }

    #[test]
    fn text_is_escaped_and_formulas_neutralised() {
        let (csv, html) = breakdown(
            "title: T\nscene a: =HYPERLINK(\"x\") <b>\n  story: 2020-01-01\n  where: <script>\n",
        );
        assert!(csv.contains("\"'=HYPERLINK(\"\"x\"\") <b>\""), "{csv}");
        assert!(!html.contains("<script>") && html.contains("&lt;script&gt;"));
        assert!(!html.contains("<b>"));
    }
}
