//! SVG → PNG with resvg.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

/// DejaVu Sans 2.37 (Bitstream Vera licence, see `fonts/DejaVuSans-LICENSE.txt`),
/// used only when the system has no DejaVu Sans.
const FALLBACK_FONT: &[u8] = include_bytes!("../fonts/DejaVuSans.ttf");

/// Largest output side in pixels; guards against absurd scales.
const MAX_SIDE: f32 = 16_384.0;

/// Why an SVG could not be turned into a PNG.
#[derive(Debug)]
pub enum PngError {
    /// The SVG text could not be parsed.
    Parse(String),
    /// The scaled image would be empty, non-finite or larger than 16,384 px on a side.
    Size {
        /// Requested width in pixels.
        width: f32,
        /// Requested height in pixels.
        height: f32,
    },
    /// PNG encoding failed.
    Encode(String),
}

impl std::fmt::Display for PngError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            PngError::Parse(e) => write!(f, "cannot parse SVG: {e}"),
            PngError::Size { width, height } => {
                write!(
                    f,
                    "cannot render a {width} x {height} px image (must be 1..=16384 px per side)"
                )
            }
            PngError::Encode(e) => write!(f, "cannot encode PNG: {e}"),
        }
    }
}

impl std::error::Error for PngError {}

/// The font database, built once per process: system fonts (fontconfig
/// directories and the usual font folders) plus, if no DejaVu Sans was
/// found, the copy bundled with this crate. Generic `sans-serif` maps to
/// DejaVu Sans.
fn fonts() -> Arc<usvg::fontdb::Database> {
    static DB: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DB.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        let has_dejavu = db
            .faces()
            .any(|f| f.families.iter().any(|(name, _)| name == "DejaVu Sans"));
        if !has_dejavu {
            db.load_font_data(FALLBACK_FONT.to_vec());
        }
        db.set_sans_serif_family("DejaVu Sans");
        Arc::new(db)
    })
    .clone()
}

/// Renders an SVG document to PNG bytes, `scale` times its own size
/// (`2.0` gives crisp images for slides and print). The background is
/// whatever the SVG paints (the charts of this crate paint white).
///
/// Text is set with system fonts, falling back to the bundled DejaVu Sans,
/// so output does not depend on fonts being installed.
pub fn svg_to_png(svg: &str, scale: f32) -> Result<Vec<u8>, PngError> {
    render(svg, scale, fonts())
}

fn render(svg: &str, scale: f32, fontdb: Arc<usvg::fontdb::Database>) -> Result<Vec<u8>, PngError> {
    let options = usvg::Options {
        fontdb,
        font_family: "DejaVu Sans".to_string(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(svg, &options).map_err(|e| PngError::Parse(e.to_string()))?;
    let size = tree.size();
    let (w, h) = (size.width() * scale, size.height() * scale);
    if !(w.is_finite() && h.is_finite() && w >= 1.0 && h >= 1.0 && w <= MAX_SIDE && h <= MAX_SIDE) {
        return Err(PngError::Size {
            width: w,
            height: h,
        });
    }
    let mut pixmap =
        tiny_skia::Pixmap::new(w.ceil() as u32, h.ceil() as u32).ok_or(PngError::Size {
            width: w,
            height: h,
        })?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap
        .encode_png()
        .map_err(|e| PngError::Encode(e.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bundled_font_alone_renders_text() {
        // As on a machine without any system fonts.
        let mut db = usvg::fontdb::Database::new();
        db.load_font_data(FALLBACK_FONT.to_vec());
        db.set_sans_serif_family("DejaVu Sans");
        let db = Arc::new(db);
        let page = |body: &str| {
            format!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 200 40\" width=\"200\" height=\"40\">\
                 <rect width=\"200\" height=\"40\" fill=\"#fff\"/>{body}</svg>"
            )
        };
        let blank = render(&page(""), 1.0, db.clone()).expect("renders");
        let text = render(
            &page("<text x=\"8\" y=\"28\" font-size=\"20\" font-family=\"Verdana, sans-serif\">Faultline 62%</text>"),
            1.0,
            db,
        )
        .expect("renders");
        assert!(
            text.len() > blank.len() + 200,
            "{} vs {}",
            text.len(),
            blank.len()
        );
    }

    #[test]
    fn system_database_knows_dejavu_sans() {
        let db = fonts();
        assert!(
            db.faces()
                .any(|f| f.families.iter().any(|(n, _)| n == "DejaVu Sans"))
        );
    }
}
