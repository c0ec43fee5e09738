//! Final Draft `.fdx` scripts read into the same syntax tree as Fountain.
//!
//! The XML is parsed by `roxmltree` with document type declarations
//! refused, so no entity is ever expanded beyond the five built-in ones and
//! character references, and no external file is ever named, let alone
//! read: a billion-laughs document or one with an external entity is an
//! error at its `<!DOCTYPE`, read in bounded memory.
//!
//! The paragraphs then drive the Fountain tree builder
//! ([`crate::fountain`]), so scenes, cast (extensions such as `(V.O.)`
//! stripped), page-time, note tags, declarations and `--infer` mean exactly
//! what they mean in a Fountain script:
//!
//! | Final Draft | chronotope |
//! |---|---|
//! | `<Paragraph Type="Scene Heading">` | a scene; its `Number` attribute the scene number |
//! | `Character` | a cast member of the open scene |
//! | `Dialogue`, `Parenthetical`, `Action`, `General`, `Shot`, `Transition`, `Lyrics` | page length |
//! | `<ScriptNote>` text, `[[…]]` inline | tags and declarations, as Fountain notes |
//! | `<TitlePage>` | `title`, `author`, `source`, `draft`, `notes` header fields |
//!
//! Spans point into the `.fdx`. The builder reads note text from a copy of
//! the file in which each text node's decoded text is written at the
//! node's own offset and padded with spaces (`shadow`): a position inside
//! a text node is exact up to its first escape (`&amp;`, `&#233;` …) and
//! shifted left by the bytes each escape saves after it.

mod depth;
mod shadow;
mod title;

use roxmltree::{Document, Node, ParsingOptions};

use crate::diagnostics::{codes, Diagnostic};
use crate::fountain::pagination::{
    wrapped_lines, ACTION_WIDTH, DIALOGUE_WIDTH, PARENTHETICAL_WIDTH,
};
use crate::fountain::reader::{heading_prefix, Reader as Builder};
use crate::fountain::ReadOptions;
use crate::span::{FileId, Span};
use crate::syntax::tree::Name;
use crate::syntax::SourceTree;

use shadow::{Paragraph, Shadow};

/// At most this many XML nodes: far above any screenplay (a feature film
/// has some tens of thousands), and a bound on memory for hostile input.
const NODES_LIMIT: u32 = 2_000_000;

/// Read a Final Draft script. Always returns a tree; malformed XML or a
/// document that is not Final Draft gives an empty tree and one error.
pub fn read(file: FileId, text: &str, options: &ReadOptions) -> (SourceTree, Vec<Diagnostic>) {
    let empty = || SourceTree::new(file, Vec::new());
    let parsing = ParsingOptions {
        allow_dtd: false,
        nodes_limit: NODES_LIMIT,
    };
    if let Some(at) = depth::too_deep(text, depth::DEPTH_LIMIT) {
        let d = Diagnostic::error(
            codes::MALFORMED_XML,
            "the Final Draft file is not well-formed XML",
        )
        .primary(
            char_span(file, text, at),
            format!("elements nested more than {} deep", depth::DEPTH_LIMIT),
        )
        .help("Final Draft nests a few levels deep (FinalDraft, Content, Paragraph, Text); re-save the script from the application that wrote it");
        return (empty(), vec![d]);
    }
    let doc = match Document::parse_with_options(text, parsing) {
        Ok(doc) => doc,
        Err(e) => return (empty(), vec![xml_error(file, text, &e)]),
    };
    let root = doc.root_element();
    if root.tag_name().name() != "FinalDraft" {
        return (empty(), vec![not_final_draft(file, text, root)]);
    }
    let shadow = Shadow::build(text, root);
    let mut builder = Builder::new(file, &shadow.text, options);
    title::header(&mut builder, file, &shadow.title_page);
    for paragraph in &shadow.paragraphs {
        drive(&mut builder, file, paragraph);
    }
    builder.finish()
}

/// Hand one paragraph to the builder: its notes first (a note belongs to
/// the scene open where it is written, so a note in a heading's paragraph
/// tags that scene: it comes after the heading).
fn drive<'t>(b: &mut Builder<'t, '_>, file: FileId, p: &'t Paragraph) {
    let line = p.line();
    let t = p.text.trim();
    let lead = p.text.len() - p.text.trim_start().len();
    let blank_before = u64::from(!t.is_empty());
    match p.kind.as_str() {
        _ if t.is_empty() && p.kind != "Scene Heading" => {}
        "Scene Heading" => {
            let prefix = heading_prefix(t).unwrap_or(0);
            b.heading(&line, lead, prefix, false);
            if let Some((number, range)) = &p.number {
                b.set_scene_number(Name {
                    text: number.as_str().into(),
                    span: Span::new(file, range.start, range.end),
                });
            }
        }
        "Character" => b.character(&line, lead, t),
        "Dialogue" | "Lyrics" => b.count(wrapped_lines(t, DIALOGUE_WIDTH)),
        "Parenthetical" => b.count(wrapped_lines(t, PARENTHETICAL_WIDTH)),
        "Transition" => {
            b.transition(&line, lead, t);
            b.count(blank_before + wrapped_lines(t, ACTION_WIDTH));
        }
        _ => {
            b.on_screen_text(&line, lead, t);
            b.count(blank_before + wrapped_lines(t, ACTION_WIDTH));
        }
    }
    for note in &p.notes {
        b.note(note);
    }
}

/// The byte offset of roxmltree's 1-based row and column (in characters).
fn offset_of(text: &str, pos: roxmltree::TextPos) -> usize {
    let mut start = 0;
    for _ in 1..pos.row {
        match memchr::memchr(b'\n', &text.as_bytes()[start..]) {
            Some(i) => start += i + 1,
            None => break,
        }
    }
    let line = &text[start..];
    let col = usize::try_from(pos.col.saturating_sub(1)).unwrap_or(usize::MAX);
    start + line.char_indices().nth(col).map_or(line.len(), |(i, _)| i)
}

/// A span of one character (or none at the end) at `at`.
fn char_span(file: FileId, text: &str, at: usize) -> Span {
    let len = text[at..].chars().next().map_or(0, char::len_utf8);
    Span::new(file, at, at + len)
}

fn xml_error(file: FileId, text: &str, e: &roxmltree::Error) -> Diagnostic {
    use roxmltree::Error as E;
    let (at, label, help) = match e {
        E::DtdDetected => (
            text.find("<!DOCTYPE").unwrap_or(0),
            "a document type declaration".to_string(),
            "Final Draft files have none; remove the `<!DOCTYPE …>`: entities are never expanded and external files never read",
        ),
        E::NodesLimitReached => (
            0,
            format!("more than {NODES_LIMIT} XML nodes"),
            "split the script; no screenplay needs this many",
        ),
        _ => (
            offset_of(text, e.pos()),
            {
                // The position is the diagnostic's own; not again in words.
                let words = e.to_string();
                let at = format!(" at {}", e.pos());
                words.strip_suffix(&at).unwrap_or(&words).to_string()
            },
            "a Final Draft file is well-formed XML; re-save it from the application that wrote it",
        ),
    };
    Diagnostic::error(
        codes::MALFORMED_XML,
        "the Final Draft file is not well-formed XML",
    )
    .primary(char_span(file, text, at), label)
    .help(help)
}

fn not_final_draft(file: FileId, text: &str, root: Node<'_, '_>) -> Diagnostic {
    let name = root.tag_name().name();
    let start = root.range().start;
    let end = (start + 1 + name.len()).min(text.len());
    Diagnostic::error(
        codes::NOT_FINAL_DRAFT,
        format!(
            "`<{}>` is not a Final Draft document",
            crate::text::clip(name)
        ),
    )
    .primary(Span::new(file, start, end), "the root element is not `<FinalDraft>`")
    .help("a Final Draft script starts `<FinalDraft DocumentType=\"Script\" …>`; read other files with `--input-format`")
}

#[cfg(test)]
mod tests;
