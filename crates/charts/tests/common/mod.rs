//! Helpers shared by the integration tests.
#![allow(dead_code)]

use charts::{
    Axis, Band, Category, FanChart, IntervalBar, IntervalBars, LineChart, ReferenceLine, Series,
    StackedArea, XLabels,
};
use resvg::usvg::roxmltree;

/// Parses an SVG and checks the invariants every chart must meet: well-formed
/// XML, an `<svg>` root in the SVG namespace with a viewBox, and `<title>` and
/// `<desc>` as its first two element children.
pub fn check_svg(svg: &str) -> roxmltree::Document<'_> {
    let doc = roxmltree::Document::parse(svg)
        .unwrap_or_else(|e| panic!("not well-formed XML: {e}\n{svg}"));
    let root = doc.root_element();
    assert_eq!(root.tag_name().name(), "svg");
    assert_eq!(
        root.tag_name().namespace(),
        Some("http://www.w3.org/2000/svg")
    );
    let vb: Vec<f64> = root
        .attribute("viewBox")
        .expect("viewBox")
        .split_whitespace()
        .map(|v| v.parse().expect("number in viewBox"))
        .collect();
    assert_eq!(vb.len(), 4);
    assert!(vb[2] > 0.0 && vb[3] > 0.0);
    let kids: Vec<_> = root.children().filter(|n| n.is_element()).collect();
    assert_eq!(kids[0].tag_name().name(), "title");
    assert_eq!(kids[1].tag_name().name(), "desc");
    for node in doc.descendants().filter(|n| n.is_element()) {
        for attr in node.attributes() {
            assert!(
                !attr.value().contains("NaN") && !attr.value().contains("inf"),
                "bad number in {attr:?}"
            );
        }
    }
    doc
}

/// The `(x, y, width, height)` of the invisible plot-area rectangle.
pub fn plot_area(doc: &roxmltree::Document<'_>) -> (f64, f64, f64, f64) {
    let n = doc
        .descendants()
        .find(|n| n.attribute("class") == Some("plot-area"))
        .expect("plot-area rect");
    let g = |a: &str| n.attribute(a).expect(a).parse::<f64>().expect("number");
    (g("x"), g("y"), g("width"), g("height"))
}

/// All coordinate pairs of a path's `d` attribute (M/L commands only).
pub fn path_points(d: &str) -> Vec<(f64, f64)> {
    d.split(|c: char| c == 'M' || c == 'L' || c == 'Z' || c.is_whitespace())
        .filter(|s| !s.is_empty())
        .map(|pair| {
            let (x, y) = pair.split_once(',').expect("x,y pair");
            (x.parse().expect("x"), y.parse().expect("y"))
        })
        .collect()
}

/// Texts of all `<text>` elements.
pub fn texts(doc: &roxmltree::Document<'_>) -> Vec<String> {
    doc.descendants()
        .filter(|n| n.has_tag_name("text"))
        .map(|n| n.text().unwrap_or("").to_string())
        .collect()
}

pub fn sample_fan() -> FanChart {
    let x: Vec<f64> = (0..=60).map(f64::from).collect();
    let median: Vec<f64> = x.iter().map(|d| 2.0 + d / 10.0).collect();
    FanChart {
        title: "Trade".into(),
        description: "Test fan".into(),
        x: x.clone(),
        x_axis: Axis::new("Day", ""),
        y_axis: Axis::new("Trade", "$bn"),
        median: median.clone(),
        outer: Band {
            label: "10–90%".into(),
            lower: median.iter().map(|m| m - 0.7).collect(),
            upper: median.iter().map(|m| m + 1.7).collect(),
        },
        inner: Some(Band {
            label: "25–75%".into(),
            lower: median.iter().map(|m| m - 0.3).collect(),
            upper: median.iter().map(|m| m + 0.6).collect(),
        }),
        references: vec![ReferenceLine::new(5.0, "$5bn target")],
        observed: Some(Series::new("Observed", vec![0.0, 30.0], vec![2.1, 4.4])),
        ..FanChart::default()
    }
}

pub fn sample_stacked(days: usize) -> StackedArea {
    let x: Vec<f64> = (0..days).map(|d| d as f64).collect();
    let categories = (0..7)
        .map(|k| Category {
            name: format!("L{k}"),
            // Shares 1/28 · (k + 1) · something that still sums to 1 per day.
            shares: x
                .iter()
                .map(|d| {
                    let w: Vec<f64> = (0..7)
                        .map(|j| 1.0 + f64::from(j) * (1.0 + d / 50.0))
                        .collect();
                    w[k] / w.iter().sum::<f64>()
                })
                .collect(),
        })
        .collect();
    StackedArea {
        title: "Escalation".into(),
        x,
        x_axis: Axis::new("Day", ""),
        y_title: "Share of runs".into(),
        categories,
        ordered: true,
        ..StackedArea::default()
    }
}

pub fn sample_bars() -> IntervalBars {
    IntervalBars {
        title: "Key probabilities".into(),
        value_axis: Axis::new("Probability", "").percent(),
        bars: vec![
            IntervalBar {
                label: "Strike".into(),
                value: 0.14,
                lower: 0.11,
                upper: 0.17,
            },
            IntervalBar {
                label: "Attack".into(),
                value: 0.62,
                lower: 0.58,
                upper: 0.66,
            },
        ],
        ..IntervalBars::default()
    }
}

pub fn sample_lines() -> LineChart {
    LineChart {
        title: "Tension".into(),
        x_labels: XLabels::Numbers,
        x_axis: Axis::new("Day", ""),
        y_axis: Axis::new("Index", "0–100"),
        series: vec![
            Series::new(
                "A",
                vec![0.0, 1.0, 2.0, 3.0],
                vec![10.0, 30.0, f64::NAN, 20.0],
            ),
            Series::new("B", vec![0.0, 3.0], vec![5.0, 40.0]),
        ],
        ..LineChart::default()
    }
}
