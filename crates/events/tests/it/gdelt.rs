use events::{Actor, EventType, EventsError, ImportOptions, Scope, SourceFormat, import_reader};

use crate::{IRAN, PAKISTAN, d, import, write_temp};

/// A 61-column GDELT 2.0 row with the given (column, value) pairs.
pub fn gdelt_row(id: u64, sets: &[(usize, &str)]) -> String {
    let mut cols = vec![String::new(); 61];
    cols[0] = id.to_string();
    for &(i, v) in sets {
        cols[i] = v.to_string();
    }
    cols.join("\t")
}

fn strike(id: u64, date: &str) -> String {
    gdelt_row(
        id,
        &[
            (1, date),
            (5, "PAKMIL"),
            (7, "PAK"),
            (12, "MIL"),
            (15, "IRNREB"),
            (17, "IRN"),
            (22, "REB"),
            (26, "195"),
            (27, "195"),
            (28, "19"),
            (30, "-10.0"),
            (52, "Saravan, Sistan va Baluchestan, Iran"),
            (53, "IR"),
            (54, "IR04"),
            (55, "12345"),
            (60, "https://example.org/a"),
        ],
    )
}

fn file() -> String {
    let lines = [
        strike(1, "20240118"),                    // line 1
        strike(2, "20240118"),                    // line 2: re-emission -> duplicate
        gdelt_row(3, &[(1, "20240118"), (5, "USAGOV"), (7, "USA"), (15, "CHNGOV"), (17, "CHN"), (26, "042"), (28, "04"), (30, "1.9"), (53, "US")]), // line 3: out of scope
        gdelt_row(4, &[(1, "2024011"), (26, "042"), (28, "04"), (30, "1.9")]), // line 4: bad date
        gdelt_row(5, &[(1, "20240119"), (26, "04x"), (28, "04"), (30, "1.9")]), // line 5: bad code
        gdelt_row(6, &[(1, "20240119"), (26, "042"), (28, "05"), (30, "1.9")]), // line 6: root mismatch
        gdelt_row(7, &[(1, "20240119"), (26, "042"), (28, "04"), (30, "12.5")]), // line 7: Goldstein out of range
        "8\t20240119\ttoo short".to_string(),                                  // line 8: field count
        gdelt_row(9, &[(1, "20240122"), (5, "IRNGOV"), (7, "IRN"), (12, "GOV"), (15, "PAKGOV"), (17, "PAK"), (12, "GOV"), (26, "041"), (28, "04"), (30, "1.0"), (53, "IR")]), // line 9: call
        gdelt_row(10, &[(1, "20240117"), (5, "PAKGOV"), (7, "PAK"), (15, "IRNGOV"), (17, "IRN"), (26, "161"), (28, "16"), (30, "-4.0"), (53, "PK")]), // line 10: recall
        gdelt_row(11, &[(1, "20241026"), (5, "IRNREB"), (7, "IRN"), (12, "REB"), (15, "IRNCOP"), (17, "IRN"), (22, "COP"), (26, "1823"), (28, "18"), (30, "-10.0"), (52, "Taftan, Sistan and Baluchestan, Iran"), (53, "IR"), (54, "IR04")]), // line 11: insurgent attack
    ];
    lines.join("\n") + "\n"
}

#[test]
fn imports_maps_and_reports() {
    let p = write_temp("gdelt.export.CSV", &file());
    let r = import(SourceFormat::Gdelt, &p, &ImportOptions::default()).unwrap();
    let rep = &r.report;
    assert_eq!((rep.rows_read, rep.imported, rep.duplicates_merged, rep.out_of_scope, rep.skipped), (11, 4, 1, 1, 5));
    assert!(rep.is_balanced());
    let issues: Vec<(usize, &str)> = rep
        .skip_groups
        .iter()
        .flat_map(|g| g.examples.iter().map(|e| (e.row, e.column.as_str())))
        .collect();
    for expected in [(4, "SQLDATE"), (5, "EventCode"), (6, "EventRootCode"), (7, "GoldsteinScale"), (8, "-")] {
        assert!(issues.contains(&expected), "{expected:?} not in {issues:?}");
    }

    let by_type = |t: EventType| r.events.iter().find(|e| e.event_type == t).unwrap();
    let s = by_type(EventType::CrossBorderStrike);
    assert_eq!(s.date, d("2024-01-18"));
    assert_eq!((s.actor, s.target), (PAKISTAN, Actor::Insurgents(0)));
    assert_eq!(s.direction(), Some((1, 0)));
    assert_eq!(s.merged_count, 2);
    assert_eq!(s.codes.cameo_code, "195");
    assert_eq!(s.codes.goldstein, Some(-10.0));
    assert_eq!(s.codes.actor1_raw, "PAKMIL");
    assert_eq!(s.location.admin1, "IR04");
    assert_eq!(s.location.country, Some(events::Country::State(0)));
    assert_eq!(s.source, "https://example.org/a");

    let rec = by_type(EventType::AmbassadorRecalled);
    assert_eq!((rec.actor, rec.target), (PAKISTAN, IRAN));
    let call = by_type(EventType::Call);
    assert_eq!((call.actor, call.target), (IRAN, PAKISTAN));
    let atk = by_type(EventType::InsurgentAttack);
    assert_eq!((atk.actor, atk.target, atk.date), (Actor::Insurgents(0), IRAN, d("2024-10-26")));
    // Sorted by date.
    assert!(r.events.windows(2).all(|w| w[0].date <= w[1].date));
}

#[test]
fn strict_mode_and_scopes() {
    let text = file();
    let err = import_reader(SourceFormat::Gdelt, text.as_bytes(), "mem.tsv", &ImportOptions { strict: true, ..Default::default() }, &crate::ip())
        .unwrap_err();
    assert!(matches!(err, EventsError::Row { row: 4, ref column, .. } if column == "SQLDATE"), "{err:?}");

    let all = import_reader(SourceFormat::Gdelt, text.as_bytes(), "mem.tsv", &ImportOptions { scope: Scope::All, ..Default::default() }, &crate::ip()).unwrap();
    assert_eq!(all.report.out_of_scope, 0);
    assert_eq!(all.report.imported, 5);

    // Border provinces: the call and the recall are state to state, so they stay.
    let border =
        import_reader(SourceFormat::Gdelt, text.as_bytes(), "mem.tsv", &ImportOptions { scope: Scope::BorderProvinces, ..Default::default() }, &crate::ip()).unwrap();
    assert_eq!(border.report.imported, 4);
}

#[test]
fn skip_examples_are_capped_but_counted() {
    let mut s = String::new();
    for i in 0..10 {
        s.push_str(&gdelt_row(i, &[(1, "2024-01-01"), (26, "042"), (28, "04"), (30, "1.9")]));
        s.push('\n');
    }
    let r = import_reader(SourceFormat::Gdelt, s.as_bytes(), "mem", &ImportOptions::default(), &crate::ip()).unwrap();
    assert_eq!(r.report.skip_groups.len(), 1);
    assert_eq!(r.report.skip_groups[0].count, 10);
    assert_eq!(r.report.skip_groups[0].examples.len(), 3);
    assert_eq!(r.report.skip_groups[0].examples[2].row, 3);
}
