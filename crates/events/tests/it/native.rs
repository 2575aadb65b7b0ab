use events::{Actor, Country, Dataset, Event, EventType, EventsError, Fatalities, Location, SourceCodes, parse_native_str, to_native_string};

use crate::{IRAN, PAKISTAN, chronology, d, dyad_of, ip, read_native, write_temp};

fn sample() -> Vec<Event> {
    let mut a = Event::new(d("2024-01-16"), IRAN, Actor::Insurgents(0), EventType::CrossBorderStrike);
    a.location = Location { country: Some(Country::State(1)), admin1: "Balochistan".into(), admin2: "Panjgur".into() };
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
    let mut b = Event::new(d("2024-12-02"), PAKISTAN, IRAN, EventType::Visit);
    b.location.country = Some(Country::Other("TUR".into()));
    b.codes.ucdp_type_of_violence = Some(2);
    b.codes.acled_event_type = "Strategic developments".into();
    b.codes.acled_sub_event_type = "Agreement".into();
    vec![a, b, Event::new(d("2024-05-19"), IRAN, Actor::Other, EventType::LeaderChange)]
}

#[test]
fn round_trip_is_lossless() {
    let dyad = ip();
    let ev = sample();
    let text = to_native_string(&ev, &dyad);
    assert_eq!(parse_native_str(&text, "round.csv", &dyad).unwrap(), ev);
    // The chronologies round-trip too, each with its own scenario's dyad.
    for name in events::builtin_names() {
        let dyad = dyad_of(name);
        let chrono = chronology(name);
        assert_eq!(parse_native_str(&to_native_string(&chrono, &dyad), name, &dyad).unwrap(), chrono, "{name}");
    }
}

#[test]
fn header_starts_with_the_documented_columns() {
    let text = to_native_string(&sample(), &ip());
    assert!(text.starts_with("date,actor,target,event_type,country,admin1,admin2,fatalities_best,fatalities_low,fatalities_high,source,note,"));
    assert!(text.contains("2024-01-16,iran,insurgents_iran,cross_border_strike,PAK,Balochistan,Panjgur,2,1,3,seed para 3,"));
}

#[test]
fn actors_are_the_scenario_ids() {
    let dyad = ip();
    let text = "date,actor,target,event_type,country\n\
                2024-01-01,jaish_al_adl,iran,insurgent_attack,IRN\n\
                2024-01-02,baloch_separatists,insurgents_pakistan,other,PAK\n\
                2024-01-03,third_party,other,visit,CHN\n";
    let ev = parse_native_str(text, "ids.csv", &dyad).unwrap();
    assert_eq!(ev[0].actor, Actor::Group { group: 0, side: 0 });
    assert_eq!((ev[0].target, ev[0].location.country.clone()), (IRAN, Some(Country::State(0))));
    assert_eq!((ev[1].actor, ev[1].target), (Actor::Group { group: 1, side: 1 }, Actor::Insurgents(1)));
    assert_eq!((ev[2].actor, ev[2].target), (Actor::ThirdParty, Actor::Other));
    // A third country is kept as written and belongs to no side.
    assert_eq!(ev[2].location.country, Some(Country::Other("CHN".into())));
    assert_eq!(ev[2].side(), None);
    assert_eq!(to_native_string(&ev, &dyad).lines().nth(1).unwrap(), "2024-01-01,jaish_al_adl,iran,insurgent_attack,IRN,,,,,,,,native,,,,,,,,,1");
}

#[test]
fn unknown_actor_lists_the_allowed_values() {
    // `afghanistan` is a state of another scenario, not of iran-pakistan.
    let text = "date,actor,target,event_type\n2024-01-01,iran,pakistan,visit\n2024-01-02,afghanistan,pakistan,visit\n";
    match parse_native_str(text, "other.csv", &ip()) {
        Err(e @ EventsError::Row { .. }) => {
            let msg = e.to_string();
            assert!(msg.starts_with("other.csv: row 3: column actor: unknown actor \"afghanistan\""), "{msg}");
            assert!(
                msg.ends_with(
                    "allowed: iran, pakistan, jaish_al_adl, baloch_separatists, insurgents_iran, insurgents_pakistan, third_party, other"
                ),
                "{msg}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The same file reads with the pakistan-afghanistan scenario, where `iran` is unknown.
    let err = parse_native_str(text, "other.csv", &dyad_of("pakistan-afghanistan")).unwrap_err().to_string();
    assert!(err.contains("row 2: column actor: unknown actor \"iran\"") && err.contains("afghanistan, ttp"), "{err}");
}

#[test]
fn reader_accepts_minimal_and_reordered_columns() {
    let p = write_temp("min.csv", "event_type,date,target,actor,extra\nvisit,2024-04-22,pakistan,iran,whatever\n");
    let ev = read_native(&p).unwrap();
    assert_eq!(ev.len(), 1);
    assert_eq!(ev[0].target, PAKISTAN);
    assert_eq!((ev[0].event_type, ev[0].actor, ev[0].merged_count), (EventType::Visit, IRAN, 1));
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
}

#[test]
fn fatalities_out_of_order_are_rejected_with_row_and_column() {
    // Issue 12.4: low above best, or best above high, as the UCDP importer rejects them.
    let header = "date,actor,target,event_type,fatalities_best,fatalities_low,fatalities_high\n";
    let ok = "2024-01-01,iran,pakistan,visit,2,1,3\n";
    for (row, column, wanted) in [
        ("2024-01-02,jaish_al_adl,iran,insurgent_attack,5,7,9\n", "fatalities_low", "fatalities_low 7 is above fatalities_best 5"),
        ("2024-01-02,jaish_al_adl,iran,insurgent_attack,5,,4\n", "fatalities_high", "fatalities_high 4 is below fatalities_best 5"),
        ("2024-01-02,jaish_al_adl,iran,insurgent_attack,5,6,4\n", "fatalities_low", "expected low ≤ best ≤ high"),
    ] {
        let p = write_temp("order.csv", &format!("{header}{ok}{row}"));
        match read_native(&p) {
            Err(e @ EventsError::Row { .. }) => {
                let EventsError::Row { row: line, column: ref got, ref reason, .. } = e else { unreachable!() };
                assert_eq!((line, got.as_str()), (3, column), "{e}");
                assert!(reason.contains(wanted), "{e}");
                assert!(e.to_string().contains("order.csv"), "{e}");
            }
            other => panic!("{other:?}"),
        }
    }
    // Equal values are consistent.
    let p = write_temp("equal.csv", &format!("{header}2024-01-02,iran,pakistan,visit,4,4,4\n"));
    assert_eq!(read_native(&p).unwrap()[0].fatalities, Some(Fatalities { best: 4, low: Some(4), high: Some(4) }));
}
