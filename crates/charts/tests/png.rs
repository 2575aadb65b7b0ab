//! PNG rendering through resvg.

mod common;

use charts::{PngError, fan_chart, svg_to_png};
use common::*;

const SIGNATURE: [u8; 8] = [0x89, b'P', b'N', b'G', b'\r', b'\n', 0x1a, b'\n'];

/// Width and height from the IHDR chunk, which follows the signature.
fn png_size(png: &[u8]) -> (u32, u32) {
    assert_eq!(&png[..8], &SIGNATURE, "PNG signature");
    assert_eq!(&png[12..16], b"IHDR");
    let w = u32::from_be_bytes(png[16..20].try_into().expect("4 bytes"));
    let h = u32::from_be_bytes(png[20..24].try_into().expect("4 bytes"));
    (w, h)
}

#[test]
fn chart_renders_to_png_at_the_requested_scale() {
    let svg = fan_chart(&sample_fan());
    let png = svg_to_png(&svg, 2.0).expect("renders");
    assert_eq!(png_size(&png), (1600, 900));
    assert!(
        png.len() > 10_000,
        "a real picture, not a blank one: {} bytes",
        png.len()
    );
    let png1 = svg_to_png(&svg, 1.0).expect("renders");
    assert_eq!(png_size(&png1), (800, 450));
}

#[test]
fn text_is_rendered_with_a_real_font() {
    // The same page with and without a line of text must differ: if no font
    // were found, resvg would silently drop the text.
    let blank = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40"><rect width="200" height="40" fill="#fff"/></svg>"##;
    let with_text = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="10" y="28" font-size="20" font-family="DejaVu Sans, sans-serif">Faultline 62%</text></svg>"##;
    let a = svg_to_png(blank, 1.0).expect("blank renders");
    let b = svg_to_png(with_text, 1.0).expect("text renders");
    assert_eq!(png_size(&a), png_size(&b));
    assert!(
        b.len() > a.len() + 200,
        "text added no pixels ({} vs {} bytes)",
        b.len(),
        a.len()
    );
}

#[test]
fn bad_input_is_an_error_not_a_panic() {
    assert!(matches!(
        svg_to_png("not svg at all", 1.0),
        Err(PngError::Parse(_))
    ));
    let svg = fan_chart(&sample_fan());
    assert!(matches!(svg_to_png(&svg, 0.0), Err(PngError::Size { .. })));
    assert!(matches!(
        svg_to_png(&svg, f32::NAN),
        Err(PngError::Size { .. })
    ));
    assert!(matches!(
        svg_to_png(&svg, 1000.0),
        Err(PngError::Size { .. })
    ));
    let msg = svg_to_png(&svg, 0.0).expect_err("zero scale").to_string();
    assert!(msg.contains("px"), "{msg}");
}
