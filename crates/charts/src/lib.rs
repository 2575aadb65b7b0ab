//! Chart and report building blocks for Faultline.
//!
//! Everything here works on plain input types (vectors of numbers with names
//! and units), so the report command can fill them from whatever the
//! simulation produces.
//!
//! * [`fan_chart`], [`stacked_area`], [`bar_with_intervals`] and [`line_chart`]
//!   return standalone SVG documents (with `viewBox`, `<title>` and `<desc>`)
//!   that can also be inlined into HTML.
//! * [`svg_to_png`] rasterises such an SVG with `resvg`.
//! * [`HtmlReport`] assembles a self-contained HTML page (inline CSS and SVG,
//!   no network requests) with print styles.
//!
//! # Missing and odd data
//!
//! No function here panics on bad numbers. Non-finite values (NaN, ±∞) are
//! treated as missing: lines and bands are broken at them, stacked shares
//! count them as zero, bars without a finite value are drawn empty with a
//! `–` label. Series of unequal length are cut to the shortest. A chart with
//! no finite data at all still renders its frame, with the words "No data".
//! Values outside a fixed axis range ([`Axis::with_range`]) are drawn at the
//! edge of the plot.

mod charts;
mod html;
mod png;
pub mod style;
mod svg;
mod text;
pub mod ticks;

pub use charts::{bar_with_intervals, fan_chart, line_chart, stacked_area};
pub use html::{HtmlReport, KeyProbability, Reproduce, Table};
pub use png::{PngError, svg_to_png};
pub use text::{Date, escape_html, escape_xml, format_interval, format_number, format_probability, format_usd_bn};

/// An axis description: title, unit and optional fixed range.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Axis {
    /// Axis title, e.g. `Bilateral trade`.
    pub title: String,
    /// Unit shown in brackets after the title, e.g. `$bn`. Empty for none.
    /// Ignored when [`Axis::percent`] is set (the unit is then `%`).
    pub unit: String,
    /// Fixed lower end of the axis; `None` picks a nice value from the data.
    pub min: Option<f64>,
    /// Fixed upper end of the axis; `None` picks a nice value from the data.
    pub max: Option<f64>,
    /// Values are fractions (0.25) displayed as percentages (25%).
    pub percent: bool,
}

impl Axis {
    /// An axis with a title and unit and a range chosen from the data.
    pub fn new(title: impl Into<String>, unit: impl Into<String>) -> Self {
        Axis {
            title: title.into(),
            unit: unit.into(),
            ..Axis::default()
        }
    }

    /// Fixes either or both ends of the axis.
    pub fn with_range(mut self, min: Option<f64>, max: Option<f64>) -> Self {
        self.min = min;
        self.max = max;
        self
    }

    /// Displays fractions as percentages.
    pub fn percent(mut self) -> Self {
        self.percent = true;
        self
    }
}

/// How x values are labelled on a time axis.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub enum XLabels {
    /// Plain numbers (e.g. simulation day 0, 30, 60 …).
    #[default]
    Numbers,
    /// x is days after this date; ticks fall on calendar days or months and
    /// are labelled like `3 Feb` or `Mar`, with the year underneath where it changes.
    Dates(Date),
}

/// A named series of (x, y) points.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Series {
    /// Legend name, e.g. `Observed tension index`.
    pub name: String,
    /// x values (days), same length as `y`.
    pub x: Vec<f64>,
    /// y values; non-finite values are gaps.
    pub y: Vec<f64>,
}

impl Series {
    /// A series from a name and (x, y) vectors.
    pub fn new(name: impl Into<String>, x: Vec<f64>, y: Vec<f64>) -> Self {
        Series {
            name: name.into(),
            x,
            y,
        }
    }
}

/// A labelled horizontal reference line, e.g. a trade target of $5bn.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ReferenceLine {
    /// y value of the line (in data units; fractions on percent axes).
    pub value: f64,
    /// Label printed in the right margin at the line's height, e.g. `$5bn target`.
    pub label: String,
}

impl ReferenceLine {
    /// A reference line at `value` with `label`.
    pub fn new(value: f64, label: impl Into<String>) -> Self {
        ReferenceLine {
            value,
            label: label.into(),
        }
    }
}

/// A shaded band between a lower and an upper bound (per x).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Band {
    /// Legend label, e.g. `10–90% of runs`.
    pub label: String,
    /// Lower bound per x (e.g. the 10th percentile).
    pub lower: Vec<f64>,
    /// Upper bound per x (e.g. the 90th percentile).
    pub upper: Vec<f64>,
}

/// Input of [`fan_chart`]: the spread of many simulated paths over time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FanChart {
    /// Chart title, also the SVG `<title>`.
    pub title: String,
    /// Smaller line under the title (e.g. `10,000 runs · seed 42`); empty for none.
    pub subtitle: String,
    /// Longer text description for screen readers (SVG `<desc>`); the title is used if empty.
    pub description: String,
    /// x values (usually days since the start), shared by all vectors below.
    pub x: Vec<f64>,
    /// How x ticks are labelled.
    pub x_labels: XLabels,
    /// x axis title and unit, e.g. `Day` / `days since start`.
    pub x_axis: Axis,
    /// y axis title and unit, e.g. `Bilateral trade` / `$bn per year`.
    pub y_axis: Axis,
    /// Median per x.
    pub median: Vec<f64>,
    /// Legend label of the median line; `Median` if empty.
    pub median_label: String,
    /// The wide band, normally 10th–90th percentile.
    pub outer: Band,
    /// Optional narrow band, normally 25th–75th percentile.
    pub inner: Option<Band>,
    /// Horizontal reference lines (targets, thresholds).
    pub references: Vec<ReferenceLine>,
    /// Observed data drawn on top as points joined by a dashed line.
    pub observed: Option<Series>,
}

/// One category of a [`StackedArea`] chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Category {
    /// Legend name, e.g. `L3 Cross-border strike`.
    pub name: String,
    /// Share per x, in `[0, 1]`; non-finite values count as zero.
    pub shares: Vec<f64>,
}

/// Input of [`stacked_area`]: how a total of 1 splits into categories over time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct StackedArea {
    /// Chart title, also the SVG `<title>`.
    pub title: String,
    /// Smaller line under the title; empty for none.
    pub subtitle: String,
    /// Text description for screen readers; the title is used if empty.
    pub description: String,
    /// x values (usually days).
    pub x: Vec<f64>,
    /// How x ticks are labelled.
    pub x_labels: XLabels,
    /// x axis title and unit.
    pub x_axis: Axis,
    /// y axis title (unit is always %), e.g. `Share of runs`.
    pub y_title: String,
    /// Categories from the bottom of the stack to the top.
    pub categories: Vec<Category>,
    /// Categories are ordered (e.g. escalation rungs L0..L6): use a light-to-dark
    /// sequential palette instead of distinct hues.
    pub ordered: bool,
}

/// One bar of an [`IntervalBars`] chart.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntervalBar {
    /// Row label, e.g. `Cross-border strike within 90 days`. Long labels wrap.
    pub label: String,
    /// Point estimate (a probability in `[0, 1]` on a percent axis).
    pub value: f64,
    /// Lower end of the interval.
    pub lower: f64,
    /// Upper end of the interval.
    pub upper: f64,
}

/// Input of [`bar_with_intervals`]: horizontal bars with interval whiskers.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct IntervalBars {
    /// Chart title, also the SVG `<title>`.
    pub title: String,
    /// Smaller line under the title; empty for none.
    pub subtitle: String,
    /// Text description for screen readers; the title is used if empty.
    pub description: String,
    /// Value axis (horizontal). For probabilities use `Axis::new("Probability", "").percent()`;
    /// with `percent` set and no fixed range the axis runs from 0% to a nice
    /// value at or above the largest upper bound (at most 100%).
    pub value_axis: Axis,
    /// Legend label of the bars, e.g. `Estimated probability`.
    pub value_label: String,
    /// Legend label of the whiskers, e.g. `95% interval`.
    pub interval_label: String,
    /// Bars from top to bottom.
    pub bars: Vec<IntervalBar>,
}

/// Input of [`line_chart`]: a few series over time.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LineChart {
    /// Chart title, also the SVG `<title>`.
    pub title: String,
    /// Smaller line under the title; empty for none.
    pub subtitle: String,
    /// Text description for screen readers; the title is used if empty.
    pub description: String,
    /// How x ticks are labelled.
    pub x_labels: XLabels,
    /// x axis title and unit.
    pub x_axis: Axis,
    /// y axis title and unit.
    pub y_axis: Axis,
    /// Series, each with its own x values. Colours and dash patterns follow
    /// [`style::CATEGORICAL`] and [`style::DASHES`] in order.
    pub series: Vec<Series>,
    /// Horizontal reference lines.
    pub references: Vec<ReferenceLine>,
}
