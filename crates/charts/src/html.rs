//! A self-contained HTML report: inline CSS and SVG, no scripts, no external
//! resources, print styles.

use crate::text::{escape_html, format_interval, format_probability, push_fmt};

/// What a reader needs to rerun the analysis exactly.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reproduce {
    /// Full command line, e.g. `faultline report --seed 42 --runs 10000`.
    pub command: String,
    /// Random seed.
    pub seed: u64,
    /// Number of simulated runs.
    pub runs: u64,
    /// Program version, e.g. `0.1.0 (abc1234)`.
    pub version: String,
    /// Hash of the scenario file, e.g. a SHA-256 hex string.
    pub scenario_hash: String,
    /// Further name/value lines (scenario name, date of data, …).
    pub extra: Vec<(String, String)>,
}

/// One row of the key-probabilities table.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct KeyProbability {
    /// What the probability is of, e.g. `Cross-border strike within 90 days`.
    pub event: String,
    /// Point estimate in `[0, 1]`.
    pub probability: f64,
    /// Lower end of the interval in `[0, 1]`.
    pub lower: f64,
    /// Upper end of the interval in `[0, 1]`.
    pub upper: f64,
    /// Optional short note (e.g. the change from the baseline); may be empty.
    pub note: String,
}

/// A plain table of text cells. Columns whose cells all look numeric
/// (digits with `.,%$+−-` and spaces) are right-aligned.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Table {
    /// Caption shown above the table; may be empty.
    pub caption: String,
    /// Column headers.
    pub headers: Vec<String>,
    /// Rows of cells; short rows are padded with empty cells.
    pub rows: Vec<Vec<String>>,
}

impl Table {
    /// A table from a caption, headers and rows of anything string-like.
    pub fn new<S: Into<String>>(
        caption: impl Into<String>,
        headers: Vec<S>,
        rows: Vec<Vec<String>>,
    ) -> Self {
        Table {
            caption: caption.into(),
            headers: headers.into_iter().map(Into::into).collect(),
            rows,
        }
    }
}

#[derive(Clone, Debug)]
enum Block {
    Section(String),
    Paragraph(String),
    KeyProbabilities {
        interval_label: String,
        rows: Vec<KeyProbability>,
    },
    Table(Table),
    Figure {
        svg: String,
        caption: String,
    },
}

/// Builder for a self-contained HTML report.
///
/// ```
/// use charts::{HtmlReport, Table};
/// let mut report = HtmlReport::new("Iran–Pakistan border: 180-day outlook");
/// report
///     .subtitle("Simulated 10,000 times")
///     .section("Key probabilities")
///     .paragraph("Escalation stays unlikely but not negligible.")
///     .table(Table::new("Levers", vec!["Lever", "Setting"], vec![vec!["Border liaison".into(), "on".into()]]));
/// let html = report.render();
/// assert!(html.starts_with("<!DOCTYPE html>"));
/// ```
///
/// All text is escaped. Blocks are rendered in the order they are added; a
/// [`HtmlReport::section`] starts a new `<section>` that holds the blocks
/// after it. When printed, every section after the first starts on a new page.
#[derive(Clone, Debug, Default)]
pub struct HtmlReport {
    title: String,
    subtitle: String,
    reproduce: Option<Reproduce>,
    blocks: Vec<Block>,
    footer: String,
}

impl HtmlReport {
    /// A report with a title (also the page `<title>`).
    pub fn new(title: impl Into<String>) -> Self {
        HtmlReport {
            title: title.into(),
            ..HtmlReport::default()
        }
    }

    /// Sets the line under the title.
    pub fn subtitle(&mut self, text: impl Into<String>) -> &mut Self {
        self.subtitle = text.into();
        self
    }

    /// Sets the "Reproduce this" box shown under the title.
    pub fn reproduce(&mut self, info: Reproduce) -> &mut Self {
        self.reproduce = Some(info);
        self
    }

    /// Sets a small-print line at the end of the page.
    pub fn footer(&mut self, text: impl Into<String>) -> &mut Self {
        self.footer = text.into();
        self
    }

    /// Starts a new section with a heading.
    pub fn section(&mut self, heading: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Section(heading.into()));
        self
    }

    /// Adds a paragraph of plain text (blank lines start new paragraphs).
    pub fn paragraph(&mut self, text: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Paragraph(text.into()));
        self
    }

    /// Adds the key-probabilities table: event, probability, interval and
    /// (if any row has one) note. `interval_label` heads the interval column,
    /// e.g. `95% interval`.
    pub fn key_probabilities(
        &mut self,
        interval_label: impl Into<String>,
        rows: Vec<KeyProbability>,
    ) -> &mut Self {
        self.blocks.push(Block::KeyProbabilities {
            interval_label: interval_label.into(),
            rows,
        });
        self
    }

    /// Adds a generic table.
    pub fn table(&mut self, table: Table) -> &mut Self {
        self.blocks.push(Block::Table(table));
        self
    }

    /// Adds a figure: an SVG chart (from this crate's chart functions) with a
    /// caption. The SVG is inlined as markup, minus its `xmlns` attribute
    /// (HTML does not need it). Markup that does not start with `<svg`, or
    /// that contains scripts, `foreignObject` or external `http(s)`
    /// references, is not inlined; a note saying so is shown instead.
    pub fn figure(&mut self, svg: impl Into<String>, caption: impl Into<String>) -> &mut Self {
        self.blocks.push(Block::Figure {
            svg: svg.into(),
            caption: caption.into(),
        });
        self
    }

    /// The complete HTML document.
    pub fn render(&self) -> String {
        let mut out = String::with_capacity(64 * 1024);
        out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        // The policy forbids every fetch (scripts, images, fonts, styles from
        // elsewhere): the page works offline by construction.
        out.push_str(
            "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'; img-src data:\">\n",
        );
        out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        push_fmt(
            &mut out,
            format_args!("<title>{}</title>\n", escape_html(&self.title)),
        );
        push_fmt(
            &mut out,
            format_args!("<style>\n{CSS}</style>\n</head>\n<body>\n"),
        );

        out.push_str("<header>\n");
        push_fmt(
            &mut out,
            format_args!("<h1>{}</h1>\n", escape_html(&self.title)),
        );
        if !self.subtitle.trim().is_empty() {
            push_fmt(
                &mut out,
                format_args!(
                    "<p class=\"subtitle\">{}</p>\n",
                    escape_html(&self.subtitle)
                ),
            );
        }
        if let Some(r) = &self.reproduce {
            render_reproduce(&mut out, r);
        }
        out.push_str("</header>\n<main>\n");

        let mut open = false;
        let mut figure_no = 0usize;
        for block in &self.blocks {
            match block {
                Block::Section(h) => {
                    if open {
                        out.push_str("</section>\n");
                    }
                    push_fmt(
                        &mut out,
                        format_args!("<section>\n<h2>{}</h2>\n", escape_html(h)),
                    );
                    open = true;
                }
                Block::Paragraph(text) => {
                    for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) {
                        push_fmt(
                            &mut out,
                            format_args!("<p>{}</p>\n", escape_html(para.trim())),
                        );
                    }
                }
                Block::KeyProbabilities {
                    interval_label,
                    rows,
                } => render_key_probabilities(&mut out, interval_label, rows),
                Block::Table(t) => render_table(&mut out, t),
                Block::Figure { svg, caption } => {
                    figure_no += 1;
                    render_figure(&mut out, figure_no, svg, caption);
                }
            }
        }
        if open {
            out.push_str("</section>\n");
        }
        out.push_str("</main>\n");
        if !self.footer.trim().is_empty() {
            push_fmt(
                &mut out,
                format_args!("<footer>{}</footer>\n", escape_html(&self.footer)),
            );
        }
        out.push_str("</body>\n</html>\n");
        out
    }
}

fn render_reproduce(out: &mut String, r: &Reproduce) {
    out.push_str("<aside class=\"reproduce\" aria-label=\"Reproduce this\">\n<h2>Reproduce this</h2>\n<dl>\n");
    let mut row = |name: &str, value: &str, code: bool| {
        let v = escape_html(value);
        if code {
            push_fmt(
                out,
                format_args!("<dt>{}</dt><dd><code>{v}</code></dd>\n", escape_html(name)),
            );
        } else {
            push_fmt(
                out,
                format_args!("<dt>{}</dt><dd>{v}</dd>\n", escape_html(name)),
            );
        }
    };
    row("Command", &r.command, true);
    row("Seed", &r.seed.to_string(), true);
    row("Runs", &crate::text::format_number(r.runs as f64, 0), false);
    row("Version", &r.version, false);
    row("Scenario hash", &r.scenario_hash, true);
    for (k, v) in &r.extra {
        row(k, v, false);
    }
    out.push_str("</dl>\n</aside>\n");
}

fn render_key_probabilities(out: &mut String, interval_label: &str, rows: &[KeyProbability]) {
    let with_note = rows.iter().any(|r| !r.note.trim().is_empty());
    let label = if interval_label.trim().is_empty() {
        "Interval"
    } else {
        interval_label
    };
    out.push_str("<table class=\"key-probabilities\">\n<thead><tr><th>Event</th><th class=\"num\">Probability</th>");
    push_fmt(
        out,
        format_args!("<th class=\"num\">{}</th>", escape_html(label)),
    );
    if with_note {
        out.push_str("<th>Note</th>");
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    for r in rows {
        let interval = if r.lower.is_finite() && r.upper.is_finite() {
            format_interval(r.lower, r.upper)
        } else {
            "–".to_string()
        };
        push_fmt(
            out,
            format_args!(
                "<tr><td>{}</td><td class=\"num prob\">{}</td><td class=\"num\">{}</td>",
                escape_html(&r.event),
                escape_html(&format_probability(r.probability)),
                escape_html(&interval)
            ),
        );
        if with_note {
            push_fmt(out, format_args!("<td>{}</td>", escape_html(&r.note)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

fn looks_numeric(cell: &str) -> bool {
    let t = cell.trim();
    t.chars().any(|c| c.is_ascii_digit())
        && t.chars()
            .all(|c| c.is_ascii_digit() || ".,%$+-−– ".contains(c))
}

fn render_table(out: &mut String, t: &Table) {
    let cols = t
        .rows
        .iter()
        .map(Vec::len)
        .chain([t.headers.len()])
        .max()
        .unwrap_or(0);
    let numeric: Vec<bool> = (0..cols)
        .map(|j| {
            // Blank and dash-only cells ("–" for missing) do not decide alignment.
            let mut cells = t
                .rows
                .iter()
                .filter_map(|r| r.get(j))
                .filter(|c| !c.trim().trim_matches(['-', '–', '—']).is_empty())
                .peekable();
            cells.peek().is_some() && cells.all(|c| looks_numeric(c))
        })
        .collect();
    let class = |j: usize| if numeric[j] { " class=\"num\"" } else { "" };
    out.push_str("<table>\n");
    if !t.caption.trim().is_empty() {
        push_fmt(
            out,
            format_args!("<caption>{}</caption>\n", escape_html(&t.caption)),
        );
    }
    if !t.headers.is_empty() {
        out.push_str("<thead><tr>");
        for j in 0..cols {
            let h = t.headers.get(j).map(String::as_str).unwrap_or("");
            push_fmt(
                out,
                format_args!("<th scope=\"col\"{}>{}</th>", class(j), escape_html(h)),
            );
        }
        out.push_str("</tr></thead>\n");
    }
    out.push_str("<tbody>\n");
    for row in &t.rows {
        out.push_str("<tr>");
        for j in 0..cols {
            let c = row.get(j).map(String::as_str).unwrap_or("");
            push_fmt(out, format_args!("<td{}>{}</td>", class(j), escape_html(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
}

/// Removes the SVG namespace declaration (not needed inline in HTML).
fn strip_xmlns(svg: &str) -> String {
    svg.replacen(" xmlns=\"http://www.w3.org/2000/svg\"", "", 1)
}

/// Whether markup is safe to inline: an `<svg>` root with no script,
/// no foreign HTML, no event handlers and no external references.
fn safe_svg(svg: &str) -> bool {
    let lower = svg.to_ascii_lowercase();
    lower.trim_start().starts_with("<svg")
        && ![
            "<script",
            "<foreignobject",
            "http://",
            "https://",
            "javascript:",
            "<!entity",
            "<iframe",
        ]
        .iter()
        .any(|bad| lower.contains(bad))
        && !has_event_attribute(&lower)
}

/// True if some tag has an attribute named `on…=` (an event handler). Only
/// the inside of tags is looked at, so text such as `one = two` is fine.
fn has_event_attribute(lower: &str) -> bool {
    lower.split('<').skip(1).any(|rest| {
        let tag = rest.split('>').next().unwrap_or("");
        let b = tag.as_bytes();
        (0..b.len().saturating_sub(2)).any(|i| {
            b[i].is_ascii_whitespace() && b[i + 1] == b'o' && b[i + 2] == b'n' && {
                let after = &tag[i + 3..];
                let name_len = after
                    .bytes()
                    .take_while(|c| c.is_ascii_alphabetic())
                    .count();
                name_len > 0 && after[name_len..].trim_start().starts_with('=')
            }
        })
    })
}

fn render_figure(out: &mut String, n: usize, svg: &str, caption: &str) {
    out.push_str("<figure>\n");
    let inline = strip_xmlns(svg);
    if safe_svg(&inline) {
        out.push_str(inline.trim());
        out.push('\n');
    } else {
        out.push_str(
            "<p class=\"omitted\">[Figure not shown: it was not a plain SVG chart.]</p>\n",
        );
    }
    push_fmt(
        out,
        format_args!(
            "<figcaption><strong>Figure {n}.</strong> {}</figcaption>\n",
            escape_html(caption)
        ),
    );
    out.push_str("</figure>\n");
}

const CSS: &str = r#":root { color-scheme: light; }
* { box-sizing: border-box; }
body {
  font-family: "DejaVu Sans", Verdana, Arial, Helvetica, sans-serif;
  color: #1a1a1a; background: #ffffff;
  max-width: 980px; margin: 0 auto; padding: 28px 24px 48px;
  font-size: 15px; line-height: 1.5;
}
h1 { font-size: 28px; line-height: 1.25; margin: 0 0 6px; }
h2 { font-size: 21px; margin: 0 0 12px; padding-bottom: 4px; border-bottom: 2px solid #1a1a1a; }
.subtitle { color: #4d4d4d; font-size: 17px; margin: 0 0 18px; }
section { margin-top: 36px; }
p { max-width: 72ch; }
.reproduce {
  border: 1px solid #c9c9c9; border-left: 5px solid #0072B2; border-radius: 4px;
  background: #f5f8fb; padding: 12px 18px; margin: 8px 0 12px;
  box-shadow: 0 1px 3px rgba(0, 0, 0, 0.08);
}
.reproduce h2 { font-size: 15px; border: 0; margin: 0 0 6px; padding: 0; text-transform: uppercase; letter-spacing: 0.05em; color: #333333; }
.reproduce dl { display: grid; grid-template-columns: max-content 1fr; gap: 3px 16px; margin: 0; font-size: 14px; }
.reproduce dt { font-weight: bold; }
.reproduce dd { margin: 0; }
code { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 13px; white-space: pre-wrap; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; margin: 10px 0 22px; font-size: 14px; }
caption { caption-side: top; text-align: left; font-weight: bold; padding: 0 0 6px; }
th, td { padding: 6px 10px; text-align: left; vertical-align: top; border-bottom: 1px solid #dcdcdc; }
th { background: #f0f0f0; border-bottom: 2px solid #8c8c8c; }
.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td.prob { font-weight: bold; font-size: 15px; }
figure { margin: 14px 0 26px; }
figure svg { display: block; width: 100%; height: auto; border: 1px solid #e3e3e3; box-shadow: 0 1px 3px rgba(0, 0, 0, 0.06); }
figcaption { font-size: 14px; color: #3d3d3d; margin-top: 6px; max-width: 80ch; }
.omitted { color: #8a1c1c; }
footer { margin-top: 40px; padding-top: 8px; border-top: 1px solid #cccccc; font-size: 12px; color: #4d4d4d; }
@media print {
  @page { margin: 15mm; }
  body { max-width: none; padding: 0; font-size: 10.5pt; }
  section + section { break-before: page; page-break-before: always; }
  .reproduce, figure svg { box-shadow: none; }
  .reproduce { background: #ffffff; }
  figure, table, .reproduce, tr { break-inside: avoid; page-break-inside: avoid; }
  h2 { break-after: avoid; page-break-after: avoid; }
  thead { display: table-header-group; }
}
"#;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn event_attributes_are_detected() {
        assert!(has_event_attribute("<svg onload=\"x()\">"));
        assert!(has_event_attribute("<svg\nonclick = 'x'>"));
        assert!(!has_event_attribute("<svg><text>only one</text></svg>"));
        assert!(!has_event_attribute("<text> on the border</text>"));
        assert!(!has_event_attribute("<text>scenario one = baseline</text>"));
    }

    #[test]
    fn unsafe_svg_is_not_inlined() {
        assert!(safe_svg("<svg viewBox=\"0 0 1 1\"><rect/></svg>"));
        assert!(!safe_svg("<svg><script>alert(1)</script></svg>"));
        assert!(!safe_svg("<svg onload=\"alert(1)\"></svg>"));
        assert!(!safe_svg(
            "<svg><image href=\"https://example.org/x.png\"/></svg>"
        ));
        assert!(!safe_svg("<div>not svg</div>"));
    }

    #[test]
    fn numeric_cells() {
        assert!(looks_numeric("12,500"));
        assert!(looks_numeric("23%"));
        assert!(looks_numeric("−0.4"));
        assert!(looks_numeric("$5"));
        assert!(!looks_numeric("L3"));
        assert!(!looks_numeric("n/a"));
        assert!(!looks_numeric(""));
    }
}
