//! Maps byte offsets and field paths of a TOML document to lines, columns and paths.

use toml::de::{DeTable, DeValue};
use toml::Spanned;

use crate::ScenarioError;

/// 1-based line and column of a byte offset.
pub(crate) fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map(|i| i + 1).unwrap_or(0);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

/// Converts a deserialization error into a located [`ScenarioError::Syntax`].
pub(crate) fn syntax_error(text: &str, origin: &str, err: &toml::de::Error) -> ScenarioError {
    let mut message = err.message().trim().to_string();
    let span = match err.span() {
        Some(span) => span,
        // The parser reports a key nested too deeply without a place; find the key.
        None if message == "recursion limit" => match too_deep_key(text) {
            Some((offset, depth)) => {
                message = format!("a key nested {depth} levels deep; at most {} levels are allowed", KEY_DEPTH_LIMIT - 1);
                offset..offset
            }
            None => 0..0,
        },
        None => 0..0,
    };
    if message == "duplicate key"
        && let Some(key) = text.get(span.clone()).map(str::trim).filter(|k| !k.is_empty())
    {
        message = format!("duplicate key `{key}`: it is defined twice in the same table");
    }
    let (line, column) = line_column(text, span.start);
    let path = match DeTable::parse(text) {
        Ok(root) => {
            let root = DeValue::Table(root.into_inner());
            let mut path = String::new();
            path_at(&root, span.start, &mut path);
            path
        }
        Err(_) => String::new(),
    };
    ScenarioError::Syntax {
        origin: origin.to_string(),
        line,
        column,
        path,
        message,
    }
}

/// The number of parts at which the TOML parser rejects a dotted key (`a.b.c…`, in a
/// `[table]` header or before `=`) with "recursion limit".
const KEY_DEPTH_LIMIT: usize = 80;

/// Byte offset and depth of the first key with at least [`KEY_DEPTH_LIMIT`] parts.
/// A line-by-line look: dots inside quoted key parts are not counted.
fn too_deep_key(text: &str) -> Option<(usize, usize)> {
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset + (line.len() - line.trim_start().len());
        offset += line.len();
        let body = line.trim();
        let key = if let Some(header) = body.strip_prefix('[') {
            header.trim_start_matches('[').split(']').next().unwrap_or("")
        } else {
            match body.split_once('=') {
                Some((key, _)) => key,
                None => continue,
            }
        };
        let mut depth = 1;
        let mut quote: Option<char> = None;
        for c in key.chars() {
            match (quote, c) {
                (None, '"' | '\'') => quote = Some(c),
                (Some(q), c) if c == q => quote = None,
                (None, '.') => depth += 1,
                _ => {}
            }
        }
        if depth >= KEY_DEPTH_LIMIT {
            return Some((start, depth));
        }
    }
    None
}

/// Appends to `path` the deepest key path whose span contains `offset`.
fn path_at(value: &DeValue<'_>, offset: usize, path: &mut String) {
    match value {
        DeValue::Table(table) => {
            for (key, child) in table.iter() {
                let in_key = key.span().contains(&offset);
                let in_child = contains_deep(child, offset);
                if in_key || in_child {
                    if !path.is_empty() {
                        path.push('.');
                    }
                    path.push_str(key.get_ref());
                    if in_child {
                        path_at(child.get_ref(), offset, path);
                    }
                    return;
                }
            }
        }
        DeValue::Array(items) => {
            for (idx, child) in items.iter().enumerate() {
                if contains_deep(child, offset) {
                    path.push_str(&format!("[{idx}]"));
                    path_at(child.get_ref(), offset, path);
                    return;
                }
            }
        }
        _ => {}
    }
}

/// True when `offset` lies in the value's span or in any key or value nested in it.
/// (A `[table]` header's span covers only the header, not the keys below it.)
fn contains_deep(value: &Spanned<DeValue<'_>>, offset: usize) -> bool {
    if value.span().contains(&offset) {
        return true;
    }
    match value.get_ref() {
        DeValue::Table(table) => table.iter().any(|(k, v)| k.span().contains(&offset) || contains_deep(v, offset)),
        DeValue::Array(items) => items.iter().any(|v| contains_deep(v, offset)),
        _ => false,
    }
}

/// Finds the span of a dotted path such as `state[1].fear_of_war.value`.
pub(crate) fn span_of(text: &str, path: &str) -> Option<std::ops::Range<usize>> {
    let root = DeTable::parse(text).ok()?;
    let root: Spanned<DeValue<'_>> = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
    let mut current = &root;
    let mut best = root.span();
    for part in path.split('.') {
        let (key, index) = match part.find('[') {
            Some(open) => {
                let idx: usize = part[open + 1..part.len() - 1].parse().ok()?;
                (&part[..open], Some(idx))
            }
            None => (part, None),
        };
        match current.get_ref().get(key) {
            Some(next) => current = next,
            None => return Some(best),
        }
        best = current.span();
        if let Some(idx) = index {
            match current.get_ref().get(idx) {
                Some(next) => current = next,
                None => return Some(best),
            }
            best = current.span();
        }
    }
    Some(best)
}
