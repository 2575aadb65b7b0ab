//! The HTML report is self-contained and escapes everything users write.

mod common;

use charts::{
    HtmlReport, KeyProbability, Reproduce, Table, bar_with_intervals, fan_chart, line_chart,
    stacked_area,
};
use common::*;

fn full_report(user_text: &str) -> String {
    let mut r = HtmlReport::new(format!("Outlook {user_text}"));
    r.subtitle(user_text)
        .reproduce(Reproduce {
            command: format!("faultline report --note '{user_text}'"),
            seed: 7,
            runs: 2500,
            version: "0.1.0".into(),
            scenario_hash: "abc123".into(),
            extra: vec![("Note".into(), user_text.into())],
        })
        .section(user_text)
        .paragraph(format!("First paragraph {user_text}\n\nSecond paragraph"))
        .key_probabilities(
            "95% interval",
            vec![KeyProbability {
                event: user_text.into(),
                probability: 0.23,
                lower: 0.19,
                upper: 0.27,
                note: user_text.into(),
            }],
        )
        .figure(bar_with_intervals(&sample_bars()), user_text)
        .section("Charts")
        .figure(fan_chart(&sample_fan()), "Fan")
        .figure(stacked_area(&sample_stacked(20)), "Stack")
        .figure(line_chart(&sample_lines()), "Lines")
        .table(Table::new(
            user_text,
            vec![user_text, "Value"],
            vec![
                vec![user_text.into(), "1,200".into()],
                vec!["x".into(), "–".into()],
            ],
        ))
        .footer(user_text);
    r.render()
}

#[test]
fn report_makes_no_network_requests() {
    let html = full_report("plain words");
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("http://"), "found http:// in the page");
    assert!(!lower.contains("https://"), "found https:// in the page");
    for needle in [
        "<script", "<link", "<img", "<iframe", "src=", "href=", "@import", "url(",
    ] {
        assert!(!lower.contains(needle), "found {needle} in the page");
    }
    // The page forbids fetching anything, even if something slipped in later.
    assert!(html.contains("Content-Security-Policy\" content=\"default-src 'none'"));
}

#[test]
fn script_tags_in_user_text_are_escaped() {
    let evil = "<script>alert('x')</script> & <img src=x onerror=alert(1)>";
    let html = full_report(evil);
    let lower = html.to_ascii_lowercase();
    assert!(!lower.contains("<script"), "raw <script> in output");
    assert!(!lower.contains("<img"), "raw <img> in output");
    assert!(html.contains(
        "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;"
    ));
}

#[test]
fn unsafe_figure_markup_is_not_inlined() {
    let mut r = HtmlReport::new("t");
    r.figure("<svg><script>alert(1)</script></svg>", "bad")
        .figure("<div onclick=\"x\">not svg</div>", "bad too");
    let html = r.render();
    assert!(!html.contains("<script>"));
    assert!(!html.contains("onclick"));
    assert_eq!(html.matches("Figure not shown").count(), 2);
}

#[test]
fn report_has_the_expected_structure() {
    let html = full_report("Iran–Pakistan");
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("<meta charset=\"utf-8\">"));
    assert!(html.contains("<title>Outlook Iran–Pakistan</title>"));
    assert!(html.contains("Reproduce this"));
    assert!(html.contains("<code>faultline report --note &#39;Iran–Pakistan&#39;</code>"));
    assert!(html.contains("2,500"));
    assert_eq!(html.matches("<section>").count(), 2);
    assert_eq!(html.matches("</section>").count(), 2);
    assert_eq!(html.matches("<figure>").count(), 4);
    assert!(html.contains("<strong>Figure 4.</strong> Lines"));
    assert_eq!(html.matches("<svg ").count(), 4);
    assert!(html.contains("<td class=\"num prob\">23%</td><td class=\"num\">19–27%</td>"));
    assert!(html.contains("<p>First paragraph Iran–Pakistan</p>\n<p>Second paragraph</p>"));
    // Numeric columns are right-aligned; "–" placeholders do not spoil that.
    assert!(html.contains("<td class=\"num\">1,200</td>"));
    // Print CSS: page breaks between sections, no shadows.
    assert!(html.contains("@media print"));
    assert!(html.contains("section + section { break-before: page;"));
    assert!(html.contains("box-shadow: none"));
    // Balanced elements (a cheap structural check).
    for tag in [
        "table",
        "thead",
        "tbody",
        "tr",
        "figure",
        "figcaption",
        "svg",
        "header",
        "main",
        "aside",
        "dl",
    ] {
        assert_eq!(
            html.matches(&format!("<{tag}>")).count() + html.matches(&format!("<{tag} ")).count(),
            html.matches(&format!("</{tag}>")).count(),
            "unbalanced <{tag}>"
        );
    }
}

#[test]
fn empty_report_renders() {
    let html = HtmlReport::new("").render();
    assert!(html.contains("<main>\n</main>"));
    assert!(!html.contains("<section>"));
}
