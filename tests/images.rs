//! `render --format png|pdf`: valid files whose size and text match the
//! SVG's, the same bytes on every run, and usage errors for bad scales.

mod common;

use std::path::Path;
use std::process::Command;

use common::{repo, Test};

fn reference() -> String {
    repo()
        .join("scenes/dont-leave.scenes")
        .to_string_lossy()
        .into_owned()
}

/// `width` and `height` of an SVG's root element.
fn svg_size(svg: &str) -> (f64, f64) {
    let attr = |name: &str| -> f64 {
        let at = svg.find(&format!(" {name}=\"")).expect("attribute") + name.len() + 3;
        svg[at..at + svg[at..].find('"').expect("end")]
            .parse()
            .expect("a number")
    };
    (attr("width"), attr("height"))
}

/// A PNG's width and height, from its IHDR chunk.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], b"\x89PNG\r\n\x1a\n", "a PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let be = |i: usize| u32::from_be_bytes([png[i], png[i + 1], png[i + 2], png[i + 3]]);
    (be(16), be(20))
}

fn read(path: &Path) -> Vec<u8> {
    std::fs::read(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn png_is_the_svg_size_times_the_scale_and_the_same_bytes_twice() {
    let t = Test::new();
    let dir = t.dir().to_path_buf();
    let story = reference();
    let _svg = t
        .cmd(&["render", &story, "-o", "svg"])
        .stdout_any()
        .stderr_any()
        .run();
    let _png = t
        .cmd(&[
            "render", &story, "-o", "png", "--format", "png", "--scale", "2",
        ])
        .stdout_contains("dont-leave.lanes.png")
        .stderr_any()
        .run();
    let _again = t
        .cmd(&[
            "render", &story, "-o", "again", "--format", "png", "--scale", "2",
        ])
        .stdout_any()
        .stderr_any()
        .run();
    for view in ["lanes", "curve"] {
        let svg = String::from_utf8(read(&dir.join(format!("svg/dont-leave.{view}.svg")))).unwrap();
        let (w, h) = svg_size(&svg);
        let png = read(&dir.join(format!("png/dont-leave.{view}.png")));
        assert_eq!(
            png_size(&png),
            ((w * 2.0).round() as u32, (h * 2.0).round() as u32),
            "{view}"
        );
        assert_eq!(
            png,
            read(&dir.join(format!("again/dont-leave.{view}.png"))),
            "{view}"
        );
        // Something is drawn: a PNG of one flat colour compresses to far less.
        assert!(png.len() > 20_000, "{view}: {} bytes", png.len());
    }
    // No SVG is written with --format png.
    assert!(!dir.join("png/dont-leave.lanes.svg").exists());
}

#[test]
fn pdf_has_one_page_per_view_with_the_scene_titles_as_text() {
    let t = Test::new();
    let dir = t.dir().to_path_buf();
    let story = reference();
    let _run = t
        .cmd(&["render", &story, "-o", "pdf", "--format", "pdf"])
        .stdout_contains("dont-leave.pdf")
        .stderr_any()
        .run();
    let _one = t
        .cmd(&[
            "render", &story, "-o", "one", "--format", "pdf", "--view", "curve",
        ])
        .stdout_any()
        .stderr_any()
        .run();
    let pdf = read(&dir.join("pdf/dont-leave.pdf"));
    assert!(pdf.starts_with(b"%PDF-"));
    let text = String::from_utf8_lossy(&pdf);
    let pages = |t: &str| t.matches("/Type /Page").count() - t.matches("/Type /Pages").count();
    // Lanes, curve and storylines (no works view: not a series).
    assert_eq!(pages(&text), 3);
    assert_eq!(
        pages(&String::from_utf8_lossy(&read(
            &dir.join("one/dont-leave.pdf")
        ))),
        1
    );
    // svg2pdf orders some objects by hash-map iteration, so two runs may
    // differ in bytes (docs/render.md); they must agree in what they hold.
    let _again = t
        .cmd(&["render", &story, "-o", "again", "--format", "pdf"])
        .stdout_any()
        .stderr_any()
        .run();
    assert!(read(&dir.join("again/dont-leave.pdf")).starts_with(b"%PDF-"));

    let Ok(out) = Command::new("pdftotext")
        .arg(dir.join("pdf/dont-leave.pdf"))
        .arg("-")
        .output()
    else {
        eprintln!("SKIP: no pdftotext (poppler-utils): the PDF's text was not read");
        return;
    };
    assert!(out.status.success());
    let again_text = Command::new("pdftotext")
        .arg(dir.join("again/dont-leave.pdf"))
        .arg("-")
        .output()
        .expect("pdftotext");
    assert_eq!(out.stdout, again_text.stdout, "two runs, one text");
    let found = String::from_utf8_lossy(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    // Every scene title is in the drawing (beside its block, in the curve's
    // gutter or in the key), so every one is in the PDF as text.
    let scenes = std::fs::read_to_string(repo().join("scenes/dont-leave.scenes")).unwrap();
    let titles: Vec<&str> = scenes
        .lines()
        .filter_map(|l| l.strip_prefix("scene "))
        .filter_map(|l| l.split_once(": ").map(|(_, t)| t.trim()))
        .collect();
    assert!(titles.len() >= 10);
    for title in titles {
        assert!(found.contains(title), "{title:?} not in the PDF's text");
    }
    assert!(found.contains("Don't Leave") || found.contains("Don’t Leave"));
}

#[test]
fn a_bad_scale_is_a_usage_error_and_writes_nothing() {
    let t = Test::new();
    let dir = t.dir().to_path_buf();
    let story = reference();
    // 0.0001 once passed and then drew a 0 × 0 picture after making
    // the output directory.
    for scale in ["0", "-1", "0.0001", "0.09", "8.01", "9", "NaN", "inf"] {
        let scale = format!("--scale={scale}");
        let _run = t
            .cmd(&["render", &story, "-o", "out", "--format", "png", &scale])
            .status(2)
            .stderr_contains("--scale")
            .run();
    }
    assert!(!dir.join("out").exists());
    // Scales under 1 are fine, down to a tenth, and up to 8.
    for scale in ["0.5", "0.1", "8"] {
        let _ok = t
            .cmd(&[
                "render", &story, "-o", "ok", "--format", "png", "--scale", scale, "--view",
                "curve",
            ])
            .stdout_any()
            .stderr_any()
            .run();
    }
}
