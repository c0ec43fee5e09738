//! Independent pieces of work shared between two threads, with the results
//! in the order of the pieces whichever thread made them.
//!
//! The machine this tool is measured on has two cores, and the work that
//! splits well (drawing several views of one story) splits into a handful
//! of pieces of very different sizes: a lanes view of a million scenes
//! takes many times a works view. So the pieces are not halved up front;
//! each thread takes the next piece not yet taken, and a long piece on one
//! thread leaves the rest to the other. The results are put back in the
//! pieces' order, so what a caller prints or writes does not depend on
//! which thread was faster.

use std::sync::atomic::{AtomicUsize, Ordering};

/// `f` of every item, in the items' order; on two threads when there are
/// two items or more and a [`second_core`].
///
/// A panic in `f` on the second thread is raised again on the caller's,
/// as it would have been on one thread.
pub fn map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    if items.len() < 2 || !second_core() {
        return items.iter().map(&f).collect();
    }
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(item) = items.get(i) else {
                return done;
            };
            done.push((i, f(item)));
        }
    };
    let (mut mine, theirs) = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mine = work();
        match other.join() {
            Ok(theirs) => (mine, theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
    });
    mine.extend(theirs);
    // Each index was taken once, so sorting by it restores the items' order.
    mine.sort_unstable_by_key(|&(i, _)| i);
    mine.into_iter().map(|(_, r)| r).collect()
}

/// Whether a second thread may help: more than one core.
pub fn second_core() -> bool {
    std::thread::available_parallelism().map_or(1, usize::from) >= 2
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Mutex;

    #[test]
    fn results_come_back_in_the_order_of_the_items() {
        // The first item is slow, so on two threads the second thread takes
        // every later item before the first is done: the order of the
        // results still follows the items.
        let items: Vec<u64> = (0..50).collect();
        let out = map(&items, |&i| {
            if i == 0 {
                std::thread::sleep(std::time::Duration::from_millis(30));
            }
            i * 10
        });
        assert_eq!(out, (0..50).map(|i| i * 10).collect::<Vec<_>>());
    }

    #[test]
    fn every_item_is_done_exactly_once() {
        let seen = Mutex::new(Vec::new());
        let items: Vec<usize> = (0..200).collect();
        let out = map(&items, |&i| {
            seen.lock().unwrap().push(i);
            i
        });
        let mut seen = seen.into_inner().unwrap();
        seen.sort_unstable();
        assert_eq!(seen, items);
        assert_eq!(out, items);
    }

    #[test]
    fn none_and_one_item_need_no_thread() {
        let none: [u8; 0] = [];
        assert!(map(&none, |&b| b).is_empty());
        let caller = std::thread::current().id();
        assert_eq!(
            map(&[7], |&x| (x, std::thread::current().id())),
            [(7, caller)]
        );
    }

    #[test]
    fn two_items_use_two_threads_when_there_are_two_cores() {
        // Asked of the system here, not through `second_core`, so that a
        // wrong answer from it fails this test rather than skipping it.
        if std::thread::available_parallelism().map_or(1, usize::from) < 2 {
            return;
        }
        // Each item waits until both have started: on one thread this
        // would never finish, so a barrier with a timeout tells.
        let started = AtomicUsize::new(0);
        let out = map(&[0, 1], |_| {
            started.fetch_add(1, Ordering::SeqCst);
            let t = std::time::Instant::now();
            while started.load(Ordering::SeqCst) < 2 {
                if t.elapsed() > std::time::Duration::from_secs(10) {
                    return None;
                }
                std::thread::yield_now();
            }
            Some(std::thread::current().id())
        });
        let (a, b) = (
            out[0].expect("both ran at once"),
            out[1].expect("both ran at once"),
        );
        assert_ne!(a, b);
    }

    #[test]
    #[should_panic(expected = "piece 3")]
    fn a_panic_on_either_thread_reaches_the_caller() {
        let items: Vec<usize> = (0..8).collect();
        map(&items, |&i| {
            if i == 3 {
                panic!("piece 3");
            }
            i
        });
    }
}
