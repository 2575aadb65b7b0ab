//! Low-level SVG writing and the shared layout of the x/y charts
//! (title, legend, plot area, axes, ticks, reference lines).

use crate::style::{self, FONT_FAMILY};
use crate::text::{coord, escape_xml, push_fmt, text_width};
use crate::ticks::{Ticks, date_ticks, nice_ticks, ticks_within};
use crate::{Axis, ReferenceLine, XLabels};

/// An SVG document under construction. The drawing methods take plain
/// coordinates and style values; grouping them into structs would not make
/// the call sites clearer.
pub(crate) struct Canvas {
    pub out: String,
    pub width: f64,
    pub height: f64,
}

#[allow(clippy::too_many_arguments)]
impl Canvas {
    /// Opens the document: root element with a viewBox, accessible title and
    /// description, and a white background.
    pub fn new(width: f64, height: f64, title: &str, desc: &str) -> Self {
        let mut out = String::with_capacity(16 * 1024);
        push_fmt(
            &mut out,
            format_args!(
                "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" width=\"{w}\" height=\"{h}\" role=\"img\" font-family=\"{FONT_FAMILY}\">\n",
                w = coord(width),
                h = coord(height),
            ),
        );
        push_fmt(
            &mut out,
            format_args!("<title>{}</title>\n", escape_xml(title)),
        );
        let desc = if desc.trim().is_empty() { title } else { desc };
        push_fmt(
            &mut out,
            format_args!("<desc>{}</desc>\n", escape_xml(desc)),
        );
        push_fmt(
            &mut out,
            format_args!(
                "<rect x=\"0\" y=\"0\" width=\"{}\" height=\"{}\" fill=\"#ffffff\"/>\n",
                coord(width),
                coord(height)
            ),
        );
        Canvas { out, width, height }
    }

    pub fn finish(mut self) -> String {
        self.out.push_str("</svg>\n");
        self.out
    }

    /// A text element. `anchor` is start/middle/end; `extra` is appended to the
    /// attribute list verbatim (must already be valid attribute syntax).
    pub fn text(
        &mut self,
        x: f64,
        y: f64,
        size: f64,
        fill: &str,
        anchor: &str,
        extra: &str,
        content: &str,
    ) {
        push_fmt(
            &mut self.out,
            format_args!(
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\" fill=\"{fill}\" text-anchor=\"{anchor}\"{}{extra}>{}</text>\n",
                coord(x),
                coord(y),
                coord(size),
                if extra.is_empty() { "" } else { " " },
                escape_xml(content)
            ),
        );
    }

    pub fn line(
        &mut self,
        x1: f64,
        y1: f64,
        x2: f64,
        y2: f64,
        stroke: &str,
        width: f64,
        dash: &str,
    ) {
        push_fmt(
            &mut self.out,
            format_args!(
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\" stroke=\"{stroke}\" stroke-width=\"{}\"{}/>\n",
                coord(x1),
                coord(y1),
                coord(x2),
                coord(y2),
                coord(width),
                dash_attr(dash)
            ),
        );
    }

    pub fn rect(&mut self, x: f64, y: f64, w: f64, h: f64, fill: &str, extra: &str) {
        push_fmt(
            &mut self.out,
            format_args!(
                "<rect x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\" fill=\"{fill}\"{}{extra}/>\n",
                coord(x),
                coord(y),
                coord(w.max(0.0)),
                coord(h.max(0.0)),
                if extra.is_empty() { "" } else { " " },
            ),
        );
    }

    pub fn circle(&mut self, x: f64, y: f64, r: f64, fill: &str) {
        push_fmt(
            &mut self.out,
            format_args!(
                "<circle cx=\"{}\" cy=\"{}\" r=\"{}\" fill=\"{fill}\" stroke=\"#ffffff\" stroke-width=\"1\"/>\n",
                coord(x),
                coord(y),
                coord(r)
            ),
        );
    }

    /// A polyline through `points`, broken into separate sub-paths wherever a
    /// point is `None` (missing data).
    pub fn polyline(
        &mut self,
        points: &[Option<(f64, f64)>],
        stroke: &str,
        width: f64,
        dash: &str,
    ) {
        let d = path_data(points);
        if d.is_empty() {
            return;
        }
        push_fmt(
            &mut self.out,
            format_args!(
                "<path d=\"{d}\" fill=\"none\" stroke=\"{stroke}\" stroke-width=\"{}\" stroke-linejoin=\"round\" stroke-linecap=\"round\"{}/>\n",
                coord(width),
                dash_attr(dash)
            ),
        );
    }

    /// A closed filled polygon.
    pub fn polygon(&mut self, points: &[(f64, f64)], fill: &str, extra: &str) {
        if points.len() < 3 {
            return;
        }
        let mut d = String::new();
        for (i, (x, y)) in points.iter().enumerate() {
            push_fmt(
                &mut d,
                format_args!(
                    "{}{},{}",
                    if i == 0 { "M" } else { " L" },
                    coord(*x),
                    coord(*y)
                ),
            );
        }
        d.push_str(" Z");
        push_fmt(
            &mut self.out,
            format_args!(
                "<path d=\"{d}\" fill=\"{fill}\"{}{extra}/>\n",
                if extra.is_empty() { "" } else { " " }
            ),
        );
    }
}

fn dash_attr(dash: &str) -> String {
    if dash.is_empty() {
        String::new()
    } else {
        format!(" stroke-dasharray=\"{dash}\"")
    }
}

fn path_data(points: &[Option<(f64, f64)>]) -> String {
    let mut d = String::new();
    let mut pen_down = false;
    for p in points {
        match p {
            Some((x, y)) => {
                let cmd = if pen_down {
                    " L"
                } else if d.is_empty() {
                    "M"
                } else {
                    " M"
                };
                push_fmt(&mut d, format_args!("{cmd}{},{}", coord(*x), coord(*y)));
                pen_down = true;
            }
            None => pen_down = false,
        }
    }
    d
}

/// A linear mapping from a data interval to a pixel interval.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Scale {
    pub d0: f64,
    pub d1: f64,
    pub r0: f64,
    pub r1: f64,
}

impl Scale {
    pub fn map(&self, v: f64) -> f64 {
        let span = self.d1 - self.d0;
        if span == 0.0 {
            return (self.r0 + self.r1) / 2.0;
        }
        self.r0 + (v - self.d0) / span * (self.r1 - self.r0)
    }

    /// Like [`Scale::map`] but clamps to the pixel interval (for values outside
    /// a fixed axis range).
    pub fn map_clamped(&self, v: f64) -> f64 {
        let lo = self.r0.min(self.r1);
        let hi = self.r0.max(self.r1);
        self.map(v).clamp(lo, hi)
    }
}

/// What a legend entry looks like.
#[derive(Clone, Debug)]
pub(crate) enum Swatch {
    Line {
        color: &'static str,
        dash: &'static str,
        width: f64,
    },
    Area {
        color: &'static str,
        opacity: f64,
    },
    LineWithPoint {
        color: &'static str,
        dash: &'static str,
    },
    Whisker,
}

#[derive(Clone, Debug)]
pub(crate) struct LegendItem {
    pub swatch: Swatch,
    pub label: String,
}

const SWATCH_W: f64 = 26.0;
const LEGEND_ROW: f64 = 20.0;

/// Lays out legend items in rows no wider than `max_width`; returns the rows
/// as (item index, x offset) lists.
fn legend_rows(items: &[LegendItem], max_width: f64) -> Vec<Vec<(usize, f64)>> {
    let mut rows: Vec<Vec<(usize, f64)>> = Vec::new();
    let mut x = 0.0;
    for (i, item) in items.iter().enumerate() {
        let w = SWATCH_W + 6.0 + text_width(&item.label, style::LEGEND_SIZE);
        if rows.is_empty() || (x > 0.0 && x + w > max_width) {
            rows.push(Vec::new());
            x = 0.0;
        }
        if let Some(row) = rows.last_mut() {
            row.push((i, x));
        }
        x += w + 20.0;
    }
    rows
}

/// Draws the legend rows starting at (`x`, `top`); returns the y below it.
pub(crate) fn draw_legend(
    c: &mut Canvas,
    items: &[LegendItem],
    x: f64,
    top: f64,
    max_width: f64,
) -> f64 {
    let rows = legend_rows(items, max_width);
    for (r, row) in rows.iter().enumerate() {
        let cy = top + r as f64 * LEGEND_ROW + LEGEND_ROW / 2.0;
        for &(i, dx) in row {
            let item = &items[i];
            let sx = x + dx;
            match &item.swatch {
                Swatch::Line { color, dash, width } => {
                    c.line(sx, cy, sx + SWATCH_W, cy, color, *width, dash)
                }
                Swatch::Area { color, opacity } => c.rect(
                    sx,
                    cy - 6.0,
                    SWATCH_W,
                    12.0,
                    color,
                    &format!("fill-opacity=\"{}\"", coord(*opacity)),
                ),
                Swatch::LineWithPoint { color, dash } => {
                    c.line(sx, cy, sx + SWATCH_W, cy, color, 1.5, dash);
                    c.circle(sx + SWATCH_W / 2.0, cy, 3.5, color);
                }
                Swatch::Whisker => {
                    c.line(
                        sx + 2.0,
                        cy,
                        sx + SWATCH_W - 2.0,
                        cy,
                        style::WHISKER,
                        1.5,
                        "",
                    );
                    c.line(
                        sx + 2.0,
                        cy - 5.0,
                        sx + 2.0,
                        cy + 5.0,
                        style::WHISKER,
                        1.5,
                        "",
                    );
                    c.line(
                        sx + SWATCH_W - 2.0,
                        cy - 5.0,
                        sx + SWATCH_W - 2.0,
                        cy + 5.0,
                        style::WHISKER,
                        1.5,
                        "",
                    );
                }
            }
            c.text(
                sx + SWATCH_W + 6.0,
                cy + 4.5,
                style::LEGEND_SIZE,
                style::TEXT,
                "start",
                "",
                &item.label,
            );
        }
    }
    top + rows.len() as f64 * LEGEND_ROW
}

/// Title and subtitle broken into lines that fit `width` px (the bold
/// title is measured a little wider than regular text).
fn heading_lines(title: &str, subtitle: &str, width: f64) -> (Vec<String>, Vec<String>) {
    let t = if title.trim().is_empty() {
        Vec::new()
    } else {
        wrap(title, width, style::TITLE_SIZE * 1.08)
    };
    let s = if subtitle.trim().is_empty() {
        Vec::new()
    } else {
        wrap(subtitle, width, style::SUBTITLE_SIZE)
    };
    (t, s)
}

const TITLE_LINE: f64 = style::TITLE_SIZE + 5.0;
const SUBTITLE_LINE: f64 = style::SUBTITLE_SIZE + 5.0;

/// The y below the heading that [`draw_heading`] would draw.
pub(crate) fn heading_height(title: &str, subtitle: &str, canvas_width: f64, x: f64) -> f64 {
    let (t, s) = heading_lines(title, subtitle, canvas_width - 2.0 * x);
    let mut y = 14.0;
    if !t.is_empty() {
        y += style::TITLE_SIZE + (t.len() - 1) as f64 * TITLE_LINE;
    }
    if !s.is_empty() {
        y += 6.0 + style::SUBTITLE_SIZE + (s.len() - 1) as f64 * SUBTITLE_LINE;
    }
    y
}

/// Draws the title and optional subtitle, wrapped to the canvas width;
/// returns the y below them.
pub(crate) fn draw_heading(c: &mut Canvas, title: &str, subtitle: &str, x: f64) -> f64 {
    let (t, s) = heading_lines(title, subtitle, c.width - 2.0 * x);
    let mut y = 14.0;
    for (i, line) in t.iter().enumerate() {
        y += if i == 0 {
            style::TITLE_SIZE
        } else {
            TITLE_LINE
        };
        c.text(
            x,
            y,
            style::TITLE_SIZE,
            style::TEXT,
            "start",
            "font-weight=\"bold\"",
            line,
        );
    }
    for (i, line) in s.iter().enumerate() {
        y += if i == 0 {
            style::SUBTITLE_SIZE + 6.0
        } else {
            SUBTITLE_LINE
        };
        c.text(x, y, style::SUBTITLE_SIZE, style::MUTED, "start", "", line);
    }
    y
}

/// Height of the legend that [`draw_legend`] would draw.
pub(crate) fn legend_height(items: &[LegendItem], max_width: f64) -> f64 {
    legend_rows(items, max_width).len() as f64 * LEGEND_ROW
}

/// Axis title text with its unit, e.g. `Bilateral trade ($bn)`.
pub(crate) fn axis_title(axis: &Axis) -> String {
    let unit = if axis.percent { "%" } else { axis.unit.trim() };
    match (axis.title.trim().is_empty(), unit.is_empty()) {
        (true, true) => String::new(),
        (true, false) => format!("({unit})"),
        (false, true) => axis.title.trim().to_string(),
        (false, false) => format!("{} ({unit})", axis.title.trim()),
    }
}

/// Value-axis ticks for data in `[lo, hi]`, honouring the axis' fixed bounds
/// and percent display. Returns the ticks (in data units) and their labels.
pub(crate) fn value_ticks(axis: &Axis, lo: f64, hi: f64, target: usize) -> (Ticks, Vec<String>) {
    let k = if axis.percent { 100.0 } else { 1.0 };
    let lo = axis.min.filter(|v| v.is_finite()).unwrap_or(lo);
    let hi = axis.max.filter(|v| v.is_finite()).unwrap_or(hi);
    let mut t = nice_ticks(lo * k, hi * k, target);
    // Respect fixed bounds exactly; keep only the ticks inside them.
    let (fmin, fmax) = (
        axis.min.filter(|v| v.is_finite()).map(|v| v * k),
        axis.max.filter(|v| v.is_finite()).map(|v| v * k),
    );
    if let Some(m) = fmin {
        t.min = m;
    }
    if let Some(m) = fmax {
        t.max = m;
    }
    if t.max <= t.min {
        t.max = t.min + t.step;
    }
    let (tmin, tmax) = (t.min, t.max);
    t.values.retain(|v| *v >= tmin - 1e-9 && *v <= tmax + 1e-9);
    let labels = t
        .values
        .iter()
        .map(|v| {
            let s = t.label(*v);
            if axis.percent { format!("{s}%") } else { s }
        })
        .collect();
    t.min /= k;
    t.max /= k;
    t.step /= k;
    for v in &mut t.values {
        *v /= k;
    }
    (t, labels)
}

/// One x-axis tick: position in data units and one or two label lines.
pub(crate) struct XTick {
    pub x: f64,
    pub label: String,
    pub second: Option<String>,
}

pub(crate) fn x_ticks(labels: &XLabels, lo: f64, hi: f64, target: usize) -> Vec<XTick> {
    match labels {
        XLabels::Numbers => {
            let t = ticks_within(lo, hi, target);
            t.values
                .iter()
                .map(|v| XTick {
                    x: *v,
                    label: t.label(*v),
                    second: None,
                })
                .collect()
        }
        XLabels::Dates(start) => date_ticks(*start, lo, hi, target)
            .into_iter()
            .map(|d| XTick {
                x: d.day,
                label: d.label,
                second: d.year,
            })
            .collect(),
    }
}

/// The plot area of a chart: the rectangle inside the axes, in pixels.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PlotArea {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

/// The resolved frame of an x/y chart.
pub(crate) struct Frame {
    pub area: PlotArea,
    pub xs: Scale,
    pub ys: Scale,
}

/// Everything the shared x/y layout needs to know.
pub(crate) struct XyLayout<'a> {
    pub title: &'a str,
    pub subtitle: &'a str,
    pub x_axis: &'a Axis,
    pub x_labels: &'a XLabels,
    pub y_axis: &'a Axis,
    pub x_range: (f64, f64),
    pub y_range: (f64, f64),
    pub legend: Vec<LegendItem>,
    pub references: &'a [ReferenceLine],
    pub empty: bool,
}

pub(crate) const WIDTH: f64 = 800.0;
pub(crate) const HEIGHT: f64 = 450.0;
const PAD: f64 = 16.0;

/// Draws heading, legend, grid, axes, ticks and reference lines; returns
/// the frame in which the caller then draws the data.
pub(crate) fn xy_frame(c: &mut Canvas, l: &XyLayout<'_>) -> Frame {
    let heading_bottom = draw_heading(c, l.title, l.subtitle, PAD);

    // Ticks first: their label widths decide the left margin.
    let (yt, ylabels) = value_ticks(l.y_axis, l.y_range.0, l.y_range.1, 5);
    let ylabel_w = ylabels
        .iter()
        .map(|s| text_width(s, style::TICK_SIZE))
        .fold(0.0, f64::max);
    let y_title = axis_title(l.y_axis);
    let left =
        PAD + if y_title.is_empty() {
            0.0
        } else {
            style::AXIS_TITLE_SIZE + 10.0
        } + ylabel_w
            + 10.0;

    let refs: Vec<&ReferenceLine> = l
        .references
        .iter()
        .filter(|r| r.value.is_finite())
        .collect();
    let ref_w = refs
        .iter()
        .map(|r| text_width(&r.label, style::TICK_SIZE))
        .fold(0.0, f64::max);
    let right_margin = if ref_w > 0.0 {
        ref_w + 14.0 + PAD
    } else {
        PAD + 12.0
    };
    let right = c.width - right_margin;

    let legend_top = heading_bottom + 10.0;
    let legend_bottom = if l.legend.is_empty() {
        heading_bottom
    } else {
        draw_legend(c, &l.legend, left, legend_top, c.width - left - PAD)
    };
    let top = legend_bottom + 16.0;

    let xt = x_ticks(l.x_labels, l.x_range.0, l.x_range.1, 8);
    let two_line = xt.iter().any(|t| t.second.is_some());
    let x_title = axis_title(l.x_axis);
    let bottom = c.height
        - PAD
        - if x_title.is_empty() {
            0.0
        } else {
            style::AXIS_TITLE_SIZE + 10.0
        }
        - if two_line {
            2.0 * style::TICK_SIZE + 6.0
        } else {
            style::TICK_SIZE + 2.0
        }
        - 10.0;

    let (xlo, xhi) = if l.x_range.1 > l.x_range.0 {
        l.x_range
    } else {
        (l.x_range.0 - 1.0, l.x_range.0 + 1.0)
    };
    let xs = Scale {
        d0: xlo,
        d1: xhi,
        r0: left,
        r1: right,
    };
    let ys = Scale {
        d0: yt.min,
        d1: yt.max,
        r0: bottom,
        r1: top,
    };

    let area = PlotArea {
        left,
        top,
        right,
        bottom,
    };
    draw_plot_area(c, &area);
    // Horizontal grid lines and y tick labels.
    for (v, s) in yt.values.iter().zip(&ylabels) {
        let y = ys.map(*v);
        c.line(left, y, right, y, style::GRID, 1.0, "");
        c.text(
            left - 8.0,
            y + 4.0,
            style::TICK_SIZE,
            style::MUTED,
            "end",
            "",
            s,
        );
    }
    // x ticks.
    for t in &xt {
        if !(t.x >= xlo - 1e-9 && t.x <= xhi + 1e-9) {
            continue;
        }
        let x = xs.map(t.x);
        draw_x_tick(c, x, bottom, &t.label);
        if let Some(s) = &t.second {
            c.text(
                x,
                bottom + 10.0 + 2.0 * style::TICK_SIZE,
                style::TICK_SIZE,
                style::MUTED,
                "middle",
                "",
                s,
            );
        }
    }
    // Axis titles.
    if !y_title.is_empty() {
        let cx = PAD + style::AXIS_TITLE_SIZE - 2.0;
        let cy = (top + bottom) / 2.0;
        c.text(
            cx,
            cy,
            style::AXIS_TITLE_SIZE,
            style::TEXT,
            "middle",
            &format!("transform=\"rotate(-90 {} {})\"", coord(cx), coord(cy)),
            &y_title,
        );
    }
    draw_x_title(c, &area, PAD, &x_title);

    if l.empty {
        draw_no_data(c, &area);
    }

    let frame = Frame { area, xs, ys };
    draw_references(c, &frame, &refs);
    frame
}

/// The outline of the plot area (drawn first, under the grid and the data).
pub(crate) fn draw_plot_area(c: &mut Canvas, a: &PlotArea) {
    c.rect(
        a.left,
        a.top,
        a.right - a.left,
        a.bottom - a.top,
        "none",
        "class=\"plot-area\"",
    );
}

/// A tick mark below the plot's `bottom` edge at `x`, with its label under it.
pub(crate) fn draw_x_tick(c: &mut Canvas, x: f64, bottom: f64, label: &str) {
    c.line(x, bottom, x, bottom + 5.0, style::AXIS, 1.0, "");
    c.text(
        x,
        bottom + 8.0 + style::TICK_SIZE,
        style::TICK_SIZE,
        style::MUTED,
        "middle",
        "",
        label,
    );
}

/// The x axis title, centred under the plot area with its baseline `pad`
/// above the bottom of the canvas; nothing when the title is empty.
pub(crate) fn draw_x_title(c: &mut Canvas, a: &PlotArea, pad: f64, title: &str) {
    if title.is_empty() {
        return;
    }
    c.text(
        (a.left + a.right) / 2.0,
        c.height - pad,
        style::AXIS_TITLE_SIZE,
        style::TEXT,
        "middle",
        "",
        title,
    );
}

/// The words "No data" in the middle of an empty plot area.
pub(crate) fn draw_no_data(c: &mut Canvas, a: &PlotArea) {
    c.text(
        (a.left + a.right) / 2.0,
        (a.top + a.bottom) / 2.0,
        16.0,
        style::MUTED,
        "middle",
        "",
        "No data",
    );
}

/// Reference lines across the plot with their labels in the right margin,
/// nudged apart vertically so labels never overlap.
fn draw_references(c: &mut Canvas, f: &Frame, refs: &[&ReferenceLine]) {
    let a = &f.area;
    let mut placed: Vec<(f64, &str)> = refs
        .iter()
        .map(|r| (f.ys.map_clamped(r.value), r.label.as_str()))
        .collect();
    for (y, _) in &placed {
        c.line(a.left, *y, a.right, *y, style::REFERENCE, 1.4, "8 4");
    }
    placed.sort_by(|a, b| a.0.total_cmp(&b.0));
    let min_gap = style::TICK_SIZE + 2.0;
    for i in 1..placed.len() {
        if placed[i].0 - placed[i - 1].0 < min_gap {
            placed[i].0 = placed[i - 1].0 + min_gap;
        }
    }
    for (y, label) in placed {
        c.text(
            a.right + 8.0,
            y + 4.0,
            style::TICK_SIZE,
            style::TEXT,
            "start",
            "",
            label,
        );
    }
}

/// Draws the plot's left and bottom axis lines (last, so they sit on top of data).
pub(crate) fn draw_axes(c: &mut Canvas, a: &PlotArea) {
    c.line(a.left, a.top, a.left, a.bottom, style::AXIS, 1.2, "");
    c.line(a.left, a.bottom, a.right, a.bottom, style::AXIS, 1.2, "");
}

/// Minimum and maximum of the finite values, or `None` if there are none.
pub(crate) fn finite_range<'a>(values: impl IntoIterator<Item = &'a f64>) -> Option<(f64, f64)> {
    values
        .into_iter()
        .filter(|v| v.is_finite())
        .fold(None, |acc, &v| match acc {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        })
}

pub(crate) fn merge_range(a: Option<(f64, f64)>, b: Option<(f64, f64)>) -> Option<(f64, f64)> {
    match (a, b) {
        (Some(a), Some(b)) => Some((a.0.min(b.0), a.1.max(b.1))),
        (a, None) => a,
        (None, b) => b,
    }
}

/// Splits text into lines no wider than `max_width` px at `size`, breaking at
/// spaces, with lines of similar length (no single orphaned word when the
/// text needs two lines). A word longer than `max_width` gets a line of its own.
pub(crate) fn wrap(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let greedy = wrap_greedy(text, max_width, size);
    if greedy.len() < 2 {
        return greedy;
    }
    // Narrow the width as long as the line count stays the same.
    let (mut lo, mut hi) = (0.0, max_width);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        if wrap_greedy(text, mid, size).len() <= greedy.len() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    wrap_greedy(text, hi, size)
}

fn wrap_greedy(text: &str, max_width: f64, size: f64) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    let mut cur = String::new();
    for word in text.split_whitespace() {
        let candidate = if cur.is_empty() {
            word.to_string()
        } else {
            format!("{cur} {word}")
        };
        if !cur.is_empty() && text_width(&candidate, size) > max_width {
            lines.push(std::mem::take(&mut cur));
            cur = word.to_string();
        } else {
            cur = candidate;
        }
    }
    if !cur.is_empty() || lines.is_empty() {
        lines.push(cur);
    }
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_data_breaks_at_gaps() {
        let pts = [
            Some((0.0, 1.0)),
            Some((1.0, 2.0)),
            None,
            Some((3.0, 4.0)),
            Some((5.0, 6.0)),
        ];
        assert_eq!(path_data(&pts), "M0,1 L1,2 M3,4 L5,6");
        assert_eq!(path_data(&[None, None]), "");
    }

    #[test]
    fn wrap_breaks_long_labels() {
        let lines = wrap(
            "Military strike exchange between the two states within 180 days",
            200.0,
            12.0,
        );
        assert!(lines.len() >= 2);
        assert!(
            lines
                .iter()
                .all(|l| text_width(l, 12.0) <= 200.0 || !l.contains(' '))
        );
        assert_eq!(wrap("", 100.0, 12.0), vec![String::new()]);
        // Balanced: two similar lines rather than a long line and an orphan.
        let lines = wrap("Border crossing closed for more than 14 days", 290.0, 13.0);
        assert_eq!(lines.len(), 2);
        let (a, b) = (text_width(&lines[0], 13.0), text_width(&lines[1], 13.0));
        assert!((a - b).abs() < 0.5 * a.max(b), "{lines:?}");
    }

    #[test]
    fn percent_axis_ticks() {
        let axis = Axis::new("Share", "").percent();
        let (t, labels) = value_ticks(&axis, 0.0, 1.0, 5);
        assert_eq!(labels, vec!["0%", "20%", "40%", "60%", "80%", "100%"]);
        assert_eq!((t.min, t.max), (0.0, 1.0));
        let axis = Axis::new("Index", "0–100").with_range(Some(0.0), Some(100.0));
        let (t, _) = value_ticks(&axis, 12.0, 57.0, 5);
        assert_eq!((t.min, t.max), (0.0, 100.0));
    }
}
