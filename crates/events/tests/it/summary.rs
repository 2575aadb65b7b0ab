use events::{
    Actor, Event, EventType, Fatalities, SummaryConfig, daily_counts, daily_counts_csv, render_csv, render_json, render_text,
    summarize, tension_index,
};

use crate::{IRAN, PAKISTAN, chronology, d, dyad_of, ip};

fn close(a: f64, b: f64) -> bool {
    (a - b).abs() < 1e-9
}

#[test]
fn tension_index_hand_computed() {
    // Strike on day 0 (w = +10), visit on day 2 (w = -1.9), half-life 2 days
    // => daily decay q = 2^(-1/2).
    let ev = vec![
        Event::new(d("2024-01-01"), IRAN, PAKISTAN, EventType::CrossBorderStrike),
        Event::new(d("2024-01-03"), PAKISTAN, IRAN, EventType::Visit),
    ];
    let t = tension_index(&ev, d("2024-01-01"), d("2024-01-04"), 2.0);
    let q = 0.5f64.sqrt();
    let expected = [10.0, 10.0 * q, 10.0 * 0.5 - 1.9, (10.0 * 0.5 - 1.9) * q];
    assert_eq!(t.len(), 4);
    for (i, (date, v)) in t.iter().enumerate() {
        assert_eq!(*date, d("2024-01-01").add_days(i as i32));
        assert!(close(*v, expected[i]), "day {i}: {v} vs {}", expected[i]);
    }
    assert!(close(t[2].1, 3.1));
    // Events before the window carry in, decayed.
    let t = tension_index(&ev, d("2024-01-03"), d("2024-01-03"), 2.0);
    assert!(close(t[0].1, 3.1));
    // Two half-lives halve twice.
    let t = tension_index(&ev[..1], d("2024-01-01"), d("2024-01-05"), 2.0);
    assert!(close(t[4].1, 2.5));
}

#[test]
fn summary_of_small_set() {
    let mut a = Event::new(d("2024-01-03"), Actor::Insurgents(0), IRAN, EventType::InsurgentAttack);
    a.location.country = Some(events::Country::State(0));
    a.fatalities = Some(Fatalities::exact(4));
    let mut s = Event::new(d("2024-01-16"), IRAN, Actor::Insurgents(0), EventType::CrossBorderStrike);
    s.location.country = Some(events::Country::State(1));
    s.fatalities = Some(Fatalities::exact(2));
    let v = Event::new(d("2024-02-01"), IRAN, PAKISTAN, EventType::Visit);
    let ev = vec![a, s, v];
    let sum = summarize(&ev, &SummaryConfig { half_life_days: 30.0, ..Default::default() }, &ip());
    assert_eq!((sum.from, sum.to, sum.events), (d("2024-01-03"), d("2024-02-01"), 3));
    assert_eq!(sum.monthly.len(), 3);
    assert_eq!(sum.monthly[0].month, "2024-01");
    assert_eq!(sum.sides[0].attack_fatalities, 4);
    assert_eq!(sum.sides[1].strikes_received, 1);
    assert_eq!(sum.sides[1].strike_fatalities, 2);
    assert_eq!(sum.tension.len(), 30);
    assert!(close(sum.tension[0].tension, 9.0));

    let json = render_json(&sum);
    let parsed: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(parsed["sides"][0]["attack_fatalities"], 4);
    assert_eq!(parsed["sides"][0]["state"], "iran");
    assert_eq!(parsed["monthly"][0]["event_type"], "insurgent_attack");
    assert_eq!(parsed["tension"][0]["date"], "2024-01-03");
    let csv = render_csv(&sum);
    assert!(csv.starts_with("table,period,category,value\n"));
    assert!(csv.contains("monthly_count,2024-01,cross_border_strike,1\n"));
    assert!(csv.contains("side_totals,2024-01-03/2024-02-01,pakistan.strike_fatalities,2\n"));
    assert!(csv.contains("tension,2024-01-03,tension,9\n"));
    let text = render_text(&sum);
    assert!(text.contains("insurgent_attack"));

    let days = daily_counts(&ev, d("2024-01-01"), d("2024-02-01"));
    assert_eq!(days.len(), 32);
    assert_eq!(days[2].sides[0].insurgent_attacks, 1);
    assert_eq!(days[2].sides[0].attack_fatalities, 4);
    assert_eq!(days[15].sides[0].strikes_launched, 1);
    assert_eq!(days[15].sides[1].strike_fatalities_suffered, 2);
    assert_eq!(days[31].cooperative, 1);
    let csv = daily_counts_csv(&days, &ip());
    assert_eq!(csv.lines().count(), 33);
    assert_eq!(
        csv.lines().next().unwrap(),
        "date,iran_insurgent_attacks,iran_attack_fatalities,iran_strikes_launched,iran_strike_fatalities_suffered,\
pakistan_insurgent_attacks,pakistan_attack_fatalities,pakistan_strikes_launched,pakistan_strike_fatalities_suffered,conflictual,cooperative"
    );
    assert!(csv.lines().nth(3).unwrap().starts_with("2024-01-03,1,4,0,0,"));
}

#[test]
fn chronology_tension_peaks_in_january_2024() {
    let c = chronology("iran-pakistan");
    let cfg = SummaryConfig { from: Some(d("2024-01-01")), to: Some(d("2024-12-14")), ..SummaryConfig::default() };
    let sum = summarize(&c, &cfg, &ip());
    let peak = sum.tension.iter().max_by(|a, b| a.tension.total_cmp(&b.tension)).unwrap();
    assert_eq!(peak.date, d("2024-01-18"));
    // Cooperation from late January pulls the index well below its peak.
    let apr = sum.tension.iter().find(|p| p.date == d("2024-04-30")).unwrap();
    assert!(apr.tension < peak.tension / 4.0, "{} vs {}", apr.tension, peak.tension);
    // Strikes in 2024 landed 2 dead in Pakistan (16 Jan; the 24 Feb strike has no toll), 9 in Iran.
    assert_eq!(sum.sides[1].strike_fatalities, 2);
    assert_eq!(sum.sides[1].strikes_received, 2);
    assert_eq!(sum.sides[0].strike_fatalities, 9);
}

#[test]
fn summary_columns_are_the_scenario_ids() {
    let dyad = dyad_of("pakistan-afghanistan");
    let c = chronology("pakistan-afghanistan");
    let sum = summarize(&c, &SummaryConfig::default(), &dyad);
    assert_eq!([sum.sides[0].state.as_str(), sum.sides[1].state.as_str()], ["pakistan", "afghanistan"]);
    assert!(sum.sides[0].insurgent_attacks > 0);
    let csv = render_csv(&sum);
    assert!(csv.contains(",afghanistan.strikes_received,") && csv.contains(",pakistan.insurgent_attacks,"));
    assert!(!csv.contains("iran"));
    let text = render_text(&sum);
    assert!(text.contains("\nafghanistan ") && text.contains("\npakistan "), "{text}");
    let days = daily_counts(&c, d("2024-01-01"), d("2024-12-14"));
    let header = daily_counts_csv(&days, &dyad).lines().next().unwrap().to_string();
    let columns: Vec<&str> = header.split(',').collect();
    assert_eq!(columns[1], "pakistan_insurgent_attacks");
    assert_eq!(columns[5], "afghanistan_insurgent_attacks");
    assert!(columns[1..9].iter().all(|c| c.starts_with("pakistan_") || c.starts_with("afghanistan_")));
}
