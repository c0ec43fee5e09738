//! Standard output and standard error, written so that a failed write is
//! an outcome, never a panic.
//!
//! `print!` and `eprintln!` panic when the write fails (a full disk, a
//! closed pipe). Every command writes through a [`Console`] instead:
//!
//! - a closed pipe (`chronotope order … | head -1`) ends the output quietly:
//!   later writes to that stream are dropped and the command keeps its own
//!   outcome, as command-line tools do;
//! - any other failure on standard output ends the run with exit status 2
//!   and one line on standard error, once the command has finished (so a
//!   command that writes files, like `render`, still writes all of them);
//! - a failure on standard error itself ends the run with exit status 2
//!   and no message (there is nowhere to write one).

use std::borrow::Cow;
use std::io::{ErrorKind, Write};
use std::path::Path;

use crate::cli::write_behind::write_behind;
use crate::cli::Outcome;
use crate::text::escape::terminal;

/// The state of one stream.
#[derive(Debug, Default)]
enum State {
    /// Writes go through.
    #[default]
    Open,
    /// The reader went away (broken pipe): writes are dropped quietly.
    Closed,
    /// A write failed for another reason (the message says why).
    Failed(String),
}

/// One output stream and what happened to it.
struct Stream {
    /// `Send`, so a long stream can be written on a second thread
    /// ([`write_behind`]).
    sink: Box<dyn Write + Send>,
    state: State,
}

impl Stream {
    fn new(sink: Box<dyn Write + Send>) -> Stream {
        Stream {
            sink,
            state: State::Open,
        }
    }

    fn write(&mut self, bytes: &[u8]) {
        if matches!(self.state, State::Open) {
            if let Err(e) = self.sink.write_all(bytes) {
                self.fail(&e);
            }
        }
    }

    fn flush(&mut self) {
        if matches!(self.state, State::Open) {
            if let Err(e) = self.sink.flush() {
                self.fail(&e);
            }
        }
    }

    fn fail(&mut self, e: &std::io::Error) {
        self.state = if e.kind() == ErrorKind::BrokenPipe {
            State::Closed
        } else {
            State::Failed(crate::source::io_reason(e))
        };
    }
}

/// Standard output and standard error of one run.
pub(crate) struct Console {
    out: Stream,
    err: Stream,
}

impl Console {
    /// The process's standard output and standard error.
    pub fn std() -> Console {
        Console::with(Box::new(std::io::stdout()), Box::new(std::io::stderr()))
    }

    /// Any two writers (for tests).
    pub fn with(out: Box<dyn Write + Send>, err: Box<dyn Write + Send>) -> Console {
        Console {
            out: Stream::new(out),
            err: Stream::new(err),
        }
    }

    /// Write to standard output.
    pub fn print(&mut self, text: &str) {
        self.out.write(text.as_bytes());
    }

    /// Write bytes to standard output.
    pub fn print_bytes(&mut self, bytes: &[u8]) {
        self.out.write(bytes);
    }

    /// Stream to standard output: `write` gets a writer that gathers 64
    /// KiB at a time (standard output itself is line-buffered: a write
    /// per line would be a system call per line) and hands each block to a
    /// second thread that writes it while `write` goes on ([`write_behind`]),
    /// so a big output is written as it is produced, never held whole. A
    /// failure counts as in [`Console::print`]: a closed pipe ends the
    /// output quietly, any other makes the run fail at [`Console::finish`].
    pub fn print_with(&mut self, write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
        if !matches!(self.out.state, State::Open) {
            return;
        }
        if let Err(e) = write_behind(&mut *self.out.sink, write) {
            self.out.fail(&e);
        }
    }

    /// Write a line to standard output.
    pub fn println(&mut self, line: &str) {
        self.out.write(line.as_bytes());
        self.out.write(b"\n");
    }

    /// Write to standard error.
    pub fn eprint(&mut self, text: &str) {
        self.err.write(text.as_bytes());
    }

    /// Write a line to standard error.
    pub fn eprintln(&mut self, line: &str) {
        self.err.write(line.as_bytes());
        self.err.write(b"\n");
    }

    /// `error: MESSAGE` on standard error.
    pub fn error(&mut self, message: &str) {
        self.eprintln(&format!("error: {message}"));
    }

    /// Every I/O error message, each as `error: …`.
    pub fn errors(&mut self, messages: &[String]) {
        for m in messages {
            self.error(m);
        }
    }

    /// True once standard output is closed or failed: a command with
    /// nothing left to do but print may stop early.
    pub fn out_gone(&self) -> bool {
        !matches!(self.out.state, State::Open)
    }

    /// Flush both streams and turn what happened to them into the run's
    /// outcome: the command's own, unless standard output or standard
    /// error failed (a closed pipe is not a failure).
    pub fn finish(mut self, outcome: Outcome) -> Outcome {
        self.out.flush();
        if let State::Failed(reason) = &self.out.state {
            let line = format!("error: cannot write to standard output: {reason}\n");
            self.err.write(line.as_bytes());
            self.err.flush();
            return Outcome::Failure;
        }
        self.err.flush();
        match self.err.state {
            State::Failed(_) => Outcome::Failure,
            State::Open | State::Closed => outcome,
        }
    }
}

/// A path as shown on a terminal: control characters escaped.
pub(crate) fn shown(path: &Path) -> String {
    match terminal(&path.display().to_string()) {
        Cow::Borrowed(s) => s.to_string(),
        Cow::Owned(s) => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::{Arc, Mutex};

    /// A writer that fails with `kind` after `room` bytes, and records
    /// what it took.
    #[derive(Clone)]
    struct Sink {
        taken: Arc<Mutex<Vec<u8>>>,
        room: usize,
        kind: ErrorKind,
    }

    impl Write for Sink {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            let mut taken = self.taken.lock().unwrap();
            if taken.len() + buf.len() > self.room {
                return Err(std::io::Error::from(self.kind));
            }
            taken.extend_from_slice(buf);
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    fn sink(room: usize, kind: ErrorKind) -> Sink {
        Sink {
            taken: Arc::default(),
            room,
            kind,
        }
    }

    fn text(s: &Sink) -> String {
        String::from_utf8(s.taken.lock().unwrap().clone()).unwrap()
    }

    #[test]
    fn a_full_stdout_fails_the_run_with_one_line() {
        let (out, err) = (
            sink(4, ErrorKind::StorageFull),
            sink(1000, ErrorKind::Other),
        );
        let mut c = Console::with(Box::new(out.clone()), Box::new(err.clone()));
        c.println("abc");
        c.println("more");
        assert!(c.out_gone());
        assert_eq!(c.finish(Outcome::Clean), Outcome::Failure);
        assert_eq!(text(&out), "abc\n");
        assert_eq!(text(&err).lines().count(), 1, "{}", text(&err));
        assert!(text(&err).starts_with("error: cannot write to standard output"));
    }

    #[test]
    fn a_closed_pipe_ends_quietly_with_the_commands_outcome() {
        let (out, err) = (sink(4, ErrorKind::BrokenPipe), sink(1000, ErrorKind::Other));
        let mut c = Console::with(Box::new(out.clone()), Box::new(err.clone()));
        c.println("abc");
        c.println("more");
        c.eprintln("note");
        assert_eq!(c.finish(Outcome::Problems), Outcome::Problems);
        assert_eq!(text(&err), "note\n");
    }

    /// A streamed output of `n` lines, each written alone.
    fn lines(n: usize) -> impl FnOnce(&mut dyn Write) -> std::io::Result<()> {
        move |w| (0..n).try_for_each(|i| writeln!(w, "line {i}"))
    }

    #[test]
    fn a_stream_arrives_whole_and_in_big_writes() {
        /// Counts the writes that reach it.
        struct Counting(Arc<Mutex<(Vec<u8>, usize)>>);
        impl Write for Counting {
            fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
                let mut seen = self.0.lock().unwrap();
                seen.0.extend_from_slice(buf);
                seen.1 += 1;
                Ok(buf.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                Ok(())
            }
        }
        let seen = Arc::new(Mutex::new((Vec::new(), 0)));
        let err = sink(1000, ErrorKind::Other);
        let mut c = Console::with(Box::new(Counting(seen.clone())), Box::new(err));
        c.print("before\n");
        c.print_with(lines(20_000));
        c.print("after\n");
        assert_eq!(c.finish(Outcome::Clean), Outcome::Clean);
        let (bytes, writes) = &*seen.lock().unwrap();
        let text = String::from_utf8(bytes.clone()).unwrap();
        let expected: String = (0..20_000).map(|i| format!("line {i}\n")).collect();
        assert_eq!(text, format!("before\n{expected}after\n"));
        // About 250 KB in 64 KiB writes, not 20,000 writes.
        assert!(
            *writes <= 2 + expected.len() / crate::cli::write_behind::BLOCK + 1,
            "{writes} writes"
        );
    }

    #[test]
    fn a_stream_into_a_closed_pipe_ends_quietly() {
        let (out, err) = (
            sink(100_000, ErrorKind::BrokenPipe),
            sink(1000, ErrorKind::Other),
        );
        let mut c = Console::with(Box::new(out.clone()), Box::new(err.clone()));
        c.print_with(lines(50_000));
        assert!(c.out_gone());
        // Nothing more reaches the closed pipe, the buffer left over neither.
        let taken = out.taken.lock().unwrap().len();
        c.print_with(lines(10));
        c.println("more");
        assert_eq!(c.finish(Outcome::Problems), Outcome::Problems);
        assert_eq!(out.taken.lock().unwrap().len(), taken);
        assert!(taken <= 100_000);
        assert_eq!(text(&err), "");
    }

    #[test]
    fn a_stream_onto_a_full_disk_fails_the_run_with_one_line() {
        let (out, err) = (
            sink(100_000, ErrorKind::StorageFull),
            sink(1000, ErrorKind::Other),
        );
        let mut c = Console::with(Box::new(out.clone()), Box::new(err.clone()));
        c.print_with(lines(50_000));
        assert!(c.out_gone());
        assert_eq!(c.finish(Outcome::Clean), Outcome::Failure);
        assert_eq!(text(&err).lines().count(), 1, "{}", text(&err));
        assert!(text(&err).starts_with("error: cannot write to standard output"));
        // A stream that fits is no failure.
        let (out, err) = (
            sink(100_000, ErrorKind::StorageFull),
            sink(10, ErrorKind::Other),
        );
        let mut c = Console::with(Box::new(out.clone()), Box::new(err));
        c.print_with(lines(10));
        assert_eq!(c.finish(Outcome::Clean), Outcome::Clean);
        assert_eq!(text(&out).lines().count(), 10);
    }

    #[test]
    fn a_failing_stderr_fails_the_run_silently() {
        let (out, err) = (
            sink(1000, ErrorKind::Other),
            sink(0, ErrorKind::StorageFull),
        );
        let mut c = Console::with(Box::new(out.clone()), Box::new(err.clone()));
        c.println("fine");
        c.error("cannot show this");
        assert_eq!(c.finish(Outcome::Clean), Outcome::Failure);
        assert_eq!(text(&out), "fine\n");
        let (out, err) = (sink(1000, ErrorKind::Other), sink(1000, ErrorKind::Other));
        let c = Console::with(Box::new(out), Box::new(err));
        assert_eq!(c.finish(Outcome::Clean), Outcome::Clean);
    }
}
