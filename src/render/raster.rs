//! PNG and PDF from the SVG views (`render --format png|pdf`, the `images`
//! feature, on by default).
//!
//! The SVG is the one [`super::render`] writes; resvg draws it into pixels
//! and svg2pdf into vector PDF (text stays text, searchable). Both are given
//! only the DejaVu Sans files bundled in `assets/fonts/` (the font whose
//! metrics [`super::metrics`] embeds), never the machine's fonts, so text
//! lands where the layout measured it. PNG bytes are the same on every run
//! and machine. PDF content is too, but svg2pdf 0.13 writes some objects
//! (the two fonts, resource dictionaries) in hash-map order, so their order
//! and numbering, not what the pages show or say, may differ between runs.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, OnceLock};

use pdf_writer::{Finish, Pdf, Rect, Ref};
use resvg::usvg::{self, fontdb};

/// DejaVu Sans (Book), Bitstream Vera licence (`assets/fonts/LICENSE`).
const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans Bold, same licence.
const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

/// Largest `--scale`: a 1200-px view at 8× is already 9600 px wide.
pub const MAX_SCALE: f32 = 8.0;

/// Smallest `--scale`: every view is some hundreds of SVG pixels each way,
/// so at a tenth it is still tens of pixels. Below it a picture can round
/// to no pixels at all, found only after the output directory is made.
pub const MIN_SCALE: f32 = 0.1;

/// Why a picture could not be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ImageError {
    /// The SVG did not parse (a bug in the views, not in the input).
    Svg(String),
    /// The scale is not a number in `MIN_SCALE <= scale <= MAX_SCALE`, or the
    /// picture would have no pixels.
    Scale(String),
    /// svg2pdf could not convert the view.
    Pdf(String),
}

impl fmt::Display for ImageError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ImageError::Svg(e) => write!(f, "could not read the drawn SVG: {e}"),
            ImageError::Scale(e) => write!(f, "{e}"),
            ImageError::Pdf(e) => write!(f, "could not write the PDF: {e}"),
        }
    }
}

impl std::error::Error for ImageError {}

/// The fonts, loaded once.
fn fonts() -> Arc<fontdb::Database> {
    static DB: OnceLock<Arc<fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = fontdb::Database::new();
        db.load_font_data(REGULAR.to_vec());
        db.load_font_data(BOLD.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Parse a view's SVG with the bundled fonts.
fn tree(svg: &str) -> Result<usvg::Tree, ImageError> {
    let options = usvg::Options {
        fontdb: fonts(),
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    usvg::Tree::from_str(svg, &options).map_err(|e| ImageError::Svg(e.to_string()))
}

/// Check a `--scale` value: a number from [`MIN_SCALE`] to [`MAX_SCALE`].
pub fn check_scale(scale: f32) -> Result<f32, ImageError> {
    if (MIN_SCALE..=MAX_SCALE).contains(&scale) {
        Ok(scale)
    } else {
        Err(ImageError::Scale(format!(
            "--scale must be a number from {MIN_SCALE} to {MAX_SCALE}, not {scale}"
        )))
    }
}

/// Draw one view's SVG as a PNG, `scale` pixels per SVG pixel: a view
/// `w × h` becomes `round(w·scale) × round(h·scale)`.
pub fn png(svg: &str, scale: f32) -> Result<Vec<u8>, ImageError> {
    let scale = check_scale(scale)?;
    let tree = tree(svg)?;
    let size = tree.size();
    let (w, h) = (
        (size.width() * scale).round() as u32,
        (size.height() * scale).round() as u32,
    );
    let mut pixmap = resvg::tiny_skia::Pixmap::new(w, h)
        .ok_or_else(|| ImageError::Scale(format!("a {w} × {h} picture has no pixels")))?;
    resvg::render(
        &tree,
        resvg::tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| ImageError::Svg(e.to_string()))
}

/// One PDF with a page per view's SVG, each page the view's size (one SVG
/// pixel is one PDF point).
pub fn pdf(svgs: &[&str]) -> Result<Vec<u8>, ImageError> {
    let mut alloc = Ref::new(1);
    let catalog = alloc.bump();
    let page_tree = alloc.bump();
    let mut pdf = Pdf::new();
    let mut pages = Vec::with_capacity(svgs.len());
    for svg in svgs {
        let tree = tree(svg)?;
        let (chunk, xobject) = svg2pdf::to_chunk(&tree, svg2pdf::ConversionOptions::default())
            .map_err(|e| ImageError::Pdf(e.to_string()))?;
        // Renumber the chunk's objects into this document's numbering.
        let mut map: HashMap<Ref, Ref> = HashMap::new();
        let chunk = chunk.renumber(|old| *map.entry(old).or_insert_with(|| alloc.bump()));
        let xobject = map
            .get(&xobject)
            .copied()
            .ok_or_else(|| ImageError::Pdf("the converted view has no drawing".to_string()))?;
        let (page, content) = (alloc.bump(), alloc.bump());
        let (w, h) = (tree.size().width(), tree.size().height());
        let mut p = pdf.page(page);
        p.media_box(Rect::new(0.0, 0.0, w, h));
        p.parent(page_tree);
        p.contents(content);
        p.resources()
            .x_objects()
            .pair(pdf_writer::Name(b"V"), xobject);
        p.finish();
        // The XObject is one point square: scale it to the page.
        let mut c = pdf_writer::Content::new();
        c.transform([w, 0.0, 0.0, h, 0.0, 0.0]);
        c.x_object(pdf_writer::Name(b"V"));
        pdf.stream(content, &c.finish());
        pdf.extend(&chunk);
        pages.push(page);
    }
    pdf.catalog(catalog).pages(page_tree);
    pdf.pages(page_tree)
        .count(i32::try_from(pages.len()).unwrap_or(i32::MAX))
        .kids(pages);
    Ok(pdf.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    const SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"120\" height=\"40\" \
        font-family=\"'DejaVu Sans', sans-serif\"><rect width=\"120\" height=\"40\" fill=\"#fff\"/>\
        <text x=\"4\" y=\"24\" font-size=\"12\">Day 290</text></svg>";

    #[test]
    fn png_has_the_scaled_size_and_the_same_bytes_twice() {
        let a = png(SVG, 2.0).expect("png");
        assert_eq!(&a[..8], b"\x89PNG\r\n\x1a\n");
        // IHDR: width and height, big-endian, at bytes 16..24.
        let w = u32::from_be_bytes([a[16], a[17], a[18], a[19]]);
        let h = u32::from_be_bytes([a[20], a[21], a[22], a[23]]);
        assert_eq!((w, h), (240, 80));
        assert_eq!(a, png(SVG, 2.0).expect("png"));
    }

    #[test]
    fn bad_scales_are_refused() {
        for s in [0.0, -1.0, f32::NAN, f32::INFINITY, MAX_SCALE + 0.5] {
            assert!(matches!(png(SVG, s), Err(ImageError::Scale(_))), "{s}");
        }
        assert!(png(SVG, MAX_SCALE).is_ok());
    }

    #[test]
    fn pdf_has_a_page_per_view_and_embeds_the_font() {
        let one = pdf(&[SVG]).expect("pdf");
        let two = pdf(&[SVG, SVG]).expect("pdf");
        assert!(one.starts_with(b"%PDF-"));
        let text = String::from_utf8_lossy(&two);
        let pages = text.matches("/Type /Page").count() - text.matches("/Type /Pages").count();
        assert_eq!(pages, 2);
        assert!(text.contains("DejaVuSans"));
        let again = pdf(&[SVG, SVG]).expect("pdf");
        let pages_again = String::from_utf8_lossy(&again)
            .matches("/Type /Page")
            .count();
        assert_eq!(pages_again, text.matches("/Type /Page").count());
    }
}
