use events::{EventType, EventsError, Fatalities, ImportOptions, SourceFormat};

use crate::{BALOCH, IRAN, JAISH, PAKISTAN, csv_file, d, import, skip_group, write_temp};

const HEADER: &str = "id,relid,year,active_year,code_status,type_of_violence,conflict_dset_id,conflict_new_id,conflict_name,dyad_dset_id,dyad_new_id,dyad_name,side_a_dset_id,side_a_new_id,side_a,side_b_dset_id,side_b_new_id,side_b,number_of_sources,source_article,source_office,source_date,source_headline,source_original,where_prec,where_coordinates,where_description,adm_1,adm_2,latitude,longitude,geom_wkt,priogrid_gid,country,country_id,region,event_clarity,date_prec,date_start,date_end,deaths_a,deaths_b,deaths_civilians,deaths_unknown,best,high,low";

#[allow(clippy::too_many_arguments)]
fn row(id: &str, tov: &str, side_a: &str, side_b: &str, adm1: &str, adm2: &str, country: &str, date: &str, best: &str, high: &str, low: &str) -> String {
    format!(
        "{id},R{id},2024,TRUE,Clear,{tov},1,1,Iran: Government,1,1,dyad,1,1,{side_a},2,2,{side_b},2,\"Reuters, 2024-01-18\",,,,,1,Saravan,\"Saravan town, {adm1}\",{adm1},{adm2},27.3,62.3,POINT,1,{country},630,Middle East,1,1,{date},{date},0,0,0,0,{best},{high},{low}"
    )
}

fn file() -> String {
    let rows = [
        // line 2: Pakistani strike inside Iran (state-based; side_a a government)
        row("1", "1", "Government of Pakistan", "BLF", "Sistan and Baluchestan province", "Saravan county", "Iran", "2024-01-18", "9", "9", "7"),
        // line 3: Jaish al-Adl attack on the Iranian government
        row("2", "1", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "Rask county", "Iran", "2024-10-26 00:00:00.000", "10", "12", "10"),
        // line 4: type of violence out of range
        row("3", "4", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "", "Iran", "2024-10-27", "1", "1", "1"),
        // line 5: best outside [low, high]
        row("4", "1", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "", "Iran", "2024-10-28", "5", "3", "1"),
        // line 6: non-numeric high
        row("5", "1", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "", "Iran", "2024-10-29", "5", "n/a", "1"),
        // line 7: one-sided violence by IS in Afghanistan: out of scope
        row("6", "3", "IS", "Civilians", "Kabul province", "", "Afghanistan", "2024-01-03", "20", "25", "20"),
        // line 8: duplicate of line 3 with a lower count
        row("7", "1", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "Rask county", "Iran", "2024-10-26", "8", "13", "8"),
        // line 9: empty date
        row("8", "1", "Government of Iran", "Jaish al-Adl", "Sistan and Baluchestan province", "", "Iran", "", "1", "1", "1"),
    ];
    csv_file(HEADER, rows, "\r\n") // CRLF line ends, as Windows exports have
}

#[test]
fn imports_maps_and_reports() {
    let p = write_temp("ged.csv", &file());
    let r = import(SourceFormat::UcdpGed, &p, &ImportOptions::default()).unwrap();
    let rep = &r.report;
    assert_eq!((rep.rows_read, rep.imported, rep.duplicates_merged, rep.out_of_scope, rep.skipped), (8, 2, 1, 1, 4));
    assert!(rep.is_balanced());
    let g = skip_group(rep, "unknown code");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("type_of_violence", 4));
    let g = skip_group(rep, "inconsistent numbers");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("best", 5));
    let g = skip_group(rep, "bad number");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("high", 6));
    let g = skip_group(rep, "bad date");
    assert_eq!((g.column.as_str(), g.examples[0].row), ("date_start", 9));

    let strike = &r.events[0];
    assert_eq!(strike.date, d("2024-01-18"));
    assert_eq!(strike.event_type, EventType::CrossBorderStrike);
    assert_eq!((strike.actor, strike.target), (PAKISTAN, BALOCH));
    assert_eq!(strike.direction(), Some((1, 0)));
    assert_eq!(strike.fatalities, Some(Fatalities { best: 9, low: Some(7), high: Some(9) }));
    assert_eq!(strike.codes.ucdp_type_of_violence, Some(1));
    assert_eq!(strike.source, "Reuters, 2024-01-18");
    assert_eq!(strike.location.admin2, "Saravan county");

    let attack = &r.events[1];
    assert_eq!(attack.event_type, EventType::InsurgentAttack);
    assert_eq!((attack.actor, attack.target), (JAISH, IRAN));
    // Merged with line 8: element-wise maximum.
    assert_eq!(attack.fatalities, Some(Fatalities { best: 10, low: Some(10), high: Some(13) }));
    assert_eq!(attack.merged_count, 2);
}

#[test]
fn strict_mode() {
    let p = write_temp("ged-strict.csv", &file());
    let err = import(SourceFormat::UcdpGed, &p, &ImportOptions { strict: true, ..Default::default() }).unwrap_err();
    match err {
        EventsError::Row { row, ref column, .. } => assert_eq!((row, column.as_str()), (4, "type_of_violence")),
        ref other => panic!("{other:?}"),
    }
    assert!(err.to_string().contains("row 4: column type_of_violence"), "{err}");
}
