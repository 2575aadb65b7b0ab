use events::{Actor, Country};

use crate::{IRAN, JAISH, PAKISTAN, dyad_of, ip};

#[test]
fn group_aliases_beat_state_aliases() {
    let dyad = dyad_of("pakistan-afghanistan");
    let ttp = Actor::Group { group: dyad.groups.iter().position(|g| g.id == "ttp").unwrap(), side: 0 };
    let baloch = Actor::Group { group: dyad.groups.iter().position(|g| g.id == "baloch_separatists").unwrap(), side: 0 };
    // "Pakistan" (and "Pakistan Army") occur inside the group's name: the group wins.
    assert_eq!(dyad.classify_name("TTP: Tehrik-i-Taliban Pakistan", None), ttp);
    assert_eq!(dyad.classify_name("tehreek-e-taliban pakistan (jamaat-ul-ahrar)", Some(1)), ttp);
    assert_eq!(dyad.classify_name("BLA: Balochistan Liberation Army", None), baloch);
    assert_eq!(dyad.classify_name("Military Forces of Pakistan (2018-)", None), Actor::State(0));
    assert_eq!(dyad.classify_name("Military Forces of Afghanistan (2021-)", None), Actor::State(1));
    // Whole words only: `BLA` is not found in `Blast`, `ISI` not in `Visible`.
    assert_eq!(dyad.classify_name("Blast victims", None), Actor::Other);
    assert_eq!(dyad.classify_name("Visible Group", None), Actor::Other);
    // Other states' bodies are third parties; unidentified armed groups are the insurgents of the place.
    assert_eq!(dyad.classify_name("Military Forces of India (2014-)", None), Actor::ThirdParty);
    assert_eq!(dyad.classify_name("Unidentified Armed Group (Pakistan)", Some(0)), Actor::Insurgents(0));
    assert_eq!(dyad.classify_name("Unidentified Armed Group (Pakistan)", None), Actor::Other);
    assert_eq!(dyad.classify_name("", None), Actor::Other);
}

#[test]
fn longest_matching_alias_wins_and_people_are_not_states() {
    let dyad = ip();
    assert_eq!(dyad.classify_name("Jaish al-Adl", None), JAISH);
    assert_eq!(dyad.classify_name("Military Forces of Iran (1989-) Islamic Revolutionary Guard Corps", None), IRAN);
    assert_eq!(dyad.classify_name("Police Forces of Pakistan (2022-)", None), PAKISTAN);
    // "Government of Pakistan" (22 characters) beats "Iran" in a name that mentions both.
    assert_eq!(dyad.classify_name("Government of Pakistan, talks with Iran", None), PAKISTAN);
    // ACLED's generic categories name people even when a state alias occurs in them.
    assert_eq!(dyad.classify_name("Civilians (Pakistan)", Some(1)), Actor::Other);
    assert_eq!(dyad.classify_name("Protesters (Iran)", Some(0)), Actor::Other);
}

#[test]
fn countries_resolve_by_iso3_name_and_fips() {
    let dyad = dyad_of("pakistan-afghanistan");
    assert_eq!(dyad.country_from_iso3("afg"), Some(Country::State(1)));
    assert_eq!(dyad.country_from_iso3("IRN"), Some(Country::Other("IRN".into())));
    assert_eq!(dyad.country_from_iso3(" "), None);
    assert_eq!(dyad.country_from_name("Afghanistan"), Some(Country::State(1)));
    assert_eq!(dyad.country_from_name("Pakistan"), Some(Country::State(0)));
    assert_eq!(dyad.country_from_name("Iran"), Some(Country::Other("Iran".into())));
    assert_eq!(dyad.side_of_fips(b"AF"), Some(1));
    assert_eq!(dyad.side_of_iso3(b"PAK"), Some(0));
    assert!(dyad.is_border_admin1("Khyber Pakhtunkhwa"));
    assert!(dyad.is_border_admin1("Peshawar, Khyber Pakhtunkhwa, Pakistan"));
    assert!(!dyad.is_border_admin1("Punjab"));
    assert_eq!(dyad.parse_actor("insurgents_afghanistan"), Some(Actor::Insurgents(1)));
    assert_eq!(dyad.actor_name(Actor::Insurgents(1)), "insurgents_afghanistan");
    assert_eq!(dyad.parse_actor("insurgents_iran"), None);
}
