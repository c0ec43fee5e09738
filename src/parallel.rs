//! Work shared between two threads, with the results in the order of the
//! work whichever thread made them.
//!
//! The machine this tool is measured on has two cores. Two kinds of work
//! split well there:
//!
//! * a handful of independent pieces of very different sizes (the views of
//!   one story: a lanes view of a million scenes takes many times a works
//!   view), done by [`map`]. The pieces are not halved up front; each
//!   thread takes the next piece not yet taken, so a long piece on one
//!   thread leaves the rest to the other;
//! * a long table written row by row (the order of a million scenes), done
//!   by [`write_in_chunks`]: every other chunk of rows is made on the
//!   second thread while the caller makes the rest and writes them all in
//!   order, so the table is never held whole.
//!
//! * a long sequence one stage makes and the next takes in order (the
//!   scenes of a story parsed while the ones before them are resolved),
//!   done by [`in_order`]: both threads make the items just ahead of the
//!   caller, which takes them in order as it needs them, so the sequence
//!   is never held whole.
//!
//! Either way the results come back in the work's order, so what a caller
//! prints or writes does not depend on which thread was faster, nor on
//! the number of cores.

use std::io::{self, Write};
use std::ops::Range;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::sync_channel;

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

/// Write `count` items to `out` in their order, `format` appending the
/// items of a range to a buffer. An item's text may depend on its index,
/// not on the text made before it: the chunks are made apart.
///
/// Items go `chunk` at a time. With two chunks or more and a second core,
/// a helper thread formats every other chunk into buffers of its own while
/// the caller's thread formats the rest and writes every chunk in turn: a
/// long table is made on two cores, in order, with a few chunks in memory
/// at a time. A write error stops both threads and is returned.
pub fn write_in_chunks(
    out: &mut dyn Write,
    count: usize,
    chunk: usize,
    format: impl Fn(Range<usize>, &mut String) + Sync,
) -> io::Result<()> {
    let chunk = chunk.max(1);
    let range = |c: usize| c * chunk..((c + 1) * chunk).min(count);
    let chunks = count.div_ceil(chunk);
    let mut mine = String::new();
    if chunks < 2 || !second_core() {
        for c in 0..chunks {
            mine.clear();
            format(range(c), &mut mine);
            out.write_all(mine.as_bytes())?;
        }
        return Ok(());
    }
    // The helper formats the odd chunks. Two buffers go back and forth, so
    // it can fill one while the other waits to be written.
    let (filled_tx, filled) = sync_channel::<String>(2);
    let (empty, empty_rx) = sync_channel::<String>(2);
    for _ in 0..2 {
        // Cannot fail: the receiver is alive and the channel has room.
        let _ = empty.send(String::new());
    }
    std::thread::scope(|scope| {
        let format = &format;
        let helper = scope.spawn(move || {
            for c in (1..chunks).step_by(2) {
                // The caller stopped (a write failed): so does the helper.
                let Ok(mut buffer) = empty_rx.recv() else {
                    return;
                };
                buffer.clear();
                format(range(c), &mut buffer);
                if filled_tx.send(buffer).is_err() {
                    return;
                }
            }
        });
        let written = (|| {
            for c in 0..chunks {
                if c % 2 == 0 {
                    mine.clear();
                    format(range(c), &mut mine);
                    out.write_all(mine.as_bytes())?;
                } else {
                    let buffer = filled
                        .recv()
                        .map_err(|_| io::Error::other("the formatting thread stopped"))?;
                    out.write_all(buffer.as_bytes())?;
                    // The helper may already be done and gone.
                    let _ = empty.send(buffer);
                }
            }
            Ok(())
        })();
        // Unblock a helper waiting for a buffer or for room, then wait.
        drop((filled, empty));
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
        written
    })
}

/// `consume` taking `make` of each job, in the jobs' order, the jobs made on
/// two threads (when there is a [`second_core`]) just ahead of it: the
/// second thread makes the next job not yet taken, a few ahead at most;
/// the caller, when the result it needs next is not ready, makes the next
/// job not yet taken itself rather than wait. So whichever of making and
/// consuming is the slower, both cores work, and only a few results exist
/// at a time.
///
/// If `consume` stops early, the second thread stops after its current
/// job. A panic in `make` on the second thread is raised again on the
/// caller's once `consume` has returned, as it would have been on one
/// thread.
pub fn in_order<J: Sync, T: Send, R>(
    jobs: &[J],
    make: impl Fn(&J) -> T + Sync,
    consume: impl FnOnce(&mut dyn Iterator<Item = T>) -> R,
) -> R {
    if jobs.len() < 2 || !second_core() {
        return consume(&mut jobs.iter().map(make));
    }
    let next = AtomicUsize::new(0);
    std::thread::scope(|scope| {
        // Room for two finished jobs: the second thread then waits.
        let (send, receive) = sync_channel::<(usize, T)>(2);
        let (make, next) = (&make, &next);
        let helper = scope.spawn(move || loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { return };
            if send.send((i, make(job))).is_err() {
                return;
            }
        });
        let mut results = InOrder {
            jobs,
            make,
            next,
            receive,
            ready: std::collections::BTreeMap::new(),
            wanted: 0,
        };
        let result = consume(&mut results);
        // Closing the channel stops the second thread at its next send.
        drop(results);
        if let Err(panic) = helper.join() {
            std::panic::resume_unwind(panic);
        }
        result
    })
}

/// The results of [`in_order`], handed out in the jobs' order.
struct InOrder<'a, J, T, F> {
    jobs: &'a [J],
    make: &'a F,
    /// The next job neither thread has taken.
    next: &'a AtomicUsize,
    receive: std::sync::mpsc::Receiver<(usize, T)>,
    /// Results made before their turn, by job.
    ready: std::collections::BTreeMap<usize, T>,
    /// The job whose result is handed out next.
    wanted: usize,
}

impl<J, T, F: Fn(&J) -> T> Iterator for InOrder<'_, J, T, F> {
    type Item = T;

    fn next(&mut self) -> Option<T> {
        while self.wanted < self.jobs.len() {
            while let Ok((i, made)) = self.receive.try_recv() {
                self.ready.insert(i, made);
            }
            if let Some(made) = self.ready.remove(&self.wanted) {
                self.wanted += 1;
                return Some(made);
            }
            // Not ready: make the next job no one has taken, unless the
            // second thread has taken them all; then wait for it.
            let i = self.next.fetch_add(1, Ordering::Relaxed);
            if let Some(job) = self.jobs.get(i) {
                let made = (self.make)(job);
                self.ready.insert(i, made);
            } else {
                match self.receive.recv() {
                    Ok((i, made)) => {
                        self.ready.insert(i, made);
                    }
                    // The second thread is gone without the job: it
                    // panicked, and `in_order` raises its panic.
                    Err(_) => return None,
                }
            }
        }
        None
    }
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

    /// The cores the system reports, asked of it directly rather than
    /// through `second_core`, so that a wrong answer from that fails the
    /// tests below rather than skipping them.
    fn cores() -> usize {
        std::thread::available_parallelism().map_or(1, usize::from)
    }

    /// Count one more piece started, then wait until two have started:
    /// false after 10 s, which on one thread the first piece always sees.
    fn two_started(started: &AtomicUsize) -> bool {
        started.fetch_add(1, Ordering::SeqCst);
        let t = std::time::Instant::now();
        while started.load(Ordering::SeqCst) < 2 {
            if t.elapsed() > std::time::Duration::from_secs(10) {
                return false;
            }
            std::thread::yield_now();
        }
        true
    }

    #[test]
    fn a_second_core_is_what_the_system_says() {
        assert_eq!(second_core(), cores() > 1);
    }

    #[test]
    fn two_items_or_more_use_two_threads_when_there_are_two_cores() {
        if cores() < 2 {
            return;
        }
        // Each item waits until two have started: on one thread the first
        // would never finish, so a barrier with a timeout tells.
        for count in [2, 3, 5] {
            let started = AtomicUsize::new(0);
            let items: Vec<usize> = (0..count).collect();
            let out = map(&items, |_| {
                two_started(&started).then(|| std::thread::current().id())
            });
            let threads: std::collections::HashSet<_> =
                out.iter().map(|t| t.expect("two ran at once")).collect();
            assert_eq!(threads.len(), 2, "{count} items");
        }
    }

    /// Items `i` as `<i>` lines: each chunk's text depends on its range
    /// only, as `write_in_chunks` asks.
    fn numbered(range: Range<usize>, out: &mut String) {
        for i in range {
            out.push_str(&format!("<{i}>\n"));
        }
    }

    fn expected(count: usize) -> String {
        let mut all = String::new();
        numbered(0..count, &mut all);
        all
    }

    #[test]
    fn chunks_are_written_in_order_whatever_their_sizes() {
        // No items, fewer than a chunk, exactly one, one more, many, and a
        // chunk of 0 (taken as 1).
        for (count, chunk) in [(0, 4), (3, 4), (4, 4), (5, 4), (1000, 7), (9, 0), (2, 1)] {
            let mut out = Vec::new();
            write_in_chunks(&mut out, count, chunk, numbered).unwrap();
            assert_eq!(
                String::from_utf8(out).unwrap(),
                expected(count),
                "{count} by {chunk}"
            );
        }
    }

    #[test]
    fn a_slow_chunk_on_either_thread_does_not_change_the_order() {
        // Chunk 1 (the helper's first) and chunk 4 (the caller's third)
        // each take a while.
        let slow = |range: Range<usize>, out: &mut String| {
            if range.start == 10 || range.start == 40 {
                std::thread::sleep(std::time::Duration::from_millis(20));
            }
            numbered(range, out);
        };
        let mut out = Vec::new();
        write_in_chunks(&mut out, 95, 10, slow).unwrap();
        assert_eq!(String::from_utf8(out).unwrap(), expected(95));
    }

    /// A writer that takes `room` bytes and then fails.
    struct Full {
        room: usize,
        taken: Vec<u8>,
    }

    impl Write for Full {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            if self.taken.len() + buf.len() > self.room {
                return Err(io::Error::other("disk full"));
            }
            self.taken.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn a_write_error_stops_the_writing_and_is_returned() {
        // The error comes on an even chunk (the caller's) and on an odd
        // one (the helper's); the helper must not hang either way.
        for room in [0, 25, 200] {
            let mut out = Full {
                room,
                taken: Vec::new(),
            };
            let err = write_in_chunks(&mut out, 10_000, 5, numbered).unwrap_err();
            assert_eq!(err.to_string(), "disk full");
            assert!(expected(10_000).starts_with(std::str::from_utf8(&out.taken).unwrap()));
            assert!(out.taken.len() <= room);
        }
    }

    #[test]
    fn two_chunks_or_more_are_made_on_two_threads_when_there_are_two_cores() {
        if cores() < 2 {
            return;
        }
        // As for `map`: each chunk waits until two have started, which on
        // one thread the first never sees.
        for chunks in [2, 3, 6] {
            let started = AtomicUsize::new(0);
            let threads = std::sync::Mutex::new(std::collections::HashSet::new());
            let mut out = Vec::new();
            write_in_chunks(&mut out, chunks * 3, 3, |range, text| {
                assert!(two_started(&started), "one thread only");
                threads.lock().unwrap().insert(std::thread::current().id());
                numbered(range, text);
            })
            .unwrap();
            assert_eq!(String::from_utf8(out).unwrap(), expected(chunks * 3));
            assert_eq!(threads.into_inner().unwrap().len(), 2, "{chunks} chunks");
        }
    }

    /// Write 100 items in chunks of 10, panicking on the chunk from `start`.
    fn panic_at_chunk_from(start: usize) {
        let _ = write_in_chunks(&mut Vec::new(), 100, 10, |range, out| {
            if range.start == start {
                panic!("chunk {}", start / 10);
            }
            numbered(range, out);
        });
    }

    /// Chunk 3 is the helper's, chunk 4 the caller's: either panic
    /// reaches the caller and neither thread is left waiting.
    #[test]
    #[should_panic(expected = "chunk 3")]
    fn a_panic_while_formatting_on_the_helper_reaches_the_caller() {
        panic_at_chunk_from(30);
    }

    #[test]
    #[should_panic(expected = "chunk 4")]
    fn a_panic_while_formatting_on_the_caller_reaches_the_caller() {
        panic_at_chunk_from(40);
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

    #[test]
    fn jobs_come_back_in_order_whichever_thread_made_them() {
        // Some jobs are slow, and the caller is slow to take some results:
        // each thread makes jobs out of turn, the order holds.
        let jobs: Vec<usize> = (0..300).collect();
        let made = in_order(
            &jobs,
            |&j| {
                if j % 7 == 0 {
                    std::thread::sleep(std::time::Duration::from_micros(200));
                }
                j * 2
            },
            |results| {
                let mut out = Vec::new();
                for r in results {
                    if r % 11 == 0 {
                        std::thread::sleep(std::time::Duration::from_micros(200));
                    }
                    out.push(r);
                }
                out
            },
        );
        assert_eq!(made, jobs.iter().map(|j| j * 2).collect::<Vec<_>>());
    }

    #[test]
    fn each_job_is_made_exactly_once() {
        let jobs: Vec<usize> = (0..500).collect();
        let counts: Vec<AtomicUsize> = jobs.iter().map(|_| AtomicUsize::new(0)).collect();
        let total = in_order(
            &jobs,
            |&j| counts[j].fetch_add(1, Ordering::SeqCst),
            |results| results.count(),
        );
        assert_eq!(total, 500);
        assert!(counts.iter().all(|c| c.load(Ordering::SeqCst) == 1));
    }

    #[test]
    fn no_job_and_one_job_are_made_on_the_callers_thread() {
        let none: [usize; 0] = [];
        assert_eq!(in_order(&none, |&j| j, |r| r.count()), 0);
        let caller = std::thread::current().id();
        let one = in_order(
            &[1],
            |_| std::thread::current().id(),
            |r| r.collect::<Vec<_>>(),
        );
        assert_eq!(one, [caller]);
    }

    #[test]
    fn the_caller_makes_jobs_too_when_its_next_is_not_ready() {
        if cores() < 2 {
            return;
        }
        // The first jobs wait until two are being made at once: only if
        // the caller makes jobs too (the helper makes one at a time) does
        // the barrier open.
        let started = AtomicUsize::new(0);
        let jobs: Vec<usize> = (0..6).collect();
        let caller = std::thread::current().id();
        let made = in_order(
            &jobs,
            |&j| {
                let both = j > 1 || two_started(&started);
                (both, std::thread::current().id())
            },
            |results| results.collect::<Vec<_>>(),
        );
        assert!(
            made.iter().all(|(both, _)| *both),
            "one thread made the first jobs"
        );
        let threads: std::collections::HashSet<_> = made.iter().map(|(_, t)| *t).collect();
        assert!(threads.contains(&caller));
        assert_eq!(threads.len(), 2);
    }

    #[test]
    fn a_caller_that_stops_early_stops_the_making() {
        let jobs: Vec<usize> = (0..10_000).collect();
        let made = AtomicUsize::new(0);
        let taken = in_order(
            &jobs,
            |&j| {
                made.fetch_add(1, Ordering::SeqCst);
                std::thread::sleep(std::time::Duration::from_micros(50));
                j
            },
            |results| results.take(3).collect::<Vec<_>>(),
        );
        assert_eq!(taken, [0, 1, 2]);
        // A few made ahead at most, not the 10,000.
        assert!(
            made.load(Ordering::SeqCst) < 20,
            "{}",
            made.load(Ordering::SeqCst)
        );
    }

    fn panic_at_job(n: usize) {
        let jobs: Vec<usize> = (0..50).collect();
        in_order(
            &jobs,
            |&j| {
                if j == n {
                    panic!("job {n}");
                }
                j
            },
            |results| results.count(),
        );
    }

    /// Whichever thread makes the job that panics, the panic reaches the
    /// caller and neither thread is left waiting.
    #[test]
    #[should_panic(expected = "job 0")]
    fn a_panic_in_the_first_job_reaches_the_caller() {
        panic_at_job(0);
    }

    #[test]
    #[should_panic(expected = "job 7")]
    fn a_panic_in_a_later_job_reaches_the_caller() {
        panic_at_job(7);
    }
}
