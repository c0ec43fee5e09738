use super::*;
use crate::syntax::tree::{PropertyValue, SceneDecl, SceneLine};

fn scene(text: &str, name: &str) -> (SceneDecl, Vec<Diagnostic>) {
    let options = ReadOptions {
        name,
        companions: &[],
    };
    let (tree, d) = read(FileId(0), text, &options);
    let s = tree.scenes().next().cloned().expect("a scene");
    (s, d)
}

fn at(text: &str, span: Span) -> &str {
    &text[span.start as usize..span.end as usize]
}

#[test]
fn a_note_is_a_scene_only_when_its_front_matter_says_so() {
    let options = ReadOptions::default();
    for text in [
        "# Just notes\n",
        "---\ntags: [x]\n---\n",
        "---\nClass: Character\n---\n",
        "",
    ] {
        let (tree, d) = read(FileId(0), text, &options);
        assert!(tree.items.is_empty() && d.is_empty(), "{text:?}");
    }
    for text in [
        "---\nClass: Scene\n---\n",
        "---\ntype: Scene\n---\n",
        "---\nwhere: Pier\n---\n",
    ] {
        let (tree, _) = read(FileId(0), text, &options);
        assert_eq!(tree.scenes().count(), 1, "{text:?}");
    }
}

#[test]
fn id_title_and_synopsis_fall_back_in_order() {
    let (s, _) = scene(
        "---\nClass: Scene\n---\n\nFirst para\ngoes on.\n\nSecond.\n",
        "01 The Pier",
    );
    assert_eq!(s.id.text, "the-pier");
    assert_eq!(s.title.unwrap().text, "The Pier");
    let syn: Vec<&str> = s
        .lines
        .iter()
        .filter_map(|l| match l {
            SceneLine::Synopsis(n) => Some(n.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(syn, ["First para goes on."]);
    let (s, _) = scene("---\nClass: Scene\n---\n# Heading\n", "x");
    assert_eq!(s.title.unwrap().text, "Heading");
    let (s, _) = scene("---\nClass: Scene\ntitle: Given\n---\n# Heading\n", "x");
    assert_eq!(s.title.unwrap().text, "Given");
}

#[test]
fn chronotope_keys_keep_their_spans_through_quotes_and_links() {
    let text = "---\nstory: \"after [[02 Storm]] by 1d\"\ncast: \"[[Ada|Ada L.]], Ben\"\n---\n";
    let (s, d) = scene(text, "n");
    assert!(d.is_empty(), "{d:?}");
    let props: Vec<_> = s.properties().collect();
    let PropertyValue::Story(items) = &props[0].value else {
        panic!("{props:?}")
    };
    let Some(crate::syntax::tree::StoryConstraint::After { scene, gap }) = &items[0].constraint
    else {
        panic!()
    };
    assert_eq!(scene.text, "storm");
    // The id is shorter than the link it stands for: it starts where the link does.
    assert_eq!(scene.span.start as usize, text.find("[[02").unwrap());
    assert!(gap.is_some());
    let PropertyValue::Cast(cast) = &props[1].value else {
        panic!()
    };
    let names: Vec<&str> = cast.iter().map(|c| c.name.text.as_str()).collect();
    assert_eq!(names, ["Ada", "Ben"]);
    assert_eq!(at(text, cast[1].name.span), "Ben");
}

#[test]
fn other_tools_keys_make_one_story_item() {
    let text = "---\nClass: Scene\nstoryDate: 2024-03-01\nstoryTime: 2:30pm\naat-event-end-date: 2024-03-02\n---\n";
    let (s, d) = scene(text, "n");
    assert!(d.is_empty(), "{d:?}");
    let PropertyValue::Story(items) = &s.properties().next().unwrap().value else {
        panic!()
    };
    assert_eq!(items.len(), 1);
    let dur = items[0].duration.as_ref().expect("a duration");
    // From 14:30 on the 1st to the end of the 2nd.
    assert_eq!(dur.min.unwrap().seconds, 86400 + 9 * 3600 + 30 * 60);
}

#[test]
fn an_end_before_the_start_and_a_bad_duration_are_errors_at_their_values() {
    let text = "---\nClass: Scene\nfc-date: 2024-03-05\nfc-end: 2024-03-01\n---\n";
    let (_, d) = scene(text, "n");
    assert_eq!(d.len(), 1);
    assert_eq!(at(text, d[0].labels[0].span), "2024-03-01");
    let text = "---\nClass: Scene\nDuration: a while\n---\n";
    let (_, d) = scene(text, "n");
    assert_eq!(d[0].code, codes::INVALID_DURATION);
    assert_eq!(at(text, d[0].labels[0].span), "a while");
}

#[test]
fn unknown_keys_are_kept_as_comments_as_written() {
    let (s, _) = scene("---\nClass: Scene\nStatus: Todo\nAct: 2\n---\n", "n");
    let kept: Vec<&str> = s
        .lines
        .iter()
        .filter_map(|l| match l {
            SceneLine::Comment(c) => Some(c.text.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(kept, [" Status: Todo", " Act: 2"]);
}

#[test]
fn a_story_note_gives_header_and_fenced_declarations() {
    let text = "---\nClass: Story\nauthor: Me\n---\n# My Story\n\n```scenes\nera past: 2000 .. 2001\n```\n";
    let (tree, d) = read(FileId(0), text, &ReadOptions::default());
    assert!(d.is_empty(), "{d:?}");
    assert!(tree.has_header());
    assert!(matches!(&tree.items[0], Item::Header(h) if h.value.text == "My Story"));
    assert!(tree
        .items
        .iter()
        .any(|i| matches!(i, Item::Era(e) if at(text, e.name.span) == "past")));
    assert!(is_story_note(text));
    assert!(!is_story_note("---\nClass: Scene\n---\n"));
}

#[test]
fn telling_order_prefers_longform_then_numbers_then_names() {
    let index = "---\nlongform:\n  scenes:\n    - C\n    - - \"[[A]]\"\n---\n";
    let notes = [("A", ""), ("B", ""), ("C", ""), ("Index", index)];
    assert_eq!(telling_order(&notes), [2, 0, 1, 3]);
    let notes = [
        ("A", "---\norder: 3\n---\n"),
        ("B", "---\nsequence: 1.5\n---\n"),
        ("C", ""),
        ("D", "---\nScene: 1\n---\n"),
    ];
    assert_eq!(telling_order(&notes), [3, 1, 0, 2]);
    assert_eq!(telling_order(&[("A", ""), ("B", "")]), [0, 1]);
}

#[test]
fn undeclared_cast_is_declared_once_at_its_first_mention() {
    let options = ReadOptions {
        name: "a",
        companions: &[],
    };
    let (a, _) = read(
        FileId(0),
        "---\nClass: Scene\nCharacter: [Ada, Ben]\n---\n",
        &options,
    );
    let (b, _) = read(FileId(1), "---\nClass: Scene\nPOV: ada\n---\n", &options);
    let mut trees = vec![a, b];
    declare_cast(&mut trees);
    let declared = |t: &SourceTree| {
        t.items
            .iter()
            .filter(|i| matches!(i, Item::Character(_)))
            .count()
    };
    assert_eq!(declared(&trees[0]), 2);
    assert_eq!(declared(&trees[1]), 0);
}

#[test]
fn every_span_lies_inside_the_note_whatever_the_bytes() {
    let samples = [
        "---\nstory: \"after [[x]]\nwhere: 'a\n---\n",
        "---\nstory: [[a]]\n---\n",
        "---\ncast: \"[[]]\"\n---\n",
        "---\nClass: Scene\nWhen: 2024-13-01\n---\n",
        "---\n\u{feff}Class: Scene\n---\n",
        "\u{feff}---\nClass: Scene\ntitle: Ünï\nwhere: 'Café'\n---\n",
        "---\n- a\n- b\n---\n",
        "---\nClass: Scene\n? [a]\n: b\n---\n",
        "---\n",
    ];
    for text in samples {
        let (tree, d) = read(
            FileId(0),
            text,
            &ReadOptions {
                name: "1",
                companions: &[],
            },
        );
        for l in d.iter().flat_map(|d| d.labels.iter()) {
            assert!(l.span.end as usize <= text.len(), "{text:?}: {d:?}");
            assert!(text.is_char_boundary(l.span.start as usize));
        }
        for s in tree.scenes() {
            assert!(s.span.end as usize <= text.len());
        }
    }
}
