//! Sentences and tokens. Tokens are spans of a lower-cased copy of the text (ASCII
//! letters lower-cased in place, so byte offsets agree with the original).

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    Word,
    /// Digits, possibly with thousands separators (`2,500`).
    Number,
    /// One punctuation character that matters for clauses: `, ; : ( ) " “ ” – — /`.
    Punct,
}

#[derive(Clone, Copy, Debug)]
pub(crate) struct Token {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Followed by `'s` / `’s` (the `'s` is not a token of its own).
    pub possessive: bool,
}

/// Byte ranges of the sentences of `body` (relative to `body`): split at line breaks
/// and after `.`, `!` or `?` (plus closing quotes) when whitespace and a capital
/// letter, digit, quote or bracket follow; not after common abbreviations.
pub(crate) fn sentences(body: &str) -> Vec<(usize, usize)> {
    const ABBREV: [&str; 18] = [
        "mr", "mrs", "ms", "dr", "lt", "gen", "col", "maj", "capt", "brig", "prof", "st", "no", "jan", "feb", "aug", "sept", "oct",
    ];
    let b = body.as_bytes();
    let mut out = Vec::new();
    let mut start = 0;
    let mut i = 0;
    let push = |out: &mut Vec<(usize, usize)>, s: usize, e: usize| {
        let seg = &body[s..e];
        let lead = seg.len() - seg.trim_start().len();
        let trail = seg.len() - seg.trim_end().len();
        if lead + trail < seg.len() {
            out.push((s + lead, e - trail));
        }
    };
    while i < b.len() {
        let c = b[i];
        if c == b'\n' {
            push(&mut out, start, i);
            start = i + 1;
        } else if matches!(c, b'.' | b'!' | b'?') {
            let mut j = i + 1;
            // closing quotes: " ' ” ’
            loop {
                if j < b.len() && (b[j] == b'"' || b[j] == b'\'') {
                    j += 1;
                } else if body[j..].starts_with('”') || body[j..].starts_with('’') {
                    j += 3;
                } else {
                    break;
                }
            }
            let ws = j < b.len() && (b[j] == b' ' || b[j] == b'\t');
            if ws {
                let k = j + body[j..].len() - body[j..].trim_start_matches([' ', '\t']).len();
                let next = body[k..].chars().next();
                let opens = next.is_some_and(|n| n.is_uppercase() || n.is_ascii_digit() || "\"'“‘([".contains(n));
                // The word before the stop starts after the last non-alphanumeric character,
                // which may take several bytes (a dash, a curly quote).
                let word_start = body[..i]
                    .char_indices()
                    .rev()
                    .find(|&(_, ch)| !ch.is_alphanumeric())
                    .map_or(0, |(p, ch)| p + ch.len_utf8());
                let word = body[word_start..i].to_ascii_lowercase();
                let abbrev = c == b'.' && (ABBREV.contains(&word.as_str()) || (word.len() == 1 && word != "i"));
                if opens && !abbrev {
                    push(&mut out, start, j);
                    start = k;
                    i = k;
                    continue;
                }
            }
        }
        i += 1;
    }
    push(&mut out, start, b.len());
    out
}

/// The tokens of `lower[from..to]` (offsets absolute in `lower`).
pub(crate) fn tokenize(lower: &str, from: usize, to: usize, out: &mut Vec<Token>) {
    out.clear();
    let s = &lower[from..to];
    let b = s.as_bytes();
    let mut i = 0;
    while i < b.len() {
        let c = b[i];
        if c.is_ascii_alphabetic() || c >= 0x80 {
            // A word: letters and digits (any script); non-letters above 0x80 (quotes, dashes) end it.
            let start = i;
            let mut j = i;
            while j < b.len() {
                if b[j].is_ascii_alphanumeric() {
                    j += 1;
                } else if b[j] >= 0x80 {
                    let ch = s[j..].chars().next().unwrap_or(' ');
                    if ch.is_alphanumeric() {
                        j += ch.len_utf8();
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            if j == start {
                // A non-letter character above 0x80: a quote or dash.
                let ch = s[i..].chars().next().unwrap_or(' ');
                let len = ch.len_utf8();
                if "“”–—".contains(ch) {
                    out.push(Token { start: from + i, end: from + i + len, kind: Kind::Punct, possessive: false });
                }
                i += len;
                continue;
            }
            let rest = &s[j..];
            let possessive = (rest.starts_with("'s") || rest.starts_with("’s"))
                && !rest[if rest.starts_with("'s") { 2 } else { 4 }..].starts_with(|ch: char| ch.is_alphanumeric());
            out.push(Token { start: from + start, end: from + j, kind: Kind::Word, possessive });
            i = j;
            if possessive {
                i += if rest.starts_with("'s") { 2 } else { 4 };
            }
        } else if c.is_ascii_digit() {
            let start = i;
            let mut j = i;
            while j < b.len() && (b[j].is_ascii_digit() || (b[j] == b',' && j + 3 < b.len() && b[j + 1..].len() >= 3 && b[j + 1..j + 4].iter().all(u8::is_ascii_digit) && b.get(j + 4).is_none_or(|x| !x.is_ascii_digit()))) {
                j += 1;
            }
            // "4th", "7.30am": letters glued to digits stay one word-ish token.
            let mut kind = Kind::Number;
            while j < b.len() && b[j].is_ascii_alphabetic() {
                j += 1;
                kind = Kind::Word;
            }
            out.push(Token { start: from + start, end: from + j, kind, possessive: false });
            i = j;
        } else {
            if matches!(c, b',' | b';' | b':' | b'(' | b')' | b'"' | b'.' | b'/') {
                out.push(Token { start: from + i, end: from + i + 1, kind: Kind::Punct, possessive: false });
            }
            i += 1;
        }
    }
}

/// The text of a number token as a value (`2,500` → 2500).
pub(crate) fn number_value(text: &str) -> Option<u32> {
    let mut v: u32 = 0;
    for c in text.bytes() {
        match c {
            b'0'..=b'9' => v = v.checked_mul(10)?.checked_add(u32::from(c - b'0'))?,
            b',' => {}
            _ => return None,
        }
    }
    Some(v)
}

/// The lower-cased copy of `text` with the same byte offsets.
pub(crate) fn lower_ascii(text: &str) -> String {
    text.to_ascii_lowercase()
}

/// Tokenizes a dictionary phrase into its words (hyphens and punctuation are spaces).
pub(crate) fn phrase_words(phrase: &str) -> Vec<String> {
    let lower = phrase.to_ascii_lowercase();
    let mut toks = Vec::new();
    tokenize(&lower, 0, phrase.len(), &mut toks);
    toks.iter().filter(|t| t.kind != Kind::Punct).map(|t| lower[t.start..t.end].to_string()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_sentences_like_the_labelling_rules() {
        let body = "Headline here\nOn Friday 14 died. \"It was bad.\" He said. Dr. Khan spoke at 7.30 today! (Later) more.";
        let got: Vec<&str> = sentences(body).iter().map(|&(s, e)| &body[s..e]).collect();
        assert_eq!(got, ["Headline here", "On Friday 14 died.", "\"It was bad.\"", "He said.", "Dr. Khan spoke at 7.30 today!", "(Later) more."]);
    }

    /// Found by the `extract_article` fuzz target: a stop after a word that follows a
    /// multi-byte dash sliced the text inside the dash.
    #[test]
    fn a_stop_after_a_word_behind_a_dash_splits_on_a_char_boundary() {
        let body = "On the Kech–Turbat. Border guards said. Then “Oct.” Five died. IRNA M–h. Guards.";
        let got: Vec<&str> = sentences(body).iter().map(|&(s, e)| &body[s..e]).collect();
        // `h.` is an initial, as `M.` would be: no break after it.
        assert_eq!(got, ["On the Kech–Turbat.", "Border guards said.", "Then “Oct.” Five died.", "IRNA M–h. Guards."]);
    }

    #[test]
    fn tokens_keep_offsets_possessives_and_numbers() {
        let text = "Pakistan's 2,500 Jeish-al-Adl men, 4th";
        let lower = lower_ascii(text);
        let mut toks = Vec::new();
        tokenize(&lower, 0, text.len(), &mut toks);
        let words: Vec<&str> = toks.iter().map(|t| &lower[t.start..t.end]).collect();
        assert_eq!(words, ["pakistan", "2,500", "jeish", "al", "adl", "men", ",", "4th"]);
        assert!(toks[0].possessive);
        assert_eq!(number_value(words[1]), Some(2500));
    }
}
