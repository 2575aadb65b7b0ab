//! Print-friendly style: white background, near-black text, colour-blind-safe
//! colours and dash patterns that keep lines apart in greyscale.

/// Font stack for every chart. DejaVu Sans comes first because the PNG
/// renderer always has it (system copy or the bundled fallback).
pub const FONT_FAMILY: &str = "DejaVu Sans, Verdana, Arial, Helvetica, sans-serif";

/// Main text colour (titles, labels).
pub const TEXT: &str = "#1a1a1a";
/// Secondary text colour (subtitles, tick labels).
pub const MUTED: &str = "#4d4d4d";
/// Axis line colour.
pub const AXIS: &str = "#333333";
/// Grid line colour.
pub const GRID: &str = "#dedede";
/// Reference line colour (targets, thresholds).
pub const REFERENCE: &str = "#555555";

/// The Okabe–Ito palette (colour-blind safe), ordered so that the first
/// colours also differ in lightness. Yellow is last: it is weak on white.
pub const CATEGORICAL: [&str; 8] = [
    "#0072B2", // blue
    "#D55E00", // vermillion
    "#009E73", // bluish green
    "#CC79A7", // reddish purple
    "#E69F00", // orange
    "#56B4E9", // sky blue
    "#000000", // black
    "#F0E442", // yellow
];

/// Stroke dash patterns paired with [`CATEGORICAL`] so that series stay
/// distinguishable when printed in greyscale. The first is solid.
pub const DASHES: [&str; 8] = [
    "", "7 4", "2 3", "10 3 2 3", "4 2", "1 4", "12 4", "6 2 2 2",
];

/// Sequential colours for ordered categories (light = low, dark = high),
/// sampled from the perceptually uniform "inferno" map. Lightness decreases
/// monotonically, so the order survives greyscale printing and the common
/// forms of colour blindness.
pub const SEQUENTIAL: [&str; 9] = [
    "#fcffa4", "#f6d746", "#fca50a", "#f37819", "#dd513a", "#bc3754", "#932667", "#6a176e",
    "#420a68",
];

/// Colour for category `i` of `n` ordered categories (spread over [`SEQUENTIAL`],
/// skipping the palest stop which is too close to white when n is small).
pub fn sequential(i: usize, n: usize) -> &'static str {
    let last = SEQUENTIAL.len() - 1;
    if n <= 1 {
        return SEQUENTIAL[last / 2];
    }
    let lo = if n < SEQUENTIAL.len() { 1 } else { 0 };
    let t = i.min(n - 1) as f64 / (n - 1) as f64;
    SEQUENTIAL[lo + (t * (last - lo) as f64).round() as usize]
}

/// Colour of series `i` (cycles through [`CATEGORICAL`]).
pub fn categorical(i: usize) -> &'static str {
    CATEGORICAL[i % CATEGORICAL.len()]
}

/// Dash pattern of series `i` (cycles through [`DASHES`]).
pub fn dash(i: usize) -> &'static str {
    DASHES[i % DASHES.len()]
}

/// Fan chart colours.
pub(crate) const FAN: &str = "#0072B2";
pub(crate) const OBSERVED: &str = "#D55E00";
pub(crate) const BAR: &str = "#56B4E9";
pub(crate) const WHISKER: &str = "#1a1a1a";

pub(crate) const TITLE_SIZE: f64 = 18.0;
pub(crate) const SUBTITLE_SIZE: f64 = 13.0;
pub(crate) const TICK_SIZE: f64 = 12.0;
pub(crate) const AXIS_TITLE_SIZE: f64 = 13.0;
pub(crate) const LEGEND_SIZE: f64 = 12.5;
