//! A small RFC 4180 tokenizer that reuses its buffers: one `Record` is refilled for
//! every row, and fields are handed out as borrowed byte slices.

use std::io::{self, BufRead};

/// One record's fields, stored contiguously.
#[derive(Default, Debug)]
pub(crate) struct Record {
    /// Raw line bytes (fast path) or unescaped field bytes (quoted path).
    buf: Vec<u8>,
    bounds: Vec<(u32, u32)>,
    /// 1-based line number of the record's first physical line.
    pub line: usize,
}

impl Record {
    pub fn len(&self) -> usize {
        self.bounds.len()
    }

    pub fn get(&self, i: usize) -> Option<&[u8]> {
        self.bounds.get(i).map(|&(s, e)| &self.buf[s as usize..e as usize])
    }

    /// Whether the record is one empty field (a blank line).
    fn is_blank(&self) -> bool {
        self.bounds.len() == 1 && self.bounds[0].0 == self.bounds[0].1
    }
}

/// A quoting problem in the record just read; the record has still been consumed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum QuoteError {
    /// End of file inside a quoted field (0-based field index).
    Unterminated(usize),
    /// Characters between a closing quote and the next delimiter.
    StrayAfterQuote(usize),
}

pub(crate) struct Reader<R> {
    inner: R,
    delim: u8,
    quoting: bool,
    /// Physical lines consumed so far.
    lines: usize,
    line: Vec<u8>,
}

impl<R: BufRead> Reader<R> {
    /// `quoting = false` treats `"` as an ordinary byte (GDELT's tab files).
    pub fn new(inner: R, delim: u8, quoting: bool) -> Reader<R> {
        Reader { inner, delim, quoting, lines: 0, line: Vec::with_capacity(1024) }
    }

    /// Reads the next non-blank record into `rec`. `Ok(None)` at end of input.
    pub fn read(&mut self, rec: &mut Record) -> io::Result<Option<Result<(), QuoteError>>> {
        loop {
            rec.buf.clear();
            rec.bounds.clear();
            let n = self.inner.read_until(b'\n', &mut rec.buf)?;
            if n == 0 {
                return Ok(None);
            }
            self.lines += 1;
            rec.line = self.lines;
            let outcome = if !self.quoting || memchr::memchr(b'"', &rec.buf).is_none() {
                trim_eol(&mut rec.buf);
                split_plain(rec, self.delim);
                Ok(())
            } else {
                std::mem::swap(&mut self.line, &mut rec.buf);
                rec.buf.clear();
                self.split_quoted(rec)?
            };
            if outcome.is_ok() && rec.is_blank() {
                continue;
            }
            return Ok(Some(outcome));
        }
    }

    /// Quoted path: `self.line` holds the first physical line; unescaped fields go to `rec.buf`.
    fn split_quoted(&mut self, rec: &mut Record) -> io::Result<Result<(), QuoteError>> {
        let d = self.delim;
        let mut err = None;
        let mut pos = 0usize;
        let mut field_start = 0u32;
        loop {
            // Start of a field at self.line[pos].
            let line_len = content_len(&self.line);
            if pos < line_len && self.line[pos] == b'"' {
                pos += 1;
                // Inside quotes, possibly across lines.
                loop {
                    let line_len = self.line.len();
                    match memchr::memchr(b'"', &self.line[pos..]) {
                        Some(off) => {
                            rec.buf.extend_from_slice(&self.line[pos..pos + off]);
                            pos += off + 1;
                            if self.line.get(pos) == Some(&b'"') {
                                rec.buf.push(b'"');
                                pos += 1;
                            } else {
                                break;
                            }
                        }
                        None => {
                            rec.buf.extend_from_slice(&self.line[pos..line_len]);
                            self.line.clear();
                            pos = 0;
                            let n = self.inner.read_until(b'\n', &mut self.line)?;
                            if n == 0 {
                                rec.bounds.push((field_start, rec.buf.len() as u32));
                                return Ok(Err(QuoteError::Unterminated(rec.bounds.len() - 1)));
                            }
                            self.lines += 1;
                        }
                    }
                }
                // After the closing quote: delimiter, end of line, or stray bytes.
                let line_len = content_len(&self.line);
                if pos < line_len && self.line[pos] != d {
                    if err.is_none() {
                        err = Some(QuoteError::StrayAfterQuote(rec.bounds.len()));
                    }
                    let end = memchr::memchr(d, &self.line[pos..line_len]).map_or(line_len, |o| pos + o);
                    rec.buf.extend_from_slice(&self.line[pos..end]);
                    pos = end;
                }
            } else {
                let end = memchr::memchr(d, &self.line[pos..line_len]).map_or(line_len, |o| pos + o);
                rec.buf.extend_from_slice(&self.line[pos..end]);
                pos = end;
            }
            rec.bounds.push((field_start, rec.buf.len() as u32));
            field_start = rec.buf.len() as u32;
            let line_len = content_len(&self.line);
            if pos < line_len && self.line[pos] == d {
                pos += 1;
                continue;
            }
            break;
        }
        Ok(match err {
            Some(e) => Err(e),
            None => Ok(()),
        })
    }
}

/// Length without the trailing `\n` / `\r\n`.
fn content_len(b: &[u8]) -> usize {
    let mut n = b.len();
    if n > 0 && b[n - 1] == b'\n' {
        n -= 1;
        if n > 0 && b[n - 1] == b'\r' {
            n -= 1;
        }
    }
    n
}

fn trim_eol(b: &mut Vec<u8>) {
    let n = content_len(b);
    b.truncate(n);
}

fn split_plain(rec: &mut Record, d: u8) {
    let mut start = 0u32;
    for i in memchr::memchr_iter(d, &rec.buf) {
        rec.bounds.push((start, i as u32));
        start = i as u32 + 1;
    }
    rec.bounds.push((start, rec.buf.len() as u32));
}

/// Appends `field` to `out`, quoting it when it contains the delimiter, a quote or a
/// line break (RFC 4180).
pub(crate) fn write_field(out: &mut String, field: &str, delim: char) {
    if field.contains([delim, '"', '\n', '\r']) {
        out.push('"');
        for c in field.chars() {
            if c == '"' {
                out.push('"');
            }
            out.push(c);
        }
        out.push('"');
    } else {
        out.push_str(field);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &str, quoting: bool) -> Vec<(usize, Vec<String>, Result<(), QuoteError>)> {
        let mut r = Reader::new(input.as_bytes(), b',', quoting);
        let mut rec = Record::default();
        let mut out = vec![];
        while let Some(res) = r.read(&mut rec).unwrap() {
            let fields = (0..rec.len())
                .map(|i| String::from_utf8(rec.get(i).unwrap().to_vec()).unwrap())
                .collect();
            out.push((rec.line, fields, res));
        }
        out
    }

    #[test]
    fn plain_and_quoted() {
        let got = all("a,b,c\r\n1,\"x, \"\"y\"\"\",3\n\n4,\"multi\nline\",6\n7,8,9", true);
        assert_eq!(got.len(), 4);
        assert_eq!(got[0].1, ["a", "b", "c"]);
        assert_eq!(got[1].1, ["1", "x, \"y\"", "3"]);
        assert_eq!(got[2].0, 4);
        assert_eq!(got[2].1, ["4", "multi\nline", "6"]);
        assert_eq!(got[3].0, 6);
        assert_eq!(got[3].1, ["7", "8", "9"]);
        assert!(got.iter().all(|g| g.2.is_ok()));
    }

    #[test]
    fn quote_errors() {
        let got = all("1,\"ab\"x,3\n4,5,6\n", true);
        assert_eq!(got[0].2, Err(QuoteError::StrayAfterQuote(1)));
        assert_eq!(got[0].1, ["1", "abx", "3"]);
        assert_eq!(got[1].1, ["4", "5", "6"]);
        let got = all("1,2\n3,\"open\n4,5\n", true);
        assert_eq!(got[1].2, Err(QuoteError::Unterminated(1)));
        assert_eq!(got.len(), 2);
    }

    #[test]
    fn writer_quotes_only_when_needed() {
        let mut s = String::new();
        write_field(&mut s, "plain", ',');
        s.push(',');
        write_field(&mut s, "a \"b\", c", ',');
        assert_eq!(s, "plain,\"a \"\"b\"\", c\"");
        assert_eq!(all(&s, true)[0].1, ["plain", "a \"b\", c"]);
    }
}
