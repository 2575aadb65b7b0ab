use events::{
    Actor, Country, Dataset, Event, EventType, EventsError, Fatalities, Location, SourceCodes, builtin_chronology, read_native,
    write_native,
};

use crate::{d, temp_path, write_temp};

fn sample() -> Vec<Event> {
    let mut a = Event::new(d("2024-01-16"), Actor::Iran, Actor::InsurgentsIran, EventType::CrossBorderStrike);
    a.location = Location { country: Some(Country::Pakistan), admin1: "Balochistan".into(), admin2: "Panjgur".into() };
    a.fatalities = Some(Fatalities { best: 2, low: Some(1), high: Some(3) });
    a.source = "seed para 3".into();
    a.note = "quotes \"inside\", commas, and\na line break".into();
    a.codes = SourceCodes {
        dataset: Dataset::Gdelt,
        id: "1234".into(),
        cameo_code: "195".into(),
        goldstein: Some(-9.5),
        actor1_raw: "IRNMIL".into(),
        actor2_raw: "IRNREB".into(),
        ..SourceCodes::default()
    };
    a.merged_count = 3;
    let mut b = Event::new(d("2024-12-02"), Actor::Pakistan, Actor::Iran, EventType::Visit);
    b.location.country = Some(Country::Other("TUR".into()));
    b.codes.ucdp_type_of_violence = Some(2);
    b.codes.acled_event_type = "Strategic developments".into();
    b.codes.acled_sub_event_type = "Agreement".into();
    vec![a, b, Event::new(d("2024-05-19"), Actor::Iran, Actor::Other, EventType::LeaderChange)]
}

#[test]
fn round_trip_is_lossless() {
    let p = temp_path("round.csv");
    let ev = sample();
    write_native(&p, &ev).unwrap();
    assert_eq!(read_native(&p).unwrap(), ev);
    // No temp file of ours left behind (other tests write in the same folder concurrently).
    let dir = p.parent().unwrap();
    let prefix = format!(".{}.tmp", p.file_name().unwrap().to_string_lossy());
    let leftovers: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(&prefix))
        .collect();
    assert!(leftovers.is_empty());
    // The chronology round-trips too.
    let chrono = builtin_chronology("iran-pakistan-2024").unwrap();
    write_native(&p, &chrono).unwrap();
    assert_eq!(read_native(&p).unwrap(), chrono);
}

#[test]
fn header_starts_with_the_documented_columns() {
    let p = temp_path("hdr.csv");
    write_native(&p, &sample()).unwrap();
    let text = std::fs::read_to_string(&p).unwrap();
    assert!(text.starts_with("date,actor,target,event_type,country,admin1,admin2,fatalities_best,fatalities_low,fatalities_high,source,note,"));
    assert!(text.contains("2024-01-16,iran,insurgents_iran,cross_border_strike,PAK,Balochistan,Panjgur,2,1,3,seed para 3,"));
}

#[test]
fn reader_accepts_minimal_and_reordered_columns() {
    let p = write_temp("min.csv", "event_type,date,target,actor,extra\nvisit,2024-04-22,pakistan,iran,whatever\n");
    let ev = read_native(&p).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!((ev[0].event_type, ev[0].actor, ev[0].merged_count), (EventType::Visit, Actor::Iran, 1));
}

#[test]
fn native_errors_name_row_and_column() {
    let p = write_temp("bad.csv", "date,actor,target,event_type,fatalities_best\n2024-01-01,iran,pakistan,visit,\n2024-01-02,iran,pakistan,visitt,\n");
    match read_native(&p) {
        Err(EventsError::Row { row, column, reason, .. }) => {
            assert_eq!((row, column.as_str()), (3, "event_type"));
            assert!(reason.contains("visitt"));
        }
        other => panic!("{other:?}"),
    }
    let p = write_temp("bad2.csv", "date,actor,target,event_type,fatalities_best\n2024-01-01,iran,pakistan,visit,-1\n");
    assert!(matches!(read_native(&p), Err(EventsError::Row { row: 2, ref column, .. }) if column == "fatalities_best"));
    let p = write_temp("bad3.csv", "date,actor,event_type\n2024-01-01,iran,visit\n");
    assert!(matches!(read_native(&p), Err(EventsError::Header { ref column, .. }) if column == "target"));
    assert!(matches!(read_native(temp_path("missing.csv")), Err(EventsError::Io { .. })));
}
