use std::path::{Path, PathBuf};

use super::Outputs;

/// A fresh folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("faultline-output-{name}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The names in a folder, sorted (temporary files included).
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> =
        std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().to_string_lossy().into_owned()).collect();
    names.sort();
    names
}

#[test]
fn a_file_in_a_missing_folder_is_refused_when_reserved_and_names_the_folder() {
    let dir = scratch("missing");
    let dest = dir.join("no/such/f.json");
    let err = Outputs::new().file(&dest).expect_err("a missing folder is an error");
    let message = format!("{err:#}");
    assert!(message.contains(&dest.display().to_string()), "{message}");
    assert!(message.contains("does not exist"), "{message}");
    assert!(names(&dir).is_empty());
}

#[cfg(unix)]
#[test]
fn a_link_planted_at_the_old_temporary_name_is_not_followed() {
    let dir = scratch("planted");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let dest = dir.join("f.json");
    // The name the writer used before: `.NAME.PID.tmp`.
    let old_temp = dir.join(format!(".f.json.{}.tmp", std::process::id()));
    std::os::unix::fs::symlink(&victim, &old_temp).unwrap();
    let mut outputs = Outputs::new();
    let file = outputs.file(&dest).unwrap();
    outputs.write(file, b"{}\n").unwrap();
    outputs.commit().unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&dest).unwrap(), b"{}\n");
    assert!(!dest.symlink_metadata().unwrap().file_type().is_symlink());
    assert_eq!(names(&dir), [".f.json.".to_string() + &std::process::id().to_string() + ".tmp", "f.json".into(), "victim.txt".into()]);
}

#[cfg(unix)]
#[test]
fn a_destination_that_is_a_link_is_replaced_and_its_target_kept() {
    let dir = scratch("dest-link");
    let victim = dir.join("victim.txt");
    std::fs::write(&victim, b"precious").unwrap();
    let dest = dir.join("out.csv");
    std::os::unix::fs::symlink(&victim, &dest).unwrap();
    let mut outputs = Outputs::new();
    let file = outputs.file(&dest).unwrap();
    outputs.write(file, b"a,b\n").unwrap();
    outputs.commit().unwrap();
    assert_eq!(std::fs::read(&victim).unwrap(), b"precious");
    assert_eq!(std::fs::read(&dest).unwrap(), b"a,b\n");
    assert_eq!(names(&dir), ["out.csv", "victim.txt"]);
}

#[test]
fn temporary_files_get_new_unpredictable_names() {
    let dir = scratch("names");
    let dest = dir.join("f.json");
    let mut first = Outputs::new();
    first.file(&dest).unwrap();
    let mut second = Outputs::new();
    second.file(&dest).unwrap();
    let temps = names(&dir);
    assert_eq!(temps.len(), 2, "{temps:?}");
    assert_ne!(temps[0], temps[1]);
    assert!(temps.iter().all(|t| t.starts_with(".f.json.") && t.ends_with(".tmp")), "{temps:?}");
    drop((first, second));
    assert!(names(&dir).is_empty());
}

#[test]
fn work_abandoned_before_the_commit_leaves_the_old_output_and_no_temporary_file() {
    let dir = scratch("abandoned");
    let dest = dir.join("report.html");
    std::fs::write(&dest, b"old page").unwrap();
    let charts = dir.join("charts/svg");
    {
        let mut outputs = Outputs::new();
        let page = outputs.file(&dest).unwrap();
        outputs.folder(&charts).unwrap();
        outputs.write(page, b"new page").unwrap();
        outputs.add(&charts.join("a.svg"), b"<svg/>").unwrap();
        assert!(charts.join(names(&charts)[0].as_str()).exists());
        // Dropped here: a later step failed.
    }
    assert_eq!(std::fs::read(&dest).unwrap(), b"old page");
    assert_eq!(names(&dir), ["report.html"], "the folders it created are removed too");
}

#[test]
fn a_failed_rename_puts_back_the_outputs_already_renamed() {
    let dir = scratch("rollback");
    let first = dir.join("a.md");
    let second = dir.join("b.csv");
    let third = dir.join("c.csv");
    std::fs::write(&first, b"old a").unwrap();
    let mut outputs = Outputs::new();
    let files = [outputs.file(&first).unwrap(), outputs.file(&third).unwrap(), outputs.file(&second).unwrap()];
    for (file, text) in files.into_iter().zip([&b"new a"[..], b"new c", b"new b"]) {
        outputs.write(file, text).unwrap();
    }
    // The last destination turns into a non-empty folder before the commit: its rename fails.
    std::fs::create_dir(&second).unwrap();
    std::fs::write(second.join("inside"), b"x").unwrap();
    let err = outputs.commit().expect_err("renaming onto a non-empty folder fails");
    assert!(format!("{err:#}").contains("b.csv"), "{err:#}");
    assert_eq!(std::fs::read(&first).unwrap(), b"old a", "the replaced output is put back");
    assert!(!third.exists(), "the new output is removed again");
    assert_eq!(names(&dir), ["a.md", "b.csv"], "no temporary or backup file is left");
}

#[test]
fn a_folder_below_a_file_is_refused_when_reserved() {
    let dir = scratch("below-file");
    std::fs::write(dir.join("afile"), b"").unwrap();
    let err = Outputs::new().folder(&dir.join("afile/sub")).expect_err("a file cannot hold a folder");
    let message = format!("{err:#}");
    assert!(message.contains("afile/sub") && message.contains("is a file"), "{message}");
    assert_eq!(names(&dir), ["afile"]);
}

#[test]
fn a_folder_given_as_the_output_file_is_refused() {
    let dir = scratch("dir-as-file");
    let err = Outputs::new().file(&dir).expect_err("a folder is not a file path");
    assert!(format!("{err:#}").contains("is a folder"), "{err:#}");
}

#[test]
fn one_file_given_for_two_outputs_is_refused() {
    let dir = scratch("twice");
    let mut outputs = Outputs::new();
    outputs.file(&dir.join("x.md")).unwrap();
    let err = outputs.file(&dir.join("x.md")).expect_err("the same file twice");
    assert!(format!("{err:#}").contains("two outputs"), "{err:#}");
}
