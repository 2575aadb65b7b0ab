//! Sentence-level behaviour of the coder: who acts, which day, which toll. Each case is
//! a phrasing that a rule was written for; the sentences are made up for the test.

use extract::{Dictionary, extract, read_article};

/// Codes `text` (one article published on `date`) with a built-in scenario and
/// returns "date,actor,target,type,country,admin1,admin2,deaths" per event.
fn code(scenario: &str, date: &str, text: &str) -> Vec<String> {
    let sc = scenario::builtin(scenario).expect("built-in scenario");
    let dict = Dictionary::new(&sc, &[]).expect("built-in dictionaries");
    let body = format!("DATE: {date}\n\n{text}\n");
    let article = read_article("t.txt", body.as_bytes(), None).expect("article");
    extract(&dict, &article)
        .iter()
        .map(|e| {
            format!(
                "{},{},{},{},{},{},{},{}",
                e.date.map(|d| d.to_string()).unwrap_or_default(),
                e.actor,
                e.target,
                e.event_type.as_str(),
                e.country,
                e.admin1,
                e.admin2,
                e.fatalities.map(|f| f.best.to_string()).unwrap_or_default()
            )
        })
        .collect()
}

#[test]
fn the_summoner_acts_and_the_envoys_state_is_the_target() {
    let got = code("iran-pakistan", "2017-04-29", "Iran summoned Pakistan's ambassador on Friday.");
    assert_eq!(got, ["2017-04-28,iran,pakistan,envoy_summoned,,,,"]);
}

#[test]
fn a_demand_made_of_a_state_blames_that_state() {
    let got = code("iran-pakistan", "2018-10-17", "\"We expect Pakistan to confront these terrorist groups,\" the IRGC said.");
    assert_eq!(got, ["2018-10-17,iran,pakistan,accusation,,,,"]);
    let got = code("iran-pakistan", "2023-01-18", "\"Iranian side has been asked to hunt down the terrorists on their side,\" the military said.");
    assert_eq!(got, ["2023-01-18,pakistan,iran,accusation,,,,"]);
}

#[test]
fn a_mutual_exchange_of_fire_has_its_ids_in_alphabetical_order() {
    let got = code("india-pakistan", "2019-02-28", "On Wednesday India and Pakistan exchanged fire along their disputed border in Kashmir.");
    assert_eq!(got, ["2019-02-27,india,pakistan,cross_border_strike,IND,Jammu and Kashmir,,"]);
}

#[test]
fn a_state_that_qualifies_a_place_or_group_does_not_act() {
    let got = code(
        "india-pakistan",
        "2019-02-28",
        "A suicide car bombing by Pakistan-based militants in Indian-controlled Kashmir killed at least 40 police on February 14.",
    );
    assert_eq!(got, ["2019-02-14,kashmir_militants,india,insurgent_attack,IND,Jammu and Kashmir,,40"]);
}

#[test]
fn tolls_skip_parts_spans_and_the_wounded() {
    // The whole, not the parts listed after "including".
    let got = code(
        "pakistan-afghanistan",
        "2011-08-28",
        "The army said on Saturday that 25 members of the security forces, including 16 frontier scouts, four policemen and five levies, were killed when terrorists attacked seven posts in Chitral.",
    );
    assert_eq!(got, ["2011-08-28,insurgents_pakistan,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,Chitral,25"]);
    // "an official was killed and three others were injured": one dead.
    let got = code(
        "pakistan-afghanistan",
        "2024-09-09",
        "On Sunday an FC official was killed and three others were injured in an attack in Kurram.",
    );
    assert_eq!(got, ["2024-09-08,insurgents_pakistan,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,Kurram,1"]);
}

#[test]
fn victims_named_by_nationality_are_the_state_attacked() {
    let got = code("iran-pakistan", "2024-01-28", "On Saturday unidentified gunmen killed nine Pakistanis in Saravan.");
    assert_eq!(got, ["2024-01-27,insurgents_pakistan,pakistan,insurgent_attack,IRN,Sistan and Baluchestan,Saravan,9"]);
}

#[test]
fn a_time_belongs_to_the_nearer_event_and_statements_do_not_date_events() {
    // The attack's day does not date the call (whose caller is not named, so the ids are in order).
    let got = code(
        "iran-pakistan",
        "2023-12-19",
        "On Monday the foreign minister telephoned his Iranian counterpart and condemned a terrorist attack in Rask on December 15.",
    );
    assert!(got.contains(&"2023-12-18,iran,pakistan,call,,,,".to_string()), "{got:?}");
    // One episode told twice, on the night and on the next day's briefing, is one event on the night.
    let got = code(
        "iran-pakistan",
        "2013-10-26",
        "At least 14 Iranian border guards were killed on Friday night in an attack by militants in Saravan.\n\
         Speaking to reporters on Saturday, an official said the attack in Saravan had left 14 guards dead.",
    );
    assert_eq!(got, ["2013-10-25,insurgents_iran,iran,insurgent_attack,IRN,Sistan and Baluchestan,Saravan,14"]);
}

#[test]
fn towns_map_to_their_district() {
    let got = code("pakistan-afghanistan", "2016-06-14", "On Sunday Afghan and Pakistani forces fought each other near Torkham, leaving three dead.");
    assert_eq!(got, ["2016-06-12,afghanistan,pakistan,cross_border_strike,PAK,Khyber Pakhtunkhwa,Khyber,3"]);
}

#[test]
fn a_third_party_acting_is_no_event_of_the_dyad() {
    assert!(code("iran-pakistan", "2024-01-28", "Washington accused Pakistan of sheltering militants on Monday.").is_empty());
    // A built-in state that the scenario lacks is a third party too.
    assert!(code("india-pakistan", "2024-01-28", "Afghanistan accused Pakistan of sheltering militants on Monday.").is_empty());
    assert_eq!(code("india-pakistan", "2024-01-28", "India accused Pakistan of sheltering militants on Monday."), ["2024-01-22,india,pakistan,accusation,,,,"]);
}

#[test]
fn a_datelines_date_is_the_reference_not_the_events_day() {
    let got = code(
        "iran-pakistan",
        "2024-03-03",
        "QUETTA, 3 March 2024 - Gunmen attacked an army post in Kech district on Saturday, killing twelve soldiers.",
    );
    assert_eq!(got, ["2024-03-02,insurgents_pakistan,pakistan,insurgent_attack,PAK,Balochistan,Kech,12"]);
}

#[test]
fn a_group_named_only_as_sheltered_abroad_does_not_author_unnamed_attacks() {
    let sheltered = "Pakistan voiced concern over safe havens available to the TTP in Afghanistan.\nOn Wednesday militants stormed an army base in Balochistan and killed nine soldiers.";
    let got = code("pakistan-afghanistan", "2023-07-14", sheltered);
    assert!(got.contains(&"2023-07-12,insurgents_pakistan,pakistan,insurgent_attack,PAK,Balochistan,,9".to_string()), "{got:?}");
    // Named as an attacker elsewhere in the article, the group still authors them.
    let claimed = "The TTP claimed an attack on a checkpoint in Bannu on Monday.\nOn Wednesday militants stormed an army base in Balochistan and killed nine soldiers.";
    let got = code("pakistan-afghanistan", "2023-07-14", claimed);
    assert!(got.contains(&"2023-07-12,ttp,pakistan,insurgent_attack,PAK,Balochistan,,9".to_string()), "{got:?}");
}

#[test]
fn fire_answered_by_the_other_side_is_the_starters_strike() {
    let text = "On Friday Iran's border force fired six mortar shells at Mashkail, a Pakistani town.\nThe Frontier Corps hit back by firing mortar shells in response, a Pakistani official said.";
    let got = code("iran-pakistan", "2014-10-24", text);
    assert_eq!(got, ["2014-10-24,iran,pakistan,cross_border_strike,PAK,Balochistan,Washuk,"]);
    // Border guards named by their state author the attack; two districts are two episodes.
    let text = "On Friday Iran's border force fired mortar shells at Mashkail, a Pakistani town.\nIranian border guards attacked and killed an FC soldier in Pakistan's Mand area on October 17.";
    let got = code("iran-pakistan", "2014-10-24", text);
    assert_eq!(
        got,
        ["2014-10-24,iran,pakistan,cross_border_strike,PAK,Balochistan,Washuk,", "2014-10-17,iran,pakistan,cross_border_strike,PAK,Balochistan,Kech,1"]
    );
}

#[test]
fn a_state_adjective_on_a_thing_does_not_summon_and_an_oath_belongs_to_the_dateline_state() {
    let got = code("india-pakistan", "2022-03-11", "Pakistan alleges Indian missile entered its airspace, summons diplomat");
    assert!(got.iter().any(|e| e.contains(",pakistan,india,envoy_summoned,")), "{got:?}");
    assert!(!got.iter().any(|e| e.contains(",india,pakistan,envoy_summoned,")), "{got:?}");
    let text = "ISLAMABAD, March 04: On Monday the prime minister, who was sworn into office this afternoon, received calls from the President of Iran.";
    let got = code("iran-pakistan", "2024-03-04", text);
    assert_eq!(got, ["2024-03-04,pakistan,pakistan,leader_change,,,,"]);
}

#[test]
fn a_headlines_news_takes_the_leads_day_and_a_since_clause_dates_nothing() {
    let text = "Pakistan cosies up to Iran as Rouhani visits\nTrade across the border also discussed\nISLAMABAD: On Friday Pakistan and Iran agreed to strengthen their ties.";
    let got = code("iran-pakistan", "2016-03-26", text);
    assert_eq!(got, ["2016-03-25,iran,pakistan,visit,PAK,Islamabad Capital Territory,Islamabad,"]);
    let text = "It is the first visit by a head of state since the polls of February 8.\nPresident Raisi's visit to Lahore drew crowds.";
    let got = code("iran-pakistan", "2024-04-23", text);
    assert_eq!(got, ["2024-04-23,iran,pakistan,visit,PAK,Punjab,Lahore,"]);
}

#[test]
fn a_toll_told_in_the_next_sentence_goes_with_the_event_just_told() {
    let text = "On Thursday Indian troops opened fire on Pakistani posts along the Line of Control.\nThe army said three Pakistani soldiers lost their lives in the firing.";
    let got = code("india-pakistan", "2019-08-16", text);
    assert_eq!(got, ["2019-08-15,india,pakistan,cross_border_strike,PAK,,,3"]);
    // "Nobody was killed" after a count does not undo it.
    let text = "Four soldiers were martyred on Saturday when terrorists attacked a patrol in Kech.\n\"In the attack, four soldiers were injured and later embraced martyrdom,\" the army said.\nNobody else was killed in the incident.";
    let got = code("iran-pakistan", "2023-04-02", text);
    assert_eq!(got, ["2023-04-01,insurgents_pakistan,pakistan,insurgent_attack,PAK,Balochistan,Kech,4"]);
}

#[test]
fn the_agent_after_by_fires_not_the_victims_state() {
    let got = code("india-pakistan", "2013-01-10", "A Pakistani soldier was killed by Indian troops on Thursday in Kashmir.");
    assert_eq!(got, ["2013-01-10,india,pakistan,cross_border_strike,PAK,,,1"]);
    // A crossing shut by no named state is shut by the state it lies in.
    let got = code("iran-pakistan", "2020-03-07", "The government had shut the Taftan border on February 23 to contain the virus.");
    assert_eq!(got, ["2020-02-23,pakistan,iran,border_closure,PAK,Balochistan,Chagai,"]);
}

#[test]
fn a_possessive_before_the_trigger_acts_and_a_visits_city_comes_from_any_mention() {
    let got = code("india-pakistan", "2020-05-31", "Pakistan protested against New Delhi's expulsion of two officials of the Pakistan High Commission.");
    assert_eq!(got, ["2020-05-31,india,pakistan,ambassador_recalled,,,,"]);
    let text = "Indian PM makes surprise visit to Pakistan\nModi landed at the airport of Lahore on Friday, where Sharif embraced him.";
    let got = code("india-pakistan", "2015-12-26", text);
    assert_eq!(got, ["2015-12-25,india,pakistan,visit,PAK,Punjab,Lahore,"]);
}

#[test]
fn one_person_wounded_and_nobody_killed_is_a_toll_of_zero() {
    let got = code(
        "india-pakistan",
        "2024-09-11",
        "A BSF jawan was wounded on Wednesday when Pakistani troops opened unprovoked fire on Indian posts in Jammu.",
    );
    assert_eq!(got, ["2024-09-11,pakistan,india,cross_border_strike,IND,Jammu and Kashmir,,0"]);
    let got = code(
        "iran-pakistan",
        "2016-09-29",
        "Iranian border guards fired mortar shells into Panjgur district on Wednesday. No loss of life was reported as a result of the shelling.",
    );
    assert_eq!(got, ["2016-09-28,iran,pakistan,cross_border_strike,PAK,Balochistan,Panjgur,0"]);
}

#[test]
fn a_zero_toll_far_from_the_only_violent_episode_is_its_toll() {
    let got = code(
        "india-pakistan",
        "2022-03-11",
        "A projectile fired from India came down near Mian Channu in Khanewal district on Wednesday. \
         The army spokesman spoke to reporters in Rawalpindi. He showed a map of the flight path. \
         He said that nobody was killed or injured.",
    );
    assert_eq!(got, ["2022-03-09,india,pakistan,cross_border_strike,PAK,Punjab,Khanewal,0"]);
}

#[test]
fn rockets_fired_are_not_people_killed_and_fire_from_a_state_is_its_strike() {
    let got = code(
        "pakistan-afghanistan",
        "2012-07-22",
        "Close to 400 rockets and shells were fired into Afghanistan from neighbouring Pakistan on Saturday and killed at least four people in Dangam district.",
    );
    assert_eq!(got, ["2012-07-21,pakistan,afghanistan,cross_border_strike,AFG,Kunar,Dangam,4"]);
}

#[test]
fn a_later_sentence_saying_when_the_incident_took_place_dates_it() {
    let got = code(
        "india-pakistan",
        "2019-10-02",
        "Pakistan on Wednesday registered a protest over unprovoked firing by Indian forces along the Line of Control. \
         The alleged breach of the ceasefire took place on Tuesday, leaving one civilian dead.",
    );
    assert!(got.contains(&"2019-10-01,india,pakistan,cross_border_strike,PAK,,,1".to_string()), "{got:?}");
}

#[test]
fn the_day_a_message_reached_the_ambassador_dates_the_summons() {
    let got = code(
        "iran-pakistan",
        "2017-04-29",
        "Iran has called in Pakistan's ambassador in protest at the killing of border guards. \
         \"The message was delivered to Ambassador Durrani on Friday,\" the spokesman said.",
    );
    assert_eq!(got, ["2017-04-28,iran,pakistan,envoy_summoned,,,,"]);
}

#[test]
fn a_mission_official_summoned_is_the_missions_state_as_target() {
    let got = code(
        "india-pakistan",
        "2018-10-23",
        "The Pakistan High Commission official was summoned to the MEA on Tuesday and a strong protest was lodged over the killing of soldiers in the Sunderbani sector on October 21.",
    );
    assert_eq!(got, ["2018-10-23,india,pakistan,envoy_summoned,,,,"]);
}

#[test]
fn militants_firing_across_the_border_is_their_attack_not_a_strike() {
    let got = code(
        "pakistan-afghanistan",
        "2021-01-07",
        "On Wednesday, terrorists inside Afghanistan opened fire across the international border on a military post in the Mohmand tribal district. \
         A soldier was wounded in the attack and later died of his wounds.",
    );
    assert_eq!(got, ["2021-01-06,insurgents_pakistan,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,Mohmand,1"]);
}

#[test]
fn unnamed_attacks_on_a_state_no_group_of_the_scenario_attacks_are_not_coded() {
    // No insurgent group of the Pakistan–Afghanistan scenario attacks Afghanistan.
    let got = code("pakistan-afghanistan", "2020-06-10", "Gunmen attacked a checkpoint in Kunar province on Tuesday, killing three Afghan policemen.");
    assert!(got.is_empty(), "{got:?}");
    // The same sentence about Iran, which Jaish al-Adl attacks in the Iran–Pakistan scenario, is coded.
    let got = code("iran-pakistan", "2020-06-10", "Gunmen attacked a checkpoint in Saravan on Tuesday, killing three Iranian border guards.");
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].ends_with(",iran,insurgent_attack,IRN,Sistan and Baluchestan,Saravan,3"), "{got:?}");
}

#[test]
fn the_city_named_after_a_visit_and_a_hosts_thanks_say_who_came() {
    let got = code(
        "iran-pakistan",
        "2022-06-21",
        "The Iranian Defence Minister thanked the COAS for his visit on Monday.",
    );
    assert_eq!(got, ["2022-06-20,pakistan,iran,visit,IRN,Tehran,Tehran,"]);
    let got = code("iran-pakistan", "2022-06-21", "Iran's foreign minister, speaking in Islamabad, said the Pakistani minister had arrived in Tehran on Monday.");
    assert_eq!(got, ["2022-06-20,pakistan,iran,visit,IRN,Tehran,Tehran,"]);
}

#[test]
fn a_place_named_elsewhere_in_the_article_places_an_attack_with_none() {
    let got = code(
        "iran-pakistan",
        "2019-02-14",
        "A suicide bomber killed 27 Revolutionary Guards on Wednesday. The bus was travelling between Khash and Zahedan in Sistan and Baluchestan province.",
    );
    assert_eq!(got.len(), 1, "{got:?}");
    assert!(got[0].starts_with("2019-02-13,") && got[0].ends_with(",IRN,Sistan and Baluchestan,,27"), "{got:?}");
}

#[test]
fn a_possessive_weekday_dates_the_violent_episode_told_without_a_day() {
    let got = code(
        "pakistan-afghanistan",
        "2011-06-17",
        "On Friday Pakistan summoned the Afghan envoy to register concern over Thursday's incident in Bajaur. \
         Dozens of militants crossed the border and killed five civilians in Bajaur.",
    );
    assert!(got.contains(&"2011-06-16,insurgents_pakistan,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,Bajaur,5".to_string()), "{got:?}");
}

#[test]
fn a_smaller_toll_told_with_also_does_not_replace_the_whole() {
    let got = code(
        "pakistan-afghanistan",
        "2011-06-02",
        "A cross-border attack by about 400 militants in Upper Dir on Wednesday killed at least 30 people. \
         Three civilians were also killed in the attack, an official said.",
    );
    assert_eq!(got, ["2011-06-01,insurgents_pakistan,pakistan,insurgent_attack,PAK,Khyber Pakhtunkhwa,Upper Dir,30"]);
}

#[test]
fn a_sentence_opening_with_one_person_shot_and_killed_is_a_toll_of_one() {
    let got = code(
        "india-pakistan",
        "2022-06-02",
        "Anantnag: A man who worked as a bank manager in Kulgam district was shot and killed by unidentified gunmen on Thursday morning.",
    );
    assert_eq!(got, ["2022-06-02,kashmir_militants,india,insurgent_attack,IND,Jammu and Kashmir,Kulgam,1"]);
}
