//! `faultline events import` from ACLED, UCDP GED and GDELT files: the rows kept, the
//! "missing value" and "bad encoding" errors (reported and skipped, or fatal with
//! `--strict`), and `--scope border`.

use std::path::{Path, PathBuf};

use crate::support::{faultline, scratch, stderr, stdout};

fn s(p: &Path) -> &str {
    p.to_str().unwrap()
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

/// Data rows of a native events file as `(date, actor, target, event_type)`.
fn native_rows(path: &Path) -> Vec<(String, String, String, String)> {
    let text = std::fs::read_to_string(path).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap_or_else(|| panic!("{name} in {header:?}"));
    let (d, a, t, e) = (col("date"), col("actor"), col("target"), col("event_type"));
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (f[d].to_string(), f[a].to_string(), f[t].to_string(), f[e].to_string())
        })
        .collect()
}

const ACLED_HEADER: &str = "event_id_cnty,event_date,year,event_type,sub_event_type,actor1,actor2,country,admin1,admin2,fatalities,notes\n";

/// Line 2 kept; line 3 lacks its event type; line 4 has a byte that is not UTF-8 in
/// `actor1`; line 5 is an insurgent clash in Sindh, outside the border provinces.
fn acled_bytes() -> Vec<u8> {
    let mut b = ACLED_HEADER.as_bytes().to_vec();
    b.extend_from_slice(b"PAK1,2024-03-01,2024,Battles,Armed clash,Balochistan Liberation Army,Military Forces of Pakistan,Pakistan,Balochistan,Kech,3,x\n");
    b.extend_from_slice(b"PAK2,2024-03-02,2024,,Armed clash,Balochistan Liberation Army,Military Forces of Pakistan,Pakistan,Balochistan,Kech,1,no type\n");
    b.extend_from_slice(b"PAK3,2024-03-03,2024,Battles,Armed clash,Balochistan Liberation Arm\xff,Military Forces of Pakistan,Pakistan,Balochistan,Kech,1,latin-1\n");
    b.extend_from_slice(b"PAK4,2024-03-04,2024,Battles,Armed clash,Balochistan Liberation Army,Military Forces of Pakistan,Pakistan,Sindh,Karachi,2,x\n");
    b
}

#[test]
fn acled_missing_value_and_bad_encoding_are_reported_or_fatal() {
    let dir = scratch("import-acled-errors");
    let acled = write(&dir, "acled.csv", &acled_bytes());
    let out = dir.join("out.csv");
    let o = faultline(&["events", "import", "--format", "acled", s(&acled), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("4 rows read, 2 imported, 0 merged as duplicates, 0 out of scope, 2 skipped"), "{report}");
    assert!(report.contains("skipped 1 rows: missing value (column event_type)"), "{report}");
    assert!(report.contains("row 3: column event_type: missing value: event_type is empty"), "{report}");
    assert!(report.contains("skipped 1 rows: bad encoding (column actor1)"), "{report}");
    assert!(report.contains("row 4: column actor1: bad encoding: invalid UTF-8"), "{report}");
    let rows = native_rows(&out);
    assert_eq!(rows.iter().map(|r| r.0.as_str()).collect::<Vec<_>>(), ["2024-03-01", "2024-03-04"], "{rows:?}");

    // --strict: the first of them is fatal, exit 2, nothing written.
    let strict = dir.join("strict.csv");
    let o = faultline(&["events", "import", "--format", "acled", s(&acled), "--out", s(&strict), "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("acled.csv: row 3: column event_type: missing value: event_type is empty"), "{}", stderr(&o));
    assert!(!strict.exists());
    let mut bytes = acled_bytes();
    let cut = bytes.windows(5).position(|w| w == b"PAK2,").unwrap();
    let end = cut + bytes[cut..].iter().position(|&c| c == b'\n').unwrap() + 1;
    bytes.drain(cut..end);
    let bad_bytes = write(&dir, "latin1.csv", &bytes);
    let o = faultline(&["events", "import", "--format", "acled", s(&bad_bytes), "--out", s(&strict), "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("latin1.csv: row 3: column actor1: bad encoding: invalid UTF-8"), "{}", stderr(&o));
    assert!(!strict.exists());
}

#[test]
fn scope_border_drops_insurgent_events_outside_the_groups_provinces() {
    let dir = scratch("import-scope");
    let acled = write(&dir, "acled.csv", &acled_bytes());
    let dyad_out = dir.join("dyad.csv");
    let border_out = dir.join("border.csv");
    let o = faultline(&["events", "import", "--format", "acled", s(&acled), "--out", s(&dyad_out), "--scope", "dyad"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = faultline(&["events", "import", "--format", "acled", s(&acled), "--out", s(&border_out), "--scope", "border"]);
    assert!(o.status.success(), "{}", stderr(&o));
    // The Sindh clash is the Pakistani insurgents' (so in the dyad) but Sindh is not
    // among the provinces the scenario lists for them (Balochistan).
    assert!(stdout(&o).contains("4 rows read, 1 imported, 0 merged as duplicates, 1 out of scope, 2 skipped"), "{}", stdout(&o));
    assert_eq!(native_rows(&dyad_out).len(), 2);
    let border = native_rows(&border_out);
    assert_eq!(border.len(), 1, "{border:?}");
    assert_eq!(border[0].0, "2024-03-01");
    // A state-to-state event stays whatever its province.
    let strike = write(
        &dir,
        "strike.csv",
        format!("{ACLED_HEADER}PAK9,2024-01-16,2024,Explosions/Remote violence,Air/drone strike,Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps,Military Forces of Pakistan,Pakistan,Sindh,Karachi,2,x\n").as_bytes(),
    );
    let o = faultline(&["events", "import", "--format", "acled", s(&strike), "--out", s(&border_out), "--scope", "border"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(native_rows(&border_out).len(), 1, "{}", stdout(&o));
}

const UCDP_HEADER: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low";

fn ucdp_row(id: &str, tov: &str, side_a: &str, side_b: &str, date: &str, best: &str) -> String {
    format!(
        "{id},R{id},2024,TRUE,Clear,{tov},1,1,Iran: Government,1,1,dyad,1,1,{side_a},2,2,{side_b},2,\"Reuters, {date}\",,,,,1,Saravan,Saravan,Sistan and Baluchestan province,Saravan county,27.3,62.3,POINT,1,Iran,630,Middle East,1,1,{date},{date},0,0,0,0,{best},{best},{best}\n"
    )
}

#[test]
fn ucdp_import_from_the_command_line() {
    let dir = scratch("import-ucdp");
    let mut b = format!("{UCDP_HEADER}\n").into_bytes();
    // line 2: Pakistan's strike inside Iran; line 3: Jaish al-Adl attack on Iran.
    b.extend(ucdp_row("1", "1", "Government of Pakistan", "BLF", "2024-01-18", "9").bytes());
    b.extend(ucdp_row("2", "1", "Government of Iran", "Jaish al-Adl", "2024-10-26", "10").bytes());
    // line 4: no type of violence; line 5: a byte that is not UTF-8 in side_b.
    b.extend(ucdp_row("3", "", "Government of Iran", "Jaish al-Adl", "2024-10-27", "1").bytes());
    b.extend(ucdp_row("4", "1", "Government of Iran", "Jaish al-Ad\u{1}", "2024-10-28", "1").bytes().map(|c| if c == 1 { 0xe9 } else { c }));
    let ged = write(&dir, "ged.csv", &b);
    let out = dir.join("out.csv");
    let o = faultline(&["events", "import", "--format", "ucdp", s(&ged), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("4 rows read, 2 imported"), "{report}");
    assert!(report.contains("row 4: column type_of_violence: missing value"), "{report}");
    assert!(report.contains("row 5: column side_b: bad encoding"), "{report}");
    assert!(report.contains("wrote 2 events"), "{report}");
    let rows = native_rows(&out);
    assert_eq!(rows[0], ("2024-01-18".into(), "pakistan".into(), "baloch_separatists".into(), "cross_border_strike".into()), "{rows:?}");
    assert_eq!((rows[1].0.as_str(), rows[1].1.as_str(), rows[1].3.as_str()), ("2024-10-26", "jaish_al_adl", "insurgent_attack"), "{rows:?}");
    let o = faultline(&["events", "import", "--format", "ucdp", s(&ged), "--out", s(&out), "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("ged.csv: row 4: column type_of_violence: missing value"), "{}", stderr(&o));
}

/// A 61-column GDELT 2.0 row with the given (column, value) pairs.
fn gdelt_row(id: u64, sets: &[(usize, &str)]) -> Vec<u8> {
    let mut cols = vec![String::new(); 61];
    cols[0] = id.to_string();
    for &(i, v) in sets {
        cols[i] = v.to_string();
    }
    (cols.join("\t") + "\n").into_bytes()
}

#[test]
fn gdelt_import_from_the_command_line() {
    let dir = scratch("import-gdelt");
    let strike = |id: u64, date: &str, place: &str| {
        gdelt_row(
            id,
            &[
                (1, date), (5, "PAKMIL"), (7, "PAK"), (12, "MIL"), (15, "IRNREB"), (17, "IRN"), (22, "REB"),
                (26, "195"), (27, "195"), (28, "19"), (30, "-10.0"), (52, place), (53, "IR"), (54, "IR04"),
                (55, "12345"), (60, "https://example.org/a"),
            ],
        )
    };
    let mut b = strike(1, "20240118", "Saravan, Sistan va Baluchestan, Iran");
    // line 2: Iran's government recalls its envoy from Pakistan; line 3: the place
    // name has a byte that is not UTF-8.
    b.extend(gdelt_row(2, &[(1, "20240117"), (5, "PAKGOV"), (7, "PAK"), (15, "IRNGOV"), (17, "IRN"), (26, "161"), (28, "16"), (30, "-4.0"), (53, "PK")]));
    b.extend(strike(3, "20240120", "Saravan\u{1}, Iran").into_iter().map(|c| if c == 1 { 0xff } else { c }));
    let export = write(&dir, "20240118.export.CSV", &b);
    let out = dir.join("out.csv");
    let o = faultline(&["events", "import", "--format", "gdelt", s(&export), "--out", s(&out)]);
    assert_eq!(o.status.code(), Some(0), "{}", stderr(&o));
    let report = stdout(&o);
    assert!(report.contains("3 rows read, 2 imported"), "{report}");
    assert!(report.contains("row 3: column ActionGeo_FullName: bad encoding: invalid UTF-8"), "{report}");
    let rows = native_rows(&out);
    let kinds: Vec<(&str, &str)> = rows.iter().map(|r| (r.0.as_str(), r.3.as_str())).collect();
    assert_eq!(kinds, [("2024-01-17", "ambassador_recalled"), ("2024-01-18", "cross_border_strike")], "{rows:?}");
    let o = faultline(&["events", "import", "--format", "gdelt", s(&export), "--out", s(&out), "--strict"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("row 3: column ActionGeo_FullName: bad encoding"), "{}", stderr(&o));
}
