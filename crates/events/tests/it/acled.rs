use events::{EventType, EventsError, ImportOptions, Scope, SourceFormat};

use crate::{BALOCH, IRAN, JAISH, PAKISTAN, csv_file, d, import, skip_group, write_temp};

// Columns in a realistic order with extra columns the importer must ignore.
const HEADER: &str = "event_id_cnty,event_date,year,time_precision,disorder_type,event_type,sub_event_type,actor1,assoc_actor_1,inter1,actor2,assoc_actor_2,inter2,interaction,civilian_targeting,iso,region,country,admin1,admin2,admin3,location,latitude,longitude,geo_precision,source,source_scale,notes,fatalities,tags,timestamp";

#[allow(clippy::too_many_arguments)]
fn row(id: &str, date: &str, et: &str, sub: &str, a1: &str, a2: &str, country: &str, adm1: &str, adm2: &str, notes: &str, fat: &str) -> String {
    format!(
        "{id},{date},2024,1,Political violence,{et},{sub},{a1},,2,{a2},,1,12,,586,Southern Asia,{country},{adm1},{adm2},,X,26.9,64.1,1,Dawn,National,{notes},{fat},,1700000000"
    )
}

fn file() -> String {
    let rows = [
        // line 2: BLA attack in Balochistan (quoted note with comma and quotes)
        row("PAK1", "2024-01-05", "Battles", "Armed clash", "BLA: Balochistan Liberation Army", "Military Forces of Pakistan (2018-)", "Pakistan", "Balochistan", "Kech", "\"Clash near Turbat, \"\"heavy\"\" fire\"", "3"),
        // line 3: same battle, actors in the other order, higher count -> merged duplicate
        row("PAK2", "5 January 2024", "Battles", "Armed clash", "Military Forces of Pakistan (2018-)", "BLA: Balochistan Liberation Army", "Pakistan", "Balochistan", "Kech", "second report", "5"),
        // line 4: Iranian strike on Pakistani soil
        row("PAK3", "2024-01-16", "Explosions/Remote violence", "Air/drone strike", "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", "Jaish al-Adl", "Pakistan", "Balochistan", "Panjgur", "strike", "2"),
        // line 5: bad date
        row("PAK4", "2024-02-30", "Battles", "Armed clash", "BLA: Balochistan Liberation Army", "Military Forces of Pakistan (2018-)", "Pakistan", "Balochistan", "Kech", "x", "1"),
        // line 6: bad fatalities
        row("PAK5", "2024-01-20", "Battles", "Armed clash", "BLA: Balochistan Liberation Army", "Military Forces of Pakistan (2018-)", "Pakistan", "Balochistan", "Kech", "x", "many"),
        // line 7: protest in Karachi: out of the dyad's scope
        row("PAK6", "2024-01-21", "Protests", "Peaceful protest", "Protesters (Pakistan)", "", "Pakistan", "Sindh", "Karachi", "x", "0"),
        // line 8: unknown event type
        row("PAK7", "2024-01-22", "Skirmish", "Armed clash", "BLA: Balochistan Liberation Army", "", "Pakistan", "Balochistan", "Kech", "x", "0"),
        // line 9: Jaish al-Adl attack in Iran
        row("IRN1", "2024-01-10", "Violence against civilians", "Attack", "Jaish al-Adl", "Police Forces of Iran (1989-)", "Iran", "Sistan and Baluchestan", "Rask", "x", "1"),
        // line 10: too few fields
        "PAK8,2024-01-23,2024".to_string(),
    ];
    csv_file(HEADER, rows, "\n")
}

#[test]
fn imports_maps_and_reports() {
    let p = write_temp("acled.csv", &file());
    let r = import(SourceFormat::Acled, &p, &ImportOptions::default()).unwrap();
    let rep = &r.report;
    assert_eq!(rep.rows_read, 9);
    assert_eq!(rep.imported, 3);
    assert_eq!(rep.duplicates_merged, 1);
    assert_eq!(rep.out_of_scope, 1);
    assert_eq!(rep.skipped, 4);
    assert!(rep.is_balanced());

    // Skips grouped by reason, with row numbers and columns.
    let g = skip_group(rep, "bad date");
    assert_eq!((g.count, g.column.as_str(), g.examples[0].row), (1, "event_date", 5));
    let g = skip_group(rep, "bad number");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("fatalities", 6));
    assert!(g.examples[0].reason.contains("many"));
    let g = skip_group(rep, "unknown code");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("event_type", 8));
    let g = skip_group(rep, "wrong field count");
    assert_eq!(g.examples[0].row, 10);
    assert!(rep.render().contains("row 5: column event_date"));

    // Sorted by date.
    let e = &r.events;
    assert_eq!(e[0].date, d("2024-01-05"));
    assert_eq!((e[0].actor, e[0].target, e[0].event_type), (BALOCH, PAKISTAN, EventType::InsurgentAttack));
    assert_eq!(e[0].deaths(), 5, "duplicates keep the maximum");
    assert_eq!(e[0].merged_count, 2);
    assert_eq!(e[0].note, "Clash near Turbat, \"heavy\" fire");
    assert_eq!(e[0].codes.id, "PAK1");
    assert_eq!(e[0].codes.acled_event_type, "Battles");
    assert_eq!(e[0].codes.acled_sub_event_type, "Armed clash");
    assert_eq!(e[0].location.admin2, "Kech");

    assert_eq!(e[1].event_type, EventType::InsurgentAttack);
    assert_eq!(e[1].actor, JAISH);
    assert_eq!(e[1].side(), Some(0));

    assert_eq!(e[2].event_type, EventType::CrossBorderStrike);
    assert_eq!(e[2].actor, IRAN);
    assert_eq!(e[2].direction(), Some((0, 1)));
    assert_eq!(e[2].codes.actor1_raw, "Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps");
}

#[test]
fn strict_mode_stops_at_first_bad_row() {
    let p = write_temp("acled-strict.csv", &file());
    let opts = ImportOptions { strict: true, ..ImportOptions::default() };
    match import(SourceFormat::Acled, &p, &opts) {
        Err(EventsError::Row { row, column, reason, .. }) => {
            assert_eq!(row, 5);
            assert_eq!(column, "event_date");
            assert!(reason.contains("2024-02-30"), "{reason}");
        }
        other => panic!("expected a row error, got {other:?}"),
    }
}

#[test]
fn scope_all_keeps_protests_and_window_filters() {
    let p = write_temp("acled-all.csv", &file());
    let r = import(SourceFormat::Acled, &p, &ImportOptions { scope: Scope::All, ..Default::default() }).unwrap();
    assert_eq!(r.report.out_of_scope, 0);
    assert_eq!(r.report.imported, 4);
    let r = import(
        SourceFormat::Acled,
        &p,
        &ImportOptions { from: Some(d("2024-01-06")), to: Some(d("2024-01-12")), ..Default::default() },
    )
    .unwrap();
    assert_eq!(r.report.imported, 1);
    assert_eq!(r.report.out_of_scope, 4);
    assert!(r.report.is_balanced());
}

#[test]
fn missing_required_column_is_a_header_error() {
    let p = write_temp("acled-bad-header.csv", "event_id_cnty,event_date,actor1,country\nX,2024-01-01,A,Iran\n");
    match import(SourceFormat::Acled, &p, &ImportOptions::default()) {
        Err(EventsError::Header { column, .. }) => assert_eq!(column, "event_type"),
        other => panic!("expected header error, got {other:?}"),
    }
}

#[test]
fn unterminated_quote_is_reported() {
    let mut s = file();
    s.push_str(&row("PAK9", "2024-01-24", "Battles", "Armed clash", "BLA: Balochistan Liberation Army", "", "Pakistan", "Balochistan", "Kech", "\"never closed", "1"));
    s.push('\n');
    let p = write_temp("acled-quote.csv", &s);
    let r = import(SourceFormat::Acled, &p, &ImportOptions::default()).unwrap();
    let g = skip_group(&r.report, "bad quoting");
    assert_eq!(g.examples[0].row, 11);
    assert_eq!(g.column, "notes");
    assert!(r.report.is_balanced());
}
