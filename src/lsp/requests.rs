//! The answers to requests about a document, each read from the last
//! analysis of its story: definition, references, hover and the outline.
//! (Completion is in [`super::completion`]; formatting needs only the
//! document's text and stays in [`super::server`].)

use lsp_types as lsp;
use serde::ser::{SerializeSeq, SerializeStruct};
use serde::{Serialize, Serializer};

use super::analysis::{Analysis, Locator, Positions};
use super::convert::Encoding;
use super::hover;
use super::index::{Index, Occurrence, Symbol};
use super::outline::{self, Entry};
use crate::span::FileId;
use crate::syntax::SourceTree;

/// A document of an analysis, and the client's position encoding.
#[derive(Clone, Copy)]
pub struct Target<'a> {
    /// The analysis.
    pub a: &'a Analysis,
    /// The document's file in it.
    pub file: FileId,
    /// The client's position encoding.
    pub encoding: Encoding,
}

impl<'a> Target<'a> {
    /// The index of the document's story and the name at `position`.
    fn occurrence(&self, position: lsp::Position) -> Option<(&'a Index, &'a Occurrence)> {
        let (index, _) = self.a.story(self.file)?;
        let offset = self.a.positions(self.file, self.encoding).offset(position);
        Some((index, index.at(self.file, offset)?))
    }
}

/// Where the name at `position` is declared.
pub fn definition(t: Target, position: lsp::Position) -> Option<lsp::GotoDefinitionResponse> {
    let (index, o) = t.occurrence(position)?;
    let mut locator = Locator::new(t.a, t.encoding);
    let found: Vec<lsp::Location> = index
        .definitions(&o.symbol)
        .filter_map(|d| locator.location(d.span))
        .collect();
    (!found.is_empty()).then_some(lsp::GotoDefinitionResponse::Array(found))
}

/// Everything the name at `position` is written, with its declarations
/// if asked.
pub fn references(
    t: Target,
    position: lsp::Position,
    with_definitions: bool,
) -> Option<Vec<lsp::Location>> {
    let (index, o) = t.occurrence(position)?;
    let mut locator = Locator::new(t.a, t.encoding);
    Some(
        index
            .references(&o.symbol, with_definitions)
            .filter_map(|r| locator.location(r.span))
            .collect(),
    )
}

/// What the name at `position` is ([`hover`](mod@hover)).
pub fn hover(t: Target, position: lsp::Position) -> Option<lsp::Hover> {
    let (_, o) = t.occurrence(position)?;
    let (_, (loaded, chronology)) = t.a.story(t.file)?;
    let value = match &o.symbol {
        Symbol::Scene(name) => hover::scene(&loaded.story, chronology.as_ref(), name),
        symbol => hover::describe(&loaded.story, chronology.as_ref(), &t.a.ws.sources, symbol),
    }?;
    Some(lsp::Hover {
        contents: lsp::HoverContents::Markup(lsp::MarkupContent {
            kind: lsp::MarkupKind::Markdown,
            value,
        }),
        range: Some(t.a.positions(t.file, t.encoding).range(o.span)),
    })
}

/// The document's outline ([`outline`]), ready to be serialized as the
/// protocol's nested `DocumentSymbol[]`.
pub fn symbols<'a>(t: Target<'a>) -> Symbols<'a> {
    let tree =
        t.a.ws
            .stories
            .iter()
            .flat_map(|s| &s.trees)
            .find(|tree| tree.file == t.file);
    Symbols {
        tree,
        positions: t.a.positions(t.file, t.encoding),
    }
}

/// A file's outline with its positions. It serializes straight to the
/// protocol's JSON, one entry at a time as the outline is read from the
/// tree, so answering costs the bytes sent, not a list of entries, protocol
/// structs and JSON values besides.
pub struct Symbols<'a> {
    tree: Option<&'a SourceTree>,
    positions: Positions<'a>,
}

impl Serialize for Symbols<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut seq = s.serialize_seq(None)?;
        for entry in self
            .tree
            .into_iter()
            .flat_map(|t| outline::entries(t, outline::LIMIT))
        {
            seq.serialize_element(&SymbolJson {
                entry: &entry,
                positions: &self.positions,
            })?;
        }
        seq.end()
    }
}

/// One outline entry as a `DocumentSymbol`.
struct SymbolJson<'a> {
    entry: &'a Entry,
    positions: &'a Positions<'a>,
}

impl Serialize for SymbolJson<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let e = self.entry;
        let kind = match e.kind {
            outline::Kind::Header => lsp::SymbolKind::PROPERTY,
            outline::Kind::Era => lsp::SymbolKind::NAMESPACE,
            outline::Kind::Marker => lsp::SymbolKind::ENUM,
            outline::Kind::Value => lsp::SymbolKind::ENUM_MEMBER,
            outline::Kind::Character => lsp::SymbolKind::OBJECT,
            outline::Kind::Thread => lsp::SymbolKind::NAMESPACE,
            outline::Kind::Scene => lsp::SymbolKind::EVENT,
        };
        let mut st = s.serialize_struct("DocumentSymbol", 6)?;
        st.serialize_field("name", &e.name)?;
        if let Some(detail) = &e.detail {
            st.serialize_field("detail", detail)?;
        }
        st.serialize_field("kind", &kind)?;
        st.serialize_field("range", &self.positions.range(e.span))?;
        st.serialize_field("selectionRange", &self.positions.range(e.name_span))?;
        if !e.children.is_empty() {
            let children: Vec<SymbolJson> = e
                .children
                .iter()
                .map(|entry| SymbolJson {
                    entry,
                    positions: self.positions,
                })
                .collect();
            st.serialize_field("children", &children)?;
        }
        st.end()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lsp::analysis::{Snapshot, StoryKey};
    use crate::workspace::Workspace;

    fn analysis(text: &str) -> Analysis {
        let doc = Snapshot {
            uri: "untitled:a".into(),
            version: 1,
            text: text.into(),
        };
        let ws = Workspace::from_text("a.scenes", text);
        let resolved = ws.resolve().into_iter().map(|l| (l, None)).collect();
        Analysis::new(
            StoryKey::of(&doc.uri),
            1,
            ws,
            (Vec::new(), resolved),
            &[doc],
        )
    }

    #[test]
    fn symbols_serialize_as_the_protocols_document_symbols() {
        let text = "title: T\nmarker hair:\n  dark:\n\nscene a: Á\n  story: 2020\n";
        let a = analysis(text);
        let t = Target {
            a: &a,
            file: FileId(0),
            encoding: Encoding::Utf16,
        };
        let ours = serde_json::to_value(symbols(t)).unwrap();
        // The same entries through the protocol's own types.
        let theirs: Vec<lsp::DocumentSymbol> = serde_json::from_value(ours.clone()).unwrap();
        assert_eq!(serde_json::to_value(&theirs).unwrap(), ours);
        let names: Vec<&str> = theirs.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["title", "hair", "a"]);
        assert_eq!(theirs[1].children.as_ref().unwrap()[0].name, "dark");
        assert!(theirs[1].detail.is_none());
        assert_eq!(theirs[2].detail.as_deref(), Some("Á"));
        assert_eq!(theirs[2].kind, lsp::SymbolKind::EVENT);
        assert_eq!(
            theirs[2].range,
            lsp::Range::new(lsp::Position::new(4, 0), lsp::Position::new(5, 13))
        );
    }

    #[test]
    fn requests_on_a_stale_position_are_clamped_not_refused() {
        let a = analysis("scene a: A\n  story: 2020\n\nscene b: B\n  story: after a\n");
        let t = Target {
            a: &a,
            file: FileId(0),
            encoding: Encoding::Utf8,
        };
        // `after a` → `scene a`.
        let found = definition(t, lsp::Position::new(4, 15)).unwrap();
        let lsp::GotoDefinitionResponse::Array(found) = found else {
            panic!("{found:?}")
        };
        assert_eq!(found[0].range.start, lsp::Position::new(0, 6));
        // A position past the end (the client typed since): no answer,
        // no panic.
        assert!(definition(t, lsp::Position::new(99, 99)).is_none());
        assert!(hover(t, lsp::Position::new(0, 9999)).is_none());
    }
}
