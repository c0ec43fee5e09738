//! A bound on XML nesting, checked before the XML parser runs: its
//! tokenizer recurses once per level, so a hostile file of a few hundred
//! thousand nested elements would overflow the stack. Final Draft nests a
//! handful of levels (`FinalDraft` › `Content` › `Paragraph` › `Text`).

/// Elements may nest at most this deep: far above any Final Draft file,
/// far below what the parser's recursion can take.
pub(super) const DEPTH_LIMIT: usize = 256;

/// The byte offset of the first start tag nested deeper than `limit`, in
/// one pass over the text. Comments, CDATA sections, processing
/// instructions and declarations are skipped, and a `>` inside a quoted
/// attribute value does not end its tag.
pub(super) fn too_deep(text: &str, limit: usize) -> Option<usize> {
    let b = text.as_bytes();
    let after = |from: usize, end: &str| {
        text.get(from..)
            .and_then(|t| t.find(end))
            .map_or(b.len(), |i| from + i + end.len())
    };
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(off) = text.get(i..).and_then(|t| t.find('<')) {
        let at = i + off;
        let rest = &b[at..];
        i = if rest.starts_with(b"<!--") {
            after(at + 4, "-->")
        } else if rest.starts_with(b"<![CDATA[") {
            after(at + 9, "]]>")
        } else if rest.starts_with(b"<?") {
            after(at + 2, "?>")
        } else if rest.starts_with(b"<!") {
            after(at + 2, ">")
        } else if rest.starts_with(b"</") {
            depth = depth.saturating_sub(1);
            after(at + 2, ">")
        } else {
            let end = tag_end(b, at + 1);
            let self_closing = end < b.len() && b[end - 1] == b'/';
            if !self_closing {
                depth += 1;
                if depth > limit {
                    return Some(at);
                }
            }
            end + 1
        };
    }
    None
}

/// The index of the `>` ending a start tag begun before `from` (or the
/// text's length), skipping quoted attribute values.
fn tag_end(b: &[u8], from: usize) -> usize {
    let mut quote = None;
    let mut j = from;
    while j < b.len() {
        match (quote, b[j]) {
            (None, q @ (b'"' | b'\'')) => quote = Some(q),
            (Some(q), c) if c == q => quote = None,
            (None, b'>') => return j,
            _ => {}
        }
        j += 1;
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_nesting_and_skips_what_is_not_a_tag() {
        let nested = |n: usize| format!("{}{}", "<a>".repeat(n), "</a>".repeat(n));
        assert_eq!(too_deep(&nested(3), 3), None);
        assert_eq!(too_deep(&nested(4), 3), Some(9));
        // Siblings and self-closing tags do not add up.
        assert_eq!(too_deep(&"<a><b/><c x='>'/></a>".repeat(50), 1), None);
        assert_eq!(
            too_deep("<a><!-- <b><b><b> --><![CDATA[<c><c>]]><?p <d> ?></a>", 1),
            None
        );
        assert_eq!(too_deep("<a x=\"<b>\"><b></b></a>", 1), Some(11));
        // Linear on a flat document of a million tags.
        assert_eq!(too_deep(&"<p>x</p>".repeat(1_000_000), DEPTH_LIMIT), None);
    }
}
