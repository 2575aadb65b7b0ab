//! Behaviour of the SVG charts: well-formed output, axes that cover the data,
//! stacking, and graceful handling of missing data.

mod common;

use charts::{
    Axis, Band, Category, Date, FanChart, IntervalBar, IntervalBars, LineChart, ReferenceLine,
    Series, StackedArea, XLabels, bar_with_intervals, fan_chart, line_chart, stacked_area,
};
use common::*;

const EPS: f64 = 0.011; // coordinates are written with two decimals

#[test]
fn every_chart_is_well_formed_svg_with_title_and_desc() {
    for svg in [
        fan_chart(&sample_fan()),
        stacked_area(&sample_stacked(30)),
        bar_with_intervals(&sample_bars()),
        line_chart(&sample_lines()),
    ] {
        let doc = check_svg(&svg);
        let title = doc
            .descendants()
            .find(|n| n.has_tag_name("title"))
            .and_then(|n| n.text());
        assert!(title.is_some_and(|t| !t.is_empty()));
    }
}

#[test]
fn user_text_is_escaped_in_svg() {
    let mut fan = sample_fan();
    fan.title = "<script>alert(1)</script> & \"quotes\"".into();
    fan.y_axis.unit = "<b>".into();
    fan.references[0].label = "a < b".into();
    let svg = fan_chart(&fan);
    assert!(!svg.contains("<script>"));
    assert!(!svg.contains("<b>"));
    let doc = check_svg(&svg);
    let all = texts(&doc);
    assert!(
        all.iter()
            .any(|t| t == "<script>alert(1)</script> & \"quotes\"")
    );
    assert!(all.iter().any(|t| t == "Trade (<b>)"));
    assert!(all.iter().any(|t| t == "a < b"));
}

#[test]
fn fan_chart_draws_all_data_inside_the_plot_and_ticks_cover_it() {
    let fan = sample_fan();
    let svg = fan_chart(&fan);
    let doc = check_svg(&svg);
    let (px, py, pw, ph) = plot_area(&doc);
    let mut n_paths = 0;
    for node in doc.descendants().filter(|n| n.has_tag_name("path")) {
        n_paths += 1;
        for (x, y) in path_points(node.attribute("d").expect("d")) {
            assert!(x >= px - EPS && x <= px + pw + EPS, "x {x} outside plot");
            assert!(y >= py - EPS && y <= py + ph + EPS, "y {y} outside plot");
        }
    }
    assert!(n_paths >= 4, "bands, median and observed line expected");
    // y tick labels: right-aligned texts left of the plot.
    let ticks: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text()?.replace(',', "").parse::<f64>().ok())
        .collect();
    let data_min = fan
        .outer
        .lower
        .iter()
        .copied()
        .fold(f64::INFINITY, f64::min);
    let data_max = fan
        .outer
        .upper
        .iter()
        .copied()
        .fold(f64::NEG_INFINITY, f64::max);
    assert!(ticks.len() >= 3, "{ticks:?}");
    assert!(ticks.iter().copied().fold(f64::INFINITY, f64::min) <= data_min);
    assert!(ticks.iter().copied().fold(f64::NEG_INFINITY, f64::max) >= data_max);
    // Reference labels and legend entries are present.
    let all = texts(&doc);
    for expected in [
        "$5bn target",
        "10–90%",
        "25–75%",
        "Median",
        "Observed",
        "Trade ($bn)",
        "Day",
    ] {
        assert!(
            all.iter().any(|t| t == expected),
            "missing {expected}: {all:?}"
        );
    }
}

#[test]
fn reference_lines_outside_the_data_extend_the_axis() {
    let mut fan = sample_fan();
    fan.references
        .push(ReferenceLine::new(10.0, "$10bn target"));
    let doc_svg = fan_chart(&fan);
    let doc = check_svg(&doc_svg);
    let ticks: Vec<f64> = doc
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("text-anchor") == Some("end"))
        .filter_map(|n| n.text()?.parse::<f64>().ok())
        .collect();
    assert!(ticks.iter().any(|t| *t >= 10.0), "{ticks:?}");
}

#[test]
fn stacked_shares_summing_to_one_reach_the_top_of_the_plot() {
    let svg = stacked_area(&sample_stacked(40));
    let doc = check_svg(&svg);
    let (_, py, _, ph) = plot_area(&doc);
    let layers: Vec<Vec<(f64, f64)>> = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("layer"))
        .map(|n| path_points(n.attribute("d").expect("d")))
        .collect();
    assert_eq!(layers.len(), 7);
    // The upper edge of the top layer (first half of its points) lies on the plot top.
    let top = &layers[6];
    for (_, y) in &top[..top.len() / 2] {
        assert!((y - py).abs() < EPS, "top edge at {y}, plot top {py}");
    }
    // The lower edge of the bottom layer lies on the plot bottom.
    let bottom = &layers[0];
    for (_, y) in &bottom[bottom.len() / 2..] {
        assert!(
            (y - (py + ph)).abs() < EPS,
            "bottom edge at {y}, plot bottom {}",
            py + ph
        );
    }
    // Neighbouring layers share their boundary.
    for k in 1..7 {
        let below_top: Vec<f64> = layers[k - 1][..40].iter().map(|p| p.1).collect();
        let mut this_bottom: Vec<f64> = layers[k][40..].iter().map(|p| p.1).collect();
        this_bottom.reverse();
        for (a, b) in below_top.iter().zip(&this_bottom) {
            assert!((a - b).abs() < EPS);
        }
    }
    let all = texts(&doc);
    assert!(all.iter().any(|t| t == "100%"));
    for k in 0..7 {
        assert!(
            all.iter().any(|t| *t == format!("L{k}")),
            "legend names every category"
        );
    }
}

#[test]
fn stacked_shares_above_one_extend_the_axis() {
    let chart = StackedArea {
        x: vec![0.0, 1.0],
        categories: vec![
            Category {
                name: "a".into(),
                shares: vec![0.8, 0.8],
            },
            Category {
                name: "b".into(),
                shares: vec![0.5, 0.5],
            },
        ],
        ..StackedArea::default()
    };
    let svg = stacked_area(&chart);
    let doc = check_svg(&svg);
    let (_, py, _, _) = plot_area(&doc);
    let top_layer = doc
        .descendants()
        .rfind(|n| n.attribute("class") == Some("layer"))
        .expect("layer");
    let min_y = path_points(top_layer.attribute("d").expect("d"))
        .iter()
        .map(|p| p.1)
        .fold(f64::INFINITY, f64::min);
    assert!(min_y >= py - EPS, "stack of 1.3 drawn inside the plot");
    assert!(
        texts(&doc).iter().any(|t| t == "140%" || t == "150%"),
        "{:?}",
        texts(&doc)
    );
}

#[test]
fn bars_show_value_and_interval_labels() {
    let svg = bar_with_intervals(&sample_bars());
    let doc = check_svg(&svg);
    let all = texts(&doc);
    assert!(all.iter().any(|t| t == "14% (11–17%)"), "{all:?}");
    assert!(all.iter().any(|t| t == "62% (58–66%)"));
    assert!(all.iter().any(|t| t == "Strike"));
    assert!(all.iter().any(|t| t == "Probability (%)"));
    // Axis stops at a nice value above the largest upper bound, not at 100%.
    assert!(all.iter().any(|t| t == "80%"));
    assert!(!all.iter().any(|t| t == "100%"));
    let (px, _, pw, _) = plot_area(&doc);
    for bar in doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("bar"))
    {
        let x: f64 = bar.attribute("x").expect("x").parse().expect("x");
        let w: f64 = bar.attribute("width").expect("w").parse().expect("w");
        assert!(x >= px - EPS && x + w <= px + pw + EPS);
    }
}

#[test]
fn bar_chart_height_grows_with_bars() {
    let few = bar_with_intervals(&sample_bars());
    let mut many = sample_bars();
    for i in 0..10 {
        many.bars.push(IntervalBar {
            label: format!("Event {i}"),
            value: 0.1,
            lower: 0.05,
            upper: 0.2,
        });
    }
    let many = bar_with_intervals(&many);
    let h = |s: &str| -> f64 {
        let doc = check_svg(s);
        doc.root_element()
            .attribute("height")
            .expect("height")
            .parse()
            .expect("number")
    };
    assert!(h(&many) > h(&few) + 300.0);
}

#[test]
fn line_chart_breaks_lines_at_missing_values() {
    let svg = line_chart(&sample_lines());
    let doc = check_svg(&svg);
    let first = doc
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .expect("series path");
    let d = first.attribute("d").expect("d");
    assert_eq!(d.matches('M').count(), 2, "NaN starts a new sub-path: {d}");
    let dashed = doc
        .descendants()
        .filter(|n| n.has_tag_name("path") && n.attribute("stroke-dasharray").is_some())
        .count();
    assert!(
        dashed >= 1,
        "second series is dashed for greyscale printing"
    );
}

#[test]
fn date_axes_label_calendar_ticks() {
    let mut chart = sample_lines();
    chart.x_labels = XLabels::Dates(Date::new(2024, 1, 1).expect("date"));
    chart.series = vec![Series::new(
        "A",
        (0..120).map(f64::from).collect(),
        vec![1.0; 120],
    )];
    let svg = line_chart(&chart);
    let all = texts(&check_svg(&svg));
    for m in ["Jan", "Feb", "Mar", "Apr", "2024"] {
        assert!(all.iter().any(|t| t == m), "missing {m}: {all:?}");
    }
}

#[test]
fn empty_and_nan_inputs_render_a_no_data_frame() {
    let empties = [
        fan_chart(&FanChart::default()),
        stacked_area(&StackedArea::default()),
        bar_with_intervals(&IntervalBars::default()),
        line_chart(&LineChart::default()),
        fan_chart(&FanChart {
            x: vec![f64::NAN; 5],
            median: vec![f64::NAN; 5],
            outer: Band {
                label: String::new(),
                lower: vec![f64::NAN; 5],
                upper: vec![f64::INFINITY; 5],
            },
            ..FanChart::default()
        }),
        line_chart(&LineChart {
            series: vec![Series::new(
                "all missing",
                vec![1.0, 2.0],
                vec![f64::NAN, f64::NEG_INFINITY],
            )],
            ..LineChart::default()
        }),
        bar_with_intervals(&IntervalBars {
            bars: vec![IntervalBar {
                label: "unknown".into(),
                value: f64::NAN,
                lower: f64::NAN,
                upper: 0.3,
            }],
            ..IntervalBars::default()
        }),
        stacked_area(&StackedArea {
            x: vec![0.0, 1.0],
            categories: vec![Category {
                name: "x".into(),
                shares: vec![f64::NAN, f64::NAN],
            }],
            ..StackedArea::default()
        }),
    ];
    for svg in &empties {
        let doc = check_svg(svg);
        assert!(texts(&doc).iter().any(|t| t == "No data"), "{svg}");
    }
}

#[test]
fn mismatched_lengths_and_partial_gaps_do_not_panic() {
    let mut fan = sample_fan();
    fan.median.truncate(10);
    fan.outer.upper[3] = f64::NAN;
    if let Some(inner) = fan.inner.as_mut() {
        inner.lower.truncate(2);
    }
    let doc_svg = fan_chart(&fan);
    let doc = check_svg(&doc_svg);
    let outer = doc
        .descendants()
        .filter(|n| n.attribute("class") == Some("band outer"))
        .count();
    assert_eq!(outer, 2, "the NaN splits the outer band in two");

    let single = line_chart(&LineChart {
        series: vec![Series::new("one point", vec![3.0], vec![7.0])],
        ..LineChart::default()
    });
    let doc = check_svg(&single);
    assert!(
        doc.descendants().any(|n| n.has_tag_name("circle")),
        "a lone point is still visible"
    );

    let stacked = stacked_area(&StackedArea {
        x: vec![0.0, 1.0, f64::NAN, 3.0],
        categories: vec![
            Category {
                name: "short".into(),
                shares: vec![0.5],
            },
            Category {
                name: "long".into(),
                shares: vec![0.5, 0.5, 0.5, 0.5, 0.5],
            },
        ],
        ..StackedArea::default()
    });
    check_svg(&stacked);
}

#[test]
fn fixed_axis_range_clamps_outliers_to_the_plot() {
    let chart = LineChart {
        y_axis: Axis::new("Index", "").with_range(Some(0.0), Some(100.0)),
        series: vec![Series::new(
            "spiky",
            vec![0.0, 1.0, 2.0],
            vec![50.0, 250.0, -30.0],
        )],
        ..LineChart::default()
    };
    let svg = line_chart(&chart);
    let doc = check_svg(&svg);
    let (_, py, _, ph) = plot_area(&doc);
    let path = doc
        .descendants()
        .find(|n| n.has_tag_name("path"))
        .expect("path");
    for (_, y) in path_points(path.attribute("d").expect("d")) {
        assert!(y >= py - EPS && y <= py + ph + EPS);
    }
}

#[test]
fn small_line_chart_snapshot() {
    let chart = LineChart {
        title: "Snapshot".into(),
        x_axis: Axis::new("Day", ""),
        y_axis: Axis::new("Index", "pts"),
        series: vec![Series::new("A", vec![0.0, 5.0, 10.0], vec![1.0, 3.0, 2.0])],
        references: vec![ReferenceLine::new(2.5, "Threshold")],
        ..LineChart::default()
    };
    insta::assert_snapshot!(line_chart(&chart));
}

#[test]
fn long_titles_wrap_and_push_the_plot_down() {
    let short = sample_fan();
    let mut long = sample_fan();
    long.title = "Bilateral trade between Iran and Pakistan under the border-liaison lever, \
                  annualised, with official targets and the observed quarterly values"
        .into();
    let (doc_short, doc_long) = (fan_chart(&short), fan_chart(&long));
    let (a, b) = (check_svg(&doc_short), check_svg(&doc_long));
    let bold_lines = b
        .descendants()
        .filter(|n| n.has_tag_name("text") && n.attribute("font-weight") == Some("bold"))
        .count();
    assert!(bold_lines >= 2, "long title is wrapped");
    assert!(
        plot_area(&b).1 > plot_area(&a).1,
        "plot starts lower under a two-line title"
    );
    for n in b.descendants().filter(|n| n.has_tag_name("text")) {
        let x: f64 = n.attribute("x").expect("x").parse().expect("x");
        assert!((0.0..=800.0).contains(&x));
    }
}
