use super::*;
use crate::syntax::tree::{Item, PropertyValue, SceneDecl, SceneLine};

fn doc(content: &str) -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<FinalDraft DocumentType=\"Script\">\n<Content>\n{content}</Content>\n</FinalDraft>\n"
    )
}

fn read_str(text: &str) -> (SourceTree, Vec<Diagnostic>) {
    read(FileId(0), text, &ReadOptions::default())
}

fn scenes(tree: &SourceTree) -> Vec<&SceneDecl> {
    tree.items
        .iter()
        .filter_map(|i| match i {
            Item::Scene(s) => Some(s),
            _ => None,
        })
        .collect()
}

fn cast(scene: &SceneDecl) -> Vec<String> {
    scene
        .lines
        .iter()
        .find_map(|l| match l {
            SceneLine::Property(p) => match &p.value {
                PropertyValue::Cast(c) => Some(c.iter().map(|e| e.name.text.to_string()).collect()),
                _ => None,
            },
            _ => None,
        })
        .unwrap_or_default()
}

/// The text a diagnostic's primary span covers.
fn covered<'a>(text: &'a str, d: &Diagnostic) -> &'a str {
    &text[d.labels[0].span.range()]
}

#[test]
fn headings_numbers_cast_and_escaped_text() {
    let text = doc(concat!(
        "<Paragraph Type=\"Scene Heading\" Number=\"12A\"><Text>INT. TOM &amp; JERRY'S - NIGHT</Text></Paragraph>\n",
        "<Paragraph Type=\"Character\"><Text>TOM </Text><Text Style=\"Bold\">(V.O.)</Text></Paragraph>\n",
        "<Paragraph Type=\"Dialogue\"><Text>Hi.</Text></Paragraph>\n",
        "<Paragraph><DualDialogue><Paragraph Type=\"Character\"><Text>JERRY (CONT'D)</Text></Paragraph>",
        "<Paragraph Type=\"Dialogue\"><Text>Yo.</Text></Paragraph></DualDialogue></Paragraph>\n",
        "<Paragraph Type=\"Scene Heading\"><Text>Omitted</Text><OmittedScene><Paragraph Type=\"Scene Heading\"><Text>EXT. GONE - DAY</Text></Paragraph></OmittedScene></Paragraph>\n",
    ));
    let (tree, d) = read_str(&text);
    assert!(d.is_empty(), "{d:?}");
    let s = scenes(&tree);
    assert_eq!(s.len(), 2, "the omitted scene's own heading is not read");
    assert_eq!(s[0].id.text, "s12A");
    assert_eq!(
        &text[s[0].id.span.range()],
        "12A",
        "the id points at the attribute"
    );
    assert_eq!(
        s[0].title.as_ref().unwrap().text,
        "INT. TOM & JERRY'S - NIGHT"
    );
    assert_eq!(cast(s[0]), ["TOM", "JERRY"]);
    // Spans are exact before any escape: the cue, and the place after
    // the heading prefix (13 bytes from its start, so four short past `&amp;`).
    let spans: Vec<&str> = s[0]
        .lines
        .iter()
        .filter_map(|l| match l {
            SceneLine::Property(p) => match &p.value {
                PropertyValue::Cast(c) => Some(&text[c[0].span.range()]),
                PropertyValue::Where(w) => Some(&text[w.span.range()]),
                _ => None,
            },
            _ => None,
        })
        .collect();
    assert_eq!(spans, ["TOM &amp; JER", "TOM"]);
}

#[test]
fn a_tag_error_in_a_script_note_points_into_the_note() {
    let text = doc(concat!(
        "<Paragraph Type=\"Scene Heading\"><Text>INT. A - DAY</Text>",
        "<ScriptNote><Paragraph><Text>story: after a by 3x</Text></Paragraph></ScriptNote></Paragraph>\n",
    ));
    let (_, d) = read_str(&text);
    let e = d
        .iter()
        .find(|d| d.code == codes::INVALID_DURATION)
        .expect("a duration error");
    assert_eq!(covered(&text, e), "3x");
}

#[test]
fn after_an_escape_positions_shift_by_what_it_saved() {
    // `&lt;` is four bytes for one: the span after it starts 3 bytes early,
    // the documented approximation; before it, exact.
    let text = doc(concat!(
        "<Paragraph Type=\"Scene Heading\"><Text>INT. A - DAY</Text></Paragraph>\n",
        "<Paragraph Type=\"Action\"><Text>x [[story: after zz by 3x]] &lt; [[story: after zz by 4q]]</Text></Paragraph>\n",
    ));
    let (_, d) = read_str(&text);
    let errors: Vec<&str> = d
        .iter()
        .filter(|d| d.code == codes::INVALID_DURATION)
        .map(|d| covered(&text, d))
        .collect();
    assert_eq!(errors.len(), 2, "{d:?}");
    assert_eq!(errors[0], "3x");
    let second = d
        .iter()
        .filter(|d| d.code == codes::INVALID_DURATION)
        .nth(1)
        .unwrap();
    let exact = text.find("4q").unwrap();
    assert_eq!(second.labels[0].span.range().start, exact - 3);
}

#[test]
fn notes_before_the_first_scene_declare_and_loose_notes_attach_by_range() {
    let text = format!(
        "<FinalDraft DocumentType=\"Script\"><Content>\n{}{}{}</Content><ScriptNotes>{}</ScriptNotes></FinalDraft>",
        "<Paragraph Type=\"General\"><ScriptNote><Paragraph><Text>marker coat:</Text></Paragraph><Paragraph><Text>  new: #ff0000</Text></Paragraph></ScriptNote></Paragraph>\n",
        "<Paragraph Type=\"Scene Heading\"><Text>INT. A - DAY</Text></Paragraph>\n",
        "<Paragraph Type=\"Scene Heading\"><Text>INT. B - DAY</Text></Paragraph>\n",
        // "INT. A - DAY" is 12 characters and one break: 13 starts B; the
        // empty General paragraph before it is one more.
        "<ScriptNote Range=\"14,1\"><Paragraph><Text>coat: new</Text></Paragraph></ScriptNote>",
    );
    let (tree, d) = read_str(&text);
    assert!(d.is_empty(), "{d:?}");
    assert!(tree.items.iter().any(|i| matches!(i, Item::Marker(_))));
    let s = scenes(&tree);
    let tagged = |s: &SceneDecl| {
        s.lines
            .iter()
            .any(|l| matches!(l, SceneLine::Property(p) if p.key.text == "coat"))
    };
    assert!(!tagged(s[0]));
    assert!(tagged(s[1]));
}

#[test]
fn the_title_page_gives_header_fields() {
    let text = format!(
        "<FinalDraft DocumentType=\"Script\"><Content><Paragraph Type=\"Scene Heading\"><Text>INT. A - DAY</Text></Paragraph></Content><TitlePage><Content>{}</Content></TitlePage></FinalDraft>",
        "<Paragraph><Text>THE  FERRY</Text></Paragraph><Paragraph><Text>Written by</Text></Paragraph><Paragraph><Text>Ann Lee</Text></Paragraph><Paragraph><Text>Draft date: 1 May</Text></Paragraph>",
    );
    let (tree, _) = read_str(&text);
    let fields: Vec<(String, String)> = tree
        .items
        .iter()
        .filter_map(|i| match i {
            Item::Header(h) => Some((h.key.text.to_string(), h.value.text.to_string())),
            _ => None,
        })
        .collect();
    assert_eq!(
        fields,
        [
            ("title".into(), "THE FERRY".into()),
            ("author".into(), "Ann Lee".into()),
            ("draft".into(), "1 May".into())
        ]
    );
}

#[test]
fn malformed_xml_is_an_error_at_its_line_and_column() {
    let text = "<FinalDraft>\n<Content>\n  <Paragraph></Content>\n</FinalDraft>";
    let (tree, d) = read_str(text);
    assert!(tree.items.is_empty());
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, codes::MALFORMED_XML);
    let at = d[0].labels[0].span.range().start;
    // roxmltree stops at the close tag that does not match: line 3.
    assert_eq!(text[..at].matches('\n').count(), 2, "{d:?}");
}

#[test]
fn another_xml_document_is_not_final_draft() {
    let text = "<?xml version=\"1.0\"?>\n<svg xmlns=\"http://www.w3.org/2000/svg\"/>";
    let (_, d) = read_str(text);
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].code, codes::NOT_FINAL_DRAFT);
    assert_eq!(covered(text, &d[0]), "<svg");
}

#[test]
fn entities_are_never_expanded_nor_fetched() {
    let laughs = format!(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n{}]>\n<FinalDraft><Content><Paragraph><Text>&lol9;</Text></Paragraph></Content></FinalDraft>",
        (1..10)
            .map(|i| format!("<!ENTITY lol{i} \"{}\">\n", format!("&lol{};", i - 1).repeat(10).replace("&lol0;", "&lol;")))
            .collect::<String>()
    );
    let external = "<?xml version=\"1.0\"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<FinalDraft><Content><Paragraph><Text>&xxe;</Text></Paragraph></Content></FinalDraft>";
    for text in [laughs.as_str(), external] {
        let (tree, d) = read_str(text);
        assert!(tree.items.is_empty());
        assert_eq!(d.len(), 1);
        assert_eq!(d[0].code, codes::MALFORMED_XML);
        assert!(covered(text, &d[0]).starts_with('<'));
        assert_eq!(
            d[0].labels[0].span.range().start,
            text.find("<!DOCTYPE").unwrap()
        );
    }
}

/// Random mixtures of the pieces that steer the reader: nothing panics,
/// and every span lies on character boundaries inside the text.
#[test]
fn no_panics_on_mixtures() {
    const PIECES: &[&str] = &[
        "<FinalDraft>",
        "</FinalDraft>",
        "<Content>",
        "</Content>",
        "<Paragraph Type=\"Scene Heading\">",
        "<Paragraph Type=\"Character\">",
        "<Paragraph Number=\"1\">",
        "</Paragraph>",
        "<Text>",
        "</Text>",
        "<ScriptNote>",
        "</ScriptNote>",
        "<ScriptNotes>",
        "<ScriptNote Range=\"3,1\">",
        "<TitlePage>",
        "<DualDialogue>",
        "INT. X",
        "[[",
        "]]",
        "story: ",
        "after x by 3x",
        "&amp;",
        "&#233;",
        "é",
        "\n",
        "\r\n",
        "(V.O.)",
        "BOB",
        "<![CDATA[a]]>",
    ];
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..3000 {
        let mut text = String::from("<FinalDraft><Content>");
        for _ in 0..(state % 40) {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.push_str(PIECES[(state % PIECES.len() as u64) as usize]);
        }
        if state % 3 > 0 {
            text.push_str("</Content></FinalDraft>");
        }
        let (_, diagnostics) = read_str(&text);
        for d in &diagnostics {
            for l in &d.labels {
                let r = l.span.range();
                assert!(r.start <= r.end && r.end <= text.len(), "{text:?}: {d:?}");
                assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
            }
        }
    }
}
