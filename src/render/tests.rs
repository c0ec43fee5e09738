//! Render tests: every SVG produced here is parsed by usvg and rasterised by
//! resvg (dev-dependencies only), snapshotted, and checked structurally.

use std::path::PathBuf;

use crate::engine::{self, Chronology};
use crate::model::Story;
use crate::workspace::Workspace;

use super::lanes::{self, Ribbon};
use super::{curve, render, Common, Rect, ThemeName, View};

fn load(path: PathBuf) -> (Story, Chronology) {
    let ws = Workspace::load(&[path]);
    let mut stories = ws.resolve();
    assert!(ws.io_errors.is_empty(), "{:?}", ws.io_errors);
    let loaded = stories.remove(0);
    let chronology = engine::analyze(&loaded.story, &ws.sources);
    (loaded.story, chronology)
}

fn reference() -> (Story, Chronology) {
    load(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenes/dont-leave.scenes"))
}

fn from_text(text: &str) -> (Story, Chronology) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.scenes");
    std::fs::write(&path, text).unwrap();
    load(path)
}

/// Parse with usvg and rasterise with resvg; panic on any parse error.
fn rasterise(svg: &str) {
    let tree = resvg::usvg::Tree::from_str(svg, &resvg::usvg::Options::default())
        .unwrap_or_else(|e| panic!("usvg could not parse the SVG: {e}"));
    let size = tree.size().to_int_size();
    let mut pixmap = resvg::tiny_skia::Pixmap::new(size.width(), size.height()).unwrap();
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::default(),
        &mut pixmap.as_mut(),
    );
    // Something was drawn: not every pixel is the background.
    let first = pixmap.pixels()[0];
    assert!(pixmap.pixels().iter().any(|p| *p != first));
}

fn count(haystack: &str, needle: &str) -> usize {
    haystack.matches(needle).count()
}

#[test]
fn reference_views_snapshot_and_rasterise() {
    let (story, chronology) = reference();
    for view in View::ALL {
        for (theme, name) in [(ThemeName::Light, "light"), (ThemeName::Dark, "dark")] {
            let svg = render(&story, &chronology, view, theme);
            rasterise(&svg);
            assert_eq!(
                svg,
                render(&story, &chronology, view, theme),
                "deterministic"
            );
            insta::assert_snapshot!(format!("dont_leave_{}_{name}", view.name()), svg);
        }
    }
}

#[test]
fn every_bundled_story_renders_and_rasterises() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("scenes");
    let ws = Workspace::load(&[dir]);
    for loaded in ws.resolve() {
        let chronology = engine::analyze(&loaded.story, &ws.sources);
        for view in View::ALL {
            rasterise(&render(&loaded.story, &chronology, view, ThemeName::Light));
        }
    }
}

#[test]
fn one_mark_and_tooltip_per_scene_and_one_ribbon_per_placed_scene() {
    let (story, chronology) = reference();
    let n = story.scenes.len();
    let common = Common::new(&story, &chronology);
    let l = lanes::layout(&story, &chronology, &common);
    assert_eq!(l.scenes.len(), n);
    let ribbons = l.scenes.iter().filter(|s| s.ribbon.is_some()).count();
    assert_eq!(ribbons, chronology.order.len());
    let c = curve::layout(&story, &chronology, &common);
    assert_eq!(c.marks.len(), n);
    for view in View::ALL {
        let svg = render(&story, &chronology, view, ThemeName::Light);
        // One group per scene, each opening with its tooltip.
        assert_eq!(count(&svg, "<g class=\"scene"), n, "{view:?}");
        // Storylines also title each character's and thread's group.
        let others = count(&svg, "<g class=\"character ") + count(&svg, "<g class=\"thread ");
        assert_eq!(
            count(&svg, "<g class=\"scene"),
            count(&svg, "\"><title>") - others,
            "{view:?}"
        );
        for id in story.scenes.keys() {
            assert!(svg.contains(&format!("<title>{id} — ")), "{id} in {view:?}");
        }
    }
    let svg = render(&story, &chronology, View::Lanes, ThemeName::Light);
    assert_eq!(count(&svg, "class=\"ribbon\""), chronology.order.len());
    assert_eq!(
        count(&svg, "class=\"era-past") + count(&svg, " era-past"),
        7
    );
}

#[test]
fn labels_do_not_overlap_and_stay_inside() {
    let (story, chronology) = reference();
    let common = Common::new(&story, &chronology);
    let l = lanes::layout(&story, &chronology, &common);
    let mut boxes: Vec<Rect> = Vec::new();
    boxes.extend(l.header.iter().map(|x| x.bbox()));
    boxes.extend(l.legend.iter().map(|x| x.label.bbox()));
    boxes.extend(l.gutter.iter().map(|x| x.bbox()));
    boxes.extend(
        l.telling_ticks
            .iter()
            .filter_map(|t| t.1.as_ref())
            .map(|x| x.bbox()),
    );
    boxes.extend(
        l.axis
            .ticks
            .iter()
            .filter_map(|t| t.label.as_ref())
            .map(|x| x.bbox()),
    );
    boxes.extend(
        l.axis
            .breaks
            .iter()
            .filter_map(|b| b.label.as_ref())
            .map(|x| x.bbox()),
    );
    boxes.extend(l.axis.captions.iter().map(|x| x.bbox()));
    boxes.extend(
        l.scenes
            .iter()
            .flat_map(|s| s.labels.iter().map(|x| x.bbox())),
    );
    boxes.extend(l.notes.iter().map(|x| x.bbox()));
    for (i, a) in boxes.iter().enumerate() {
        assert!(
            a.x0 >= 0.0 && a.x1 <= l.width && a.y0 >= 0.0 && a.y1 <= l.height,
            "{a:?}"
        );
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(*b), "{a:?} overlaps {b:?}");
        }
    }
    let xs: Vec<f64> = l.axis.ticks.iter().map(|t| t.x).collect();
    assert!(xs.windows(2).all(|w| w[0] < w[1]));
    let ts: Vec<i64> = l.axis.ticks.iter().map(|t| t.t).collect();
    assert!(ts.windows(2).all(|w| w[0] < w[1]));

    let c = curve::layout(&story, &chronology, &common);
    let boxes: Vec<_> = c
        .labels
        .iter()
        .chain(&c.header)
        .chain(c.legend.iter().map(|x| &x.label))
        .map(|x| x.bbox())
        .collect();
    for (i, a) in boxes.iter().enumerate() {
        assert!(a.x0 >= 0.0 && a.x1 <= c.width && a.y1 <= c.height, "{a:?}");
        for b in &boxes[i + 1..] {
            assert!(!a.overlaps(*b), "{a:?} overlaps {b:?}");
        }
    }
}

#[test]
fn ribbons_join_the_two_blocks_of_a_scene() {
    let (story, chronology) = reference();
    let common = Common::new(&story, &chronology);
    let l = lanes::layout(&story, &chronology, &common);
    for s in &l.scenes {
        if let Some(Ribbon::Band { a0, ya, b0, yb, .. }) = s.ribbon {
            assert_eq!((a0, ya), (s.telling.x0, s.telling.y1));
            assert_eq!(b0, s.chrono.x0);
            assert!(yb <= s.chrono.y0);
        }
    }
}

const EVIL: &str = "<script>alert(1)</script> & \"Ömer's\" ]]>";

#[test]
fn strings_from_scene_files_are_escaped() {
    let text = format!(
        "title: {EVIL}\noriginal: {EVIL}\n\nera {0}: 2020 .. 2021\n\nscene a: {EVIL}\n  story: 2020-01-01\n\nscene b: {EVIL}\n  story: after a by 1d\n\nscene c: {EVIL}\n",
        "x"
    );
    let (story, chronology) = from_text(&text);
    assert_eq!(story.scenes[0].title, EVIL);
    for view in View::ALL {
        for theme in [ThemeName::Light, ThemeName::Dark] {
            let svg = render(&story, &chronology, view, theme);
            rasterise(&svg);
            assert!(!svg.contains("<script"), "{svg}");
            assert!(!svg.contains("]]>"));
            assert!(svg.contains(
                "&lt;script&gt;alert(1)&lt;/script&gt; &amp; &quot;Ömer&apos;s&quot; ]]&gt;"
            ));
            // The text comes back intact through a real XML parser.
            let tree = resvg::usvg::Tree::from_str(&svg, &resvg::usvg::Options::default()).unwrap();
            drop(tree);
        }
    }
}

#[test]
fn contradictions_are_marked_and_counted() {
    let (story, chronology) = from_text(
        "title: Clash\n\nscene a: A\n  story: 2020-01-02\n\nscene b: B\n  story: 2020-01-05, before a by 1d\n",
    );
    assert!(!chronology.contradictions.is_empty());
    for view in View::ALL {
        let svg = render(&story, &chronology, view, ThemeName::Light);
        rasterise(&svg);
        assert!(svg.contains(" contradiction\""), "{view:?}");
        assert!(svg.contains("⚠ 1 contradiction<"), "{view:?}");
    }
}

#[test]
fn undated_and_unplaced_scenes_get_their_own_places() {
    let (story, chronology) = from_text(
        "title: Floating\n\nscene a: A\n  story: for 1h\n\nscene b: B\n  story: after a by 1d\n\nscene c: C\n",
    );
    let common = Common::new(&story, &chronology);
    let l = lanes::layout(&story, &chronology, &common);
    assert!(l.unplaced_lane.is_some());
    assert!(l.scenes[2].unplaced && l.scenes[2].ribbon.is_none());
    // a and b are a day apart, known relative to each other only: a
    // relative axis (`relative_axis`), ticked by the day.
    assert!(matches!(
        l.axis.segments[0].kind,
        super::axis::SegmentKind::Time { .. }
    ));
    assert!(l.axis.captions.iter().any(|c| c.text.starts_with("day 1")));
    for view in View::ALL {
        rasterise(&render(&story, &chronology, view, ThemeName::Dark));
    }
}

#[test]
fn an_empty_story_still_renders() {
    let (story, chronology) = from_text("title: Nothing\n");
    for view in View::ALL {
        rasterise(&render(&story, &chronology, view, ThemeName::Light));
    }
}

/// A sink that keeps what it is given and how, and can be made to fail.
struct Sink {
    bytes: Vec<u8>,
    writes: usize,
    fail_after: Option<usize>,
    /// The size of each write.
    sizes: Vec<usize>,
}

impl Sink {
    /// A sink that takes every write, or fails from write `fail_after` on.
    fn new(fail_after: Option<usize>) -> Sink {
        Sink {
            bytes: Vec::new(),
            writes: 0,
            fail_after,
            sizes: Vec::new(),
        }
    }
}

impl std::io::Write for Sink {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.fail_after.is_some_and(|n| self.writes >= n) {
            return Err(std::io::Error::other("disk full"));
        }
        self.writes += 1;
        self.sizes.push(buf.len());
        self.bytes.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// A story of `n` scenes a day apart with one coloured marker.
fn long_story(n: usize) -> (Story, Chronology) {
    let mut text =
        String::from("title: Long & <odd>\nmarker hair:\n  dark: #333333\n  grey: #999999\n\n");
    for i in 0..n {
        let when = if i == 0 {
            "2020-01-01 09:00 for 1h".to_string()
        } else {
            format!("after s{} by 1d, for 1h", i - 1)
        };
        text.push_str(&format!(
            "scene s{i}: Scene \"{i}\"\n  story: {when}\n  hair: {}\n",
            if i % 2 == 0 { "dark" } else { "grey" }
        ));
    }
    from_text(&text)
}

#[test]
fn a_view_streamed_to_a_writer_is_the_drawing_byte_for_byte() {
    let (story, chronology) = long_story(1200);
    assert_eq!(chronology.order.len(), 1200, "every scene is placed");
    let options = super::grouping::Options::default();
    for view in View::ALL {
        let whole = super::render_with(&story, &chronology, view, ThemeName::Dark, options);
        let mut sink = Sink::new(None);
        super::write_with(
            &story,
            &chronology,
            view,
            ThemeName::Dark,
            options,
            &mut sink,
        )
        .unwrap();
        assert_eq!(String::from_utf8(sink.bytes).unwrap(), whole, "{view:?}");
        // Several buffers' worth, written as it was made, not at the end.
        assert!(
            whole.len() > 3 * super::svg::SPILL,
            "{view:?}: {}",
            whole.len()
        );
        assert!(sink.writes >= 3, "{view:?}: {} writes", sink.writes);
        // Gathered into whole buffers, not an element at a time.
        let (last, full) = sink.sizes.split_last().unwrap();
        assert!(
            full.iter().all(|&n| n >= super::svg::SPILL),
            "{view:?}: {full:?}"
        );
        assert!(*last > 0);
    }
}

#[test]
fn an_inline_drawing_streamed_keeps_its_styles_aside() {
    let (story, chronology) = long_story(1200);
    let target = super::Target::Inline {
        id_prefix: "lanes-svg-",
    };
    let options = super::grouping::Options::default();
    let whole = super::draw_with(
        &story,
        &chronology,
        View::Lanes,
        ThemeName::Light,
        target,
        options,
    );
    let mut sink = Sink::new(None);
    let streamed = super::draw_into(
        &story,
        &chronology,
        View::Lanes,
        ThemeName::Light,
        target,
        options,
        Some(&mut sink),
    )
    .unwrap();
    assert_eq!(String::from_utf8(sink.bytes).unwrap(), whole.svg);
    assert!(streamed.svg.is_empty(), "the text went to the sink");
    assert!(!whole.css.is_empty());
    assert_eq!(streamed.css, whole.css);
    assert!(!whole.svg.contains("<style>"));
}

#[test]
fn a_sink_that_fails_mid_drawing_gives_its_error() {
    let (story, chronology) = long_story(400);
    let mut sink = Sink::new(Some(1));
    let options = super::grouping::Options::default();
    let err = super::write_with(
        &story,
        &chronology,
        View::Lanes,
        ThemeName::Light,
        options,
        &mut sink,
    )
    .unwrap_err();
    assert_eq!(err.to_string(), "disk full");
    assert_eq!(sink.writes, 1, "nothing is written after the failure");
}
