//! Completion: which names fit where the cursor is, from the line up to it
//! and the block it is in, offered from the story's [`Index`].

use std::collections::HashSet;

use lsp_types as lsp;
use lsp_types::CompletionItemKind as ItemKind;

use super::index::{Index, Symbol};
use super::requests::Target;
use crate::model::Story;

/// What may be typed at the cursor.
#[derive(Debug, PartialEq, Eq)]
enum Context {
    /// A top-level keyword.
    Top,
    /// A property name inside a scene.
    Keys,
    /// A scene id (and an era name, in `story:`).
    Scenes { eras: bool },
    /// An era name (in a marker value line).
    Eras,
    /// A character name (in `cast:`).
    Characters,
    /// A value of this marker.
    Values(String),
    /// Nothing we can offer (a title, a date …).
    Nothing,
}

/// The items to offer at `position`, each replacing the word being typed.
pub fn complete(t: Target, position: lsp::Position) -> Vec<lsp::CompletionItem> {
    // A file in no story (it could not be read) still gets keywords.
    let empty = Index::default();
    let (index, story) = match t.a.story(t.file) {
        Some((index, (loaded, _))) => (index, Some(&loaded.story)),
        None => (&empty, None),
    };
    let text = t.a.ws.sources.get(t.file).text();
    let positions = t.a.positions(t.file, t.encoding);
    let cursor = positions.offset(position);
    let line_start = text[..cursor].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..cursor];
    let context = context(text, line_start, before, index);
    let range = lsp::Range {
        start: positions.position(line_start + word_start(before, &context)),
        end: position,
    };
    let mut items = Items {
        range,
        seen: HashSet::new(),
        items: Vec::new(),
    };
    items.offer(&context, index, story);
    items.items
}

/// Where the word being typed starts in `before`: back to a separator (a
/// character's name may hold spaces, so in `cast:` only commas separate),
/// then past leading blanks.
fn word_start(before: &str, context: &Context) -> usize {
    let in_cast = matches!(context, Context::Characters);
    let start = before
        .char_indices()
        .rev()
        .find(|&(_, c)| c == ',' || c == ':' || (!in_cast && c.is_whitespace()))
        .map_or(0, |(i, c)| i + c.len_utf8());
    let typed = &before[start..];
    start + (typed.len() - typed.trim_start().len())
}

/// The items offered so far, each label once.
struct Items {
    range: lsp::Range,
    seen: HashSet<String>,
    items: Vec<lsp::CompletionItem>,
}

impl Items {
    fn add(&mut self, label: &str, kind: ItemKind, detail: Option<String>) {
        if self.seen.insert(label.to_string()) {
            self.items.push(lsp::CompletionItem {
                label: label.to_string(),
                kind: Some(kind),
                detail,
                text_edit: Some(lsp::CompletionTextEdit::Edit(lsp::TextEdit {
                    range: self.range,
                    new_text: label.to_string(),
                })),
                ..Default::default()
            });
        }
    }

    /// Offer what fits `context`.
    fn offer(&mut self, context: &Context, index: &Index, story: Option<&Story>) {
        let defs = index.all_definitions();
        match context {
            Context::Keys => {
                for k in ["screen", "story", "cast", "where", "repeats", "mode"] {
                    self.add(k, ItemKind::KEYWORD, None);
                }
                for d in defs {
                    if let Symbol::Marker(m) = &d.symbol {
                        self.add(m, ItemKind::PROPERTY, Some("marker".into()));
                    }
                }
            }
            Context::Top => {
                for k in ["scene", "era", "marker", "character", "title"] {
                    self.add(k, ItemKind::KEYWORD, None);
                }
            }
            Context::Scenes { eras } => {
                for d in defs {
                    match &d.symbol {
                        Symbol::Scene(id) => {
                            let scene = story.and_then(|s| s.scenes.get(id.as_str()));
                            let title = scene.map(|s| s.title.to_string());
                            self.add(id, ItemKind::EVENT, title);
                        }
                        Symbol::Era(e) if *eras => self.add(e, ItemKind::ENUM, Some("era".into())),
                        _ => {}
                    }
                }
            }
            Context::Eras => {
                for d in defs {
                    if let Symbol::Era(e) = &d.symbol {
                        self.add(e, ItemKind::ENUM, Some("era".into()));
                    }
                }
            }
            Context::Characters => {
                for d in defs {
                    if let Symbol::Character(_) = &d.symbol {
                        self.add(&d.text, ItemKind::VARIABLE, Some("character".into()));
                    }
                }
            }
            Context::Values(marker) => {
                for d in defs {
                    match &d.symbol {
                        Symbol::Value(m, v) if m == marker => {
                            self.add(v, ItemKind::ENUM_MEMBER, Some(format!("{m} value")));
                        }
                        _ => {}
                    }
                }
            }
            Context::Nothing => {}
        }
    }
}

/// Decide the context from the line up to the cursor and the block it is in.
fn context(text: &str, line_start: usize, before: &str, index: &Index) -> Context {
    let indented = before.starts_with([' ', '\t']);
    let trimmed = before.trim_start();
    if trimmed.starts_with('#') || trimmed.starts_with('>') {
        return Context::Nothing;
    }
    let Some((key, _)) = trimmed.split_once(':') else {
        return if indented {
            Context::Keys
        } else {
            Context::Top
        };
    };
    let key = key.trim();
    if !indented {
        return match key.split_whitespace().next() {
            Some("era") => Context::Scenes { eras: false },
            _ => Context::Nothing,
        };
    }
    match key {
        "story" => return Context::Scenes { eras: true },
        "repeats" => return Context::Scenes { eras: false },
        "cast" => return Context::Characters,
        "screen" | "where" | "mode" => return Context::Nothing,
        _ => {}
    }
    // The block the line is in: the nearest line above that is not
    // indented, blank or a comment.
    let block = text[..line_start]
        .lines()
        .rev()
        .find(|l| !l.trim().is_empty() && !l.starts_with([' ', '\t']) && !l.starts_with('#'))
        .unwrap_or("");
    if block.starts_with("marker") {
        return Context::Eras;
    }
    let is_marker = index
        .all_definitions()
        .any(|d| matches!(&d.symbol, Symbol::Marker(m) if m == key));
    if is_marker {
        Context::Values(key.to_string())
    } else {
        Context::Nothing
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    #[test]
    fn contexts_follow_the_line_and_its_block() {
        let text = "marker hair:\n  dark: \ncharacter A\n\nscene a: A\n  story: after \n  hair: \n  cast: \n  \n";
        let (tree, _) = crate::syntax::parse(FileId(0), text);
        let index = Index::build([&tree]);
        let at = |needle: &str| {
            let end = text.find(needle).unwrap() + needle.len();
            let start = text[..end].rfind('\n').map_or(0, |i| i + 1);
            context(text, start, &text[start..end], &index)
        };
        assert_eq!(at("  dark: "), Context::Eras);
        assert_eq!(at("story: after "), Context::Scenes { eras: true });
        assert_eq!(at("hair: "), Context::Values("hair".into()));
        assert_eq!(at("cast: "), Context::Characters);
        assert_eq!(at("cast: \n  "), Context::Keys);
        assert_eq!(at("scene a: "), Context::Nothing);
    }

    #[test]
    fn the_word_typed_ends_at_a_separator() {
        assert_eq!(word_start("  story: after fe", &Context::Nothing), 15);
        assert_eq!(word_start("  cast: Ayşe N", &Context::Characters), 8);
        assert_eq!(word_start("  cast: A, Ayşe N", &Context::Characters), 11);
        assert_eq!(word_start("sc", &Context::Top), 0);
    }
}
