use events::{Actor, Country, EventType, attack_series, builtin_chronology, builtin_chronology_csv, builtin_names};

use crate::{IRAN, JAISH, PAKISTAN, chronology, d, dyad_of, ip};

#[test]
fn names_and_unknown() {
    assert_eq!(builtin_names(), vec!["iran-pakistan", "india-pakistan", "pakistan-afghanistan"]);
    // One chronology per built-in scenario, named after it.
    for name in builtin_names() {
        assert!(scenario::builtin_names().contains(&name), "{name}");
        assert!(builtin_chronology_csv(name).unwrap().starts_with("date,actor,target,event_type"));
    }
    assert!(builtin_chronology("nope", &ip()).is_none());
    // Read with another scenario's dyad, an actor is unknown: an error, not a panic.
    assert!(builtin_chronology("pakistan-afghanistan", &ip()).unwrap().is_err());
}

#[test]
fn every_row_is_cited_sorted_and_in_the_dyad() {
    for name in builtin_names() {
        let c = chronology(name);
        assert!(c.len() >= 100, "{name}: {}", c.len());
        assert!(c.windows(2).all(|w| w[0].date <= w[1].date), "{name}");
        assert!(c.first().unwrap().date >= d("2001-01-01") && c.last().unwrap().date <= d("2024-12-14"), "{name}");
        for e in &c {
            assert!(e.source.starts_with("http"), "{name}: uncited: {e:?}");
            assert!(!e.note.is_empty());
            assert_eq!(e.codes.dataset, events::Dataset::Chronology);
            assert!(e.actor.in_dyad() || e.target.in_dyad(), "{name}: {e:?}");
        }
    }
}

#[test]
fn iran_pakistan_holds_the_2024_crisis() {
    let c = chronology("iran-pakistan");
    let find = |t: EventType, date: &str| c.iter().find(|e| e.event_type == t && e.date == d(date)).unwrap_or_else(|| panic!("{t} {date}"));

    // The tit-for-tat strikes of January 2024, two days apart.
    let ir = find(EventType::CrossBorderStrike, "2024-01-16");
    assert_eq!(ir.direction(), Some((0, 1)));
    assert_eq!(ir.location.country, Some(Country::State(1)));
    assert_eq!((ir.location.admin2.as_str(), ir.deaths()), ("Panjgur", 2));
    let pk = find(EventType::CrossBorderStrike, "2024-01-18");
    assert_eq!(pk.direction(), Some((1, 0)));
    assert_eq!((pk.location.admin2.as_str(), pk.deaths()), ("Saravan", 9));

    // Recall, calls, restoration, then the Iranian foreign minister's visit and liaison officers.
    let recall = find(EventType::AmbassadorRecalled, "2024-01-17");
    assert_eq!((recall.actor, recall.target), (PAKISTAN, IRAN));
    assert!(c.iter().any(|e| e.event_type == EventType::Call && e.actor == IRAN && e.date == d("2024-01-17")));
    let restored = find(EventType::AmbassadorRestored, "2024-01-26");
    assert!(restored.date > recall.date);
    assert_eq!(find(EventType::Visit, "2024-01-29").actor, IRAN);
    assert!(find(EventType::SecurityCooperation, "2024-01-29").note.contains("liaison officers"));

    // April: Raisi's visit with agreements; Jaish al-Adl's attacks carry the group's id.
    assert_eq!(find(EventType::Visit, "2024-04-22").actor, IRAN);
    assert_eq!(find(EventType::Agreement, "2024-04-22").actor, IRAN);
    let rask = find(EventType::InsurgentAttack, "2023-12-15");
    assert_eq!((rask.actor, rask.target, rask.deaths()), (JAISH, IRAN, 11));
    assert_eq!(find(EventType::InsurgentAttack, "2024-10-26").deaths(), 10);
}

#[test]
fn attack_series_for_calibration() {
    let c = chronology("iran-pakistan");
    let s = attack_series(&c, d("2024-01-01"));
    let attacks_2024 = |side: usize| s.attacks[side].iter().filter(|p| (0..366).contains(&p.day)).count();
    // Iran: Chabahar/Rask (Apr), Taftan (Oct); the 27 Jan killing of Pakistanis also
    // happened in Iran. Pakistan: Musakhel (Aug), Quetta (Nov).
    assert_eq!(attacks_2024(0), 3);
    assert_eq!(attacks_2024(1), 2);
    let rask = s.attacks[0].iter().find(|p| p.day == -17).unwrap();
    assert_eq!(rask.fatalities, 11);
    let strikes = |side: usize| s.strikes_by[side].iter().filter(|p| p.day >= 0).map(|p| (p.day, p.fatalities)).collect::<Vec<_>>();
    assert_eq!(strikes(0), vec![(15, 2), (54, 0)]);
    assert_eq!(strikes(1), vec![(17, 9)]);
}

#[test]
fn the_other_dyads_use_their_own_ids() {
    let c = chronology("pakistan-afghanistan");
    let dyad = dyad_of("pakistan-afghanistan");
    assert_eq!(dyad.states[1].id, "afghanistan");
    assert!(c.iter().any(|e| e.event_type == EventType::CrossBorderStrike && e.direction() == Some((0, 1))));
    assert!(c.iter().any(|e| e.event_type == EventType::CrossBorderStrike && e.direction() == Some((1, 0))));
    let ttp = dyad.groups.iter().position(|g| g.id == "ttp").unwrap();
    assert!(c.iter().any(|e| e.actor == Actor::Group { group: ttp, side: 0 } && e.event_type == EventType::InsurgentAttack));
    let c = chronology("india-pakistan");
    assert!(c.iter().any(|e| e.event_type == EventType::CrossBorderStrike && e.direction() == Some((0, 1)) && e.date.ymd().0 == 2019));
}
