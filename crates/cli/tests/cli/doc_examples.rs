//! The command examples of README.md and docs/*.md, run and compared with what they show.
//!
//! A fenced block whose info string is `console` holds commands, each on a line that
//! starts with `$ `, followed by the standard output it prints. An output line `...`
//! stands for any number of lines, and a line ending in `...` matches any line that
//! starts with the text before it. Each block runs in a fresh folder, its commands in
//! order through `sh -c` with this build's `faultline` first on the PATH; every
//! command must exit 0.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{faultline, scratch, stdout};

struct Example {
    file: String,
    line: usize,
    command: String,
    expected: Vec<String>,
}

/// The `console` blocks of a Markdown text, one list of examples per block.
fn console_blocks(file: &str, text: &str) -> Vec<Vec<Example>> {
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Example>> = None;
    for (i, line) in text.lines().enumerate() {
        match current.as_mut() {
            None if line.trim_end() == "```console" => current = Some(Vec::new()),
            None => {}
            Some(_) if line.trim_end() == "```" => blocks.push(current.take().unwrap()),
            Some(block) => {
                if let Some(command) = line.strip_prefix("$ ") {
                    block.push(Example { file: file.to_string(), line: i + 1, command: command.to_string(), expected: Vec::new() });
                } else if let Some(last) = block.last_mut() {
                    last.expected.push(line.to_string());
                } else {
                    panic!("{file}:{}: output before the first command of a console block", i + 1);
                }
            }
        }
    }
    assert!(current.is_none(), "{file}: unterminated console block");
    blocks
}

/// True when `actual` matches `expected` (with `...` lines and `...` line endings as wildcards).
fn matches(expected: &[String], actual: &[&str]) -> bool {
    match expected.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first == "..." => (0..=actual.len()).any(|skip| matches(rest, &actual[skip..])),
        Some((first, rest)) => match actual.split_first() {
            None => false,
            Some((line, others)) => {
                let line_ok = match first.strip_suffix("...") {
                    Some(prefix) => line.starts_with(prefix),
                    None => line.trim_end() == first.trim_end(),
                };
                line_ok && matches(rest, others)
            }
        },
    }
}

#[test]
fn the_matcher_knows_its_wildcards() {
    let e = |lines: &[&str]| lines.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert!(matches(&e(&["a", "b"]), &["a", "b"]));
    assert!(!matches(&e(&["a", "b"]), &["a", "c"]));
    assert!(!matches(&e(&["a"]), &["a", "b"]));
    assert!(matches(&e(&["a", "..."]), &["a", "b", "c"]));
    assert!(matches(&e(&["...", "c"]), &["a", "b", "c"]));
    assert!(!matches(&e(&["...", "d"]), &["a", "b", "c"]));
    assert!(matches(&e(&["hash ..."]), &["hash 06cf"]));
    assert!(!matches(&e(&["hash ..."]), &["hush 06cf"]));
    let blocks = console_blocks("x.md", "text\n```console\n$ echo hi\nhi\n$ true\n```\n```sh\n$ not run\n```\n");
    assert_eq!(blocks.len(), 1);
    assert_eq!(blocks[0].len(), 2);
    assert_eq!(blocks[0][0].expected, vec!["hi".to_string()]);
}

fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

fn documents() -> Vec<PathBuf> {
    let mut files = vec![repo_root().join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(repo_root().join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    docs.sort();
    files.extend(docs);
    files
}

#[test]
fn documented_commands_print_what_the_docs_show() {
    let binary = PathBuf::from(env!("CARGO_BIN_EXE_faultline"));
    let path = format!("{}:{}", binary.parent().unwrap().display(), std::env::var("PATH").unwrap_or_default());
    let mut ran = 0;
    let mut failures = Vec::new();
    for (n, doc) in documents().iter().enumerate() {
        let name = doc.strip_prefix(repo_root()).unwrap_or(doc).display().to_string();
        let text = std::fs::read_to_string(doc).unwrap();
        for (b, block) in console_blocks(&name, &text).into_iter().enumerate() {
            let dir = scratch(&format!("doc-{n}-{b}"));
            for example in block {
                let out = Command::new("sh")
                    .arg("-c")
                    .arg(&example.command)
                    .current_dir(&dir)
                    .env("PATH", &path)
                    .output()
                    .expect("run sh");
                ran += 1;
                let printed = String::from_utf8_lossy(&out.stdout).into_owned();
                let lines: Vec<&str> = printed.lines().collect();
                if !out.status.success() {
                    failures.push(format!(
                        "{}:{}: `{}` exited {:?}: {}",
                        example.file,
                        example.line,
                        example.command,
                        out.status.code(),
                        String::from_utf8_lossy(&out.stderr)
                    ));
                } else if !matches(&example.expected, &lines) {
                    failures.push(format!(
                        "{}:{}: `{}` printed\n{printed}\nbut the doc shows\n{}",
                        example.file,
                        example.line,
                        example.command,
                        example.expected.join("\n")
                    ));
                }
            }
        }
    }
    assert!(ran >= 8, "only {ran} documented commands found");
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

/// The dashboard page's example answer names the built-in scenario's current hash.
#[test]
fn dashboard_doc_shows_the_current_scenario_hash() {
    let out = faultline(&["forecast", "--runs", "1", "--days", "1", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_str(&stdout(&out)).unwrap();
    let hash = report["scenario"]["hash"].as_str().unwrap();
    let doc = std::fs::read_to_string(repo_root().join("docs/dashboard.md")).unwrap();
    let shown = doc.split("\"hash\": \"").nth(1).and_then(|rest| rest.split("...").next()).expect("an example hash");
    assert!(shown.len() >= 8 && hash.starts_with(shown), "docs/dashboard.md shows hash {shown}…, the scenario's is {hash}");
}
