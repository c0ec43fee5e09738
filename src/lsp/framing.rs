//! JSON-RPC framing: a block of headers ended by a blank line, then
//! `Content-Length` bytes of body.
//!
//! The input is whatever the client (or anything pretending to be one)
//! writes, so every size is bounded before anything is allocated:
//!
//! * a body is at most [`MAX_CONTENT_LENGTH`] (64 MiB); a larger one is
//!   reported as [`Frame::TooLarge`] and its bytes are skipped as they
//!   arrive, never stored, so the stream stays in step;
//! * a header line is at most [`MAX_HEADER_LINE`] bytes and a block at most
//!   [`MAX_HEADER_LINES`] lines; a block that breaks a rule (or has no
//!   `Content-Length`) is reported as [`Frame::Malformed`] and skipped up to
//!   its blank line;
//! * the body buffer grows with the bytes that actually arrive, not with
//!   the length announced, so a header promising 64 MiB followed by the
//!   end of the input costs nothing.
//!
//! The end of the input, also in the middle of a message, is `Ok(None)`:
//! the client is gone and there is nobody to answer.

use std::io::{self, BufRead, Read, Write};

use serde::Serialize;

/// The largest body accepted: far above any scene file an editor holds
/// open, far below what would hurt the machine.
pub const MAX_CONTENT_LENGTH: u64 = 64 * 1024 * 1024;

/// The longest header line accepted, in bytes (`Content-Length: …` and
/// `Content-Type: …` need well under 100).
pub const MAX_HEADER_LINE: usize = 1024;

/// The most header lines one message may have (the protocol defines two).
pub const MAX_HEADER_LINES: usize = 32;

/// The bounds a [`Reader`] enforces.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Largest body, in bytes.
    pub content_length: u64,
    /// Longest header line, in bytes, without its line ending.
    pub header_line: usize,
    /// Most header lines in one block.
    pub header_lines: usize,
}

impl Default for Limits {
    fn default() -> Limits {
        Limits {
            content_length: MAX_CONTENT_LENGTH,
            header_line: MAX_HEADER_LINE,
            header_lines: MAX_HEADER_LINES,
        }
    }
}

/// One unit read from the stream.
#[derive(Debug, PartialEq, Eq)]
pub enum Frame {
    /// A whole body.
    Message(Vec<u8>),
    /// A header block that breaks the framing rules, and why; it has been
    /// skipped up to its blank line.
    Malformed(String),
    /// A body announced larger than the limit: its length. The reader
    /// skips its bytes before reading the next frame.
    TooLarge(u64),
}

/// Reads frames from a byte stream within [`Limits`].
#[derive(Debug)]
pub struct Reader<R> {
    input: R,
    limits: Limits,
    /// Bytes of a refused body still to skip.
    skip: u64,
}

/// One header line, read within the line limit.
enum Line {
    /// The end of the input (a partial line at the end counts as none).
    End,
    /// A line, without its ending.
    Text,
    /// A line over the limit; the rest of it has been skipped.
    TooLong,
}

impl<R: BufRead> Reader<R> {
    /// A reader with the default limits.
    pub fn new(input: R) -> Reader<R> {
        Reader::with_limits(input, Limits::default())
    }

    /// A reader with these limits.
    pub fn with_limits(input: R, limits: Limits) -> Reader<R> {
        Reader {
            input,
            limits,
            skip: 0,
        }
    }

    /// The next frame; `Ok(None)` at the end of the input.
    pub fn next_frame(&mut self) -> io::Result<Option<Frame>> {
        if self.skip > 0 {
            let skipped = io::copy(&mut (&mut self.input).take(self.skip), &mut io::sink())?;
            if skipped < self.skip {
                return Ok(None);
            }
            self.skip = 0;
        }
        let length = match self.headers()? {
            None => return Ok(None),
            Some(Err(problem)) => return Ok(Some(Frame::Malformed(problem))),
            Some(Ok(length)) => length,
        };
        if length > self.limits.content_length {
            self.skip = length;
            return Ok(Some(Frame::TooLarge(length)));
        }
        self.body(length)
    }

    /// Read a header block up to its blank line: the body's length, or
    /// what is wrong with the block.
    fn headers(&mut self) -> io::Result<Option<Result<u64, String>>> {
        let mut length: Option<u64> = None;
        let mut problem: Option<String> = None;
        let mut lines = 0;
        let mut line = Vec::new();
        loop {
            match self.line(&mut line)? {
                Line::End => return Ok(None),
                Line::TooLong => {
                    lines += 1;
                    problem.get_or_insert_with(|| {
                        format!(
                            "a header line is longer than {} bytes",
                            self.limits.header_line
                        )
                    });
                }
                Line::Text if line.is_empty() => {
                    // Stray blank lines between messages are harmless.
                    if lines == 0 {
                        continue;
                    }
                    break;
                }
                Line::Text => {
                    lines += 1;
                    if lines > self.limits.header_lines {
                        problem.get_or_insert_with(|| {
                            format!("more than {} header lines", self.limits.header_lines)
                        });
                    }
                    if problem.is_none() {
                        problem = header(&line, &mut length).err();
                    }
                }
            }
        }
        Ok(Some(match (problem, length) {
            (Some(p), _) => Err(p),
            (None, None) => Err("a header block without `Content-Length`".into()),
            (None, Some(n)) => Ok(n),
        }))
    }

    /// Read one line into `buf`, without its `\n` or `\r\n`, reading at
    /// most one byte past the limit.
    fn line(&mut self, buf: &mut Vec<u8>) -> io::Result<Line> {
        buf.clear();
        let limit = self.limits.header_line as u64 + 2; // With `\r\n`.
        (&mut self.input).take(limit).read_until(b'\n', buf)?;
        if buf.last() != Some(&b'\n') {
            if (buf.len() as u64) < limit {
                return Ok(Line::End);
            }
            self.skip_line()?;
            return Ok(Line::TooLong);
        }
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if buf.len() > self.limits.header_line {
            return Ok(Line::TooLong);
        }
        Ok(Line::Text)
    }

    /// Skip the rest of a line without keeping it.
    fn skip_line(&mut self) -> io::Result<()> {
        loop {
            let chunk = self.input.fill_buf()?;
            if chunk.is_empty() {
                return Ok(());
            }
            if let Some(i) = memchr::memchr(b'\n', chunk) {
                self.input.consume(i + 1);
                return Ok(());
            }
            let n = chunk.len();
            self.input.consume(n);
        }
    }

    /// Read a body of `length` bytes (within the limit), growing the buffer
    /// only as bytes arrive.
    fn body(&mut self, length: u64) -> io::Result<Option<Frame>> {
        const FIRST: u64 = 64 * 1024;
        let mut body = Vec::with_capacity(length.min(FIRST) as usize);
        (&mut self.input).take(length).read_to_end(&mut body)?;
        if (body.len() as u64) < length {
            return Ok(None);
        }
        Ok(Some(Frame::Message(body)))
    }
}

/// Read one header line into `length` if it is `Content-Length`; other
/// well-formed headers (`Content-Type`) are accepted and ignored.
fn header(line: &[u8], length: &mut Option<u64>) -> Result<(), String> {
    let Ok(line) = std::str::from_utf8(line) else {
        return Err("a header line is not UTF-8".into());
    };
    let Some((name, value)) = line.split_once(':') else {
        return Err(format!(
            "a header line without `:`: `{}`",
            line.escape_debug()
        ));
    };
    if !name.trim().eq_ignore_ascii_case("content-length") {
        return Ok(());
    }
    let value = value.trim();
    let n = if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // Digits too many for 64 bits are still a length: too large.
        value.parse::<u64>().unwrap_or(u64::MAX)
    } else {
        return Err(format!(
            "`Content-Length: {}` is not a number of bytes",
            value.escape_debug()
        ));
    };
    match *length {
        Some(m) if m != n => Err("two different `Content-Length` headers".into()),
        _ => {
            *length = Some(n);
            Ok(())
        }
    }
}

/// Read one framed message with the default limits: `Ok(None)` at the end
/// of the input, an `InvalidData` error for a frame that breaks the rules.
/// (For a client reading the server's answers; the server itself uses a
/// [`Reader`], which recovers from bad frames.)
pub fn read_message(input: &mut impl BufRead) -> io::Result<Option<Vec<u8>>> {
    match Reader::new(input).next_frame()? {
        None => Ok(None),
        Some(Frame::Message(body)) => Ok(Some(body)),
        Some(Frame::Malformed(why)) => Err(io::Error::new(io::ErrorKind::InvalidData, why)),
        Some(Frame::TooLarge(n)) => Err(io::Error::new(
            io::ErrorKind::InvalidData,
            format!("a message of {n} bytes is over the limit"),
        )),
    }
}

/// Write one framed message. It is serialized twice, once to count its
/// bytes and once into `out`, so a large answer (an outline of thousands
/// of symbols) is never held whole in memory besides `out`'s own buffer.
/// The first pass also finds any serialization error before a byte is
/// written.
pub fn write_message(out: &mut impl Write, message: &impl Serialize) -> io::Result<()> {
    let mut counter = Counter(0);
    serde_json::to_writer(&mut counter, message).map_err(io::Error::other)?;
    write!(out, "Content-Length: {}\r\n\r\n", counter.0)?;
    serde_json::to_writer(&mut *out, message).map_err(io::Error::other)?;
    out.flush()
}

/// A writer that only counts.
struct Counter(u64);

impl Write for Counter {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0 += bytes.len() as u64;
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    const SMALL: Limits = Limits {
        content_length: 16,
        header_line: 24,
        header_lines: 3,
    };

    fn frames(input: &[u8], limits: Limits) -> Vec<Frame> {
        let mut reader = Reader::with_limits(input, limits);
        let mut out = Vec::new();
        while let Some(frame) = reader.next_frame().unwrap() {
            out.push(frame);
        }
        out
    }

    fn message(body: &str) -> Frame {
        Frame::Message(body.as_bytes().to_vec())
    }

    #[test]
    fn well_formed_messages_in_a_row() {
        let input = b"Content-Length: 2\r\n\r\n{}\r\n\r\ncontent-length:3\nContent-Type: x\n\n[1]";
        assert_eq!(frames(input, SMALL), [message("{}"), message("[1]")]);
    }

    #[test]
    fn a_body_over_the_limit_is_skipped_and_the_next_one_read() {
        // 16 bytes is the limit: accepted; 17 is refused, skipped unread.
        let at = "Content-Length: 16\r\n\r\n0123456789abcdef";
        let over = "Content-Length: 17\r\n\r\n0123456789abcdefg";
        let input = format!("{at}{over}Content-Length: 1\r\n\r\n7");
        assert_eq!(
            frames(input.as_bytes(), SMALL),
            [
                message("0123456789abcdef"),
                Frame::TooLarge(17),
                message("7")
            ]
        );
    }

    #[test]
    fn huge_lengths_are_refused_without_allocating() {
        for length in [
            "9223372036854775808",
            "1000000000000000",
            "99999999999999999999999",
        ] {
            let input = format!("Content-Length: {length}\r\n\r\nabc");
            let mut reader = Reader::new(input.as_bytes());
            let first = reader.next_frame().unwrap();
            assert!(matches!(first, Some(Frame::TooLarge(n)) if n > MAX_CONTENT_LENGTH));
            // The body never arrives: the end of the input.
            assert_eq!(reader.next_frame().unwrap(), None);
        }
    }

    #[test]
    fn a_body_cut_short_is_the_end_of_the_input() {
        assert_eq!(frames(b"Content-Length: 10\r\n\r\nabc", SMALL), []);
        assert_eq!(frames(b"Content-Len", SMALL), []);
    }

    #[test]
    fn malformed_blocks_are_reported_and_skipped() {
        let cases: [(&[u8], &str); 6] = [
            (b"Content-Type: x\r\n\r\n", "without `Content-Length`"),
            (b"garbage\r\n\r\n", "without `:`"),
            (b"Content-Length: -1\r\n\r\n", "not a number"),
            (
                b"Content-Length: 1\r\nContent-Length: 2\r\n\r\n",
                "two different",
            ),
            (
                b"Content-Length: 1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n",
                "more than 3",
            ),
            (b"X: 0123456789012345678901234567\r\n\r\n", "longer than 24"),
        ];
        for (block, why) in cases {
            let mut input = block.to_vec();
            input.extend_from_slice(b"Content-Length: 2\r\n\r\nok");
            let got = frames(&input, SMALL);
            assert!(
                matches!(&got[0], Frame::Malformed(m) if m.contains(why)),
                "{got:?} for {:?}",
                String::from_utf8_lossy(block)
            );
            assert_eq!(got[1..], [message("ok")], "{why}");
        }
        let bad_utf8 = frames(b"\xff: 1\r\n\r\n", SMALL);
        assert!(matches!(&bad_utf8[..], [Frame::Malformed(m)] if m.contains("UTF-8")));
    }

    #[test]
    fn a_header_line_at_the_limit_is_accepted() {
        // 24 bytes exactly, then one more.
        let at = format!("X: {}\r\nContent-Length: 1\r\n\r\na", "y".repeat(21));
        assert_eq!(frames(at.as_bytes(), SMALL), [message("a")]);
        let over = format!("X: {}\r\nContent-Length: 1\r\n\r\na", "y".repeat(22));
        assert!(matches!(
            &frames(over.as_bytes(), SMALL)[0],
            Frame::Malformed(_)
        ));
    }

    #[test]
    fn a_long_line_is_skipped_without_being_kept() {
        let mut input = b"X: ".to_vec();
        input.resize(10_000_000, b'y');
        input.extend_from_slice(b"\r\n\r\nContent-Length: 1\r\n\r\nz");
        let got = frames(&input, Limits::default());
        assert!(matches!(&got[0], Frame::Malformed(_)), "{:?}", &got[..1]);
        assert_eq!(got[1..], [message("z")]);
    }

    #[test]
    fn written_messages_read_back() {
        let mut out = Vec::new();
        write_message(&mut out, &serde_json::json!({"a": "é"})).unwrap();
        write_message(&mut out, &serde_json::json!([1, 2])).unwrap();
        let mut input = &out[..];
        assert_eq!(
            read_message(&mut input).unwrap().unwrap(),
            r#"{"a":"é"}"#.as_bytes()
        );
        assert_eq!(read_message(&mut input).unwrap().unwrap(), b"[1,2]");
        assert_eq!(read_message(&mut input).unwrap(), None);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Random bytes, alone or after and around valid frames: no panic,
        /// every body within the limit, and no buffer larger than twice the
        /// input (so nothing is sized by an announced length).
        #[test]
        fn random_bytes_never_panic_nor_overallocate(
            noise in proptest::collection::vec(any::<u8>(), 0..512),
            lengths in proptest::collection::vec(0u64..40, 0..4),
            cut in 0usize..600,
        ) {
            let mut input = Vec::new();
            for (i, n) in lengths.iter().enumerate() {
                input.extend_from_slice(format!("Content-Length: {n}\r\n\r\n").as_bytes());
                input.extend(std::iter::repeat_n(b'a' + i as u8, *n as usize));
            }
            input.extend_from_slice(&noise);
            input.extend_from_slice(b"Content-Length: 99999999999999\r\n\r\n");
            input.extend_from_slice(&noise[..cut.min(noise.len())]);
            let mut reader = Reader::with_limits(&input[..], SMALL);
            let mut count = 0;
            while let Some(frame) = reader.next_frame().unwrap() {
                if let Frame::Message(body) = &frame {
                    prop_assert!(body.len() as u64 <= SMALL.content_length);
                    prop_assert!(body.capacity() <= 2 * input.len() + 64);
                }
                count += 1;
                prop_assert!(count <= input.len() + 1, "a frame per byte at most");
            }
            // Every valid frame that fits comes back first, in order.
            let mut again = Reader::with_limits(&input[..], SMALL);
            for (i, n) in lengths.iter().enumerate() {
                let frame = again.next_frame().unwrap();
                if *n <= SMALL.content_length {
                    let body = vec![b'a' + i as u8; *n as usize];
                    prop_assert_eq!(frame, Some(Frame::Message(body)));
                } else {
                    prop_assert_eq!(frame, Some(Frame::TooLarge(*n)));
                }
            }
        }
    }
}
