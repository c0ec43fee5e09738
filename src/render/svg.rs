//! A tiny streaming SVG writer.
//!
//! The views write tens of thousands of elements for a long story, so the
//! document is streamed instead of being built as a node tree first (the
//! `svg` crate keeps a `HashMap` of attributes per element and sorts them
//! on output, several allocations per attribute). It goes into one
//! `String`, or, given a sink ([`Doc::to_sink`]), into a buffer of
//! [`SPILL`] bytes handed to the sink whenever it fills: a view of a million
//! scenes is hundreds of megabytes, written as it is made and never held
//! whole. The bytes are the same either way. The writer owns the two things
//! that make SVG output safe and reproducible:
//!
//! * **escaping**: every text node and attribute value goes through
//!   [`push_xml_text`]; element and attribute names are `&'static str`, so they can
//!   never come from a scene file;
//! * **numbers**: every coordinate goes through [`num`], which rounds to a
//!   fixed precision and never prints `NaN`, `inf` or `-0`.

use std::io::{self, Write};

use crate::text::escape::push_xml_text;

/// How much a [`Doc`] with a sink gathers before it writes: big enough
/// that the system calls do not matter, small enough to stay in cache.
pub const SPILL: usize = 64 * 1024;

/// Format a coordinate with at most two decimals, trailing zeros dropped.
/// Non-finite values print as `0`: a broken number must not break the file.
pub fn num(v: f64) -> String {
    let mut out = String::new();
    push_num(&mut out, v);
    out
}

/// [`num`], appended to `out`.
pub fn push_num(out: &mut String, v: f64) {
    let v = if v.is_finite() { v } else { 0.0 };
    // Hundredths as an integer: exact decimal output, no float noise.
    let h = (v * 100.0).round() as i64;
    if h == 0 {
        out.push('0');
        return;
    }
    if h < 0 {
        out.push('-');
    }
    let a = h.unsigned_abs();
    crate::text::push_decimal(out, a / 100);
    let frac = (a % 100) as u8;
    if frac != 0 {
        out.push('.');
        out.push(char::from(b'0' + frac / 10));
        if frac % 10 != 0 {
            out.push(char::from(b'0' + frac % 10));
        }
    }
}

/// An attribute value: text (escaped on output) or a number (formatted
/// with [`num`]).
#[derive(Clone, Debug)]
pub enum Value<'a> {
    /// Text.
    Str(&'a str),
    /// Owned text.
    String(String),
    /// A number.
    Num(f64),
}

impl<'a> From<&'a str> for Value<'a> {
    fn from(s: &'a str) -> Self {
        Value::Str(s)
    }
}

impl<'a> From<&'a String> for Value<'a> {
    fn from(s: &'a String) -> Self {
        Value::Str(s)
    }
}

impl From<String> for Value<'_> {
    fn from(s: String) -> Self {
        Value::String(s)
    }
}

impl From<f64> for Value<'_> {
    fn from(v: f64) -> Self {
        Value::Num(v)
    }
}

/// The document being written.
#[derive(Default)]
pub struct Doc<'w> {
    out: String,
    open: Vec<&'static str>,
    /// Style rules kept out of the document, for a page that holds it
    /// inline; `None` writes them as `<style>` elements.
    aside: Option<String>,
    /// Where full buffers go; `None` keeps the whole document in `out`.
    sink: Option<&'w mut dyn Write>,
    /// The sink's first error: nothing more is written after it.
    failed: Option<io::Error>,
    /// Text being made for an element ([`Doc::text_el_with`]), kept to be
    /// reused.
    scratch: String,
}

impl std::fmt::Debug for Doc<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Doc")
            .field("out", &self.out)
            .field("open", &self.open)
            .field("aside", &self.aside)
            .field("sink", &self.sink.is_some())
            .field("failed", &self.failed)
            .finish()
    }
}

impl<'w> Doc<'w> {
    /// An empty document with room for `capacity` bytes.
    pub fn with_capacity(capacity: usize) -> Doc<'w> {
        Doc {
            out: String::with_capacity(capacity),
            ..Doc::default()
        }
    }

    /// The same, with style rules set aside instead of written: a
    /// `<style>` element inside SVG inlined in HTML applies to the whole
    /// page, so the page carries the rules itself.
    pub fn with_styles_aside(capacity: usize) -> Doc<'w> {
        Doc {
            aside: Some(String::new()),
            ..Doc::with_capacity(capacity)
        }
    }

    /// An empty document written to `sink` as it is made, [`SPILL`] bytes
    /// at a time; [`Doc::end`] writes the rest.
    pub fn to_sink(sink: &'w mut dyn Write) -> Doc<'w> {
        Doc {
            out: String::with_capacity(SPILL + SPILL / 4),
            sink: Some(sink),
            ..Doc::default()
        }
    }

    /// Set style rules aside from now on (see [`Doc::with_styles_aside`]).
    pub fn set_styles_aside(&mut self) {
        self.aside.get_or_insert_with(String::new);
    }

    /// True when style rules are set aside (see [`Doc::with_styles_aside`]).
    pub fn styles_aside(&self) -> bool {
        self.aside.is_some()
    }

    /// A style sheet written by the renderer itself (never scene text): a
    /// `<style>` element, or set aside.
    pub(crate) fn style(&mut self, css: &str) {
        match &mut self.aside {
            Some(aside) => aside.push_str(css),
            None => {
                self.out.push_str("<style>");
                self.out.push_str(css);
                self.out.push_str("</style>");
            }
        }
    }

    fn start(&mut self, name: &'static str, attrs: &[(&'static str, Value)]) {
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push(' ');
            self.out.push_str(k);
            self.out.push_str("=\"");
            match v {
                Value::Str(s) => push_xml_text(&mut self.out, s),
                Value::String(s) => push_xml_text(&mut self.out, s),
                Value::Num(n) => push_num(&mut self.out, *n),
            }
            self.out.push('"');
        }
    }

    /// Open an element; close it with [`Doc::close`].
    pub fn open(&mut self, name: &'static str, attrs: &[(&'static str, Value)]) {
        self.start(name, attrs);
        self.out.push('>');
        self.open.push(name);
    }

    /// Close the innermost open element.
    pub fn close(&mut self) {
        if let Some(name) = self.open.pop() {
            self.out.push_str("</");
            self.out.push_str(name);
            self.out.push('>');
        }
        self.newline_at_top();
    }

    /// An empty element.
    pub fn leaf(&mut self, name: &'static str, attrs: &[(&'static str, Value)]) {
        self.start(name, attrs);
        self.out.push_str("/>");
        self.newline_at_top();
    }

    /// An element holding only text.
    pub fn text_el(&mut self, name: &'static str, attrs: &[(&'static str, Value)], text: &str) {
        self.start(name, attrs);
        self.out.push('>');
        push_xml_text(&mut self.out, text);
        self.out.push_str("</");
        self.out.push_str(name);
        self.out.push('>');
        self.newline_at_top();
    }

    /// [`Doc::text_el`] with text that `make` writes (unescaped) into a
    /// buffer the document reuses: no allocation per element.
    pub fn text_el_with(
        &mut self,
        name: &'static str,
        attrs: &[(&'static str, Value)],
        make: impl FnOnce(&mut String),
    ) {
        let mut text = std::mem::take(&mut self.scratch);
        text.clear();
        make(&mut text);
        self.text_el(name, attrs, &text);
        self.scratch = text;
    }

    /// Raw, trusted markup written by the renderer itself (the style sheet).
    pub(crate) fn raw(&mut self, text: &str) {
        self.out.push_str(text);
    }

    // One top-level (or group-level) element per line keeps snapshot diffs
    // readable without bloating the file with indentation.
    fn newline_at_top(&mut self) {
        if self.open.len() <= 2 {
            self.out.push('\n');
        }
        if self.out.len() >= SPILL {
            self.spill();
        }
    }

    /// Hand what is gathered to the sink, if there is one.
    fn spill(&mut self) {
        let Some(sink) = self.sink.as_mut() else {
            return;
        };
        if self.failed.is_none() {
            if let Err(e) = sink.write_all(self.out.as_bytes()) {
                self.failed = Some(e);
            }
        }
        self.out.clear();
    }

    /// Close every open element and return the text.
    pub fn finish(self) -> String {
        self.finish_with_styles().0
    }

    /// Close every open element and return the text and the style rules
    /// set aside (empty unless made by [`Doc::with_styles_aside`]).
    pub fn finish_with_styles(mut self) -> (String, String) {
        while !self.open.is_empty() {
            self.close();
        }
        (self.out, self.aside.unwrap_or_default())
    }

    /// Close every open element and end the document: the text and the
    /// style rules set aside, as [`Doc::finish_with_styles`]; for a
    /// document with a sink ([`Doc::to_sink`]) the rest is written there
    /// and the text returned is empty, or the sink's first error comes
    /// back.
    pub fn end(mut self) -> io::Result<(String, String)> {
        while !self.open.is_empty() {
            self.close();
        }
        let aside = self.aside.take().unwrap_or_default();
        if self.sink.is_none() {
            return Ok((self.out, aside));
        }
        self.spill();
        match self.failed {
            Some(e) => Err(e),
            None => Ok((String::new(), aside)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_fixed_precision_and_finite() {
        assert_eq!(num(0.1 + 0.2), "0.3");
        assert_eq!(num(f64::NAN), "0");
        assert_eq!(num(f64::INFINITY), "0");
        assert_eq!(num(-0.0), "0");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.0), "12");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(num(-1.23456), "-1.23");
        assert_eq!(num(1.05), "1.05");
        assert_eq!(num(0.07), "0.07");
        assert_eq!(num(0.1), "0.1");
        assert_eq!(num(-0.5), "-0.5");
        assert_eq!(num(100.0), "100");
        assert_eq!(num(-2030.0), "-2030");
        assert_eq!(num(10.01), "10.01");
        assert_eq!(num(1e15), "1000000000000000");
        assert_eq!(num(f64::MAX), "92233720368547758.07", "saturates");
        assert_eq!(num(f64::MIN), "-92233720368547758.08", "saturates");
    }

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut d = Doc::default();
        d.text_el(
            "text",
            &[("class", "a\"b".into())],
            "<script>alert(1)</script> & \"Ömer's\" ]]>\u{1}",
        );
        let s = d.finish();
        assert_eq!(
            s,
            "<text class=\"a&quot;b\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ömer&apos;s&quot; ]]&gt;\u{fffd}</text>\n"
        );
    }
}
