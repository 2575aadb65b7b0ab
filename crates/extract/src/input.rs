//! Reading an article: checks that the bytes are text, strips HTML, reads the
//! header lines and metadata that give the publication date, and finds the body.

use events::Date;

use crate::error::ExtractError;

/// Where the article's date came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DateSource {
    /// `--date` (or the caller's override).
    Given,
    /// A `DATE:` header line.
    Header,
    /// An HTML `<meta>` or `<time>` element.
    Metadata,
    /// The dateline at the start of the body (`ISLAMABAD, 23 February 2024 -`).
    Dateline,
}

/// One article, ready for the coder.
#[derive(Clone, Debug)]
pub struct Article {
    /// The name the caller gave the input (a file path, `-`, `pasted text`).
    pub origin: String,
    /// The article's own address (`SOURCE:` header line, HTML canonical link), else `origin`.
    pub source: String,
    /// The date relative expressions are counted from; `None` when nothing gives one.
    pub date: Option<Date>,
    pub date_source: Option<DateSource>,
    /// The text: the file itself for plain text, the text of the page for HTML.
    /// Character offsets of provenance count in it.
    pub text: String,
    /// Byte offset in `text` where the body starts (after the header lines).
    pub body_start: usize,
}

/// Reads an article from raw bytes. `origin` names it in errors; `date` (from
/// `--date`) overrides any date the text gives.
pub fn read_article(origin: &str, bytes: &[u8], date: Option<Date>) -> Result<Article, ExtractError> {
    let err = |reason: String| ExtractError::Input { origin: origin.to_string(), reason };
    if bytes.iter().all(|b| b.is_ascii_whitespace()) {
        return Err(err("empty file: no text to read".into()));
    }
    let controls = bytes.iter().filter(|&&b| b == 0 || (b < 0x20 && !b"\t\n\r\x0c".contains(&b))).count();
    if bytes.contains(&0) || controls * 100 > bytes.len() {
        return Err(err("binary data, not text (expected UTF-8 plain text or HTML)".into()));
    }
    let raw = std::str::from_utf8(bytes).map_err(|e| {
        err(format!("not valid UTF-8 at byte {} (expected UTF-8 plain text or HTML)", e.valid_up_to()))
    })?;
    let raw = raw.strip_prefix('\u{feff}').unwrap_or(raw);
    let (text, meta_date, canonical) = if looks_like_html(raw) {
        let page = strip_html(raw);
        if page.text.trim().is_empty() {
            return Err(err("HTML page with no article text (no paragraphs or headings outside scripts and styles)".into()));
        }
        (page.text, page.date, page.canonical)
    } else {
        (raw.replace("\r\n", "\n"), None, None)
    };
    let mut header_date = None;
    let mut source = canonical;
    let mut body_start = 0;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let Some((key, value)) = t.split_once(':') else { break };
        let key = key.trim().to_ascii_uppercase();
        match key.as_str() {
            "DATE" => header_date = Date::parse_flexible(value.trim()).or_else(|| Date::parse_iso(value.trim())),
            "SOURCE" | "URL" => source = Some(value.trim().to_string()),
            "DYAD" | "TITLE" | "SCENARIO" => {}
            _ => break,
        }
        body_start += line.len();
    }
    if body_start > 0 {
        // The blank line after the header belongs to the header.
        while text[body_start..].starts_with('\n') {
            body_start += 1;
        }
    }
    let (date, date_source) = match (date, header_date, meta_date) {
        (Some(d), _, _) => (Some(d), Some(DateSource::Given)),
        (None, Some(d), _) => (Some(d), Some(DateSource::Header)),
        (None, None, Some(d)) => (Some(d), Some(DateSource::Metadata)),
        _ => match dateline_date(&text[body_start..]) {
            Some(d) => (Some(d), Some(DateSource::Dateline)),
            None => (None, None),
        },
    };
    Ok(Article {
        origin: origin.to_string(),
        source: source.unwrap_or_else(|| origin.to_string()),
        date,
        date_source,
        text,
        body_start,
    })
}

fn looks_like_html(s: &str) -> bool {
    // The first 2 kB, cut back to a character boundary.
    let mut end = s.len().min(2048);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    let head = &s[..end].to_ascii_lowercase();
    head.trim_start().starts_with('<')
        && (head.contains("<html") || head.contains("<!doctype") || head.contains("<body") || head.contains("<p"))
}

struct Page {
    text: String,
    date: Option<Date>,
    canonical: Option<String>,
}

const BLOCK_TAGS: [&str; 14] = ["p", "div", "br", "h1", "h2", "h3", "h4", "li", "article", "section", "tr", "blockquote", "header", "title"];
const SKIP_TAGS: [&str; 6] = ["script", "style", "noscript", "head", "nav", "footer"];
const DATE_META: [&str; 8] = [
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publishdate",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
];

/// Strips tags, keeping the text of the body with line breaks at block elements;
/// reads the publication date from `<meta>` (or `<time datetime>`) and the canonical link.
fn strip_html(html: &str) -> Page {
    let mut text = String::with_capacity(html.len() / 2);
    let mut date = None;
    let mut canonical = None;
    let mut rest = html;
    let mut skip_until: Option<String> = None;
    while let Some(lt) = rest.find('<') {
        if skip_until.is_none() {
            text.push_str(&decode_entities(&rest[..lt]));
        }
        let after = &rest[lt + 1..];
        if after.starts_with("!--") {
            rest = after.find("-->").map_or("", |e| &after[e + 3..]);
            continue;
        }
        let Some(gt) = after.find('>') else { break };
        let tag = &after[..gt];
        rest = &after[gt + 1..];
        let closing = tag.starts_with('/');
        let name: String = tag
            .trim_start_matches('/')
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let lower = tag.to_ascii_lowercase();
        if name == "meta" {
            let key = attr(tag, &lower, "property").or_else(|| attr(tag, &lower, "name")).or_else(|| attr(tag, &lower, "itemprop"));
            if let (Some(k), Some(v)) = (key, attr(tag, &lower, "content"))
                && date.is_none()
                && DATE_META.contains(&k.to_ascii_lowercase().as_str())
            {
                date = parse_meta_date(&v);
            }
            continue;
        }
        if name == "time" && date.is_none()
            && let Some(v) = attr(tag, &lower, "datetime") {
                date = parse_meta_date(&v);
            }
        if name == "link" && attr(tag, &lower, "rel").is_some_and(|r| r.eq_ignore_ascii_case("canonical")) {
            canonical = attr(tag, &lower, "href");
            continue;
        }
        if let Some(until) = &skip_until {
            if closing && &name == until {
                skip_until = None;
            }
            continue;
        }
        if !closing && SKIP_TAGS.contains(&name.as_str()) && !tag.ends_with('/') {
            skip_until = Some(name);
            continue;
        }
        if BLOCK_TAGS.contains(&name.as_str()) {
            text.push('\n');
        }
    }
    if skip_until.is_none() {
        text.push_str(&decode_entities(rest));
    }
    // Collapse runs of whitespace inside lines; drop empty lines.
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let words: Vec<&str> = line.split_whitespace().collect();
        if !words.is_empty() {
            out.push_str(&words.join(" "));
            out.push('\n');
        }
    }
    Page { text: out, date, canonical }
}

fn parse_meta_date(v: &str) -> Option<Date> {
    let v = v.trim();
    Date::parse_iso(v.get(..10)?).or_else(|| Date::parse_flexible(v))
}

/// The value of attribute `name` in a tag (`lower` is the tag lowercased, for the search).
fn attr(tag: &str, lower: &str, name: &str) -> Option<String> {
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = lower[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let value_at = tag.len() - rest.len() + 1;
        let value = tag[value_at..].trim_start();
        return Some(match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or("").to_string(),
            _ => value.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or("").to_string(),
        });
    }
    None
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" | "#39" => '\'',
                "nbsp" => ' ',
                "rsquo" | "lsquo" => '\'',
                "ldquo" | "rdquo" => '"',
                "ndash" => '–',
                "mdash" => '—',
                _ => {
                    let code = match name.strip_prefix("#x").or(name.strip_prefix("#X")) {
                        Some(hex) => u32::from_str_radix(hex, 16).ok(),
                        None => name.strip_prefix('#').and_then(|d| d.parse::<u32>().ok()),
                    };
                    return code.and_then(char::from_u32).map(|c| (c, e));
                }
            };
            Some((c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

/// A full date in a dateline at the start of the body: `ISLAMABAD, 23 February 2024 -`
/// or `Tehran, Oct 28, 2013, IRNA`. A dateline without a year gives no date.
fn dateline_date(body: &str) -> Option<Date> {
    let first = body.lines().find(|l| !l.trim().is_empty())?;
    let head: String = first.chars().take(60).collect();
    let (_, after) = head.split_once(',')?;
    let cut = after.find(['-', '–', '—', ':']).unwrap_or(after.len());
    Date::parse_flexible(after[..cut].trim().trim_end_matches(','))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_text_and_meta_date() {
        let html = r#"<!doctype html><html><head><meta property="article:published_time" content="2024-01-17T10:00:00Z"><title>x</title><script>var a = "<p>no</p>";</script></head>
<body><h1>Iran strikes</h1><p>On Tuesday Iran &amp; its forces struck.</p><footer>menu</footer></body></html>"#;
        let a = read_article("page.html", html.as_bytes(), None).unwrap();
        assert_eq!(a.date, Date::from_ymd(2024, 1, 17));
        assert_eq!(a.date_source, Some(DateSource::Metadata));
        assert_eq!(a.text, "Iran strikes\nOn Tuesday Iran & its forces struck.\n");
    }

    #[test]
    fn bad_inputs_are_named() {
        for (bytes, what) in [
            (&b""[..], "empty"),
            (&b"\x00\x01\x02abc"[..], "binary"),
            (&b"caf\xe9 text"[..], "UTF-8"),
            (&b"<html><body><script>x</script></body></html>"[..], "no article text"),
        ] {
            let e = read_article("in.txt", bytes, None).unwrap_err().to_string();
            assert!(e.starts_with("in.txt: ") && e.contains(what), "{e}");
        }
    }

    /// Found by the `extract_article` fuzz target: a character across byte 2,048 (where
    /// the HTML sniffing stops reading) sliced the text inside it.
    #[test]
    fn a_character_across_the_sniffed_head_is_not_cut() {
        for pad in 2045..=2048 {
            let text = format!("<p>{}\u{a840d} Iran said.</p>", "x".repeat(pad - 3));
            let a = read_article("in.html", text.as_bytes(), None).unwrap();
            assert!(a.text.contains("Iran said."), "{pad}");
        }
    }

    #[test]
    fn header_and_dateline() {
        let a = read_article("a.txt", b"SOURCE: https://x.test/a\nDATE: 2019-02-15\nDYAD: india-pakistan\n\nBody.\n", None).unwrap();
        assert_eq!((a.source.as_str(), a.date, &a.text[a.body_start..]), ("https://x.test/a", Date::from_ymd(2019, 2, 15), "Body.\n"));
        let b = read_article("b.txt", b"PESHAWAR, 23 February 2024 - Police said.\n", None).unwrap();
        assert_eq!((b.date, b.date_source), (Date::from_ymd(2024, 2, 23), Some(DateSource::Dateline)));
        let c = read_article("c.txt", b"No date here.\n", Date::from_ymd(2020, 1, 1)).unwrap();
        assert_eq!(c.date_source, Some(DateSource::Given));
    }
}
