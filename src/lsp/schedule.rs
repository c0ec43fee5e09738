//! When to analyse which story: debounced, one analysis at a time, and
//! never an analysis of text that is already out of date when it starts.
//!
//! Every change to a story (a document opened, edited, saved or closed)
//! gives it a new generation and a due time [`DEBOUNCE`] later; another
//! change before then pushes the due time back, so a burst of edits (or of
//! `didOpen`s of a whole directory) costs one analysis. When the analyser
//! is free, the story due first is handed to it with the generation it
//! has then. A result whose generation is no longer the story's latest is
//! superseded: it may still answer requests (it is the newest result
//! there is), but its diagnostics are not published; the story is due
//! again and is analysed with its newest text.

use std::collections::HashMap;
use std::hash::Hash;
use std::time::{Duration, Instant};

/// How long a story must go unchanged before it is analysed.
pub const DEBOUNCE: Duration = Duration::from_millis(40);

/// The state of one story.
#[derive(Clone, Copy, Debug)]
struct Story {
    /// The generation of its latest change.
    generation: u64,
    /// When to analyse it, if a change has not been handed out yet.
    due: Option<Instant>,
}

/// The schedule of every story with open documents.
#[derive(Debug)]
pub struct Schedule<K> {
    stories: HashMap<K, Story>,
    /// The story being analysed and the generation it was handed out at.
    busy: Option<(K, u64)>,
    next_generation: u64,
}

impl<K: Clone + Eq + Hash> Default for Schedule<K> {
    fn default() -> Self {
        Schedule {
            stories: HashMap::new(),
            busy: None,
            next_generation: 1,
        }
    }
}

impl<K: Clone + Eq + Hash + Ord> Schedule<K> {
    /// Note a change to `key` at `now`; returns its new generation.
    pub fn changed(&mut self, key: K, now: Instant) -> u64 {
        let generation = self.next_generation;
        self.next_generation += 1;
        self.stories.insert(
            key,
            Story {
                generation,
                due: Some(now + DEBOUNCE),
            },
        );
        generation
    }

    /// Drop a story with no open document left.
    pub fn forget(&mut self, key: &K) {
        self.stories.remove(key);
    }

    /// When something next becomes due, if the analyser is free.
    pub fn next_due(&self) -> Option<Instant> {
        if self.busy.is_some() {
            return None;
        }
        self.stories.values().filter_map(|s| s.due).min()
    }

    /// The story to analyse now, with its generation: the one due first
    /// (ties by key, so the order is deterministic), if the analyser is
    /// free and it is due.
    pub fn start(&mut self, now: Instant) -> Option<(K, u64)> {
        if self.busy.is_some() {
            return None;
        }
        let (key, story) = self
            .stories
            .iter_mut()
            .filter(|(_, s)| s.due.is_some_and(|d| d <= now))
            .min_by(|a, b| (a.1.due, a.0).cmp(&(b.1.due, b.0)))?;
        story.due = None;
        let started = (key.clone(), story.generation);
        self.busy = Some(started.clone());
        Some(started)
    }

    /// The analysis of `key` at `generation` is done: true if it is still
    /// the story's latest, so its diagnostics may be published.
    pub fn finished(&mut self, key: &K, generation: u64) -> bool {
        if self
            .busy
            .as_ref()
            .is_some_and(|(k, g)| k == key && *g == generation)
        {
            self.busy = None;
        }
        self.is_latest(key, generation)
    }

    /// True if `generation` is the latest of `key`.
    pub fn is_latest(&self, key: &K, generation: u64) -> bool {
        self.stories
            .get(key)
            .is_some_and(|s| s.generation == generation)
    }

    /// True if `key` has a change not analysed yet (due or running).
    pub fn pending(&self, key: &K) -> bool {
        self.stories.get(key).is_some_and(|s| s.due.is_some())
            || self.busy.as_ref().is_some_and(|(k, _)| k == key)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn a_burst_of_changes_is_one_analysis_after_the_last() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        for i in 0..200 {
            s.changed("dir", t0 + ms(i));
        }
        let last = t0 + ms(199);
        assert_eq!(s.next_due(), Some(last + DEBOUNCE));
        // Not before the debounce has passed since the last change …
        assert_eq!(s.start(last + DEBOUNCE - ms(1)), None);
        // … then once, with the latest generation.
        let (key, generation) = s.start(last + DEBOUNCE).unwrap();
        assert_eq!((key, generation), ("dir", 200));
        assert_eq!(s.start(last + DEBOUNCE), None);
        assert!(s.finished(&"dir", generation));
        assert_eq!(s.next_due(), None);
        assert!(!s.pending(&"dir"));
    }

    #[test]
    fn a_change_during_an_analysis_supersedes_it() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        s.changed("a", t0);
        let (_, first) = s.start(t0 + DEBOUNCE).unwrap();
        let later = t0 + DEBOUNCE + ms(5);
        s.changed("a", later);
        // One analysis at a time: nothing due while busy.
        assert_eq!(s.next_due(), None);
        assert_eq!(s.start(later + DEBOUNCE), None);
        assert!(!s.finished(&"a", first), "superseded");
        assert!(s.pending(&"a"));
        let (_, second) = s.start(later + DEBOUNCE).unwrap();
        assert!(second > first);
        assert!(s.finished(&"a", second));
    }

    #[test]
    fn stories_are_analysed_in_order_of_their_due_time() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        s.changed("late", t0 + ms(10));
        s.changed("early", t0);
        s.changed("tie", t0);
        let end = t0 + ms(100);
        let (first, g) = s.start(end).unwrap();
        assert_eq!(first, "early", "due first, ties by key");
        s.finished(&first, g);
        let (second, g) = s.start(end).unwrap();
        assert_eq!(second, "tie");
        s.finished(&second, g);
        assert_eq!(s.start(end).unwrap().0, "late");
    }

    #[test]
    fn a_forgotten_story_is_never_latest() {
        let t0 = Instant::now();
        let mut s = Schedule::default();
        let g = s.changed("a", t0);
        let started = s.start(t0 + DEBOUNCE).unwrap();
        s.forget(&"a");
        assert!(!s.finished(&started.0, g));
        assert_eq!(s.next_due(), None);
    }
}
