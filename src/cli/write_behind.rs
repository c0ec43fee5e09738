//! Writing a long stream on a second thread while the first produces it.
//!
//! A command that streams a big output (`order --format json` on a large
//! story writes eight bytes for every byte it read) spends a third or more
//! of that stage in the kernel, copying blocks into the pipe or the page
//! cache. [`write_behind`] lets the producer go on formatting while a
//! writer thread does that: the producer fills 64 KiB blocks and hands
//! each full one over a bounded channel; the writer writes them in order
//! and hands the emptied buffers back, so a few blocks serve the whole
//! stream (fresh ones would each cost page faults) and memory stays a
//! fixed few hundred KiB.
//!
//! The bytes and their order are exactly those of writing in one thread.
//! The writer thread starts only when the first block fills, so a short
//! output is written directly with no thread at all; if no thread can be
//! made, every block is written directly. When a write fails the writer
//! stops, the producer's next hand-over fails and the producer stops too;
//! the writer's error, the real one, is what comes back.

use std::io::{self, Write};
use std::sync::mpsc::{channel, sync_channel, Receiver, SyncSender};
use std::sync::Mutex;
use std::thread::{Scope, ScopedJoinHandle};

/// Size of one block handed to the writer.
pub(crate) const BLOCK: usize = 64 * 1024;

/// Blocks that may wait for the writer: enough to ride out a slow write.
const IN_FLIGHT: usize = 4;

/// The sink, shared between the producer (before the writer starts, or
/// when it cannot) and the writer thread (which holds the lock while it
/// runs).
type Slot<'s> = Mutex<Option<&'s mut (dyn Write + Send)>>;

/// Run `produce` against a writer whose bytes reach `sink` in order
/// (written on a second thread once they fill a block) and flush `sink`.
/// The first error, the sink's or else the producer's own, is returned;
/// after a producer's error what it had not yet handed over is dropped.
pub(crate) fn write_behind(
    sink: &mut (dyn Write + Send),
    produce: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let slot: Slot<'_> = Mutex::new(Some(sink));
    std::thread::scope(|scope| {
        let mut blocks = Blocks {
            block: Vec::with_capacity(BLOCK),
            state: State::Buffering,
            slot: &slot,
            scope,
        };
        let produced = produce(&mut blocks);
        let written = blocks.finish(produced.is_ok());
        written.and(produced)
    })
}

/// Where full blocks go.
enum State<'scope> {
    /// No block has filled yet.
    Buffering,
    /// The writer thread, the channel to it and the one back.
    Running {
        full: SyncSender<Vec<u8>>,
        empty: Receiver<Vec<u8>>,
        thread: ScopedJoinHandle<'scope, io::Result<()>>,
    },
    /// No thread could be made: blocks are written in this one.
    Direct,
}

/// The producer's side: a buffer handed over whenever it is full.
struct Blocks<'scope, 'env, 's> {
    block: Vec<u8>,
    state: State<'scope>,
    slot: &'scope Slot<'s>,
    scope: &'scope Scope<'scope, 'env>,
}

impl<'scope, 's: 'scope> Blocks<'scope, '_, 's> {
    /// Hand the block over (starting the writer the first time) and start
    /// an empty one.
    fn hand_over(&mut self) -> io::Result<()> {
        if matches!(self.state, State::Buffering) {
            self.state = self.start();
        }
        match &mut self.state {
            State::Running { full, empty, .. } => {
                let next = empty
                    .try_recv()
                    .unwrap_or_else(|_| Vec::with_capacity(BLOCK));
                let block = std::mem::replace(&mut self.block, next);
                // The writer hangs up only after a failed write; its error
                // is returned when it is joined.
                full.send(block)
                    .map_err(|_| io::Error::other("the output writer stopped"))
            }
            State::Buffering | State::Direct => {
                write_direct(self.slot, &self.block)?;
                self.block.clear();
                Ok(())
            }
        }
    }

    /// The writer thread, or [`State::Direct`] if none can be made.
    fn start(&self) -> State<'scope> {
        let (full, blocks) = sync_channel::<Vec<u8>>(IN_FLIGHT);
        let (back, empty) = channel::<Vec<u8>>();
        let slot = self.slot;
        let spawned = std::thread::Builder::new()
            .name("chronotope-writer".into())
            .spawn_scoped(self.scope, move || {
                let mut sink = slot.lock().map_err(|_| poisoned())?;
                let Some(sink) = sink.as_mut() else {
                    return Ok(());
                };
                for mut block in blocks {
                    sink.write_all(&block)?;
                    block.clear();
                    // The producer may have stopped taking buffers back.
                    let _ = back.send(block);
                }
                sink.flush()
            });
        match spawned {
            Ok(thread) => State::Running {
                full,
                empty,
                thread,
            },
            Err(_) => State::Direct,
        }
    }

    /// Write what is left (unless the producer failed), flush, and wait
    /// for the writer: its error if it had one.
    fn finish(mut self, produced: bool) -> io::Result<()> {
        match std::mem::replace(&mut self.state, State::Direct) {
            State::Running { full, thread, .. } => {
                let sent = if produced && !self.block.is_empty() {
                    full.send(std::mem::take(&mut self.block)).is_ok()
                } else {
                    true
                };
                // Hanging up ends the writer's loop once it has written
                // every block it was given.
                drop(full);
                let written = thread.join().unwrap_or_else(|_| Err(poisoned()));
                match (written, sent) {
                    (Err(e), _) => Err(e),
                    (Ok(()), true) => Ok(()),
                    (Ok(()), false) => Err(io::Error::other("the output writer stopped")),
                }
            }
            State::Buffering | State::Direct => {
                if produced {
                    write_direct(self.slot, &self.block)?;
                    let mut sink = self.slot.lock().map_err(|_| poisoned())?;
                    if let Some(sink) = sink.as_mut() {
                        sink.flush()?;
                    }
                }
                Ok(())
            }
        }
    }
}

impl<'scope, 's: 'scope> Write for Blocks<'scope, '_, 's> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.block.extend_from_slice(buf);
        if self.block.len() >= BLOCK {
            self.hand_over()?;
        }
        Ok(buf.len())
    }

    /// Bytes are handed over a block at a time; [`write_behind`] flushes
    /// the sink at the end.
    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Write `bytes` to the sink in this thread.
fn write_direct(slot: &Slot<'_>, bytes: &[u8]) -> io::Result<()> {
    let mut sink = slot.lock().map_err(|_| poisoned())?;
    match sink.as_mut() {
        Some(sink) => sink.write_all(bytes),
        None => Ok(()),
    }
}

/// The writer thread panicked (a sink that panics on a write).
fn poisoned() -> io::Error {
    io::Error::other("the output writer failed")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// What a [`Sink`] got: the bytes, how many writes, how many flushes.
    type Taken = Arc<Mutex<(Vec<u8>, usize, usize)>>;

    /// Records every write it gets; fails with `kind` past `room` bytes.
    struct Sink {
        taken: Taken,
        room: usize,
        kind: io::ErrorKind,
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
            let mut taken = self.taken.lock().unwrap();
            if taken.0.len() + buf.len() > self.room {
                return Err(io::Error::from(self.kind));
            }
            taken.0.extend_from_slice(buf);
            taken.1 += 1;
            Ok(buf.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            self.taken.lock().unwrap().2 += 1;
            Ok(())
        }
    }

    fn sink(room: usize) -> (Sink, Taken) {
        let taken = Arc::new(Mutex::new((Vec::new(), 0, 0)));
        let sink = Sink {
            taken: Arc::clone(&taken),
            room,
            kind: io::ErrorKind::StorageFull,
        };
        (sink, taken)
    }

    /// `n` numbered lines, each written alone.
    fn lines(n: usize) -> String {
        (0..n).map(|i| format!("line {i}\n")).collect()
    }

    fn produce(text: &str) -> impl FnOnce(&mut dyn Write) -> io::Result<()> + '_ {
        move |w| text.lines().try_for_each(|l| writeln!(w, "{l}"))
    }

    #[test]
    fn a_long_stream_arrives_whole_in_order_in_blocks_and_flushed() {
        let text = lines(200_000);
        assert!(text.len() > 20 * BLOCK);
        let (mut out, taken) = sink(usize::MAX);
        write_behind(&mut out, produce(&text)).unwrap();
        let (bytes, writes, flushes) = &*taken.lock().unwrap();
        assert_eq!(bytes.as_slice(), text.as_bytes());
        // Blocks of 64 KiB: a few dozen system calls, not one per line.
        assert!(*writes <= text.len() / (64 * 1024) + 1, "{writes} writes");
        assert_eq!(*flushes, 1);
    }

    #[test]
    fn a_short_stream_is_written_whole_and_flushed() {
        for n in [0, 1, 10] {
            let text = lines(n);
            let (mut out, taken) = sink(usize::MAX);
            write_behind(&mut out, produce(&text)).unwrap();
            let (bytes, writes, flushes) = &*taken.lock().unwrap();
            assert_eq!(bytes.as_slice(), text.as_bytes());
            assert!(*writes <= 1);
            assert_eq!(*flushes, 1);
        }
    }

    #[test]
    fn a_block_exactly_full_and_one_byte_over_arrive_whole() {
        for len in [BLOCK - 1, BLOCK, BLOCK + 1, 2 * BLOCK] {
            let text = "x".repeat(len);
            let (mut out, taken) = sink(usize::MAX);
            write_behind(&mut out, |w| w.write_all(text.as_bytes())).unwrap();
            assert_eq!(taken.lock().unwrap().0.len(), len);
        }
    }

    #[test]
    fn a_failing_sink_stops_the_producer_with_the_sinks_error() {
        let text = lines(200_000);
        let (mut out, taken) = sink(3 * BLOCK);
        let mut produced = 0usize;
        let e = write_behind(&mut out, |w| {
            for l in text.lines() {
                writeln!(w, "{l}")?;
                produced += l.len() + 1;
            }
            Ok(())
        })
        .unwrap_err();
        assert_eq!(e.kind(), io::ErrorKind::StorageFull);
        // What arrived is a prefix of the stream; the producer stopped
        // within the blocks in flight of the failure, not at the end.
        let (bytes, _, _) = &*taken.lock().unwrap();
        assert!(text.as_bytes().starts_with(bytes));
        assert!(produced < text.len() / 2, "{produced} of {}", text.len());
    }

    #[test]
    fn a_failing_producer_keeps_its_error_and_its_handed_over_blocks() {
        let text = lines(100_000);
        let (mut out, taken) = sink(usize::MAX);
        let e = write_behind(&mut out, |w| {
            w.write_all(text.as_bytes())?;
            w.write_all(b"tail")?;
            Err(io::Error::other("formatting failed"))
        })
        .unwrap_err();
        assert_eq!(e.to_string(), "formatting failed");
        let (bytes, _, _) = &*taken.lock().unwrap();
        // Full blocks were handed over; the unfinished one is dropped.
        assert!(text.as_bytes().starts_with(bytes));
        assert!(bytes.len() >= text.len() - BLOCK, "{}", bytes.len());
        assert!(!bytes.ends_with(b"tail"));
    }
}
