//! Arbitrary bytes as the language server's input stream, through the
//! framing reader it uses (`chronotope::lsp::framing`). Nothing may panic;
//! every body is within the limit; no buffer is sized by an announced
//! length rather than by the bytes that arrived; and every frame consumes
//! input, so the reader cannot spin.
//!
//! The first byte picks the limits: the defaults (64 MiB bodies, 1 KiB
//! header lines, 32 lines), or small ones so that inputs of a few hundred
//! bytes reach every limit and the recovery after it.

#![no_main]

use chronotope::lsp::framing::{Frame, Limits, Reader};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&choice, input)) = data.split_first() else {
        return;
    };
    let limits = if choice % 2 == 0 {
        Limits::default()
    } else {
        Limits {
            content_length: u64::from(choice / 2 % 64),
            header_line: usize::from(choice / 4 % 48) + 1,
            header_lines: usize::from(choice % 7) + 1,
        }
    };
    let mut reader = Reader::with_limits(input, limits);
    let mut frames = 0usize;
    // `Ok(None)` is the end of the input; reading a slice cannot fail.
    while let Some(frame) = reader.next_frame().expect("a slice reads without error") {
        frames += 1;
        assert!(frames <= input.len(), "a frame without input");
        match frame {
            Frame::Message(body) => {
                assert!(body.len() as u64 <= limits.content_length);
                assert!(body.capacity() <= 2 * input.len() + 64);
            }
            Frame::TooLarge(length) => assert!(length > limits.content_length),
            Frame::Malformed(why) => assert!(!why.is_empty()),
        }
    }
});
