//! `faultline events extract` and `faultline events score`: this module reads the
//! articles and label files and writes the results; the `extract` library codes the
//! text.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};

use anyhow::Context;
use extract::{Dictionary, Extracted};

use super::events::{ExtractFormat, parse_date};
use crate::common::{self, TableOrJson};

/// The scenario an article names on a `DYAD:` header line, when it is a built-in one.
fn dyad_line(bytes: &[u8]) -> Option<String> {
    let head = std::str::from_utf8(&bytes[..bytes.len().min(1024)]).ok().or_else(|| {
        let cut = (0..=bytes.len().min(1024)).rev().find(|&i| std::str::from_utf8(&bytes[..i]).is_ok())?;
        std::str::from_utf8(&bytes[..cut]).ok()
    })?;
    head.lines()
        .take(6)
        .find_map(|l| l.strip_prefix("DYAD:"))
        .map(|v| v.trim().to_string())
        .filter(|v| scenario::builtin_text(v).is_some())
}

pub fn extract(
    files: &[String],
    scenario: Option<&str>,
    date: Option<&str>,
    out: Option<&Path>,
    format: ExtractFormat,
    dictionary_files: &[PathBuf],
) -> anyhow::Result<()> {
    let dest = common::ResultDestination::reserve(out)?;
    let date = date.map(|d| parse_date(d, "--date")).transpose()?;
    let extra: Vec<(String, String)> = dictionary_files
        .iter()
        .map(|p| Ok((p.display().to_string(), std::fs::read_to_string(p).with_context(|| format!("reading {}", p.display()))?)))
        .collect::<anyhow::Result<_>>()?;
    let mut coders: BTreeMap<String, Dictionary> = BTreeMap::new();
    let mut found: Vec<Extracted> = Vec::new();
    let mut problems: Vec<String> = Vec::new();
    let mut read = 0;
    let mut stdin_used = false;
    for file in files {
        let bytes = if file == "-" {
            if stdin_used {
                anyhow::bail!("`-` (standard input) given more than once");
            }
            stdin_used = true;
            let mut b = Vec::new();
            std::io::stdin().read_to_end(&mut b).context("reading standard input")?;
            b
        } else {
            match std::fs::read(file) {
                Ok(b) => b,
                Err(e) => {
                    problems.push(format!("{file}: {e}"));
                    continue;
                }
            }
        };
        let origin = if file == "-" { "<stdin>" } else { file.as_str() };
        let article = match extract::read_article(origin, &bytes, date) {
            Ok(a) => a,
            Err(e) => {
                problems.push(e.to_string());
                continue;
            }
        };
        read += 1;
        if article.date.is_none() {
            eprintln!(
                "faultline: warning: {origin}: no date (no --date, DATE: line, HTML <meta> date or dated dateline); relative days such as \"on Monday\" are left empty"
            );
        }
        let name = scenario.map(str::to_string).or_else(|| dyad_line(&bytes)).unwrap_or_else(|| common::DEFAULT_SCENARIO.to_string());
        if !coders.contains_key(&name) {
            let sc = common::load_scenario(&name)?;
            coders.insert(name.clone(), Dictionary::new(&sc, &extra)?);
        }
        found.extend(extract::extract(&coders[&name], &article));
    }
    for p in &problems {
        eprintln!("faultline: warning: {p}");
    }
    if read == 0 {
        anyhow::bail!("no article could be read ({} given); nothing written", files.len());
    }
    let events = extract::merge(found);
    let text = match format {
        ExtractFormat::Csv => extract::to_csv(&events),
        ExtractFormat::Json => extract::to_json(&events) + "\n",
    };
    dest.write(&text)?;
    let undated = events.iter().filter(|e| e.date.is_none()).count();
    eprintln!(
        "extracted {} events ({undated} undated) from {read} article{}{}",
        events.len(),
        if read == 1 { "" } else { "s" },
        out.map(|p| format!("; wrote {}", p.display())).unwrap_or_default()
    );
    Ok(())
}

pub fn score(
    expected_dir: &Path,
    extracted: &Path,
    split: Option<&Path>,
    set: Option<&str>,
    format: TableOrJson,
    verbose: bool,
) -> anyhow::Result<()> {
    let keep: Option<Vec<String>> = match (split, set) {
        (Some(path), Some(set)) => {
            let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
            let rows: Vec<String> = text
                .lines()
                .skip(1)
                .filter_map(|l| l.split_once(','))
                .filter(|(_, s)| s.trim() == set)
                .map(|(f, _)| f.trim().to_string())
                .collect();
            if rows.is_empty() {
                anyhow::bail!("{}: no file is in split `{set}`", path.display());
            }
            Some(rows)
        }
        _ => None,
    };
    let mut expected = read_label_dir(expected_dir, keep.as_deref())?;
    if expected.is_empty() {
        anyhow::bail!("{}: no labelled .csv files to score", expected_dir.display());
    }
    let rows = if extracted.is_dir() {
        // A second labeller's files: agreement on the texts both labelled.
        let second = read_label_dir(extracted, keep.as_deref())?;
        expected.retain(|stem, _| second.contains_key(stem));
        if expected.is_empty() {
            anyhow::bail!("{}: labels none of the texts scored from {}", extracted.display(), expected_dir.display());
        }
        second
            .into_iter()
            .filter(|(stem, _)| expected.contains_key(stem))
            .flat_map(|(stem, rows)| {
                rows.into_iter().map(move |mut r| {
                    r.files = vec![stem.clone()];
                    r
                })
            })
            .collect()
    } else {
        let text = std::fs::read_to_string(extracted).with_context(|| format!("reading {}", extracted.display()))?;
        extract::score::parse_rows(&text, &extracted.display().to_string())?
    };
    let s = extract::score::score(&expected, &rows);
    let out = match format {
        TableOrJson::Table => s.render_text(verbose),
        TableOrJson::Json => s.render_json() + "\n",
    };
    common::write_output(None, &out)
}

/// The label files (`NNN.csv`) of a folder, by file stem; with `keep`, only those stems.
fn read_label_dir(dir: &Path, keep: Option<&[String]>) -> anyhow::Result<BTreeMap<String, Vec<extract::score::Row>>> {
    let mut labels = BTreeMap::new();
    let entries = std::fs::read_dir(dir).with_context(|| format!("reading {}", dir.display()))?;
    for entry in entries {
        let path = entry?.path();
        if path.extension().is_none_or(|x| x != "csv") {
            continue;
        }
        let stem = extract::score::stem(&path.display().to_string());
        if keep.is_some_and(|k| !k.contains(&stem)) {
            continue;
        }
        let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
        labels.insert(stem, extract::score::parse_rows(&text, &path.display().to_string())?);
    }
    Ok(labels)
}
