//! The four chart kinds.

use crate::style;
use crate::svg::{
    Canvas, Frame, HEIGHT, LegendItem, PlotArea, Swatch, WIDTH, XyLayout, axis_title, draw_axes,
    draw_heading, draw_legend, draw_no_data, draw_plot_area, draw_x_tick, draw_x_title,
    finite_range, heading_height, legend_height, merge_range, value_ticks, wrap, xy_frame,
};
use crate::text::{format_interval, format_number, format_probability, text_width};
use crate::{Axis, FanChart, IntervalBars, LineChart, StackedArea};

fn point(x: f64, y: f64) -> Option<(f64, f64)> {
    (x.is_finite() && y.is_finite()).then_some((x, y))
}

/// Ranges of the finite reference values.
fn reference_range(refs: &[crate::ReferenceLine]) -> Option<(f64, f64)> {
    finite_range(refs.iter().map(|r| &r.value))
}

type Range = Option<(f64, f64)>;

/// Axis ranges for a chart of data series with data ranges `xr` and `yr`:
/// the y range widened to show the finite reference lines, `(0, 1)` where
/// there is nothing to span. The flag says there is no y data at all.
fn series_ranges(
    xr: Range,
    yr: Range,
    refs: &[crate::ReferenceLine],
) -> ((f64, f64), (f64, f64), bool) {
    let empty = yr.is_none();
    let yr = merge_range(yr, reference_range(refs));
    (xr.unwrap_or((0.0, 1.0)), yr.unwrap_or((0.0, 1.0)), empty)
}

/// Ranges of x and y over the points where both are finite.
fn xy_range(x: &[f64], y: &[f64]) -> (Range, Range) {
    let pts: Vec<(f64, f64)> = x.iter().zip(y).filter_map(|(a, b)| point(*a, *b)).collect();
    (
        finite_range(pts.iter().map(|p| &p.0)),
        finite_range(pts.iter().map(|p| &p.1)),
    )
}

/// The points (x, y) mapped to pixels by `map`, `None` where either is not
/// finite (a gap in the line).
fn mapped_points(
    x: &[f64],
    y: &[f64],
    map: impl Fn(f64, f64) -> (f64, f64),
) -> Vec<Option<(f64, f64)>> {
    x.iter()
        .zip(y)
        .map(|(a, b)| point(*a, *b).map(|(a, b)| map(a, b)))
        .collect()
}

/// A round marker at each of the points that are present.
fn draw_markers(c: &mut Canvas, pts: &[Option<(f64, f64)>], color: &str) {
    for (px, py) in pts.iter().flatten() {
        c.circle(*px, *py, 3.5, color);
    }
}

/// Opens a canvas of the standard size and draws the shared x/y frame on it;
/// the caller then draws its data in the returned frame.
fn open_xy_chart(description: &str, layout: &XyLayout<'_>) -> (Canvas, Frame) {
    let mut c = Canvas::new(WIDTH, HEIGHT, layout.title, description);
    let f = xy_frame(&mut c, layout);
    (c, f)
}

/// Polygons for a band: one per run of consecutive x where x, lower and
/// upper are all finite (upper edge left to right, lower edge back).
fn band_polygons(
    x: &[f64],
    lower: &[f64],
    upper: &[f64],
    map: impl Fn(f64, f64) -> (f64, f64),
) -> Vec<Vec<(f64, f64)>> {
    let n = x.len().min(lower.len()).min(upper.len());
    let mut out = Vec::new();
    let mut run: Vec<usize> = Vec::new();
    let flush = |run: &mut Vec<usize>, out: &mut Vec<Vec<(f64, f64)>>| {
        if run.len() >= 2 {
            let mut poly: Vec<(f64, f64)> = run.iter().map(|&i| map(x[i], upper[i])).collect();
            poly.extend(run.iter().rev().map(|&i| map(x[i], lower[i])));
            out.push(poly);
        }
        run.clear();
    };
    for i in 0..n {
        if x[i].is_finite() && lower[i].is_finite() && upper[i].is_finite() {
            run.push(i);
        } else {
            flush(&mut run, &mut out);
        }
    }
    flush(&mut run, &mut out);
    out
}

/// Renders a fan chart: shaded percentile bands, a median line, optional
/// reference lines (labelled in the right margin) and an optional observed
/// series drawn as points on a dashed line.
///
/// Vectors are cut to the length of the shortest of `x`, `median`,
/// `outer.lower` and `outer.upper`; non-finite values break lines and bands.
pub fn fan_chart(chart: &FanChart) -> String {
    let n = chart
        .x
        .len()
        .min(chart.median.len())
        .min(chart.outer.lower.len())
        .min(chart.outer.upper.len());
    let x = &chart.x[..n];
    let median = &chart.median[..n];
    let (lo, hi) = (&chart.outer.lower[..n], &chart.outer.upper[..n]);

    let (mx, my) = xy_range(x, median);
    let (bx, by_lo) = xy_range(x, lo);
    let (_, by_hi) = xy_range(x, hi);
    let mut xr = merge_range(mx, bx);
    let mut yr = merge_range(my, merge_range(by_lo, by_hi));
    if let Some(inner) = &chart.inner {
        let (_, a) = xy_range(x, &inner.lower);
        let (_, b) = xy_range(x, &inner.upper);
        yr = merge_range(yr, merge_range(a, b));
    }
    if let Some(obs) = &chart.observed {
        let (ox, oy) = xy_range(&obs.x, &obs.y);
        xr = merge_range(xr, ox);
        yr = merge_range(yr, oy);
    }
    let (x_range, y_range, empty) = series_ranges(xr, yr, &chart.references);

    let mut legend = vec![LegendItem {
        swatch: Swatch::Area {
            color: style::FAN,
            opacity: 0.2,
        },
        label: or_default(&chart.outer.label, "10–90% of runs"),
    }];
    if let Some(inner) = &chart.inner {
        legend.push(LegendItem {
            swatch: Swatch::Area {
                color: style::FAN,
                opacity: 0.52,
            },
            label: or_default(&inner.label, "25–75% of runs"),
        });
    }
    legend.push(LegendItem {
        swatch: Swatch::Line {
            color: style::FAN,
            dash: "",
            width: 2.5,
        },
        label: or_default(&chart.median_label, "Median"),
    });
    if let Some(obs) = &chart.observed {
        legend.push(LegendItem {
            swatch: Swatch::LineWithPoint {
                color: style::OBSERVED,
                dash: "4 3",
            },
            label: or_default(&obs.name, "Observed"),
        });
    }

    let (mut c, f) = open_xy_chart(
        &chart.description,
        &XyLayout {
            title: &chart.title,
            subtitle: &chart.subtitle,
            x_axis: &chart.x_axis,
            x_labels: &chart.x_labels,
            y_axis: &chart.y_axis,
            x_range,
            y_range,
            legend,
            references: &chart.references,
            empty,
        },
    );
    let map = |a: f64, b: f64| (f.xs.map(a), f.ys.map_clamped(b));

    for poly in band_polygons(x, lo, hi, map) {
        c.polygon(
            &poly,
            style::FAN,
            "fill-opacity=\"0.2\" class=\"band outer\"",
        );
    }
    if let Some(inner) = &chart.inner {
        for poly in band_polygons(x, &inner.lower, &inner.upper, map) {
            c.polygon(
                &poly,
                style::FAN,
                "fill-opacity=\"0.4\" class=\"band inner\"",
            );
        }
    }
    c.polyline(&mapped_points(x, median, map), style::FAN, 2.5, "");
    if let Some(obs) = &chart.observed {
        let pts = mapped_points(&obs.x, &obs.y, map);
        c.polyline(&pts, style::OBSERVED, 1.5, "4 3");
        draw_markers(&mut c, &pts, style::OBSERVED);
    }
    draw_axes(&mut c, &f.area);
    c.finish()
}

fn or_default(s: &str, d: &str) -> String {
    if s.trim().is_empty() {
        d.to_string()
    } else {
        s.to_string()
    }
}

/// Renders a stacked area chart of shares over time (categories bottom to
/// top, legend in the same order). The y axis runs from 0% to 100%, so when
/// the shares of each x sum to 1 the stack reaches exactly the top of the
/// plot. Shares are drawn as given (not renormalised); if some x sum to more
/// than 1 the axis extends above 100%. Non-finite shares count as zero,
/// points with a non-finite x are skipped; x should be increasing.
pub fn stacked_area(chart: &StackedArea) -> String {
    let idx: Vec<usize> = (0..chart.x.len())
        .filter(|&i| chart.x[i].is_finite())
        .collect();
    let share = |k: usize, i: usize| {
        chart.categories[k]
            .shares
            .get(i)
            .copied()
            .filter(|v| v.is_finite())
            .unwrap_or(0.0)
            .max(0.0)
    };
    // cum[k][j]: top of category k at the j-th usable x.
    let mut cum: Vec<Vec<f64>> = Vec::with_capacity(chart.categories.len());
    for k in 0..chart.categories.len() {
        let row: Vec<f64> = idx
            .iter()
            .enumerate()
            .map(|(j, &i)| share(k, i) + if k == 0 { 0.0 } else { cum[k - 1][j] })
            .collect();
        cum.push(row);
    }
    let max_total = cum
        .last()
        .and_then(|r| finite_range(r.iter()))
        .map(|r| r.1)
        .unwrap_or(0.0);
    let xr = finite_range(idx.iter().map(|&i| &chart.x[i]));
    let empty = xr.is_none() || chart.categories.is_empty() || max_total <= 0.0;

    let n = chart.categories.len();
    let color = |k: usize| {
        if chart.ordered {
            style::sequential(k, n)
        } else {
            style::categorical(k)
        }
    };
    let legend = chart
        .categories
        .iter()
        .enumerate()
        .map(|(k, cat)| LegendItem {
            swatch: Swatch::Area {
                color: color(k),
                opacity: 1.0,
            },
            label: cat.name.clone(),
        })
        .collect();
    let y_axis = Axis {
        title: chart.y_title.clone(),
        unit: String::new(),
        min: Some(0.0),
        max: (max_total <= 1.0 + 1e-9).then_some(1.0),
        percent: true,
    };

    let (mut c, f) = open_xy_chart(
        &chart.description,
        &XyLayout {
            title: &chart.title,
            subtitle: &chart.subtitle,
            x_axis: &chart.x_axis,
            x_labels: &chart.x_labels,
            y_axis: &y_axis,
            x_range: xr.unwrap_or((0.0, 1.0)),
            y_range: (0.0, max_total.max(1.0)),
            legend,
            references: &[],
            empty,
        },
    );
    if !empty && idx.len() >= 2 {
        for k in 0..n {
            let mut poly: Vec<(f64, f64)> = idx
                .iter()
                .enumerate()
                .map(|(j, &i)| (f.xs.map(chart.x[i]), f.ys.map_clamped(cum[k][j])))
                .collect();
            poly.extend(idx.iter().enumerate().rev().map(|(j, &i)| {
                let base = if k == 0 { 0.0 } else { cum[k - 1][j] };
                (f.xs.map(chart.x[i]), f.ys.map_clamped(base))
            }));
            c.polygon(
                &poly,
                color(k),
                "stroke=\"#ffffff\" stroke-width=\"0.6\" stroke-linejoin=\"round\" class=\"layer\"",
            );
        }
    }
    draw_axes(&mut c, &f.area);
    c.finish()
}

/// Renders a line chart of a few series (each with its own x values), with
/// colours and dash patterns that differ in greyscale, and optional
/// reference lines.
pub fn line_chart(chart: &LineChart) -> String {
    let mut xr = None;
    let mut yr = None;
    for s in &chart.series {
        let (a, b) = xy_range(&s.x, &s.y);
        xr = merge_range(xr, a);
        yr = merge_range(yr, b);
    }
    let (x_range, y_range, empty) = series_ranges(xr, yr, &chart.references);
    let legend = chart
        .series
        .iter()
        .enumerate()
        .map(|(i, s)| LegendItem {
            swatch: Swatch::Line {
                color: style::categorical(i),
                dash: style::dash(i),
                width: 2.2,
            },
            label: s.name.clone(),
        })
        .collect();
    let (mut c, f) = open_xy_chart(
        &chart.description,
        &XyLayout {
            title: &chart.title,
            subtitle: &chart.subtitle,
            x_axis: &chart.x_axis,
            x_labels: &chart.x_labels,
            y_axis: &chart.y_axis,
            x_range,
            y_range,
            legend,
            references: &chart.references,
            empty,
        },
    );
    let map = |a: f64, b: f64| (f.xs.map(a), f.ys.map_clamped(b));
    for (i, s) in chart.series.iter().enumerate() {
        let pts = mapped_points(&s.x, &s.y, map);
        let single = pts.iter().flatten().count() == 1;
        c.polyline(&pts, style::categorical(i), 2.2, style::dash(i));
        if single {
            // A lone point would be invisible as a path.
            draw_markers(&mut c, &pts, style::categorical(i));
        }
    }
    draw_axes(&mut c, &f.area);
    c.finish()
}

const BAR_PAD: f64 = 16.0;

/// Renders horizontal bars with interval whiskers and value labels such as
/// `23% (19–27%)`. The height grows with the number of bars (and wrapped
/// label lines). A bar whose value is not finite is left empty and labelled
/// `–`; a non-finite interval end drops the whisker.
pub fn bar_with_intervals(chart: &IntervalBars) -> String {
    let axis = &chart.value_axis;
    let label_size = 13.0;
    let value_size = 12.5;

    // Value range: from min(0, lowest) to the highest upper bound.
    let vals = chart
        .bars
        .iter()
        .flat_map(|b| [b.value, b.lower, b.upper])
        .collect::<Vec<_>>();
    let vr = finite_range(vals.iter());
    let empty = chart.bars.iter().all(|b| !b.value.is_finite());
    let (dlo, dhi) = vr
        .map(|(a, b)| (a.min(0.0), b.max(0.0)))
        .unwrap_or((0.0, 1.0));
    let mut axis_used = axis.clone();
    let (mut ticks, mut tick_labels) = value_ticks(&axis_used, dlo, dhi, 5);
    if axis.percent && axis.max.is_none() && ticks.max > 1.0 && dhi <= 1.0 {
        axis_used.max = Some(1.0);
        (ticks, tick_labels) = value_ticks(&axis_used, dlo, dhi, 5);
    }

    let value_text = |v: f64, lo: f64, hi: f64| -> String {
        if !v.is_finite() {
            return "–".to_string();
        }
        let (main, interval) = if axis.percent {
            (format_probability(v), format_interval(lo, hi))
        } else {
            let d = ticks.decimals + 1;
            (
                format_number(v, d),
                format!("{}–{}", format_number(lo, d), format_number(hi, d)),
            )
        };
        if lo.is_finite() && hi.is_finite() {
            format!("{main} ({interval})")
        } else {
            main
        }
    };
    let texts: Vec<String> = chart
        .bars
        .iter()
        .map(|b| value_text(b.value, b.lower, b.upper))
        .collect();
    let value_w = texts
        .iter()
        .map(|t| text_width(t, value_size))
        .fold(0.0, f64::max);

    let max_label_w = WIDTH * 0.36;
    let wrapped: Vec<Vec<String>> = chart
        .bars
        .iter()
        .map(|b| wrap(&b.label, max_label_w, label_size))
        .collect();
    let label_w = wrapped
        .iter()
        .flatten()
        .map(|l| text_width(l, label_size))
        .fold(0.0, f64::max)
        .min(max_label_w);

    // Heading and legend need a canvas; compute the height first from a dry run.
    let row_h: Vec<f64> = wrapped
        .iter()
        .map(|l| (l.len() as f64 * 16.0 + 16.0).max(38.0))
        .collect();
    let rows_h: f64 = row_h.iter().sum::<f64>().max(60.0);
    let legend = vec![
        LegendItem {
            swatch: Swatch::Area {
                color: style::BAR,
                opacity: 1.0,
            },
            label: or_default(&chart.value_label, "Estimate"),
        },
        LegendItem {
            swatch: Swatch::Whisker,
            label: or_default(&chart.interval_label, "95% interval"),
        },
    ];
    let heading_h = heading_height(&chart.title, &chart.subtitle, WIDTH, BAR_PAD);
    let x_title = axis_title(axis);
    let bottom_h = 10.0
        + style::TICK_SIZE
        + 4.0
        + if x_title.is_empty() {
            0.0
        } else {
            style::AXIS_TITLE_SIZE + 12.0
        }
        + BAR_PAD;
    let left = BAR_PAD + label_w + 14.0;
    let top = heading_h + 10.0 + legend_height(&legend, WIDTH - left - BAR_PAD) + 12.0;
    let height = (top + rows_h + bottom_h).ceil();

    let mut c = Canvas::new(WIDTH, height, &chart.title, &chart.description);
    draw_heading(&mut c, &chart.title, &chart.subtitle, BAR_PAD);
    let right = WIDTH - BAR_PAD - value_w - 10.0;
    draw_legend(
        &mut c,
        &legend,
        left,
        heading_h + 10.0,
        WIDTH - left - BAR_PAD,
    );
    let bottom = top + rows_h;
    let area = PlotArea {
        left,
        top,
        right,
        bottom,
    };
    let xs = crate::svg::Scale {
        d0: ticks.min,
        d1: ticks.max,
        r0: left,
        r1: right,
    };
    draw_plot_area(&mut c, &area);

    for (v, s) in ticks.values.iter().zip(&tick_labels) {
        let x = xs.map(*v);
        c.line(x, top, x, bottom, style::GRID, 1.0, "");
        draw_x_tick(&mut c, x, bottom, s);
    }
    draw_x_title(&mut c, &area, BAR_PAD, &x_title);
    if empty {
        draw_no_data(&mut c, &area);
    }

    let zero = xs.map_clamped(0.0_f64.clamp(ticks.min, ticks.max));
    let mut y = top;
    for (i, bar) in chart.bars.iter().enumerate() {
        let cy = y + row_h[i] / 2.0;
        // Row label, right-aligned against the axis, vertically centred.
        let lines = &wrapped[i];
        let first = cy - (lines.len() as f64 - 1.0) * 8.0 + 4.5;
        for (k, line) in lines.iter().enumerate() {
            c.text(
                left - 10.0,
                first + k as f64 * 16.0,
                label_size,
                style::TEXT,
                "end",
                "",
                line,
            );
        }
        let mut end = zero;
        if bar.value.is_finite() {
            let vx = xs.map_clamped(bar.value);
            c.rect(
                vx.min(zero),
                cy - 10.0,
                (vx - zero).abs(),
                20.0,
                style::BAR,
                "class=\"bar\"",
            );
            end = end.max(vx);
        }
        if bar.lower.is_finite() && bar.upper.is_finite() {
            let (a, b) = (xs.map_clamped(bar.lower), xs.map_clamped(bar.upper));
            c.line(a, cy, b, cy, style::WHISKER, 1.6, "");
            c.line(a, cy - 6.0, a, cy + 6.0, style::WHISKER, 1.6, "");
            c.line(b, cy - 6.0, b, cy + 6.0, style::WHISKER, 1.6, "");
            end = end.max(a.max(b));
        }
        c.text(
            end + 8.0,
            cy + 4.5,
            value_size,
            style::TEXT,
            "start",
            "",
            &texts[i],
        );
        y += row_h[i];
    }
    draw_axes(&mut c, &area);
    c.finish()
}
