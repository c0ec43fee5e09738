//! The paragraphs of a Final Draft document, and the text the tree builder
//! reads their notes from.
//!
//! The builder parses note tags out of one text with byte ranges, as it
//! does for a Fountain file. Here that text is a *shadow* of the `.fdx`:
//! the file's bytes with every text node read replaced, at its own offset,
//! by its decoded text padded with spaces (decoding never lengthens text:
//! `&amp;` is five bytes for one). Markup between the pieces of one note is
//! blanked the same way, with a line break between its paragraphs, so a
//! note's content is one contiguous range whose spans point into the file.

use std::ops::Range;

use roxmltree::Node;

use crate::fountain::lexer::Note;

/// One paragraph: its type, decoded visible text (notes taken out) and
/// where that text lies in the file.
#[derive(Debug)]
pub(crate) struct Paragraph {
    /// The `Type` attribute (`Scene Heading`, `Action` …), or empty.
    pub kind: String,
    /// The `Number` attribute and the range of its value.
    pub number: Option<(String, Range<usize>)>,
    /// Visible text: the `<Text>` runs joined, `[[…]]` notes removed.
    pub text: String,
    /// (offset in `text`, offset in the file) where each piece starts.
    pub runs: Vec<(usize, usize)>,
    /// Offset of the paragraph element (for empty text).
    pub start: usize,
    /// Inline `[[…]]` notes and `<ScriptNote>`s, in document order.
    pub notes: Vec<Note>,
}

/// The document read into paragraphs, and the shadow text.
pub(crate) struct Shadow {
    /// The file with text nodes decoded in place.
    pub text: String,
    /// The script's paragraphs (`<Content>`), dual dialogue flattened.
    pub paragraphs: Vec<Paragraph>,
    /// The title page's paragraphs.
    pub title_page: Vec<Paragraph>,
}

/// A piece of decoded text: where it starts in the joined text, where in
/// the file, and its length.
#[derive(Clone, Copy)]
struct Piece {
    at: usize,
    file: usize,
    len: usize,
}

fn is(node: &Node<'_, '_>, name: &str) -> bool {
    node.is_element() && node.tag_name().name() == name
}

impl Shadow {
    /// Read the paragraphs under `root` (a `<FinalDraft>` element).
    pub(crate) fn build(text: &str, root: Node<'_, '_>) -> Shadow {
        let mut bytes = text.as_bytes().to_vec();
        let mut paragraphs = Vec::new();
        let mut title_page = Vec::new();
        let mut loose = Vec::new();
        for child in root.children() {
            if is(&child, "Content") {
                paragraphs.extend(walk(&mut bytes, child));
            } else if is(&child, "TitlePage") {
                for content in child.children().filter(|n| is(n, "Content")) {
                    title_page.extend(walk(&mut bytes, content));
                }
            } else if is(&child, "ScriptNotes") {
                for n in child.children().filter(|n| is(n, "ScriptNote")) {
                    let at = range_start(n);
                    loose.extend(script_note(&mut bytes, n).map(|note| (at, note)));
                }
            }
        }
        attach(&mut paragraphs, loose);
        // Only whole text nodes and markup between them were replaced, by
        // UTF-8 text and spaces, so the bytes stay UTF-8.
        let text = String::from_utf8(bytes)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        Shadow {
            text,
            paragraphs,
            title_page,
        }
    }
}

/// The paragraphs under `content` in document order, with the paragraphs
/// inside containers (`<DualDialogue>`) in their place; omitted scenes and
/// notes' own paragraphs are not script. An explicit stack, no recursion.
fn walk(bytes: &mut [u8], content: Node<'_, '_>) -> Vec<Paragraph> {
    let mut out = Vec::new();
    let mut stack: Vec<Node<'_, '_>> = content.children().rev().collect();
    while let Some(node) = stack.pop() {
        if !node.is_element() || is(&node, "ScriptNote") || is(&node, "OmittedScene") {
            continue;
        }
        if is(&node, "Paragraph") {
            out.push(paragraph(bytes, node));
        }
        if !is(&node, "Text") {
            stack.extend(node.children().filter(|c| !is(c, "Text")).rev());
        }
    }
    out
}

/// Write each text node of `text_elements` into the shadow and return the
/// joined decoded text with its pieces.
fn decode<'a, 'i: 'a>(
    bytes: &mut [u8],
    text_elements: impl Iterator<Item = Node<'a, 'i>>,
) -> (String, Vec<Piece>) {
    let mut joined = String::new();
    let mut pieces = Vec::new();
    for element in text_elements {
        for node in element.children().filter(Node::is_text) {
            let raw = node.range();
            let decoded = node.text().unwrap_or("");
            let fits = decoded.len() <= raw.len() && raw.end <= bytes.len();
            if fits {
                bytes[raw.start..raw.start + decoded.len()].copy_from_slice(decoded.as_bytes());
                bytes[raw.start + decoded.len()..raw.end].fill(b' ');
            }
            pieces.push(Piece {
                at: joined.len(),
                file: raw.start,
                len: if fits { decoded.len() } else { 0 },
            });
            joined.push_str(decoded);
        }
    }
    (joined, pieces)
}

/// The file offset of byte `i` of the joined text.
fn file_offset(pieces: &[Piece], i: usize) -> usize {
    let k = pieces.partition_point(|p| p.at <= i);
    match k.checked_sub(1).and_then(|k| pieces.get(k)) {
        Some(p) => p.file + (i - p.at).min(p.len),
        None => pieces.first().map_or(0, |p| p.file),
    }
}

/// Blank the file between the pieces covering `range` of the joined text,
/// so the range is contiguous in the shadow.
fn blank_between(bytes: &mut [u8], pieces: &[Piece], range: &Range<usize>, newline: bool) {
    for pair in pieces.windows(2) {
        let (a, b) = (pair[0], pair[1]);
        if b.at <= range.start || a.at >= range.end || a.file + a.len > b.file {
            continue;
        }
        let gap = &mut bytes[a.file + a.len..b.file];
        gap.fill(b' ');
        if newline {
            // At the end of the gap, so the next line starts at its text
            // and keeps the indentation the writer gave it.
            if let Some(last) = gap.last_mut() {
                *last = b'\n';
            }
        }
    }
}

fn paragraph(bytes: &mut [u8], node: Node<'_, '_>) -> Paragraph {
    let (joined, pieces) = decode(bytes, node.children().filter(|c| is(c, "Text")));
    let mut notes = Vec::new();
    let mut text = String::with_capacity(joined.len());
    let mut runs = Vec::new();
    let keep = |from: usize, to: usize, text: &mut String, runs: &mut Vec<(usize, usize)>| {
        // One run per piece of file text inside the kept range.
        let mut i = from;
        while i < to {
            let k = pieces.partition_point(|p| p.at <= i);
            let next = pieces.get(k).map_or(to, |p| p.at.min(to));
            runs.push((text.len(), file_offset(&pieces, i)));
            text.push_str(&joined[i..next]);
            i = next;
        }
    };
    let mut from = 0;
    while let Some(open) = joined[from..].find("[[").map(|i| from + i) {
        keep(from, open, &mut text, &mut runs);
        let close = joined[open + 2..].find("]]").map(|i| open + 2 + i);
        let end = close.unwrap_or(joined.len());
        let content = open + 2..end;
        blank_between(bytes, &pieces, &content, false);
        notes.push(Note {
            line: 0,
            open: file_offset(&pieces, open),
            content: file_offset(&pieces, content.start)..file_offset(&pieces, content.end),
            closed: close.is_some(),
        });
        from = close.map_or(joined.len(), |c| c + 2);
    }
    keep(from, joined.len(), &mut text, &mut runs);
    for n in node.children().filter(|c| is(c, "ScriptNote")) {
        notes.extend(script_note(bytes, n));
    }
    let number = node
        .attribute_node("Number")
        .map(|a| (a.value().to_string(), a.range_value()));
    Paragraph {
        kind: node.attribute("Type").unwrap_or("").to_string(),
        number,
        start: pieces.first().map_or(node.range().start, |p| p.file),
        text,
        runs,
        notes,
    }
}

/// A `<ScriptNote>` as one note: its paragraphs' text, one line each.
fn script_note(bytes: &mut [u8], node: Node<'_, '_>) -> Option<Note> {
    let texts = node
        .children()
        .filter(|c| is(c, "Paragraph"))
        .flat_map(|p| p.children().filter(|c| is(c, "Text")));
    let (joined, pieces) = decode(bytes, texts);
    if joined.trim().is_empty() {
        return None;
    }
    blank_between(bytes, &pieces, &(0..joined.len()), true);
    let start = pieces.first().map_or(0, |p| p.file);
    let end = file_offset(&pieces, joined.len());
    Some(Note {
        line: 0,
        open: node.range().start,
        content: start..end.max(start),
        closed: true,
    })
}

/// The character position a `<ScriptNotes>` note is anchored at
/// (`Range="start,length"`).
fn range_start(node: Node<'_, '_>) -> usize {
    node.attribute("Range")
        .and_then(|r| r.split(',').next())
        .and_then(|s| s.trim().parse().ok())
        .unwrap_or(0)
}

/// Give each note of a `<ScriptNotes>` list to the paragraph its range
/// starts in, counting the script's characters paragraph by paragraph
/// with one for each paragraph break (an approximation of Final Draft's
/// count, documented in docs/fdx.md).
fn attach(paragraphs: &mut [Paragraph], mut loose: Vec<(usize, Note)>) {
    if paragraphs.is_empty() {
        return;
    }
    loose.sort_by_key(|(at, _)| *at);
    let mut starts = Vec::with_capacity(paragraphs.len());
    let mut count = 0usize;
    for p in paragraphs.iter() {
        starts.push(count);
        count += p.text.chars().count() + 1;
    }
    for (at, note) in loose {
        let k = starts.partition_point(|&s| s <= at).saturating_sub(1);
        paragraphs[k].notes.push(note);
    }
}

impl Paragraph {
    /// The paragraph as a line of the tree builder.
    pub(crate) fn line(&self) -> crate::fountain::lexer::Line<'_> {
        crate::fountain::lexer::Line {
            index: 0,
            text: std::borrow::Cow::Borrowed(self.text.as_str()),
            start: self.start,
            runs: self.runs.clone(),
            hidden: false,
        }
    }
}
