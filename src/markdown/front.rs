//! YAML front matter: finding the `---` block and reading its top-level
//! keys, with byte offsets into the note so that diagnostics point at the
//! note's own line and column.
//!
//! The YAML is read by `yaml-rust2`'s event parser, never into a document
//! tree: aliases are refused (an alias bomb cannot expand), and the number
//! of events and the nesting depth are bounded. The events are pulled one
//! at a time (`Parser::next_token`), not pushed by `Parser::load`, whose
//! recursion follows the YAML's nesting: twelve thousand `? ` on one line
//! would overflow the stack before any limit of ours was asked.

use yaml_rust2::parser::{Event, MarkedEventReceiver, Parser};
use yaml_rust2::scanner::{Marker, TScalarStyle};

/// More YAML events than this in one note's front matter is refused: real
/// front matter has dozens.
const MAX_EVENTS: usize = 20_000;

/// Mappings and sequences nested deeper than this are refused: real front
/// matter nests two or three deep.
const MAX_DEPTH: usize = 64;

/// One scalar with where it was written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scalar {
    /// The value as YAML reads it.
    pub text: String,
    /// Byte offset of the value's first character in the note (after an
    /// opening quote).
    pub start: usize,
    /// Byte offset just after the value on its first line.
    pub end: usize,
    /// True when `note[start..end] == text`: the value is written as is, so
    /// the scene-file grammar can read it in place.
    pub verbatim: bool,
}

/// A top-level value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Value {
    /// `key: value`
    Scalar(Scalar),
    /// `key: [a, b]` or a block list; nested lists are flattened in order.
    List(Vec<Scalar>),
    /// `key:` with a nested mapping: its keys with their scalars flattened.
    Map(Vec<(Scalar, Vec<Scalar>)>),
}

/// One top-level `key: value`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The key.
    pub key: Scalar,
    /// The value.
    pub value: Value,
    /// Byte offset where the next entry (or the front matter) ends.
    pub end: usize,
}

/// The front matter of a note.
#[derive(Debug, Default)]
pub struct FrontMatter {
    /// Its entries in order.
    pub entries: Vec<Entry>,
    /// Byte offset where the body starts (after the closing `---`).
    pub body: usize,
}

/// Why front matter could not be read.
#[derive(Debug, PartialEq, Eq)]
pub struct FrontError {
    /// Byte span in the note.
    pub start: usize,
    /// End of the span.
    pub end: usize,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub help: String,
}

impl FrontMatter {
    /// The entry of a key, compared exactly.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.entries.iter().find(|e| e.key.text == key)
    }
}

/// Find and read the front matter of `note`. A note without a `---` first
/// line has none (`Ok(None)`).
pub fn read(note: &str) -> Result<Option<FrontMatter>, FrontError> {
    let skip = if note.starts_with('\u{feff}') { 3 } else { 0 };
    let first_end = note[skip..].find('\n').map_or(note.len(), |i| skip + i);
    if note[skip..first_end].trim_end() != "---" {
        return Ok(None);
    }
    let yaml_start = (first_end + 1).min(note.len());
    let Some((yaml_end, body)) = closing_line(note, yaml_start) else {
        return Err(FrontError {
            start: skip,
            end: skip + 3,
            message: "the front matter opened here is never closed".into(),
            help: "end the front matter with a line `---`".into(),
        });
    };
    let entries = entries(note, yaml_start, yaml_end)?;
    Ok(Some(FrontMatter { entries, body }))
}

/// The closing `---` (or `...`) line after `from`: where the YAML ends and
/// where the body starts.
fn closing_line(note: &str, from: usize) -> Option<(usize, usize)> {
    let mut pos = from;
    while pos < note.len() {
        let end = note[pos..].find('\n').map_or(note.len(), |i| pos + i);
        let line = note[pos..end].trim_end();
        if line == "---" || line == "..." {
            return Some((pos, (end + 1).min(note.len())));
        }
        pos = end + 1;
    }
    None
}

/// Events with byte offsets, aliases refused.
struct Collector {
    /// Byte offset of each char of the YAML (the parser counts chars).
    offsets: Vec<usize>,
    base: usize,
    events: Vec<(Event, usize)>,
    refused: Option<FrontError>,
    /// Mappings and sequences open at the current event.
    depth: usize,
}

impl Collector {
    fn byte(&self, mark: &Marker) -> usize {
        self.base + self.offsets.get(mark.index()).copied().unwrap_or(0)
    }
}

impl MarkedEventReceiver for Collector {
    fn on_event(&mut self, ev: Event, mark: Marker) {
        if self.refused.is_some() {
            return;
        }
        let at = self.byte(&mark);
        let refuse = |message: &str, help: &str| FrontError {
            start: at,
            end: at + 1,
            message: message.into(),
            help: help.into(),
        };
        match ev {
            Event::MappingStart(..) | Event::SequenceStart(..) => self.depth += 1,
            Event::MappingEnd | Event::SequenceEnd => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        if matches!(ev, Event::Alias(_)) {
            self.refused = Some(refuse(
                "YAML aliases are not read in front matter",
                "write the value out instead of `*name`",
            ));
        } else if self.depth > MAX_DEPTH {
            self.refused = Some(refuse(
                "the front matter nests too deeply",
                "write the scene's keys as `key: value` lines, a list at most one level down",
            ));
        } else if self.events.len() >= MAX_EVENTS {
            self.refused = Some(refuse(
                "the front matter is too large",
                "keep front matter to the scene's keys",
            ));
        } else {
            self.events.push((ev, at));
        }
    }
}

/// The events of the stream's start and its first document, pulled one at
/// a time (what `Parser::load` gives without `multi`, without recursion),
/// stopping as soon as the collector refuses.
fn pull_first_document<T: Iterator<Item = char>>(
    parser: &mut Parser<T>,
    collector: &mut Collector,
) -> Result<(), yaml_rust2::ScanError> {
    loop {
        let (ev, mark) = parser.next_token()?;
        let last = matches!(ev, Event::StreamEnd | Event::DocumentEnd);
        collector.on_event(ev, mark);
        if last || collector.refused.is_some() {
            return Ok(());
        }
    }
}

/// Parse the YAML in `note[start..end]` into top-level entries.
fn entries(note: &str, start: usize, end: usize) -> Result<Vec<Entry>, FrontError> {
    let yaml = &note[start..end];
    let mut offsets: Vec<usize> = yaml.char_indices().map(|(b, _)| b).collect();
    offsets.push(yaml.len());
    let mut collector = Collector {
        offsets,
        base: start,
        events: Vec::new(),
        refused: None,
        depth: 0,
    };
    let mut parser = Parser::new_from_str(yaml);
    if let Err(e) = pull_first_document(&mut parser, &mut collector) {
        let mut at = collector.byte(e.marker()).min(end);
        // The scanner stops after a stray tab: point at the tab itself.
        if note[..at].ends_with('\t') {
            at -= 1;
        }
        return Err(FrontError {
            start: at,
            end: (at + 1).min(note.len().max(at)),
            message: format!("the front matter is not valid YAML: {}", e.info()),
            help: "front matter is `key: value` lines, indented with spaces, never tabs".into(),
        });
    }
    if let Some(refused) = collector.refused {
        return Err(refused);
    }
    Shape {
        note,
        events: &collector.events,
        i: 0,
    }
    .top(start, end)
}

/// Walks the event list into entries.
struct Shape<'a> {
    note: &'a str,
    events: &'a [(Event, usize)],
    i: usize,
}

impl Shape<'_> {
    fn top(mut self, start: usize, end: usize) -> Result<Vec<Entry>, FrontError> {
        // StreamStart, then DocumentStart unless the YAML is empty.
        while matches!(
            self.events.get(self.i),
            Some((Event::StreamStart | Event::DocumentStart, _))
        ) {
            self.i += 1;
        }
        match self.events.get(self.i) {
            None | Some((Event::StreamEnd | Event::DocumentEnd, _)) => return Ok(Vec::new()),
            Some((Event::MappingStart(..), _)) => self.i += 1,
            Some((_, at)) => {
                return Err(FrontError {
                    start: *at,
                    end: (*at + 1).min(end.max(start)),
                    message: "front matter must be `key: value` lines".into(),
                    help: "write one `key: value` per line, e.g. `title: Opening`".into(),
                })
            }
        }
        let mut out: Vec<Entry> = Vec::new();
        while let Some((Event::Scalar(..), _)) = self.events.get(self.i) {
            let key = self.scalar();
            let value = self.value();
            if let Some(last) = out.last_mut() {
                last.end = key.start;
            }
            out.push(Entry { key, value, end });
        }
        Ok(out)
    }

    /// The scalar at `i`, advancing past it.
    fn scalar(&mut self) -> Scalar {
        let (ev, at) = &self.events[self.i];
        self.i += 1;
        let Event::Scalar(text, style, ..) = ev else {
            return Scalar {
                text: String::new(),
                start: *at,
                end: *at,
                verbatim: false,
            };
        };
        let quoted = matches!(
            style,
            TScalarStyle::SingleQuoted | TScalarStyle::DoubleQuoted
        );
        let start = if quoted { at + 1 } else { *at };
        let rest = self.note.get(start..).unwrap_or("");
        let verbatim = !text.is_empty()
            && rest.starts_with(text.as_str())
            && !text.contains('\n')
            && (!quoted || rest[text.len()..].starts_with(['\'', '"']));
        let end = if verbatim {
            start + text.len()
        } else {
            start + rest.find('\n').unwrap_or(rest.len())
        };
        Scalar {
            text: text.clone(),
            start,
            end,
            verbatim,
        }
    }

    /// The value after a key: a scalar, a flattened list or a mapping.
    fn value(&mut self) -> Value {
        match self.events.get(self.i) {
            Some((Event::Scalar(..), _)) => Value::Scalar(self.scalar()),
            Some((Event::SequenceStart(..), _)) => Value::List(self.flatten()),
            Some((Event::MappingStart(..), _)) => {
                self.i += 1;
                let mut pairs = Vec::new();
                loop {
                    match self.events.get(self.i) {
                        Some((Event::Scalar(..), _)) => {
                            let key = self.scalar();
                            let values = match self.events.get(self.i) {
                                Some((Event::Scalar(..), _)) => vec![self.scalar()],
                                _ => self.flatten(),
                            };
                            pairs.push((key, values));
                        }
                        Some((Event::MappingEnd, _)) => {
                            self.i += 1;
                            break;
                        }
                        // A complex key: skip it and its value.
                        Some(_) => {
                            self.flatten();
                        }
                        None => break,
                    }
                }
                Value::Map(pairs)
            }
            _ => {
                self.i += 1;
                Value::List(Vec::new())
            }
        }
    }

    /// The scalars of the collection starting at `i` whose container is a
    /// list, in order; the collection is skipped whole. A loop with an
    /// explicit stack: nesting depth never deepens the call stack.
    fn flatten(&mut self) -> Vec<Scalar> {
        let mut out = Vec::new();
        let mut in_list: Vec<bool> = Vec::new();
        while let Some((ev, _)) = self.events.get(self.i) {
            match ev {
                Event::SequenceStart(..) => in_list.push(true),
                Event::MappingStart(..) => in_list.push(false),
                Event::SequenceEnd | Event::MappingEnd => {
                    in_list.pop();
                }
                Event::Scalar(..) if in_list.last() == Some(&true) => {
                    out.push(self.scalar());
                    continue;
                }
                _ => {}
            }
            self.i += 1;
            if in_list.is_empty() {
                break;
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fm(note: &str) -> FrontMatter {
        read(note).expect("valid").expect("has front matter")
    }

    #[test]
    fn scalars_lists_and_maps_with_offsets() {
        let note = "---\ntitle: Opening\nCharacter:\n  - \"[[Ada]]\"\n  - Ben\nlongform:\n  scenes:\n    - A\n    - - B\n      - C\n---\nBody\n";
        let f = fm(note);
        assert_eq!(f.entries.len(), 3);
        let Value::Scalar(t) = &f.entries[0].value else {
            panic!()
        };
        assert_eq!(&note[t.start..t.end], "Opening");
        assert!(t.verbatim);
        let Value::List(cast) = &f.entries[1].value else {
            panic!()
        };
        assert_eq!(cast[0].text, "[[Ada]]");
        assert_eq!(&note[cast[0].start..cast[0].end], "[[Ada]]");
        assert!(cast[0].verbatim);
        let Value::Map(pairs) = &f.entries[2].value else {
            panic!()
        };
        let names: Vec<&str> = pairs[0].1.iter().map(|s| s.text.as_str()).collect();
        assert_eq!(names, ["A", "B", "C"]);
        assert_eq!(&note[f.body..], "Body\n");
    }

    #[test]
    fn no_front_matter_and_empty_front_matter() {
        assert!(read("# Title\n").unwrap().is_none());
        assert!(fm("---\n---\n").entries.is_empty());
    }

    #[test]
    fn unclosed_front_matter_points_at_the_opening_line() {
        let e = read("---\ntitle: x\n").unwrap_err();
        assert_eq!((e.start, e.end), (0, 3));
        assert!(e.message.contains("never closed"));
    }

    #[test]
    fn a_tab_indented_mapping_is_an_error_on_its_line() {
        let note = "---\ntitle: x\nmap:\n\tkey: 1\n---\n";
        let e = read(note).unwrap_err();
        let line = note[..e.start].matches('\n').count() + 1;
        assert_eq!(line, 4, "{e:?}");
    }

    #[test]
    fn aliases_are_refused_not_expanded() {
        let mut note = String::from("---\na: &a [x, x, x, x, x, x, x, x, x]\n");
        for i in 0..20 {
            note.push_str(&format!(
                "b{i}: &b{i} [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
            ));
        }
        note.push_str("---\n");
        let e = read(&note).unwrap_err();
        assert!(e.message.contains("aliases"), "{e:?}");
    }

    #[test]
    fn nesting_is_read_to_the_limit_and_refused_past_it() {
        // `x:` opens the top mapping's value: the document's mapping is
        // one level, each `- ` one more.
        let note = |items: usize| format!("---\nx:\n{}a\n---\n", "- ".repeat(items));
        let deepest = fm(&note(MAX_DEPTH - 1));
        assert_eq!(deepest.entries.len(), 1);
        let e = read(&note(MAX_DEPTH)).unwrap_err();
        assert!(e.message.contains("nests too deeply"), "{e:?}");
        // At the item that goes one level too deep.
        assert_eq!(e.start, "---\nx:\n".len() + 2 * (MAX_DEPTH - 1), "{e:?}");
    }

    #[test]
    fn offsets_count_bytes_after_multibyte_text() {
        let note = "---\ntitle: Café\nwhere: Pier\n---\n";
        let f = fm(note);
        let Value::Scalar(w) = &f.entries[1].value else {
            panic!()
        };
        assert_eq!(&note[w.start..w.end], "Pier");
    }
}
