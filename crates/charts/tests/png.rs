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

/// The box (left, right, top, bottom; pixel edges) of the pixels darker than mid-grey.
fn ink_box(png: &[u8]) -> (f64, f64, f64, f64) {
    let pixmap = resvg::tiny_skia::Pixmap::decode_png(png).expect("decodes");
    let (w, h) = (pixmap.width() as usize, pixmap.height() as usize);
    let (mut x0, mut x1, mut y0, mut y1) = (usize::MAX, 0, usize::MAX, 0);
    for (i, px) in pixmap.pixels().iter().enumerate() {
        if px.demultiply().red() < 128 {
            let (x, y) = (i % w, i / w);
            (x0, x1, y0, y1) = (x0.min(x), x1.max(x + 1), y0.min(y), y1.max(y + 1));
        }
    }
    assert!(x0 < w && y0 < h, "no ink at all");
    (x0 as f64, x1 as f64, y0 as f64, y1 as f64)
}

#[test]
fn text_is_set_in_dejavu_sans_with_its_published_metrics() {
    // `Verdana` is not installed (nor bundled), so `sans-serif` must resolve to DejaVu
    // Sans, from the system or from the bundled copy. Reference values, read from
    // DejaVu Sans 2.37's own tables (unitsPerEm 2048; hmtx advances F 1178, a 1255,
    // u 1298, l 569, t 803, i 569, n 1298, e 1260, space 651, 6 1303, 2 1303; glyf:
    // F starts at x = 201, % ends at x = 1833 of its box; cap height 1556, % bottom −29):
    // at 20 px from x = 10 the ink runs from 10 + 201·20/2048 = 11.96 to
    // 10 + 13889·20/2048 = 145.63, and from baseline 28 up to 28 − 15.20 = 12.80 and
    // down to 28.28. Another font (DejaVu Sans Condensed is 10 % narrower, DejaVu Serif
    // or Liberation Sans differ by more) or dropped text fails; the tolerance (2 px)
    // covers kerning and anti-aliasing.
    let svg = r##"<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 200 40" width="200" height="40"><rect width="200" height="40" fill="#fff"/><text x="10" y="28" font-size="20" font-family="Verdana, sans-serif" fill="#000">Faultline 62%</text></svg>"##;
    let png = svg_to_png(svg, 1.0).expect("renders");
    assert_eq!(png_size(&png), (200, 40));
    let (left, right, top, bottom) = ink_box(&png);
    let want = [(left, 11.96), (right, 145.63), (top, 12.80), (bottom, 28.28)];
    for (got, expected) in want {
        assert!((got - expected).abs() <= 2.0, "ink box {:?}, expected {:?}", (left, right, top, bottom), want.map(|w| w.1));
    }
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
