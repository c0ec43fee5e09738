//! Where every name of a story is defined and used, from the syntax trees'
//! spans: scene ids, characters, eras, markers and marker values.
//!
//! The index is built from the trees, not the resolved model, because the
//! model keeps where things are defined but not every place they are named;
//! it also works on a story with errors, which is when an editor needs it
//! most. Names match as the resolver matches them: exactly, except
//! characters, which match by [`fold_name`].

use crate::model::fold_name;
use crate::span::{FileId, Span};
use crate::syntax::tree::{EraBound, Item, MarkerLine, PropertyValue, SceneLine, StoryConstraint};
use crate::syntax::SourceTree;

/// A name that can be defined and referred to.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Symbol {
    /// A scene id.
    Scene(String),
    /// A character, by folded name.
    Character(String),
    /// An era.
    Era(String),
    /// A marker.
    Marker(String),
    /// A value of a marker: `(marker, value)`.
    Value(String, String),
}

/// One place a symbol is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Occurrence {
    /// What is named.
    pub symbol: Symbol,
    /// The name's span.
    pub span: Span,
    /// True where it is declared (`scene ID:`, `character NAME` …).
    pub definition: bool,
    /// The name as written.
    pub text: String,
}

/// Every occurrence in a set of trees, in file order.
#[derive(Clone, Debug, Default)]
pub struct Index {
    /// The occurrences.
    pub occurrences: Vec<Occurrence>,
}

impl Index {
    /// Index the trees of one story.
    pub fn build<'a>(trees: impl IntoIterator<Item = &'a SourceTree>) -> Index {
        let mut ix = Index::default();
        for tree in trees {
            ix.add_tree(tree);
        }
        ix
    }

    fn push(&mut self, symbol: Symbol, name: &crate::syntax::tree::Name, definition: bool) {
        if name.text.is_empty() {
            return;
        }
        self.occurrences.push(Occurrence {
            symbol,
            span: name.span,
            definition,
            text: name.text.to_string(),
        });
    }

    fn add_tree(&mut self, tree: &SourceTree) {
        for item in &tree.items {
            match item {
                Item::Era(e) => {
                    self.push(Symbol::Era(e.name.text.to_string()), &e.name, true);
                    for bound in [&e.from, &e.to].into_iter().flatten() {
                        if let EraBound::Scene(s) = bound {
                            self.push(Symbol::Scene(s.text.to_string()), s, false);
                        }
                    }
                }
                Item::Marker(m) => {
                    self.push(Symbol::Marker(m.name.text.to_string()), &m.name, true);
                    for line in &m.lines {
                        if let MarkerLine::Value(v) = line {
                            let symbol =
                                Symbol::Value(m.name.text.to_string(), v.value.text.to_string());
                            self.push(symbol, &v.value, true);
                            if let Some(era) = &v.era {
                                self.push(Symbol::Era(era.text.to_string()), era, false);
                            }
                        }
                    }
                }
                Item::Character(c) => {
                    self.push(Symbol::Character(fold_name(&c.name.text)), &c.name, true);
                }
                Item::Scene(s) => {
                    self.push(Symbol::Scene(s.id.text.to_string()), &s.id, true);
                    for line in &s.lines {
                        if let SceneLine::Property(p) = line {
                            self.add_property(&p.key, &p.value);
                        }
                    }
                }
                Item::Header(_)
                | Item::Comment(_)
                | Item::Calendar(_)
                | Item::Work(_)
                | Item::Order(_)
                | Item::Thread(_) => {}
            }
        }
    }

    fn add_property(&mut self, key: &crate::syntax::tree::Name, value: &PropertyValue) {
        match value {
            PropertyValue::Story(items) => {
                for c in items.iter().filter_map(|i| i.constraint.as_ref()) {
                    match c {
                        StoryConstraint::Era { era } => {
                            self.push(Symbol::Era(era.text.to_string()), era, false);
                        }
                        StoryConstraint::After { scene, .. }
                        | StoryConstraint::Before { scene, .. }
                        | StoryConstraint::During { scene }
                        | StoryConstraint::Offset { scene, .. } => {
                            self.push(Symbol::Scene(scene.text.to_string()), scene, false);
                        }
                        StoryConstraint::At { .. } => {}
                    }
                }
            }
            PropertyValue::Cast(entries) => {
                for e in entries {
                    self.push(Symbol::Character(fold_name(&e.name.text)), &e.name, false);
                }
            }
            PropertyValue::Repeats(scene) => {
                self.push(Symbol::Scene(scene.text.to_string()), scene, false);
            }
            PropertyValue::Marker(m) => {
                self.push(Symbol::Marker(key.text.to_string()), key, false);
                let symbol = Symbol::Value(key.text.to_string(), m.value.text.to_string());
                self.push(symbol, &m.value, false);
            }
            PropertyValue::PerCharacter(settings) => {
                self.push(Symbol::Marker(key.text.to_string()), key, false);
                for s in settings {
                    let folded = fold_name(&s.character.text);
                    self.push(Symbol::Character(folded), &s.character, false);
                    let symbol = Symbol::Value(key.text.to_string(), s.value.text.to_string());
                    self.push(symbol, &s.value, false);
                }
            }
            PropertyValue::Change(names) => {
                for n in names {
                    self.push(Symbol::Marker(n.text.to_string()), n, false);
                }
            }
            PropertyValue::Screen(_)
            | PropertyValue::Where(_)
            | PropertyValue::Mode(_)
            | PropertyValue::Thread(_)
            | PropertyValue::Day(_)
            | PropertyValue::Time(_)
            | PropertyValue::Invalid => {}
        }
    }

    /// The occurrence under byte `offset` of `file` (its end included, so a
    /// cursor just after a name still finds it).
    pub fn at(&self, file: FileId, offset: usize) -> Option<&Occurrence> {
        let offset = offset as u32;
        self.occurrences
            .iter()
            .find(|o| o.span.file == file && o.span.start <= offset && offset <= o.span.end)
    }

    /// Where `symbol` is defined.
    pub fn definitions<'a>(&'a self, symbol: &'a Symbol) -> impl Iterator<Item = &'a Occurrence> {
        self.occurrences
            .iter()
            .filter(move |o| o.definition && o.symbol == *symbol)
    }

    /// Every place `symbol` is written, with or without its definitions.
    pub fn references<'a>(
        &'a self,
        symbol: &'a Symbol,
        with_definitions: bool,
    ) -> impl Iterator<Item = &'a Occurrence> {
        self.occurrences
            .iter()
            .filter(move |o| o.symbol == *symbol && (with_definitions || !o.definition))
    }

    /// Every definition, in file order.
    pub fn all_definitions(&self) -> impl Iterator<Item = &Occurrence> {
        self.occurrences.iter().filter(|o| o.definition)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syntax;

    #[test]
    fn definitions_and_references_of_every_kind() {
        let text = "title: T\nera past: 2014 .. a\nmarker hair:\n  dark: past #000000\ncharacter Semih Ak\n\nscene a: A\n  story: past, after b by 1d\n  cast: semih  ak\n  hair: dark\n\nscene b: B\n  repeats: a\n";
        let (tree, diags) = syntax::parse(FileId(0), text);
        assert!(diags.is_empty(), "{diags:?}");
        let ix = Index::build([&tree]);
        let count = |s: Symbol, defs: bool| ix.references(&s, defs).count();
        assert_eq!(count(Symbol::Scene("a".into()), false), 2);
        assert_eq!(count(Symbol::Scene("b".into()), true), 2);
        assert_eq!(count(Symbol::Era("past".into()), false), 2);
        assert_eq!(count(Symbol::Character("semih ak".into()), true), 2);
        assert_eq!(count(Symbol::Marker("hair".into()), false), 1);
        assert_eq!(count(Symbol::Value("hair".into(), "dark".into()), true), 2);
        let after_b = text.find("after b").unwrap() + 6;
        let o = ix.at(FileId(0), after_b).unwrap();
        assert_eq!(o.symbol, Symbol::Scene("b".into()));
        let def = ix.definitions(&o.symbol).next().unwrap();
        assert_eq!(&text[def.span.range()], "b");
        assert_eq!(def.span.start as usize, text.find("scene b").unwrap() + 6);
    }
}
