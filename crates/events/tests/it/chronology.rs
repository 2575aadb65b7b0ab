use events::{Actor, Country, EventType, Side, attack_series, builtin_chronology, builtin_chronology_csv, builtin_names};

use crate::d;

fn chrono() -> Vec<events::Event> {
    builtin_chronology("iran-pakistan-2024").expect("embedded chronology parses")
}

#[test]
fn names_and_unknown() {
    assert_eq!(builtin_names(), vec!["iran-pakistan-2024"]);
    assert!(builtin_chronology("nope").is_none());
    assert!(builtin_chronology_csv("iran-pakistan-2024").unwrap().starts_with("date,actor,target,event_type"));
}

#[test]
fn every_row_is_cited_and_sorted() {
    let c = chrono();
    assert!(c.len() >= 20);
    assert!(c.windows(2).all(|w| w[0].date <= w[1].date));
    for e in &c {
        assert!(e.source.contains("seed para") || e.source.contains("ref:"), "uncited: {e:?}");
        assert!(!e.note.is_empty());
        assert_eq!(e.codes.dataset, events::Dataset::Chronology);
    }
    // Paragraph numbers point at real lines of the seed article (16 lines).
    for e in &c {
        for part in e.source.split(';') {
            if let Some(n) = part.trim().strip_prefix("seed para ") {
                let n: usize = n.parse().unwrap();
                assert!((1..=15).contains(&n), "{}", e.source);
            }
        }
    }
}

#[test]
fn matches_the_article() {
    let c = chrono();
    let find = |t: EventType, date: &str| c.iter().find(|e| e.event_type == t && e.date == d(date)).unwrap_or_else(|| panic!("{t} {date}"));

    // The tit-for-tat strikes, one day apart per the article (para 3).
    let ir = find(EventType::CrossBorderStrike, "2024-01-16");
    assert_eq!(ir.direction(), Some((Side::Iran, Side::Pakistan)));
    assert_eq!(ir.location.country, Some(Country::Pakistan));
    let pk = find(EventType::CrossBorderStrike, "2024-01-18");
    assert_eq!(pk.direction(), Some((Side::Pakistan, Side::Iran)));
    assert_eq!(pk.location.admin2, "Saravan");
    assert_eq!(c.iter().filter(|e| e.event_type == EventType::CrossBorderStrike).count(), 2);

    // Recall, outreach, restoration.
    let recall = find(EventType::AmbassadorRecalled, "2024-01-17");
    assert_eq!((recall.actor, recall.target), (Actor::Pakistan, Actor::Iran));
    assert!(c.iter().any(|e| e.event_type == EventType::Call && e.actor == Actor::Iran));
    let restored = c.iter().find(|e| e.event_type == EventType::AmbassadorRestored).unwrap();
    assert!(restored.date > recall.date && restored.date <= d("2024-01-31"));

    // April: Raisi's visit, liaison officers, $10bn target and 8 MoUs; May: Raisi's death.
    assert_eq!(find(EventType::Visit, "2024-04-22").actor, Actor::Iran);
    assert!(c.iter().any(|e| e.event_type == EventType::SecurityCooperation && e.note.contains("liaison officers")));
    assert!(find(EventType::TradeMeasure, "2024-04-22").note.contains("$10 billion"));
    assert!(find(EventType::Agreement, "2024-04-22").note.contains("Eight agreements"));
    assert_eq!(c.iter().find(|e| e.event_type == EventType::LeaderChange).unwrap().date.ymd().1, 5);
    assert_eq!(c.iter().find(|e| e.event_type == EventType::EnergyMeasure).unwrap().date.ymd().1, 2);

    // Autumn violence: 10 police in October, 5 Basij on 10 November (para 15).
    let oct = c.iter().find(|e| e.event_type == EventType::InsurgentAttack && e.date.ymd().1 == 10).unwrap();
    assert_eq!(oct.deaths(), 10);
    assert_eq!(oct.actor, Actor::InsurgentsIran);
    assert_eq!(find(EventType::InsurgentAttack, "2024-11-10").deaths(), 5);

    // Early-November FM visit, then the deputy defence minister, then Dar in Mashhad on 2 Dec.
    let nov: Vec<_> = c.iter().filter(|e| e.event_type == EventType::Visit && e.date.ymd().1 == 11).collect();
    assert_eq!(nov.len(), 2);
    assert!(nov[0].date.ymd().2 <= 10 && nov[0].note.contains("Araghchi"));
    assert!(nov[1].note.contains("deputy defence minister"));
    let dar = find(EventType::Visit, "2024-12-02");
    assert_eq!((dar.actor, dar.location.admin2.as_str()), (Actor::Pakistan, "Mashhad"));

    // The Dec 2023 Rask context row cites the reference document.
    let rask = find(EventType::InsurgentAttack, "2023-12-15");
    assert_eq!(rask.deaths(), 11);
    assert!(rask.source.contains("ref:model-mechanisms.md"));
}

#[test]
fn attack_series_for_calibration() {
    let c = chrono();
    let s = attack_series(&c, d("2024-01-01"));
    // Attacks in Iran: Rask (Dec), Jan 3, Jan 10, Jan 17, Apr 4, Apr 9, Oct 26, Nov 10.
    assert_eq!(s.iran.len(), 8);
    assert_eq!(s.iran[0].day, -17);
    assert_eq!(s.iran[0].fatalities, 11);
    assert!(!s.iran[1].fatalities_known, "Jan 3 toll not in the sources");
    assert!(s.pakistan.is_empty(), "the article reports no dated attack in Pakistan");
    assert_eq!(s.strikes_by_iran.len(), 1);
    assert_eq!((s.strikes_by_iran[0].day, s.strikes_by_iran[0].fatalities), (15, 2));
    assert_eq!((s.strikes_by_pakistan[0].day, s.strikes_by_pakistan[0].fatalities), (17, 9));
}
