//! CSV and TSV tables read into the same syntax tree as scene files.
//!
//! A header row names the columns (chronotope's `id`, `title`, `story` …
//! and Aeon Timeline's `Title`, `Start Date` …, see `docs/csv.md`); every
//! other row is one scene, in telling order. Cells holding scene-file
//! grammar (`story`, `screen`, markers) are parsed in place, so their
//! errors point at the cell's text in the file.

pub(crate) mod dates;
pub mod storycurve;
pub(crate) mod table;

use std::collections::HashMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::span::{FileId, Span};
use crate::syntax::parser::parse_property_value;
use crate::syntax::tree::{
    CastEntry, CharacterDecl, Item, Name, Property, PropertyValue, RangeLit, SceneDecl, SceneLine,
    SourceTree, StoryConstraint, StoryItem,
};
use table::Cell;

/// What a column holds.
#[derive(Clone, Debug, PartialEq, Eq)]
enum Column {
    Id,
    Title,
    Story,
    Start,
    End,
    Duration,
    Screen,
    Cast,
    Where,
    Synopsis,
    Tags,
    Marker(String),
}

/// Header labels (compared ignoring case and surrounding spaces) and the
/// column each names; Aeon Timeline's labels beside chronotope's.
const LABELS: &[(&str, Column)] = &[
    ("id", Column::Id),
    ("title", Column::Title),
    ("story", Column::Story),
    ("start", Column::Start),
    ("start date", Column::Start),
    ("end", Column::End),
    ("end date", Column::End),
    ("duration", Column::Duration),
    ("screen", Column::Screen),
    ("cast", Column::Cast),
    ("participants", Column::Cast),
    ("participant", Column::Cast),
    ("where", Column::Where),
    ("location", Column::Where),
    ("locations", Column::Where),
    ("synopsis", Column::Synopsis),
    ("summary", Column::Synopsis),
    ("tags", Column::Tags),
];

/// Read a table. `delimiter` is `,` for CSV and tab for TSV; `companions`
/// are scene files of the same stem whose markers name marker columns.
pub fn read(
    file: FileId,
    text: &str,
    delimiter: u8,
    companions: &[&SourceTree],
) -> (SourceTree, Vec<Diagnostic>) {
    let mut reader = TableReader {
        file,
        text,
        diagnostics: Vec::new(),
        ids: HashMap::new(),
        order: dates::Order::MonthFirst,
        order_shown: false,
        warned_ambiguous: false,
    };
    let mut rows = table::rows(text, delimiter);
    let mut items = Vec::with_capacity(rows.len());
    if rows.is_empty() {
        return (SourceTree::new(file, items), reader.diagnostics);
    }
    let body = rows.split_off(1);
    let header = rows.swap_remove(0);
    let markers = marker_names(companions);
    let columns = reader.columns(&header, &markers);
    reader.date_order(&columns, &body);
    for row in body {
        if let Some(scene) = reader.row(&header, &columns, row) {
            items.push(Item::Scene(scene));
        }
    }
    declare_cast(&mut items, companions);
    (SourceTree::new(file, items), reader.diagnostics)
}

/// Declare, before the scenes, every cast name the scenes use that no
/// companion declares, in order of first appearance (a table has no
/// `character` lines of its own, as a script has none).
pub(crate) fn declare_cast(items: &mut Vec<Item>, companions: &[&SourceTree]) {
    let mut known: std::collections::HashSet<String> = companions
        .iter()
        .flat_map(|t| t.items.iter())
        .filter_map(|i| match i {
            Item::Character(c) => Some(c.name.text.to_string()),
            _ => None,
        })
        .collect();
    let mut declared = Vec::new();
    for scene in items.iter().filter_map(|i| match i {
        Item::Scene(s) => Some(s),
        _ => None,
    }) {
        for p in scene.properties() {
            let PropertyValue::Cast(entries) = &p.value else {
                continue;
            };
            for e in entries {
                if known.insert(e.name.text.to_string()) {
                    declared.push(Item::Character(Box::new(CharacterDecl {
                        name: e.name.clone(),
                        born: None,
                        died: None,
                        color: None,
                        span: e.span,
                    })));
                }
            }
        }
    }
    let at = items
        .iter()
        .take_while(|i| matches!(i, Item::Header(_)))
        .count();
    items.splice(at..at, declared);
}

/// Markers declared in the companion scene files.
fn marker_names(companions: &[&SourceTree]) -> Vec<String> {
    companions
        .iter()
        .flat_map(|t| t.items.iter())
        .filter_map(|i| match i {
            Item::Marker(m) => Some(m.name.text.to_string()),
            _ => None,
        })
        .collect()
}

struct TableReader<'t> {
    file: FileId,
    text: &'t str,
    diagnostics: Vec<Diagnostic>,
    /// Ids made from titles so far, with how often each was made.
    ids: HashMap<String, usize>,
    /// The order of the table's numeric dates' day and month.
    order: dates::Order,
    /// Whether a date in the table showed that order.
    order_shown: bool,
    /// Whether the ambiguous-date warning has been given.
    warned_ambiguous: bool,
}

impl<'t> TableReader<'t> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn cell_span(&self, cell: &Cell) -> Span {
        self.span(cell.start, cell.end)
    }

    /// The header's columns; an unknown label is an error at its cell and
    /// its column is skipped (`None`).
    fn columns(&mut self, header: &[Cell], markers: &[String]) -> Vec<Option<Column>> {
        header
            .iter()
            .map(|cell| {
                let label = cell.value.trim();
                let folded = label.to_lowercase();
                if let Some((_, c)) = LABELS.iter().find(|(l, _)| *l == folded) {
                    return Some(c.clone());
                }
                if let Some(m) = markers.iter().find(|m| **m == label) {
                    return Some(Column::Marker(m.clone()));
                }
                let d = Diagnostic::error(
                    codes::UNKNOWN_COLUMN,
                    format!("unknown column `{}`", crate::text::clip(label)),
                )
                .primary(self.cell_span(cell), "not a column chronotope reads")
                .help("use `id`, `title`, `story`, `start`, `end`, `duration`, `screen`, `cast`, `where`, `synopsis`, `tags` (or Aeon's `Start Date`, `Participants`, `Location` …), or declare a marker of this name in the companion scene file");
                self.diagnostics.push(d);
                None
            })
            .collect()
    }

    /// One row as a scene, or `None` (with an error) when it does not fit.
    fn row(
        &mut self,
        header: &[Cell],
        columns: &[Option<Column>],
        row: Vec<Cell>,
    ) -> Option<SceneDecl> {
        if let Some(open) = row.iter().find(|c| c.unclosed) {
            let at = self.span(open.raw_start, open.raw_start + 1);
            self.diagnostics.push(
                Diagnostic::error(codes::MALFORMED_TABLE, "this quoted cell is never closed")
                    .primary(at, "the quote opens here")
                    .help("close the cell with `\"`; write a quote inside a cell as `\"\"`"),
            );
            return None;
        }
        if row.len() != header.len() {
            let first = &row[0];
            let at = row.get(header.len()).unwrap_or(&row[row.len() - 1]);
            let span = self.span(at.raw_start, at.end.max(at.raw_start));
            let _ = first;
            self.diagnostics.push(
                Diagnostic::error(
                    codes::MALFORMED_TABLE,
                    format!("this row has {} cells, the header {}", row.len(), header.len()),
                )
                .primary(span, if row.len() > header.len() { "a cell beyond the last column" } else { "the row ends here" })
                .help("give every row one cell per header column (an empty cell is fine); quote a cell that holds the delimiter"),
            );
            return None;
        }
        Some(self.scene(columns, &row))
    }

    /// The scene a well-formed row describes.
    fn scene(&mut self, columns: &[Option<Column>], row: &[Cell]) -> SceneDecl {
        let get = |want: &Column| {
            columns
                .iter()
                .position(|c| c.as_ref() == Some(want))
                .map(|i| &row[i])
                .filter(|c| !c.value.trim().is_empty())
        };
        let row_span = self.span(row[0].raw_start, row[row.len() - 1].end);
        let title = get(&Column::Title).map(|c| self.name(c));
        let id = match get(&Column::Id) {
            Some(c) => self.name(c),
            None => self.id_from_title(title.as_ref(), row_span),
        };
        let mut lines = Vec::new();
        if let Some(c) = get(&Column::Screen) {
            lines.push(self.grammar("screen", c));
        }
        if let Some(story) = self.story(
            get(&Column::Story),
            get(&Column::Start),
            get(&Column::End),
            get(&Column::Duration),
        ) {
            lines.push(story);
        }
        if let Some(c) = get(&Column::Cast) {
            lines.push(self.cast(c));
        }
        if let Some(c) = get(&Column::Where) {
            let value = PropertyValue::Where(self.name(c));
            lines.push(property("where", value, self.cell_span(c)));
        }
        for (i, column) in columns.iter().enumerate() {
            if let (Some(Column::Marker(m)), false) = (column, row[i].value.trim().is_empty()) {
                lines.push(self.grammar(m, &row[i]));
            }
        }
        if let Some(c) = get(&Column::Synopsis) {
            lines.push(SceneLine::Synopsis(self.name(c)));
        }
        if let Some(c) = get(&Column::Tags) {
            lines.push(SceneLine::Comment(crate::syntax::tree::Comment {
                text: format!(" tags: {}", c.value.trim()),
                span: self.cell_span(c),
            }));
        }
        SceneDecl {
            id,
            title,
            lines,
            span: row_span,
        }
    }

    /// A cell's trimmed value as a name spanning the cell, without the `'`
    /// a writer puts before a value a spreadsheet could take for a formula
    /// (`text::escape::csv_cell`).
    fn name(&self, cell: &Cell) -> Name {
        Name {
            text: unneutralise(cell.value.trim()).into(),
            span: self.cell_span(cell),
        }
    }

    /// The id of a row without an `id` cell: its title slugged, made
    /// unique with `-2`, `-3` … in telling order.
    fn id_from_title(&mut self, title: Option<&Name>, span: Span) -> Name {
        let base = crate::fountain::reader::id_from(&crate::fountain::reader::slug(
            title.map_or("scene", |t| t.text.as_str()),
        ));
        let n = self.ids.entry(base.clone()).or_insert(0);
        *n += 1;
        let text = if *n == 1 { base } else { format!("{base}-{n}") };
        Name {
            text: text.into(),
            span: title.map_or(span, |t| t.span),
        }
    }

    /// A property whose value is the scene-file grammar in a cell, parsed
    /// where it was written (or, when doubled quotes were undone, in the
    /// file's raw text of the cell, whose stray quotes the grammar reports).
    fn grammar(&mut self, key: &str, cell: &Cell) -> SceneLine {
        let (value, diagnostics) =
            parse_property_value(self.file, self.text, key, cell.start..cell.end);
        self.diagnostics.extend(diagnostics);
        property(key, value, self.cell_span(cell))
    }

    /// `cast` or `Participants`: names separated by `|` or `,`.
    fn cast(&mut self, cell: &Cell) -> SceneLine {
        let span = self.cell_span(cell);
        // Each name spans its own text when the cell is written as is.
        let verbatim = self.text.get(cell.start..cell.end) == Some(cell.value.as_str());
        let mut entries = Vec::new();
        let mut at = 0;
        for piece in cell.value.split(['|', ',']) {
            let lead = piece.len() - piece.trim_start().len();
            let n = unneutralise(piece.trim());
            let from = cell.start + at + lead;
            at += piece.len() + 1;
            if n.is_empty() {
                continue;
            }
            let span = if verbatim {
                self.span(from, from + n.len())
            } else {
                span
            };
            entries.push(CastEntry {
                name: Name {
                    text: n.into(),
                    span,
                },
                age: None,
                span,
            });
        }
        property("cast", PropertyValue::Cast(entries), span)
    }

    /// `story:` from the `story` cell, or from `start` with `end` or
    /// `duration`.
    fn story(
        &mut self,
        story: Option<&Cell>,
        start: Option<&Cell>,
        end: Option<&Cell>,
        duration: Option<&Cell>,
    ) -> Option<SceneLine> {
        if let Some(c) = story {
            return Some(self.grammar("story", c));
        }
        let start_cell = start?;
        let SceneLine::Property(mut p) = self.start_date(start_cell) else {
            return None;
        };
        let PropertyValue::Story(items) = &mut p.value else {
            return Some(SceneLine::Property(p));
        };
        let length = match (duration, end) {
            (Some(d), _) => self.duration(d),
            (None, Some(e)) => self.end_minus_start(items, e),
            (None, None) => None,
        };
        if let (Some(range), Some(first)) = (length, items.first_mut()) {
            first.duration = Some(Box::new(range));
        }
        Some(SceneLine::Property(p))
    }

    /// A `duration` cell: `3d`, `1h30m`, or `for 3d`.
    fn duration(&mut self, cell: &Cell) -> Option<RangeLit> {
        let written = cell.value.trim();
        let written = written.strip_prefix("for ").unwrap_or(written).trim();
        let span = self.cell_span(cell);
        match crate::syntax::literal::duration(&written.replace(' ', "")) {
            Ok(d) => Some(RangeLit {
                min: Some(d),
                max: Some(d),
                dotted: false,
                span,
            }),
            Err(e) => {
                self.diagnostics.push(
                    Diagnostic::error(
                        codes::EXPECTED_RANGE,
                        format!("`{}` is not a duration", crate::text::clip(written)),
                    )
                    .primary(span, e.label)
                    .help(e.help),
                );
                None
            }
        }
    }

    /// The length from the start date to an `end` cell's date.
    fn end_minus_start(&mut self, items: &[StoryItem], cell: &Cell) -> Option<RangeLit> {
        let from = items.iter().find_map(|i| match &i.constraint {
            Some(StoryConstraint::At { from, .. }) => Some(from.value.first_second()),
            _ => None,
        })?;
        let SceneLine::Property(Property {
            value: PropertyValue::Story(end),
            ..
        }) = self.start_date(cell)
        else {
            return None;
        };
        let to = end.iter().find_map(|i| match &i.constraint {
            Some(StoryConstraint::At { from, .. }) => Some(from.value.first_second()),
            _ => None,
        })?;
        let span = self.cell_span(cell);
        let Ok(seconds) = u64::try_from(to - from) else {
            self.diagnostics.push(
                Diagnostic::error(
                    codes::EXPECTED_RANGE,
                    "the end date is before the start date",
                )
                .primary(span, "ends before it starts")
                .help("write an end date on or after the start date"),
            );
            return None;
        };
        let d = crate::time::Duration::from_parts(&[(seconds, crate::time::Unit::Second)]).ok()?;
        Some(RangeLit {
            min: Some(d),
            max: Some(d),
            dotted: false,
            span,
        })
    }
}

/// `'=x` is `=x`: the `'` only kept a spreadsheet from running the value.
fn unneutralise(text: &str) -> &str {
    match text.strip_prefix('\'') {
        Some(rest) if crate::text::escape::starts_formula(rest) => rest,
        _ => text,
    }
}

/// A scene property line.
fn property(key: &str, value: PropertyValue, span: Span) -> SceneLine {
    SceneLine::Property(Property {
        key: Name {
            text: key.into(),
            span,
        },
        value,
        span,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scene_ids(tree: &SourceTree) -> Vec<String> {
        tree.scenes().map(|s| s.id.text.to_string()).collect()
    }

    #[test]
    fn titles_slug_into_unique_ids_and_cast_is_declared_once() {
        let text = "Title,Participants\nThe Ferry,Ada|Can\nThe Ferry,\"Can, Ada\"\n";
        let (tree, d) = read(FileId(0), text, b',', &[]);
        assert!(d.is_empty(), "{d:?}");
        assert_eq!(scene_ids(&tree), ["the-ferry", "the-ferry-2"]);
        let declared: Vec<&str> = tree
            .items
            .iter()
            .filter_map(|i| match i {
                Item::Character(c) => Some(c.name.text.as_str()),
                _ => None,
            })
            .collect();
        assert_eq!(declared, ["Ada", "Can"]);
        // Each name spans its own text in the file.
        let Some(Item::Scene(s)) = tree.items.iter().find(|i| matches!(i, Item::Scene(_))) else {
            panic!("no scene")
        };
        let Some(PropertyValue::Cast(cast)) = s.properties().next().map(|p| &p.value) else {
            panic!("no cast")
        };
        let can = cast[1].name.span;
        assert_eq!(&text[can.start as usize..can.end as usize], "Can");
    }

    #[test]
    fn a_header_only_table_has_no_scenes_and_no_errors() {
        let (tree, d) = read(FileId(0), "id,title\n", b',', &[]);
        assert!(tree.items.is_empty() && d.is_empty());
        let (tree, d) = read(FileId(0), "", b',', &[]);
        assert!(tree.items.is_empty() && d.is_empty());
    }

    #[test]
    fn a_neutralised_cell_reads_as_written_before() {
        assert_eq!(unneutralise("'=SUM(A1)"), "=SUM(A1)");
        assert_eq!(unneutralise("'quoted"), "'quoted");
        assert_eq!(unneutralise("-"), "-");
    }

    proptest::proptest! {
        /// Any text: no panic, and every span lies inside the text.
        #[test]
        fn any_text_reads_with_spans_inside(text in "(\\PC|[,\"\t\r\n|'=])*") {
            for delimiter in [b',', b'\t'] {
                let (_, d) = read(FileId(0), &text, delimiter, &[]);
                for label in d.iter().flat_map(|d| &d.labels) {
                    proptest::prop_assert!(label.span.end as usize <= text.len());
                }
            }
            let _ = storycurve::read(FileId(0), &text);
        }
    }
}
