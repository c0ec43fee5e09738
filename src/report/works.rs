//! The works of a series in chronological order (`chronotope order
//! --works`, and the `works` list of `order --format json`).
//!
//! Each work with its story span, release date and place in the telling;
//! the order and spans are [`crate::engine::works`]'. Documented in
//! `docs/ordering.md`.

use std::fmt::Write as _;

use serde::Serialize;

use crate::engine::works::{chronological, spans, Disorder, WorkStats};
use crate::engine::Chronology;
use crate::model::Story;
use crate::present::{clean, rough_duration_in, time_range};
use crate::report::{Align, Table};
use crate::text::escape::csv_cell;
use crate::text::plural;
use crate::time::{iso, timecode, Calendar};

/// One work of the series.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WorkRow {
    /// The work id.
    pub id: String,
    /// Its title.
    pub title: String,
    /// `released:` as written in normal form (`1977-05-25`), if given.
    pub released: Option<String>,
    /// 1-based place in the telling (the default order, or `--order`'s).
    pub telling: usize,
    /// 1-based place in the works' chronology.
    pub chrono: usize,
    /// The earliest any of its scenes may start, ISO 8601 (`None`: open,
    /// floating or unplaced).
    pub earliest_start: Option<String>,
    /// The latest any of its scenes may end.
    pub latest_end: Option<String>,
    /// Number of scenes in it.
    pub scenes: usize,
}

/// The works in chronological order; empty for a story without works.
pub fn rows(story: &Story, chronology: &Chronology) -> Vec<WorkRow> {
    if !story.has_works() {
        return Vec::new();
    }
    let spans = spans(story, chronology);
    chronological(story, &spans)
        .iter()
        .enumerate()
        .map(|(pos, &w)| {
            let work = story.work(w);
            let span = spans[w.index()];
            WorkRow {
                id: work.id.clone(),
                title: work.title.clone(),
                released: work.released_text.clone(),
                telling: w.index() + 1,
                chrono: pos + 1,
                earliest_start: span.earliest_start.map(iso),
                latest_end: span.latest_end.map(iso),
                scenes: work.scenes.len(),
            }
        })
        .collect()
}

/// The JSON document of `order --works --format json`.
#[derive(Serialize)]
struct WorksView<'a> {
    story: &'a str,
    works: Vec<WorkRow>,
}

/// `order --works --format json`: the story's title and its works.
pub fn json(story: &Story, chronology: &Chronology) -> String {
    crate::text::pretty_json(&WorksView {
        story: &story.title,
        works: rows(story, chronology),
    })
}

/// Column names of [`csv`], in order.
pub const CSV_COLUMNS: [&str; 8] = [
    "id",
    "title",
    "released",
    "telling",
    "chrono",
    "earliest_start",
    "latest_end",
    "scenes",
];

/// `order --works --format csv`: a header line, then one row per work in
/// chronological order; `null` is an empty field.
pub fn csv(story: &Story, chronology: &Chronology) -> String {
    let mut out = CSV_COLUMNS.join(",");
    out.push('\n');
    for r in rows(story, chronology) {
        let fields = [
            r.id,
            r.title,
            r.released.unwrap_or_default(),
            r.telling.to_string(),
            r.chrono.to_string(),
            r.earliest_start.unwrap_or_default(),
            r.latest_end.unwrap_or_default(),
            r.scenes.to_string(),
        ];
        let cells: Vec<String> = fields.iter().map(|f| csv_cell(f).into_owned()).collect();
        out.push_str(&cells.join(","));
        out.push('\n');
    }
    out
}

/// `order --works` for people: the works in story order, each with its
/// span, release and place in the telling.
pub fn text(story: &Story, chronology: &Chronology) -> String {
    let mut out = String::new();
    if !story.has_works() {
        let _ = writeln!(
            out,
            "{}: no works (no `work` lines); `order` without `--works` lists its scenes",
            clean(&story.title)
        );
        return out;
    }
    let spans = spans(story, chronology);
    let _ = writeln!(
        out,
        "{}: {} in story order\n",
        clean(&story.title),
        plural(story.works.len(), "work", "works")
    );
    let mut table = Table::new(&[
        ("#", Align::Right),
        ("id", Align::Left),
        ("title", Align::Left),
        ("released", Align::Left),
        ("story time", Align::Left),
        ("span", Align::Left),
        ("scenes", Align::Right),
        ("told", Align::Right),
    ]);
    for (pos, &w) in chronological(story, &spans).iter().enumerate() {
        let work = story.work(w);
        let span = spans[w.index()];
        let when = if span.placed == 0 {
            "not placed".to_string()
        } else if !span.anchored {
            "no date".to_string()
        } else {
            time_range(&story.calendar, span.earliest_start, span.latest_end)
        };
        table.row(vec![
            (pos + 1).to_string(),
            clean(&work.id).into_owned(),
            clean(&work.title).into_owned(),
            work.released_text.clone().unwrap_or_default(),
            when,
            span.length()
                .map(|s| rough_duration_in(&story.calendar, s, 2))
                .unwrap_or_default(),
            work.scenes.len().to_string(),
            if work.omitted {
                "-".to_string()
            } else {
                (w.index() + 1).to_string()
            },
        ]);
    }
    out.push_str(&table.render(2));
    if story.works.iter().any(|w| w.omitted) {
        out.push_str("\n  told -: left out of this viewing order (told after its works)\n");
    }
    out
}

/// The works section of `stats` for people: the work-level measures of the
/// telling and of each declared order, then each work's time use.
pub fn stats_section(stats: &WorkStats, calendar: &Calendar) -> String {
    let mut out = String::from("\nWorks: order of telling against the works' story order\n");
    let mut measures = Table::new(&[
        ("telling", Align::Left),
        ("inversions", Align::Right),
        ("Kendall tau", Align::Right),
        ("nonlinearity index", Align::Right),
    ]);
    let row = |name: String, d: &Disorder| {
        vec![
            name,
            d.inversions.to_string(),
            format!("{:.3}", d.kendall_tau),
            format!("{:.3}", d.nonlinearity_index),
        ]
    };
    measures.row(row("as told".to_string(), &stats.telling));
    for (name, d) in &stats.orders {
        measures.row(row(format!("order {}", clean(name)), d));
    }
    out.push_str(&measures.render(2));
    out.push_str("\nWorks: time\n");
    let mut table = Table::new(&[
        ("told", Align::Right),
        ("id", Align::Left),
        ("title", Align::Left),
        ("chrono", Align::Right),
        ("scenes", Align::Right),
        ("screen", Align::Right),
        ("story span", Align::Left),
    ]);
    for w in &stats.per_work {
        table.row(vec![
            w.telling.to_string(),
            clean(&w.id).into_owned(),
            clean(&w.title).into_owned(),
            w.chrono.to_string(),
            w.scenes.to_string(),
            timecode(w.screen_ms),
            w.story_span
                .map(|s| rough_duration_in(calendar, s, 2))
                .unwrap_or_else(|| "open".to_string()),
        ]);
    }
    out.push_str(&table.render(2));
    out
}

/// The report page's works section: the works in story order, with their
/// release, story time, scene count and place in the telling; empty for a
/// story without works.
pub fn html_section(story: &Story, chronology: &Chronology) -> String {
    use crate::text::escape::html;
    if !story.has_works() {
        return String::new();
    }
    let spans = spans(story, chronology);
    let mut out = String::from(
        "<section id=\"works\">\n<h2>Works</h2>\n<table>\n<thead><tr><th>#</th><th>id</th>\
         <th>title</th><th>released</th><th>story time</th><th>scenes</th><th>told</th>\
         </tr></thead>\n<tbody>\n",
    );
    for (pos, &w) in chronological(story, &spans).iter().enumerate() {
        let work = story.work(w);
        let span = spans[w.index()];
        let when = if span.anchored {
            time_range(&story.calendar, span.earliest_start, span.latest_end)
        } else {
            String::new()
        };
        let told = if work.omitted {
            "-".to_string()
        } else {
            (w.index() + 1).to_string()
        };
        let _ = writeln!(
            out,
            "<tr><td class=\"num\">{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td>\
             <td class=\"num\">{}</td><td class=\"num\">{}</td></tr>",
            pos + 1,
            html(&work.id),
            html(&work.title),
            html(work.released_text.as_deref().unwrap_or("")),
            html(&when),
            work.scenes.len(),
            told
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
    out
}
