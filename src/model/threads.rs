//! Threads (plotlines): `thread NAME[: #rrggbb]` declarations and the
//! `thread: NAME, NAME` property of scenes.
//!
//! Declaring a thread is optional: a scene may name any thread, which then
//! exists from its first use. Names match by the one folding rule of
//! character names ([`fold_name`]), so `thread: istanbul` joins
//! `thread Istanbul`. Once a story declares threads, a scene naming an
//! undeclared one is warning `W0901` (most likely a typo), with the
//! nearest declared name; the scene still joins a thread of that name, so
//! nothing downstream loses the scene.

use std::collections::HashMap;

use crate::diagnostics::{codes, Diagnostic};
use crate::model::{fold_name, NameMap, Thread, ThreadId};
use crate::syntax::tree;
use crate::text::clip;
use crate::text::suggest::Suggester;

/// Folded thread names to their index in [`crate::model::Story::threads`].
#[derive(Default)]
pub(super) struct ThreadIndex {
    by_folded: HashMap<String, ThreadId>,
    /// Whether any `thread NAME` line declared one.
    any_declared: bool,
}

impl ThreadIndex {
    /// `thread NAME[: #rrggbb]`; a name declared twice is `E0201`.
    pub(super) fn declare(
        &mut self,
        threads: &mut NameMap<String, Thread>,
        decl: &tree::ThreadDecl,
        diagnostics: &mut Vec<Diagnostic>,
    ) {
        let folded = fold_name(&decl.name.text);
        if let Some(first) = self.by_folded.get(&folded) {
            let first = threads[first.0 as usize].span;
            diagnostics.push(super::resolve::duplicate(
                "thread",
                &decl.name.text,
                decl.name.span,
                first,
            ));
            return;
        }
        self.any_declared = true;
        let id = ThreadId(threads.len() as u32);
        self.by_folded.insert(folded, id);
        threads.insert(
            decl.name.text.to_string(),
            Thread {
                name: decl.name.text.to_string(),
                color: decl.color.map(|c| c.hex()),
                declared: true,
                span: decl.name.span,
            },
        );
    }

    /// The threads a scene's `thread:` line names, each once, in the
    /// story's thread order; an undeclared one is made (and warned about when the story
    /// declares threads).
    pub(super) fn scene_threads(
        &mut self,
        threads: &mut NameMap<String, Thread>,
        names: &[tree::Name],
        diagnostics: &mut Vec<Diagnostic>,
    ) -> Vec<ThreadId> {
        let mut out: Vec<ThreadId> = Vec::with_capacity(names.len());
        for name in names {
            let folded = fold_name(&name.text);
            let id = match self.by_folded.get(&folded) {
                Some(&id) => id,
                None => {
                    if self.any_declared {
                        diagnostics.push(unknown(threads, name));
                    }
                    let id = ThreadId(threads.len() as u32);
                    self.by_folded.insert(folded, id);
                    threads.insert(
                        name.text.to_string(),
                        Thread {
                            name: name.text.to_string(),
                            color: None,
                            declared: false,
                            span: name.span,
                        },
                    );
                    id
                }
            };
            if !out.contains(&id) {
                out.push(id);
            }
        }
        // In the story's thread order, so every list and drawing agrees.
        out.sort_unstable();
        out
    }
}

/// `W0901` for `name`, with the nearest declared thread.
fn unknown(threads: &NameMap<String, Thread>, name: &tree::Name) -> Diagnostic {
    let declared = threads
        .values()
        .filter(|t| t.declared)
        .map(|t| t.name.as_str());
    let near = Suggester::new(declared)
        .closest(&name.text)
        .map(str::to_string);
    let shown = clip(&name.text);
    Diagnostic::warning(
        codes::UNKNOWN_THREAD,
        format!("thread `{shown}` is not declared"),
    )
    .primary(name.span, "no `thread` line declares it")
    .help(match near {
        Some(n) => format!("did you mean `{n}`? otherwise declare `thread {shown}`"),
        None => format!("declare it at the top level with `thread {shown}`"),
    })
}

#[cfg(test)]
mod tests {
    use crate::diagnostics::codes;
    use crate::span::FileId;
    use crate::syntax;

    fn run(text: &str) -> (crate::model::Story, Vec<String>) {
        let (tree, d) = syntax::parse(FileId(0), text);
        assert!(d.is_empty(), "{d:#?}");
        let (story, d) = crate::model::resolve(&[&tree], "t");
        (story, d.iter().map(|d| d.code.to_string()).collect())
    }

    #[test]
    fn declared_threads_keep_their_colour_and_order() {
        let (story, codes_found) = run(
            "thread B plot: #A0b\nthread Main\nscene a: A\n  thread: main, b PLOT, Main\nscene b: B\n  thread: Main\n",
        );
        assert!(codes_found.is_empty(), "{codes_found:?}");
        let names: Vec<&str> = story.threads.keys().map(String::as_str).collect();
        assert_eq!(names, ["B plot", "Main"]);
        assert_eq!(story.threads[0].color.as_deref(), Some("#aa00bb"));
        let a = &story.scenes[0];
        // Folded names find the declaration; a repeat is dropped.
        assert_eq!(a.threads.len(), 2);
        assert_eq!(story.thread(a.threads[0]).name, "B plot");
        assert_eq!(story.thread(a.threads[1]).name, "Main");
    }

    #[test]
    fn undeclared_threads_exist_and_warn_only_when_some_are_declared() {
        let (story, found) = run("scene a: A\n  thread: Ana, Ben\nscene b: B\n  thread: ben\n");
        assert!(found.is_empty());
        assert_eq!(story.threads.len(), 2);
        assert!(!story.threads[0].declared);
        assert_eq!(story.scenes[1].threads, story.scenes[0].threads[1..]);
        let (story, found) = run("thread Main\nscene a: A\n  thread: Mian\n");
        assert_eq!(found, [codes::UNKNOWN_THREAD.to_string()]);
        assert_eq!(story.threads.len(), 2);
    }

    #[test]
    fn a_thread_declared_twice_is_a_duplicate() {
        let (_, found) = run("thread Main\nthread main\nscene a: A\n");
        assert_eq!(found, [codes::DUPLICATE.to_string()]);
    }
}
