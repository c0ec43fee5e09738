//! The note's body: its first `#` heading, its first paragraph (the
//! synopsis) and its fenced ```` ```scenes ```` blocks.

use crate::span::{FileId, Span};
use crate::syntax::tree::Name;

/// What the body holds, as byte ranges into the note.
#[derive(Debug, Default)]
pub struct Body {
    /// The first `# Heading`'s text and range.
    pub heading: Option<Name>,
    /// The first paragraph's lines joined by spaces, and its range.
    pub paragraph: Option<(String, std::ops::Range<usize>)>,
    /// The inside of each ```` ```scenes ```` block.
    pub scene_blocks: Vec<std::ops::Range<usize>>,
}

impl Body {
    /// Scan the body from `from` once, line by line.
    pub fn read(file: FileId, text: &str, from: usize) -> Body {
        let mut body = Body::default();
        let mut fence: Option<(&str, usize, bool)> = None;
        let mut paragraph: Option<(Vec<&str>, usize, usize)> = None;
        let mut pos = from;
        while pos < text.len() {
            let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
            let line = text[pos..end].trim_end_matches('\r');
            let trimmed = line.trim();
            if let Some((mark, inner, is_scenes)) = fence {
                if trimmed.starts_with(mark)
                    && trimmed
                        .trim_start_matches(mark.as_bytes()[0] as char)
                        .is_empty()
                {
                    if is_scenes {
                        body.scene_blocks.push(inner..pos);
                    }
                    fence = None;
                }
            } else if let Some(mark) = ["```", "~~~"].into_iter().find(|m| trimmed.starts_with(m)) {
                let info = trimmed
                    .trim_start_matches(mark.as_bytes()[0] as char)
                    .trim();
                fence = Some((mark, (end + 1).min(text.len()), info == "scenes"));
                body.end_paragraph(&mut paragraph);
            } else if trimmed.is_empty() || trimmed.starts_with("# ") || trimmed.starts_with("##") {
                if body.heading.is_none() {
                    if let Some(h) = trimmed.strip_prefix("# ") {
                        let start = pos + line.find(h).unwrap_or(0);
                        body.heading = Some(Name {
                            text: h.trim().into(),
                            span: Span::new(file, start, start + h.trim().len()),
                        });
                    }
                }
                body.end_paragraph(&mut paragraph);
            } else if body.paragraph.is_none() {
                let p = paragraph.get_or_insert((Vec::new(), pos, end));
                p.0.push(trimmed);
                p.2 = end;
            }
            pos = end + 1;
        }
        body.end_paragraph(&mut paragraph);
        body
    }

    fn end_paragraph(&mut self, p: &mut Option<(Vec<&str>, usize, usize)>) {
        if let Some((lines, start, end)) = p.take() {
            if self.paragraph.is_none() {
                self.paragraph = Some((lines.join(" "), start..end));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn heading_paragraph_and_blocks() {
        let text =
            "# The Pier\n\n```scenes\nmarker hair:\n```\n\nAda waits\non the pier.\n\nMore.\n";
        let b = Body::read(FileId(0), text, 0);
        assert_eq!(
            b.heading.as_ref().map(|h| h.text.as_str()),
            Some("The Pier")
        );
        let (p, r) = b.paragraph.expect("paragraph");
        assert_eq!(p, "Ada waits on the pier.");
        assert_eq!(&text[r], "Ada waits\non the pier.");
        assert_eq!(b.scene_blocks.len(), 1);
        assert_eq!(&text[b.scene_blocks[0].clone()], "marker hair:\n");
    }

    #[test]
    fn an_unclosed_fence_holds_no_paragraph() {
        let b = Body::read(FileId(0), "```\ntext\n", 0);
        assert!(b.paragraph.is_none());
        assert!(b.scene_blocks.is_empty());
    }
}
