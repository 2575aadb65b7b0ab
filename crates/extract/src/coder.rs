//! The coder: finds events sentence by sentence (trigger phrases of the verb
//! dictionary, filtered for negation and future tense), fills in actor, target,
//! date, place and fatalities, and folds the mentions of one article into events.

use events::{Actor, Date, EventType, Fatalities};

use crate::dates::{self, TimeExpr, When};
use crate::dict::{Dictionary, Entry, Hit, Place, Roles, Rule};
use crate::input::Article;
use crate::text::{self, Kind, Token};
use crate::{Extracted, Provenance};

/// Words that deny or negate what follows (within the clause before a trigger).
const NEGATORS: [&str; 15] = [
    "not", "no", "never", "denied", "deny", "denies", "denying", "rejected", "rejects", "refuted", "dismissed", "didn", "without",
    "neither", "nor",
];
/// Words that make what follows a plan, a possibility or a threat.
const MODALS: [&str; 26] = [
    "will", "would", "shall", "could", "might", "should", "must", "plans", "planned", "expected", "likely", "due", "ready", "going",
    "tomorrow", "if", "threatened", "intends", "wants", "demand", "demanded", "demanding", "demands", "seek", "sought",
    "seeking",
];
/// The modals that make a demand, which an accusation is ("Afghanistan must …").
const DEMANDS: [&str; 11] = ["must", "should", "expected", "wants", "demand", "demanded", "demanding", "demands", "seek", "sought", "seeking"];
/// Prepositions after which a state is a place or an object, not the actor.
const OBJECT_PREPS: [&str; 14] = [
    "on", "in", "inside", "into", "against", "at", "to", "from", "across", "over", "toward", "towards", "with", "of",
];
/// Words that may stand between a state and its envoy's title.
const ENVOY_FILLERS: [&str; 15] =
    ["s", "'s", "deputy", "acting", "high", "top", "senior", "new", "former", "chief", "d", "affaires", "interim", "head", "of"];
/// A state's missions abroad, whose staff stand for it like its envoys.
const MISSIONS: [&str; 5] = ["commission", "embassy", "mission", "consulate", "chancery"];
const ENVOY_WORDS: [&str; 8] = ["ambassador", "ambassadors", "envoy", "commissioner", "charge", "chargé", "diplomat", "embassy"];
const DEATH_WORDS: [&str; 11] =
    ["killed", "dead", "died", "martyred", "killing", "deaths", "lives", "martyring", "kills", "bodies", "martyrdom"];
const WOUND_WORDS: [&str; 7] = ["wounded", "injured", "hurt", "injuring", "wounding", "injuries", "wounds"];
const ATTACKER_WORDS: [&str; 9] = ["terrorists", "militants", "attackers", "insurgents", "gunmen", "bombers", "outlaws", "assailants", "rebels"];
const NUMBER_WORDS: [(&str, u32); 22] = [
    ("one", 1), ("two", 2), ("three", 3), ("four", 4), ("five", 5), ("six", 6), ("seven", 7), ("eight", 8), ("nine", 9),
    ("ten", 10), ("eleven", 11), ("twelve", 12), ("thirteen", 13), ("fourteen", 14), ("fifteen", 15), ("sixteen", 16),
    ("seventeen", 17), ("eighteen", 18), ("nineteen", 19), ("twenty", 20), ("thirty", 30), ("dozen", 12),
];

/// A mention of an event in one sentence, before the mentions of an article are folded.
#[derive(Clone, Debug)]
struct Mention {
    event_type: EventType,
    actor: Actor,
    target: Actor,
    date: Option<Date>,
    /// 2: the sentence dates it; 1: inherited from an earlier sentence; 0: none.
    date_strength: u8,
    place: Option<(usize, String, String)>,
    fatalities: Option<Fatalities>,
    attackers_killed: Option<u32>,
    /// Fire told as an answer to the other side's ("hit back", "returned fire").
    answer: bool,
    /// The sentence adds to a toll told before ("three civilians were also killed").
    toll_also: bool,
    prov: Provenance,
}

/// Per-sentence analysis shared by the rules.
struct Sentence<'a> {
    lower: &'a str,
    toks: &'a [Token],
    /// Actor mentions: (token start, token end, what).
    actors: Vec<(usize, usize, Entry)>,
    places: Vec<(usize, usize, u32)>,
    cues: Vec<bool>,
}

impl Sentence<'_> {
    fn word(&self, i: usize) -> &str {
        self.toks.get(i).map_or("", |t| &self.lower[t.start..t.end])
    }
}

/// Whether a dash the tokenizer drops ("ISLAMABAD - The …") stands before token `at`.
fn dash_after(lower: &str, toks: &[Token], at: usize) -> bool {
    at >= 1 && toks.get(at).is_some_and(|t| lower[toks[at - 1].end..t.start].trim() == "-")
}

/// The last sentence (0-based) that can open with a dateline: a headline and up to two
/// stand-first lines come before it.
const DATELINE_BY: usize = 3;

/// Extracts the events of one article (mentions folded into one event per episode).
pub fn extract_article(dict: &Dictionary, article: &Article) -> Vec<Extracted> {
    let text = &article.text;
    let lower = text::lower_ascii(text);
    let body = &text[article.body_start..];
    let mut toks = Vec::new();
    let mut hits = Vec::new();
    let mut mentions: Vec<Mention> = Vec::new();
    let mut last_date: Option<Date> = None;
    let spans = text::sentences(body);
    // Groups the article names anywhere (they author its unnamed attacks).
    let mut article_groups: Vec<usize> = Vec::new();
    let mut home: Option<usize> = None;
    let mut sentence_data = Vec::with_capacity(spans.len());
    for (k, &(s, e)) in spans.iter().enumerate() {
        let (s, e) = (s + article.body_start, e + article.body_start);
        text::tokenize(&lower, s, e, &mut toks);
        dict.hits(&lower, &toks, &mut hits);
        // A group named only as sheltered abroad ("safe havens available to the TTP in
        // Afghanistan") is blamed on the host state, not named as an attack's author.
        let blames_host = hits.iter().any(|h| matches!(h.entry, Entry::Trigger(r) if dict.rules[r as usize].event_type == EventType::Accusation));
        for h in &hits {
            if let Entry::Group(g) = h.entry
                && !blames_host
                && !article_groups.contains(&g)
            {
                article_groups.push(g);
            }
        }
        if k <= DATELINE_BY {
            // A dateline ("ISLAMABAD:", "Tehran, Oct 28") names the home of "the foreign office".
            if let Some(h) = hits.iter().find(|h| h.start == 0 && matches!(h.entry, Entry::State(_) | Entry::Place(_))) {
                let looks_dateline = toks.get(h.end).is_some_and(|t| t.kind == Kind::Punct);
                if looks_dateline && home.is_none() {
                    home = match h.entry {
                        Entry::State(i) => Some(i),
                        Entry::Place(p) => Some(dict.places[p as usize].side),
                        _ => None,
                    };
                }
            }
        }
        sentence_data.push((s, e, toks.clone(), hits.clone()));
    }
    let mut last_place_city: Option<u32> = None;
    // Every place the article names (not datelines, not capitals), for events whose own
    // sentences name none.
    let mut article_places: Vec<u32> = Vec::new();
    let mut violent_day: Option<Date> = None;
    // The lead: the sentence that opens with the dateline, and the day it gives.
    let mut lead: Option<(usize, Option<Date>)> = None;
    for (k, (s, e, toks, hits)) in sentence_data.iter().enumerate() {
        let mut times = dates::scan(&lower, toks, article.date);
        let mut sent = analyse(dict, &lower, toks, hits);
        // "QUETTA, 3 March 2024 — …": the dateline's date is when the report was filed
        // (the article date counts from it), not the day of what it reports.
        let opens_with_name = hits.iter().any(|h| h.start == 0 && matches!(h.entry, Entry::State(_) | Entry::Place(_)));
        let dateline = k <= DATELINE_BY && opens_with_name && toks.get(1).is_some_and(|t| t.kind == Kind::Punct);
        if dateline {
            let lead = &lower[toks[0].start..];
            // Up to the dash or colon that ends the dateline; without one ("QUETTA, 3
            // March 2024 - …" with the hyphen not kept as a token), a date right after
            // the place.
            let sep = (1..toks.len().min(10))
                .find(|&i| matches!(&lead[toks[i].start - toks[0].start..toks[i].end - toks[0].start], "—" | "-" | "–" | ":"))
                .unwrap_or(3);
            let word = |i: usize| &lower[toks[i].start..toks[i].end];
            times.retain(|t| {
                t.tok > sep || dates::WEEKDAYS.contains(&word(t.tok))
            });
        }
        if k <= DATELINE_BY
            && let Some(&(start, end, p)) = sent.places.first()
            && start == 0
            && toks.get(end).is_some_and(|t| t.kind == Kind::Punct)
        {
            // A dateline: where the article was filed, not where events happened; with a
            // second place ("PESHAWAR/ISLAMABAD:"), both.
            last_place_city = Some(p);
            sent.places.remove(0);
            if toks.get(end).is_some_and(|t| &lower[t.start..t.end] == "/")
                && let Some(&(s2, e2, _)) = sent.places.first()
                && s2 == end + 1
                && toks.get(e2).is_some_and(|t| t.kind == Kind::Punct)
            {
                sent.places.remove(0);
            }
        }
        if k <= DATELINE_BY
            && let Some(&(start, end, _)) = sent.actors.first()
            && start == 0
            && (toks.get(end).is_some_and(|t| t.kind == Kind::Punct) || dash_after(&lower, toks, end))
            && toks.get(end + 1).is_some()
        {
            // "ISLAMABAD -", "TEHRAN:": the dateline's state does not act.
            sent.actors.remove(0);
        }
        // The day the sentence is about: not a reference point ("since the polls of February 8").
        let sentence_day = times.iter().rev().filter(|t| reference_at(&sent, t).is_none()).find_map(|t| match t.when {
            When::Day(d) => Some(d),
            _ => None,
        });
        // "Thursday's cross-border attack", "Sunday's suicide attack": the day of the
        // violent episode the article is about, for violent mentions with no day of their
        // own, here and after, and for those already told without one.
        if let Some(d) = times.iter().find_map(|t| match t.when {
            When::Day(d) if sent.toks[t.tok].possessive && (t.tok + 1..(t.tok + 4).min(sent.toks.len())).any(|k| EPISODE_NOUNS.contains(&sent.word(k))) => Some(d),
            _ => None,
        }) {
            violent_day = Some(d);
            for m in mentions.iter_mut().filter(|m| m.event_type.is_violent() && m.date_strength < 2) {
                m.date = Some(d);
                m.date_strength = 1;
            }
        }
        for &(_, _, p) in &sent.places {
            if !dict.capitals.contains(&Some(p)) {
                article_places.push(p);
            }
        }
        let mut fired: Vec<(EventType, Actor)> = Vec::new();
        // Triggers whose rule's cue words the sentence satisfies (they may own a time).
        let trigger_starts: Vec<(usize, EventType)> = hits
            .iter()
            .filter_map(|h| match h.entry {
                Entry::Trigger(r) => Some((h.start, &dict.rules[r as usize])),
                _ => None,
            })
            .filter(|(_, rule)| cues_hold(rule, &sent.cues))
            .map(|(start, rule)| (start, rule.event_type))
            .collect();
        for h in hits.iter() {
            let Entry::Trigger(r) = h.entry else { continue };
            let rule = &dict.rules[r as usize];
            if !cues_hold(rule, &sent.cues) {
                continue;
            }
            // A demand ("told Sharif to crack down on", "urged Kabul to act against") is
            // itself an accusation, so `to` before the trigger does not drop one.
            if negated_or_modal(&sent, h.start, rule.event_type != EventType::Accusation) {
                continue;
            }
            let ctx = Ctx { dict, sent: &sent, trigger: *h, home, article_groups: &article_groups, dateline_city: last_place_city, owned_words: rule.event_type == EventType::Other };
            // "US urges an end to attacks from Afghan soil": a third party acts.
            if rule.roles != Roles::Insurgent && third_party_acts(&ctx) {
                continue;
            }
            let found = code(&ctx, rule.roles, rule.event_type);
            if found.is_empty() {
                continue;
            }
            // The date.
            let speech = matches!(rule.event_type, EventType::Accusation | EventType::EnvoySummoned);
            let vague = vague_after(&sent, &times, h.start);
            let when = if vague { None } else { nearest_time(&sent, &times, h.start, speech, &trigger_starts, rule.event_type) };
            let (date, strength) = match when {
                None if vague => (None, 1),
                Some(When::Day(d)) => (Some(d), 2),
                Some(When::SameDay) => match sentence_day.or(last_date).or(article.date) {
                    Some(d) => (Some(d), 2),
                    None => (None, 0),
                },
                Some(When::Shift(n)) => match sentence_day.or(last_date) {
                    Some(d) => (Some(d.add_days(-n)), 2),
                    None => (None, 0),
                },
                Some(When::Undated) => (None, 2),
                Some(When::Background) => continue,
                // The article's news in the present perfect ("New Delhi has summoned …")
                // happened on the day of publication.
                None if present_perfect(&sent, h.start) && article.date.is_some() => (article.date, 1),
                None => match violent_day.filter(|_| rule.event_type.is_violent()).or(last_date) {
                    Some(d) => (Some(d), 1),
                    None => (article.date, 0),
                },
            };
            let char_start = text[..*s].chars().count();
            let char_end = char_start + text[*s..*e].chars().count();
            for (actor, target, place, fatalities, attackers_killed, confidence, as_type) in found {
                let event_type = as_type.unwrap_or(rule.event_type);
                if event_type != EventType::EnvoySummoned
                    && event_type != EventType::AmbassadorRestored
                    && event_type != EventType::CrossBorderStrike
                    && fired.contains(&(event_type, actor))
                {
                    continue;
                }
                fired.push((event_type, actor));
                mentions.push(Mention {
                    event_type,
                    actor,
                    target,
                    date,
                    date_strength: strength,
                    place,
                    fatalities,
                    attackers_killed,
                    answer: event_type == EventType::CrossBorderStrike && answers_fire(&sent),
                    toll_also: (0..sent.toks.len()).any(|i| sent.word(i) == "also"),
                    prov: Provenance {
                        file: article.origin.clone(),
                        sentence: k + 1,
                        char_start,
                        char_end,
                        rule: rule.name.clone(),
                        confidence: (rule.confidence * confidence * if strength == 2 { 1.0 } else { 0.9 } * 1000.0).round() / 1000.0,
                        text: text[*s..*e].to_string(),
                    },
                });
            }
        }
        // A sentence that reports a state's fire ("civilians martyred in Afghan forces'
        // firing") reports no separate attack by unnamed militants.
        if fired.iter().any(|(t, _)| *t == EventType::CrossBorderStrike) {
            mentions.retain(|m| {
                !(m.prov.sentence == k + 1
                    && m.event_type == EventType::InsurgentAttack
                    && (matches!(m.actor, Actor::Insurgents(_)) || !sent.actors.iter().any(|a| matches!(a.2, Entry::Group(_)))))
            });
        }
        // "Nobody was killed in the incident", "three soldiers lost their lives in the
        // firing": a toll told in one of the two sentences after a violent event, with no
        // trigger of its own, belongs to that event when it has none. "Nobody was killed
        // or injured" belongs to it however far it comes, when the text so far tells only
        // that one violent episode.
        let zero_said = zero_toll_said(&sent);
        if fired.is_empty()
            && (zero_said || (0..sent.toks.len()).any(|i| sent.word(i) == "the" && (TOLL_REFERENTS.contains(&sent.word(i + 1)) || (referent_adjective(sent.word(i + 1)) && TOLL_REFERENTS.contains(&sent.word(i + 2))))))
            && let Some(last) = mentions.iter().rposition(|m| m.event_type.is_violent())
        {
            let (t, a, g) = (mentions[last].event_type, mentions[last].actor, mentions[last].target);
            let one_episode = mentions.iter().filter(|m| m.event_type.is_violent()).all(|m| (m.event_type, m.actor, m.target) == (t, a, g));
            let near = mentions[last].prov.sentence + 1 >= k;
            // "The alleged incident took place on Wednesday": the day of that episode.
            let took_place = (0..sent.toks.len()).any(|i| {
                matches!((sent.word(i), sent.word(i + 1)), ("took", "place") | ("taken", "place"))
                    || matches!(sent.word(i), "happened" | "occurred")
            });
            if took_place
                && !zero_said
                && let Some(d) = sentence_day
                && (near || one_episode)
            {
                for (j, m) in mentions.iter_mut().enumerate() {
                    if (j == last || one_episode) && (m.event_type, m.actor, m.target) == (t, a, g) {
                        m.date = Some(d);
                        m.date_strength = 2;
                    }
                }
            }
            let last = &mut mentions[last];
            if (near || (zero_said && one_episode))
                && last.fatalities.is_none()
                && let Some(best) = fatalities(&sent).best
            {
                last.fatalities = Some(best);
            }
        }
        // "The message was delivered to Ambassador Durrani on Friday", "On Saturday night
        // Eslami protested … to the ambassador": a later sentence that dates the envoy's
        // summons told earlier without a day of its own.
        if !fired.iter().any(|(t, _)| *t == EventType::EnvoySummoned)
            && let Some(d) = sentence_day
            && article.date.is_none_or(|p| d <= p)
            && (0..sent.toks.len()).any(|i| ENVOY_WORDS.contains(&sent.word(i)))
        {
            let summons: Vec<usize> = (0..mentions.len()).filter(|&j| mentions[j].event_type == EventType::EnvoySummoned).collect();
            let one_pair = summons.windows(2).all(|w| (mentions[w[0]].actor, mentions[w[0]].target) == (mentions[w[1]].actor, mentions[w[1]].target));
            if one_pair && !summons.is_empty() && summons.iter().all(|&j| mentions[j].date_strength < 2 && mentions[j].prov.sentence + 6 >= k) {
                for j in summons {
                    mentions[j].date = Some(d);
                    mentions[j].date_strength = 2;
                }
            }
        }
        if let Some(d) = sentence_day {
            last_date = Some(d);
        }
        if lead.is_none() && dateline && k > 0 {
            lead = Some((k, sentence_day));
        }
    }
    // A headline's event undated but for the publication day is the lead's news: it takes
    // the lead's day ("Rouhani visits" over "ISLAMABAD: On Friday …").
    if let Some((lead_k, Some(day))) = lead {
        for m in mentions.iter_mut().filter(|m| m.prov.sentence <= lead_k && m.date_strength == 0) {
            m.date = Some(day);
            m.date_strength = 1;
        }
    }
    // "If the demarche itself contains the blame": blame told in a sentence that tells a
    // summons by the same state is part of the summons, not an accusation of its own.
    // (Reaching one to four sentences further changed the train F1 by under 0.003.)
    let summons: Vec<(Actor, Actor, usize)> =
        mentions.iter().filter(|m| m.event_type == EventType::EnvoySummoned).map(|m| (m.actor, m.target, m.prov.sentence)).collect();
    mentions.retain(|m| m.event_type != EventType::Accusation || !summons.contains(&(m.actor, m.target, m.prov.sentence)));
    fold(dict, article, mentions, &article_places)
}

/// Whether the sentence has one of the rule's `requires` words (when it lists any) and
/// none of its `excludes`.
fn cues_hold(rule: &Rule, cues: &[bool]) -> bool {
    (rule.requires.is_empty() || rule.requires.iter().any(|&c| cues[c as usize])) && !rule.excludes.iter().any(|&c| cues[c as usize])
}

fn analyse<'a>(dict: &Dictionary, lower: &'a str, toks: &'a [Token], hits: &'a [Hit]) -> Sentence<'a> {
    let mut cues = vec![false; dict.n_cues()];
    let mut actors: Vec<(usize, usize, Entry)> = Vec::new();
    let mut places: Vec<(usize, usize, u32)> = Vec::new();
    let mut origin_end: Option<usize> = None;
    for h in hits {
        match h.entry {
            Entry::Cue(c) => cues[c as usize] = true,
            Entry::State(_) | Entry::Group(_) | Entry::Unnamed | Entry::Organ | Entry::Third => actors.push((h.start, h.end, h.entry)),
            Entry::Place(p) => {
                let prev = |k: usize| if h.start >= k { &lower[toks[h.start - k].start..toks[h.start - k].end] } else { "" };
                // "from Kunar and Nuristan": both are where attackers came from.
                // "pilgrims from Uttar Pradesh and Delhi": also after a place the gazetteer lacks.
                // "from Kunar", "militants based in Kunar": where they came from.
                let origin = prev(1) == "from"
                    || (prev(1) == "in" && matches!(prev(2), "based" | "hiding" | "sheltering"))
                    || (prev(1) == "and" && (origin_end == Some(h.start - 1) || (2..=4).any(|k| prev(k) == "from")));
                let envoy_post = (1..=3).any(|k| ENVOY_WORDS.contains(&prev(k)));
                // "the Jammu-Srinagar highway" names a road, not where something happened.
                let next = |k: usize| toks.get(h.end + k).map_or("", |t| &lower[t.start..t.end]);
                let road = |w: &str| matches!(w, "highway" | "road" | "motorway" | "expressway");
                let on_road = road(next(0)) || hits.iter().any(|o| matches!(o.entry, Entry::Place(_)) && o.start == h.end && road(next(o.end - h.end)));
                if origin {
                    origin_end = Some(h.end);
                }
                // "some 45 kilometres west of Peshawar": a landmark for the distance.
                let landmark = prev(1) == "of"
                    && matches!(
                        prev(2),
                        "north" | "south" | "east" | "west" | "northwest" | "northeast" | "southwest" | "southeast" | "north-west"
                            | "north-east" | "south-west" | "south-east"
                    );
                if !origin && !envoy_post && !on_road && !landmark {
                    places.push((h.start, h.end, p));
                }
            }
            Entry::Trigger(_) => {}
        }
    }
    longest_first(&mut actors);
    longest_first(&mut places);
    // "the Pak-Afghan border", "Iran-Pakistan trade": two states joined by a hyphen name
    // a shared thing; neither acts.
    let joined = |a: &(usize, usize, Entry), b: &(usize, usize, Entry)| {
        a.1 == b.0 && a.1 >= 1 && lower[toks[a.1 - 1].end..toks[b.0].start].trim() == "-" && matches!((a.2, b.2), (Entry::State(x), Entry::State(y)) if x != y)
    };
    let compounds: Vec<usize> = (1..actors.len()).filter(|&i| joined(&actors[i - 1], &actors[i])).collect();
    for &i in compounds.iter().rev() {
        actors.remove(i);
        actors.remove(i - 1);
    }
    // "Iranian border security forces": the organ belongs to the state just named, so it
    // is that state's mention, not the dateline's.
    let qualified: Vec<usize> = actors
        .iter()
        .filter(|a| a.2 == Entry::Organ)
        .filter(|a| actors.iter().any(|s| matches!(s.2, Entry::State(_)) && s.1 <= a.0 && a.0 - s.1 <= 1))
        .map(|a| a.0)
        .collect();
    actors.retain(|a| !(a.2 == Entry::Organ && qualified.contains(&a.0)));
    Sentence { lower, toks, actors, places, cues }
}

/// Keeps, of overlapping matches, the longest (then the first).
fn longest_first<T: Copy>(v: &mut Vec<(usize, usize, T)>) {
    v.sort_by_key(|&(s, e, _)| (std::cmp::Reverse(e - s), s));
    let mut kept: Vec<(usize, usize, T)> = Vec::with_capacity(v.len());
    for &m in v.iter() {
        if kept.iter().all(|k| m.1 <= k.0 || m.0 >= k.1) {
            kept.push(m);
        }
    }
    kept.sort_by_key(|&(s, _, _)| s);
    *v = kept;
}

/// Whether a negator or a modal stands in the clause before the trigger (six words
/// back, not past a `;` or the start of a quotation), or `to` directly before it.
fn negated_or_modal(sent: &Sentence<'_>, at: usize, infinitive_is_plan: bool) -> bool {
    // "to close", "asked for the gates to be reopened", "crossed over to stage attacks".
    let to_verb = at > 1
        && sent.word(at - 2) == "to"
        && matches!(sent.word(at - 1), "be" | "resume" | "stage" | "launch" | "carry" | "conduct" | "mount" | "commit" | "plan");
    // "decided to expel", "the decision to reduce the staff": the decision is the step.
    let decided = at > 1 && sent.word(at - 1) == "to" && matches!(sent.word(at - 2), "decided" | "decision");
    // "the militants tried, before dawn, to storm an Army camp": an attempt is an attack.
    let attempted = at > 1
        && sent.word(at - 1) == "to"
        && (at.saturating_sub(6)..at - 1).any(|k| matches!(sent.word(k), "tried" | "attempted" | "trying" | "attempting" | "attempt" | "bid"));
    if infinitive_is_plan && at > 0 && (sent.word(at - 1) == "to" || to_verb) && !decided && !attempted {
        return true;
    }
    let mut words = 0;
    let mut i = at;
    while i > 0 && words < 6 {
        i -= 1;
        let t = sent.toks[i];
        if t.kind == Kind::Punct {
            if matches!(sent.word(i), ";" | "\"" | "“" | "”" | "(" | ")" | ":") {
                break;
            }
            continue;
        }
        words += 1;
        let w = sent.word(i);
        if NEGATORS.contains(&w) || (MODALS.contains(&w) && (infinitive_is_plan || !DEMANDS.contains(&w))) {
            return true;
        }
    }
    false
}

/// Words that make a time expression the date of a statement, not of the event reported.
const REPORT_WORDS: [&str; 15] = [
    "said", "says", "told", "speaking", "spoke", "statement", "announced", "reported", "confirmed", "reports", "briefing",
    "tweets", "stated", "added", "claimed",
];

fn nearest_time(sent: &Sentence<'_>, times: &[TimeExpr], at: usize, speech: bool, triggers: &[(usize, EventType)], own: EventType) -> Option<When> {
    // A time after a trigger of another type that follows this one dates that other
    // event ("telephoned …, and condemned an attack … on December 15"). Likewise a time
    // right after an earlier one ("abducted on Tuesday, telephoned").
    let triggers: Vec<usize> = triggers.iter().filter(|t| t.1 != own).map(|t| t.0).collect();
    let owned_by_later = |t: &TimeExpr| {
        (t.tok > at && triggers.iter().any(|&k| k > at && k < t.tok))
            || (t.tok < at && triggers.iter().any(|&k| k < t.tok && t.tok - k <= 3 && at - t.tok > t.tok - k))
    };
    // "Speaking to FNA on Saturday", "told reporters on Monday": up to five words back,
    // not past a clause boundary.
    // "On Wednesday the Foreign Office confirmed that Pakistan had brought down …": the
    // time opens the clause of the report verb that governs the trigger.
    let report = |t: &TimeExpr| {
        !speech
            && ((t.tok.saturating_sub(5)..t.tok)
                .rev()
                .take_while(|&k| !matches!(sent.word(k), "," | ";" | "and" | "but"))
                .any(|k| REPORT_WORDS.contains(&sent.word(k)))
                || (t.tok < at
                    && (t.tok + 1..(t.tok + 6).min(at))
                        .take_while(|&k| !matches!(sent.word(k), "," | ";" | "and" | "but"))
                        .any(|k| REPORT_WORDS.contains(&sent.word(k)) && sent.word(k + 1) == "that")))
            // "On Saturday, the minister said a demarche had been issued": a report verb
            // between the time and a trigger in the pluperfect, for any trigger.
            || (t.tok < at
                && (t.tok + 1..at).any(|k| REPORT_WORDS.contains(&sent.word(k)))
                && (at.saturating_sub(3)..at + 3).any(|k| sent.word(k) == "had"))
    };
    // "since the elections of February 2024", "until Monday": a reference point, not the
    // event's day.
    // Unless the trigger itself stands in that clause ("since Modi made a stop in Lahore
    // on Christmas Day").
    let reference = |t: &TimeExpr| reference_at(sent, t).is_some_and(|k| !(k < at && at < t.tok));
    // "a protest over Sunday's suicide attack": a weekday in the possessive dates the
    // noun after it, not another trigger.
    let possessive = |t: &TimeExpr| {
        dates::WEEKDAYS.contains(&sent.word(t.tok)) && sent.toks[t.tok].possessive && !(t.tok + 1..t.tok + 4).contains(&at)
    };
    // "summoned … to protest over the killing of soldiers on October 21": the day of
    // what the summons is about.
    let protested_over = |t: &TimeExpr| {
        own == EventType::EnvoySummoned
            && t.tok > at
            && (at..t.tok).rev().take_while(|&k| !matches!(sent.word(k), "," | ";")).any(|k| matches!(sent.word(k), "over" | "against" | "regarding" | "concerning"))
    };
    times
        .iter()
        .filter(|t| !matches!(t.when, When::Shift(_)) || t.tok < at)
        .filter(|t| !report(t) && !reference(t) && !owned_by_later(t) && !possessive(t) && !protested_over(t))
        .min_by_key(|t| (t.tok.abs_diff(at), t.tok > at))
        .map(|t| t.when)
}

/// Where the "since", "until" or "till" stands that makes a time a reference point.
fn reference_at(sent: &Sentence<'_>, t: &TimeExpr) -> Option<usize> {
    (t.tok.saturating_sub(9)..t.tok)
        .rev()
        .take_while(|&k| !matches!(sent.word(k), "," | ";"))
        .find(|&k| matches!(sent.word(k), "since" | "until" | "till"))
}

/// "has summoned", "have recalled", "has also called in": a perfect tense right before the trigger.
fn present_perfect(sent: &Sentence<'_>, at: usize) -> bool {
    (at.saturating_sub(3)..at).any(|k| matches!(sent.word(k), "has" | "have"))
        && !(at.saturating_sub(3)..at).any(|k| matches!(sent.word(k), "had" | "been"))
}

/// Whether the trigger sits in a clause after "days after", "a week after", "weeks
/// after" (an earlier episode the sentence does not date), with no time of its own.
fn vague_after(sent: &Sentence<'_>, times: &[TimeExpr], at: usize) -> bool {
    let from = at.saturating_sub(14);
    let Some(after) = (from..at).rev().take_while(|&k| !matches!(sent.word(k), ";" | ".")).find(|&k| sent.word(k) == "after") else {
        return false;
    };
    let vague = after >= 1 && matches!(sent.word(after - 1), "days" | "weeks" | "week" | "months" | "hours" | "shortly" | "soon");
    let exact_shift = times.iter().any(|t| matches!(t.when, When::Shift(_)) && t.tok + 3 >= after && t.tok <= after);
    vague && !exact_shift && !times.iter().any(|t| t.tok > after && t.tok < at + 6)
}

struct Ctx<'a> {
    dict: &'a Dictionary,
    sent: &'a Sentence<'a>,
    trigger: Hit,
    home: Option<usize>,
    article_groups: &'a [usize],
    dateline_city: Option<u32>,
    /// Whether aircraft belong to the target (a downing), so their owner is not the actor.
    owned_words: bool,
}

type Found = (Actor, Actor, Option<(usize, String, String)>, Option<Fatalities>, Option<u32>, f64, Option<EventType>);

fn other(side: usize) -> usize {
    1 - side
}

/// The side a mention stands for (a state, a person, an organ of the home state).
fn side_of(ctx: &Ctx<'_>, e: Entry) -> Option<usize> {
    match e {
        Entry::State(i) => Some(i),
        Entry::Organ => ctx.home,
        _ => None,
    }
}

/// Whether the state mention `m` owns an envoy ("Pakistan's ambassador", "the Indian
/// High Commissioner", "the ambassador of Pakistan").
fn is_owner(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    // "Pakistan's ambassador", "the Pakistani deputy high commissioner": only titles between.
    let after = (m.1..(m.1 + 4).min(sent.toks.len()))
        .take_while(|&i| ENVOY_WORDS.contains(&sent.word(i)) || ENVOY_FILLERS.contains(&sent.word(i)))
        .any(|i| ENVOY_WORDS.contains(&sent.word(i)));
    // "the Pakistan High Commission official", "the Afghan embassy's representative".
    let mission_staff = (m.1..(m.1 + 4).min(sent.toks.len()))
        .take_while(|&i| ENVOY_FILLERS.contains(&sent.word(i)) || MISSIONS.contains(&sent.word(i)))
        .any(|i| MISSIONS.contains(&sent.word(i)) && matches!(sent.word(i + 1), "official" | "officials" | "representative" | "diplomat" | "staffer"));
    let after = after || mission_staff;
    let before = m.0 >= 2 && sent.word(m.0 - 1) == "of" && ENVOY_WORDS.contains(&sent.word(m.0 - 2))
        || m.0 >= 3 && sent.word(m.0 - 1) == "of" && ENVOY_WORDS.contains(&sent.word(m.0 - 3));
    after || before
}

fn after_prep(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    if m.0 == 0 {
        return false;
    }
    let mut i = m.0 - 1;
    // Skip "the", "its".
    while i > 0 && matches!(sent.word(i), "the" | "its" | "their" | "neighbouring" | "neighboring") {
        i -= 1;
    }
    // "According to the ISPR": the source speaks, it is not an object.
    let according = sent.word(i) == "to" && i >= 1 && sent.word(i - 1) == "according";
    // "the foreign minister of Afghanistan arrived": the state owns the office holder who acts.
    let office_of = sent.word(i) == "of"
        && i >= 1
        && matches!(
            sent.word(i - 1),
            "minister" | "president" | "premier" | "chief" | "secretary" | "spokesman" | "spokesperson" | "government" | "ministry"
                | "army" | "forces" | "leader" | "officials" | "delegation"
        );
    (OBJECT_PREPS.contains(&sent.word(i)) && !according && !office_of)
        || matches!(sent.word(i), "sent" | "told" | "gave" | "handed" | "urged" | "asked" | "summoned" | "accused" | "accusing" | "blamed" | "hit" | "struck")
}

/// The acting state: the nearest state mention before the trigger that is not an
/// envoy's owner nor a place or object; else "by X" after it.
fn subject(ctx: &Ctx<'_>) -> Option<usize> {
    let sent = ctx.sent;
    let t = ctx.trigger;
    if let Some(a) = by_agent(ctx) {
        return Some(a);
    }
    // "an official complaint from Islamabad to Iranian diplomats": the sender.
    if t.end >= 1
        && matches!(sent.word(t.end - 1), "protest" | "complaint" | "demarche" | "démarche" | "note" | "letter")
        && sent.word(t.end) == "from"
        && let Some(side) = sent.actors.iter().find(|m| m.0 == t.end + 1 || (m.0 == t.end + 2 && sent.word(t.end + 1) == "the")).and_then(|m| side_of(ctx, m.2))
    {
        return Some(side);
    }
    // "against New Delhi's expulsion of …": the state whose act the trigger names.
    if let Some(side) = sent.actors.iter().rev().filter(|m| m.1 == t.start && m.1 >= 1).find_map(|&m| {
        if sent.toks[m.1 - 1].possessive && !is_owner(sent, m) { side_of(ctx, m.2) } else { None }
    }) {
        return Some(side);
    }
    // "… from Islamabad, which recalled …": the head of a relative clause acts.
    if let Some(side) = sent.actors.iter().rev().filter(|m| m.1 + 3 <= t.start + 1).find_map(|&m| {
        let rel = sent.word(m.1) == "," && matches!(sent.word(m.1 + 1), "which" | "who") && m.1 + 2 + 2 >= t.start;
        if rel { side_of(ctx, m.2) } else { None }
    }) {
        return Some(side);
    }
    for &m in sent.actors.iter().rev() {
        if m.1 > t.start {
            continue;
        }
        if let Some(side) = side_of(ctx, m.2)
            && !is_owner(sent, m)
            && !sponsor_of_group(sent, m)
            && !(ctx.owned_words && owns_aircraft(sent, m))
            && !after_prep(sent, m)
            && !names_a_thing(sent, m)
            && !agent_of_earlier(sent, m)
            && !(m.0.saturating_sub(3)..m.0).any(|k| sent.word(k) == "between")
        {
            return Some(side);
        }
    }
    None
}

/// "such a provocative action by Pakistan, which revealed its complicity in abetting":
/// a state after "by" before the trigger is the agent of an earlier word, not the subject.
fn agent_of_earlier(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    // Also the organ after a state there: "by Pakistan's army".
    let owner_between = m.0 >= 2 && (sent.toks[m.0 - 1].possessive || is_demonym(sent, (m.0 - 1, m.0, m.2)));
    m.0 >= 1 && sent.word(m.0 - 1) == "by"
        || m.0 >= 2 && sent.word(m.0 - 1) == "the" && sent.word(m.0 - 2) == "by"
        || owner_between && sent.word(m.0 - 2) == "by"
}

/// Whether the mention of `side` nearest before the trigger is followed by a demand
/// made of it ("Pakistan to", "Afghanistan must", "side has been asked to").
fn addressee(ctx: &Ctx<'_>, side: usize) -> bool {
    let sent = ctx.sent;
    let Some(&m) = sent.actors.iter().rev().find(|m| m.1 <= ctx.trigger.start && side_of(ctx, m.2) == Some(side)) else {
        return false;
    };
    // "… side has been asked to …", with the passive verb as the trigger.
    let t = ctx.trigger.start;
    let passive = |k: usize| matches!(sent.word(k), "been" | "was" | "were" | "is" | "are");
    if t >= 1
        && (passive(t - 1) || t >= 2 && matches!(sent.word(t - 1), "also" | "again" | "repeatedly" | "further") && passive(t - 2))
        && matches!(sent.word(t), "asked" | "urged" | "told" | "called" | "expected")
    {
        return true;
    }
    // "Iranian soil", "Afghan territory": the state whose ground is used is blamed.
    if matches!(sent.word(m.1), "soil" | "territory") {
        return true;
    }
    // "marched through the streets of Kabul to condemn": a place, not an addressee.
    if m.0 >= 1 && matches!(sent.word(m.0 - 1), "of" | "in" | "through" | "from" | "into") {
        return false;
    }
    let end = (m.1 + 5).min(ctx.trigger.start.max(m.1));
    let mut passive = false;
    for i in m.1..end {
        let w = sent.word(i);
        if sent.actors.iter().any(|a| a.0 == i) || matches!(w, "," | ";" | "said" | "says") {
            return false;
        }
        if matches!(w, "must" | "should") || (w == "to" && !passive && !matches!(sent.word(i.saturating_sub(1)), "due" | "close" | "next")) {
            // "Pakistan to act", "Kabul needs to", but not "Afghans marched to condemn":
            // only words of a demand stand between the state and "to".
            let demand_words = !(m.1..i).any(|k| {
                let w = sent.word(k);
                (w.ends_with("ed") && !matches!(w, "needed" | "required" | "obliged" | "expected" | "asked" | "urged" | "called"))
                    || matches!(w, "went" | "came" | "rallied" | "gathered" | "took" | "began" | "moved")
            });
            return (i <= m.1 + 3 && (w != "to" || demand_words)) || passive;
        }
        if matches!(w, "asked" | "urged" | "told" | "called") && i > m.1 && matches!(sent.word(i - 1), "been" | "was" | "were" | "is" | "are") {
            passive = true;
        }
        if passive && w == "to" {
            return true;
        }
    }
    passive
}

/// Whether the actor nearest before the trigger (not an object, not an envoy's owner),
/// or the agent after "by", is a state or body outside the dyad.
fn third_party_acts(ctx: &Ctx<'_>) -> bool {
    let sent = ctx.sent;
    let t = ctx.trigger;
    if let Some(m) = by_mentions(ctx).next() {
        return m.2 == Entry::Third;
    }
    let subject = sent
        .actors
        .iter()
        .rev()
        .filter(|m| m.1 <= t.start && !(m.1..t.start).any(|k| matches!(sent.word(k), ";")))
        .find(|&&m| !is_owner(sent, m) && !after_prep(sent, m) && !sponsor_of_group(sent, m));
    subject.is_some_and(|m| m.2 == Entry::Third)
}

fn owns_aircraft(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    (m.1..(m.1 + 3).min(sent.toks.len())).any(|i| matches!(sent.word(i), "drone" | "unmanned" | "uav" | "aircraft" | "jet"))
}

/// A state adjective on a thing or people it does not speak for ("Indian missile",
/// "Pakistani territory", "Afghan nationals"): no subject of a summons or a protest.
fn names_a_thing(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    is_demonym(sent, m)
        && matches!(
            sent.word(m.1),
            "missile" | "projectile" | "drone" | "shell" | "shells" | "territory" | "soil" | "airspace" | "nationals"
                | "citizens" | "prisoners" | "fishermen" | "pilgrims" | "village" | "villages" | "town" | "posts"
                | "refugees" | "traders" | "trucks" | "capital" | "city" | "province"
        )
}

/// A state adjective ("Pakistani", "Iranian", "Afghan"), as opposed to its name.
fn is_demonym(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    // The first word: "Pakistani military" is a demonym and its noun.
    let w = sent.word(m.0);
    w.ends_with("ian") || w.ends_with("ani") || w == "afghan"
}

/// The mentions just after the trigger that follow "by" ("by Pakistani forces").
fn by_mentions<'a>(ctx: &'a Ctx<'_>) -> impl Iterator<Item = (usize, usize, Entry)> + 'a {
    let sent = ctx.sent;
    let t = ctx.trigger;
    sent.actors.iter().copied().filter(move |m| {
        m.0 >= t.end && m.0 <= t.end + 6 && (m.0 >= 1 && sent.word(m.0 - 1) == "by" || m.0 >= 2 && sent.word(m.0 - 2) == "by")
    })
}

fn by_agent(ctx: &Ctx<'_>) -> Option<usize> {
    by_mentions(ctx).filter(|&m| !sponsor_of_group(ctx.sent, m)).find_map(|m| side_of(ctx, m.2))
}

/// "Pakistan-based militants", "Iran-backed groups", "Indian-controlled Kashmir": the
/// state qualifies a group or a place, it does not act.
fn sponsor_of_group(sent: &Sentence<'_>, m: (usize, usize, Entry)) -> bool {
    matches!(
        sent.word(m.1),
        "based" | "backed" | "sponsored" | "trained" | "supported" | "controlled" | "administered" | "held" | "occupied"
    )
}

/// Whether a state mention before the trigger (at `at`) can be its author: not its
/// ground ("Pakistani territory and attacked"), not qualifying a group or a place, and
/// not across an "and" from it.
fn may_author(sent: &Sentence<'_>, m: (usize, usize, Entry), at: usize) -> bool {
    (m.1.min(at)..at).all(|i| sent.word(i) != "and")
        && !matches!(sent.word(m.1), "territory" | "soil" | "airspace" | "side")
        // "the Iranian border" is ground; "Iranian border guards" act.
        && (sent.word(m.1) != "border"
            || matches!(sent.word(m.1 + 1), "guards" | "guard" | "forces" | "force" | "police" | "troops" | "personnel" | "security"))
        && !sponsor_of_group(sent, m)
}

/// A state adjective right before the trigger ("Pakistani air strikes", "Iranian strike").
fn adjective_actor(ctx: &Ctx<'_>) -> Option<usize> {
    let sent = ctx.sent;
    let t = ctx.trigger;
    sent.actors.iter().rev().find_map(|&m| {
        // The mention may end inside the trigger ("Afghan forces" + "forces firing").
        // Not a state's ground ("Pakistani territory and attacked").
        let close = m.0 < t.start
            && t.start.saturating_sub(m.1) <= 2
            && (m.1.min(t.start)..t.start).all(|i| sent.toks[i].kind != Kind::Punct)
            && may_author(sent, m, t.start);
        if close { side_of(ctx, m.2) } else { None }
    })
}

fn states_mentioned(ctx: &Ctx<'_>) -> Vec<usize> {
    let mut v: Vec<usize> = ctx.sent.actors.iter().filter_map(|&m| side_of(ctx, m.2)).collect();
    v.sort_unstable();
    v.dedup();
    v
}

/// Both states named together ("Pakistan and Iran", "the two countries").
fn joint(ctx: &Ctx<'_>) -> bool {
    let sent = ctx.sent;
    for w in sent.actors.windows(2) {
        let (a, b) = (w[0], w[1]);
        if let (Some(x), Some(y)) = (side_of(ctx, a.2), side_of(ctx, b.2))
            && x != y
            && b.0 == a.1 + 1
            && matches!(sent.word(a.1), "and" | ",")
        {
            return true;
        }
    }
    (0..sent.toks.len()).any(|i| {
        matches!(sent.word(i), "two" | "both")
            && matches!(sent.word(i + 1), "countries" | "sides" | "nations" | "neighbours" | "neighbors" | "leaders" | "ministers")
            || sent.word(i) == "two" && sent.word(i + 2) == "ministers"
    })
}

fn ordered(a: usize, b: usize, ctx: &Ctx<'_>) -> (Actor, Actor) {
    let ids = &ctx.dict.dyad.states;
    if ids[a].id <= ids[b].id { (Actor::State(a), Actor::State(b)) } else { (Actor::State(b), Actor::State(a)) }
}

fn place_tuple(ctx: &Ctx<'_>, p: u32) -> (usize, String, String) {
    place_of(ctx.dict, p)
}

/// The (state, province, district) of gazetteer entry `p`.
fn place_of(dict: &Dictionary, p: u32) -> (usize, String, String) {
    let pl = &dict.places[p as usize];
    (pl.side, pl.admin1.clone(), pl.admin2.clone())
}

/// The place of a violent event: the sentence's places; one province with its district
/// when all agree, else the province alone.
fn sentence_place(ctx: &Ctx<'_>, side: Option<usize>) -> Option<(usize, String, String)> {
    let places: Vec<(usize, String, String)> = ctx
        .sent
        .places
        .iter()
        .filter(|&&(_, _, p)| !ctx.dict.capitals.contains(&Some(p)))
        .map(|&(_, _, p)| place_tuple(ctx, p))
        .filter(|p| side.is_none_or(|s| p.0 == s))
        .collect();
    let first = places.first()?.clone();
    let same_admin1: Vec<_> = places.iter().filter(|p| p.1 == first.1 && p.0 == first.0).collect();
    let mut districts: Vec<&str> = same_admin1.iter().map(|p| p.2.as_str()).filter(|d| !d.is_empty()).collect();
    districts.sort_unstable();
    districts.dedup();
    let admin2 = if districts.len() == 1 { districts[0].to_string() } else { String::new() };
    Some((first.0, first.1, admin2))
}

fn code(ctx: &Ctx<'_>, roles: Roles, event_type: EventType) -> Vec<Found> {
    let sent = ctx.sent;
    match roles {
        Roles::Force => force(ctx, None).into_iter().collect(),
        Roles::Attack => {
            // A state named as the author makes it a use of force across the border.
            let adjective = ctx.sent.actors.iter().rev().find(|&&m| {
                m.1 <= ctx.trigger.start
                    && ctx.trigger.start - m.1 <= 2
                    && may_author(ctx.sent, m, ctx.trigger.start)
                    && is_demonym(ctx.sent, m)
                    // "Pakistani civilians martyred": victims, not authors ("Iranian
                    // border guards attacked" keeps its author).
                    && !(VICTIM_WORDS.contains(&ctx.sent.word(m.1))
                        && matches!(ctx.sent.word(ctx.trigger.start), "martyred" | "killed" | "killing" | "shot" | "slain" | "massacre"))
                    && side_of(ctx, m.2).is_some()
            });
            if let Some(a) = adjective.and_then(|&m| side_of(ctx, m.2)).or_else(|| by_agent(ctx)) {
                return force(ctx, Some(a));
            }
            insurgent(ctx, false)
        }
        Roles::Insurgent => insurgent(ctx, true),
        Roles::Directed | Roles::Envoy => {
            // A crossing closed or opened is placed where the sentence names it; "the
            // Torkham crossing … reopened", "the government had shut the Taftan border":
            // with no subject, it is opened or closed by the state it lies in.
            let crossing_place = match event_type {
                EventType::BorderClosure | EventType::BorderOpening => sentence_place(ctx, None),
                _ => None,
            };
            let actor = subject(ctx).or_else(|| crossing_place.as_ref().map(|p| p.0)).or_else(|| {
                // No subject: the state acted on is named after the trigger (or owns the envoy).
                let after = sent.actors.iter().find(|m| m.0 >= ctx.trigger.end).and_then(|m| side_of(ctx, m.2));
                let owner = sent.actors.iter().find(|&&m| is_owner(sent, m)).and_then(|m| side_of(ctx, m.2));
                owner.or(after).map(other)
            });
            // "the Iranian drone was brought down": the aircraft's owner is the target.
            let actor = actor.or_else(|| {
                if !ctx.owned_words {
                    return None;
                }
                sent.actors.iter().find(|&&m| owns_aircraft(sent, m)).and_then(|m| side_of(ctx, m.2)).map(other)
            });
            // "militants from inside Afghanistan", "from Afghan soil": the state the trigger
            // itself names is the one blamed.
            let named_in_trigger = sent
                .actors
                .iter()
                .filter(|m| m.0 >= ctx.trigger.start && m.1 <= ctx.trigger.end)
                .find_map(|m| side_of(ctx, m.2));
            // "India's sponsorship of terrorism": the state whose deed the accusation names.
            let possessor = sent
                .actors
                .iter()
                .find(|m| m.1 == ctx.trigger.start && m.1 >= 1 && sent.toks[m.1 - 1].possessive)
                .and_then(|m| side_of(ctx, m.2));
            // "an infiltration bid by Pakistan terrorists", "abetted by Pakistan Army": the
            // doer of a blamed deed, not the accuser (a passive verb's agent accuses).
            let by_doer = if event_type == EventType::Accusation
                && !matches!(sent.word(ctx.trigger.start), "accused" | "blamed" | "urged" | "asked" | "told" | "demanded" | "held" | "criticised" | "criticized")
            {
                by_mentions(ctx).find_map(|m| side_of(ctx, m.2))
            } else {
                None
            };
            // "Iran held the Pakistani government responsible": the state between the verb
            // and "responsible" is blamed; without one, nothing is coded.
            let held = if event_type == EventType::Accusation && sent.word(ctx.trigger.start) == "responsible" {
                let Some(v) = (ctx.trigger.start.saturating_sub(7)..ctx.trigger.start).rev().find(|&k| matches!(sent.word(k), "held" | "holds" | "hold" | "holding"))
                else {
                    return vec![];
                };
                let Some(blamed) = sent.actors.iter().filter(|m| m.0 > v && m.1 <= ctx.trigger.start).find_map(|m| side_of(ctx, m.2)) else {
                    return vec![];
                };
                Some(blamed)
            } else {
                None
            };
            let actor = match (event_type, held.or(named_in_trigger).or(possessor).or(by_doer)) {
                (EventType::Accusation, Some(blamed)) => Some(other(blamed)),
                _ => actor,
            };
            let Some(mut a) = actor else { return vec![] };
            if event_type == EventType::Accusation && named_in_trigger.is_none() && addressee(ctx, a) {
                // "We expect Pakistan to confront…", "Afghanistan must…", "the Iranian side
                // has been asked to…": the state named is the one blamed.
                a = other(a);
            }
            if event_type == EventType::Accusation && !states_mentioned(ctx).contains(&other(a)) {
                return vec![];
            }
            vec![(Actor::State(a), Actor::State(other(a)), crossing_place, None, None, 1.0, None)]
        }
        Roles::Joint => {
            let states = states_mentioned(ctx);
            if joint(ctx) || (states.len() == 2 && subject(ctx).is_none()) {
                let (a, t) = ordered(0, 1, ctx);
                return vec![(a, t, None, None, None, 1.0, None)];
            }
            match subject(ctx).or_else(|| states.first().copied()) {
                Some(a) => vec![(Actor::State(a), Actor::State(other(a)), None, None, None, 0.9, None)],
                None => vec![],
            }
        }
        Roles::Leader => {
            let t = ctx.trigger;
            // "sworn in as prime minister of Pakistan"; not a state further on ("…, received
            // calls from the President of Iran"); else the state before it, else the dateline's.
            let after = sent
                .actors
                .iter()
                .filter(|m| m.0 >= t.end && m.0 <= t.end + 6 && !(m.0 >= 1 && matches!(sent.word(m.0 - 1), "from" | "by")))
                .find_map(|m| side_of(ctx, m.2));
            let before = sent.actors.iter().rev().filter(|m| m.1 <= t.start).find_map(|m| side_of(ctx, m.2));
            match after.or(before).or(ctx.home) {
                Some(s) => vec![(Actor::State(s), Actor::State(s), None, None, None, 1.0, None)],
                None => vec![],
            }
        }
        Roles::Visit => {
            let t = ctx.trigger;
            // "the visit of the Iranian foreign minister", "visit by".
            let of_agent = sent
                .actors
                .iter()
                .filter(|m| m.0 >= t.end && m.0 <= t.end + 3 && matches!(sent.word(t.end), "of" | "by"))
                .find_map(|m| side_of(ctx, m.2));
            let city = sent.places.iter().find(|p| p.0 >= t.end).map(|p| p.2);
            // "… met his Iranian counterpart in Tehran": the city visited says who came,
            // whatever state is named first. "The Iranian minister thanked the COAS for his
            // visit", "welcomed", "hosted": the subject is the host.
            let host_verb = (0..t.start).any(|k| matches!(sent.word(k), "thanked" | "welcomed" | "hosted" | "received" | "greeted"));
            let near_city = sent
                .places
                .iter()
                .find(|p| {
                    p.0 >= t.end
                        && p.0 <= t.end + 8
                        && !(t.end..p.0).any(|k| sent.toks[k].kind == Kind::Punct || matches!(sent.word(k), "since" | "after" | "before" | "when" | "while" | "of"))
                })
                .map(|p| p.2);
            let visitor = of_agent
                .or_else(|| near_city.map(|c| other(ctx.dict.places[c as usize].side)))
                .or_else(|| subject(ctx).map(|s| if host_verb { other(s) } else { s }));
            let Some(v) = visitor else { return vec![] };
            let host = other(v);
            let city = city
                .filter(|&c| ctx.dict.places[c as usize].side == host)
                .or(ctx.dateline_city.filter(|&c| ctx.dict.places[c as usize].side == host && !ctx.dict.places[c as usize].admin2.is_empty()));
            // No city named: the country only, so that a mention naming the city folds in;
            // the capital is filled in after folding.
            // The host must be named, or the city visited, or be where the article was filed.
            let filed_at_host = ctx.dateline_city.is_some_and(|c| ctx.dict.places[c as usize].side == host);
            if !states_mentioned(ctx).contains(&host)
                && sent.places.iter().all(|p| ctx.dict.places[p.2 as usize].side != host)
                && !filed_at_host
            {
                return vec![];
            }
            let place = city.map(|c| place_tuple(ctx, c)).unwrap_or((host, String::new(), String::new()));
            vec![(Actor::State(v), Actor::State(host), Some(place), None, None, 1.0, None)]
        }
        Roles::Restored => {
            let owners: Vec<usize> = {
                let mut v: Vec<usize> = sent.actors.iter().filter(|&&m| is_owner(sent, m)).filter_map(|m| side_of(ctx, m.2)).collect();
                v.sort_unstable();
                v.dedup();
                v
            };
            let sides = if owners.is_empty() { subject(ctx).into_iter().collect() } else { owners };
            sides.into_iter().map(|s| (Actor::State(s), Actor::State(other(s)), None, None, None, 1.0, None)).collect()
        }
    }
}

/// A state's use of force on the other's territory; one event per province named
/// when the sentence names several.
fn force(ctx: &Ctx<'_>, known: Option<usize>) -> Vec<Found> {
    let sent = ctx.sent;
    if known.is_none() && mutual_exchange(ctx) {
        // "India and Pakistan exchanged fire", "Afghan and Pakistani forces fought each
        // other": no side is said to have started it, so the ids go in alphabetical order.
        let (a, t) = ordered(0, 1, ctx);
        let tolls = fatalities(sent);
        let place = sentence_place(ctx, None);
        return vec![(a, t, place, tolls.best, tolls.attackers, 0.9, Some(EventType::CrossBorderStrike))];
    }
    // "Terrorists inside Afghanistan opened fire across the border on a post": militants'
    // fire is their attack, not a state's strike.
    let t0 = ctx.trigger.start;
    let militants_fired = known.is_none()
        && sent.actors.iter().any(|m| {
            matches!(m.2, Entry::Unnamed | Entry::Group(_))
                && m.1 <= t0
                && t0 - m.1 <= 4
                && !sent.actors.iter().any(|x| x.0 >= m.1 && x.1 <= t0 && matches!(x.2, Entry::State(_)) && !after_prep(sent, *x))
        });
    if militants_fired {
        return insurgent(ctx, true);
    }
    // "a clash between …" that is not between the two states' forces is no strike.
    if (ctx.trigger.start..ctx.trigger.end).any(|i| sent.word(i) == "between") {
        return vec![];
    }
    // "Pakistan summoned India's deputy high commissioner over ceasefire violations": the
    // envoy's state is the one accused of firing.
    let summons = (0..sent.toks.len()).any(|k| {
        matches!(sent.word(k), "summoned" | "summons" | "summoning" | "protest" | "protested")
            || matches!(sent.word(k), "calls" | "called" | "call") && sent.word(k + 1) == "in"
    });
    let owner = if summons { sent.actors.iter().find(|&&m| is_owner(sent, m)).and_then(|m| side_of(ctx, m.2)) } else { None };
    // "A Pakistani soldier was killed by Indian troops": the agent after "by" fired, not
    // the victims' adjective.
    let actor = known.or(owner).or_else(|| fire_from(ctx)).or_else(|| by_agent(ctx)).or_else(|| adjective_actor(ctx)).or_else(|| {
        // The subject, unless it is where the strike fell.
        subject(ctx)
    });
    let place_side = sent.places.iter().find(|p| !ctx.dict.capitals.contains(&Some(p.2))).map(|p| ctx.dict.places[p.2 as usize].side);
    let insurgents_named = sent.actors.iter().any(|m| matches!(m.2, Entry::Unnamed | Entry::Group(_)) && m.0 < ctx.trigger.start);
    if actor.is_none() && insurgents_named {
        return vec![];
    }
    // "Border clashes with Pakistan leave 15 Afghan civilians dead": the fire fell on the
    // victims' state.
    let actor = actor.or_else(|| victims_state(ctx).map(other));
    let actor = match actor {
        Some(a) => a,
        None => match place_side {
            Some(s) => other(s),
            None => {
                // A state named as where the strikes fell ("strikes on Pakistan").
                let target = sent.actors.iter().find(|&&m| after_prep(sent, m)).and_then(|m| side_of(ctx, m.2));
                match target {
                    Some(t) => other(t),
                    None => return vec![],
                }
            }
        },
    };
    let target = other(actor);
    if states_mentioned(ctx).len() < 2 && place_side != Some(target) && known.is_none() {
        // Nothing says the force crossed the border.
        return vec![];
    }
    let tolls = fatalities(sent);
    // Provinces of the target named in the sentence.
    let mut provinces: Vec<(usize, (usize, String, String))> = Vec::new();
    for &(start, _, p) in &sent.places {
        if ctx.dict.capitals.contains(&Some(p)) {
            continue;
        }
        let pl = place_tuple(ctx, p);
        if pl.0 != target {
            continue;
        }
        match provinces.iter_mut().find(|(_, q)| q.1 == pl.1) {
            Some((_, q)) => {
                if q.2 != pl.2 {
                    q.2 = if q.2.is_empty() { pl.2.clone() } else { String::new() };
                }
            }
            None => provinces.push((start, pl)),
        }
    }
    if provinces.len() <= 1 {
        let place = provinces.pop().map(|(_, p)| p).unwrap_or((target, String::new(), String::new()));
        return vec![(Actor::State(actor), Actor::State(target), Some(place), tolls.best, tolls.attackers, 1.0, Some(EventType::CrossBorderStrike))];
    }
    // Several provinces: each toll goes with the province named nearest after it.
    provinces
        .iter()
        .map(|(start, p)| {
            let own: Vec<&(usize, u32)> = tolls
                .deaths
                .iter()
                .filter(|(at, _)| provinces.iter().filter(|(s, _)| s >= at).min_by_key(|(s, _)| *s).is_some_and(|(s, _)| s == start))
                .collect();
            let best = own.first().map(|&&(_, n)| Fatalities::exact(n)).or(if tolls.deaths.is_empty() { tolls.best.filter(|f| f.best == 0) } else { None });
            (Actor::State(actor), Actor::State(target), Some(p.clone()), best, None, 0.95, Some(EventType::CrossBorderStrike))
        })
        .collect()
}

/// The state the fire came from, named right after the trigger ("shelling from
/// Pakistan", "firing from the Afghan side").
fn fire_from(ctx: &Ctx<'_>) -> Option<usize> {
    let sent = ctx.sent;
    let t = ctx.trigger;
    let near = sent
        .actors
        .iter()
        .filter(|m| m.0 >= t.end && m.0 <= t.end + 2)
        .filter(|m| (t.end..m.0).any(|i| sent.word(i) == "from") && (t.end..m.0).all(|i| matches!(sent.word(i), "from" | "the")))
        .find_map(|m| side_of(ctx, m.2));
    // "fired into Afghanistan from neighbouring Pakistan": a "from" a few words on, in
    // the same clause, or the state the fire went into.
    near.or_else(|| {
        let clause_end = (t.end..(t.end + 8).min(sent.toks.len())).find(|&i| sent.toks[i].kind == Kind::Punct).unwrap_or((t.end + 8).min(sent.toks.len()));
        let from = sent.actors.iter().filter(|m| m.0 > t.end && m.0 < clause_end).find(|m| {
            (m.0.saturating_sub(2)..m.0).any(|i| sent.word(i) == "from") && (m.0.saturating_sub(2)..m.0).all(|i| matches!(sent.word(i), "from" | "the" | "neighbouring" | "neighboring"))
        });
        let into = || sent.actors.iter().filter(|m| m.0 == t.end + 1 && sent.word(t.end) == "into").find_map(|m| side_of(ctx, m.2)).map(other);
        from.and_then(|m| side_of(ctx, m.2)).or_else(|| if (t.start..t.end).any(|i| sent.word(i).starts_with("fire")) { into() } else { None })
    })
}

/// A two-sided use of force with both states as its joint subject or object ("India
/// and Pakistan exchanged fire", "a clash between Pakistani forces and the Afghan
/// Taliban").
fn mutual_exchange(ctx: &Ctx<'_>) -> bool {
    let sent = ctx.sent;
    let t = ctx.trigger;
    let two_sided = (t.start..t.end).any(|i| {
        matches!(
            sent.word(i),
            "exchanged" | "exchange" | "exchanges" | "exchanging" | "traded" | "fought" | "clash" | "clashes" | "clashed" | "crossfire" | "fighting" | "firing"
        )
    });
    if !two_sided || states_mentioned(ctx).len() < 2 {
        return false;
    }
    let near: Vec<usize> = sent
        .actors
        .iter()
        .filter(|m| m.1 + 6 >= t.start && m.0 <= t.end + 6)
        .filter_map(|m| side_of(ctx, m.2))
        .collect();
    let both_near = near.contains(&0) && near.contains(&1);
    let between = (t.start..(t.end + 3).min(sent.toks.len())).any(|i| sent.word(i) == "between");
    both_near && (joint(ctx) || between)
}

fn insurgent(ctx: &Ctx<'_>, sure: bool) -> Vec<Found> {
    let sent = ctx.sent;
    let dict = ctx.dict;
    let tolls = fatalities(sent);
    let place = sentence_place(ctx, None);
    let named_group = sent.actors.iter().find_map(|m| match m.2 {
        Entry::Group(g) => Some(g),
        _ => None,
    });
    let unnamed = sent.actors.iter().any(|m| m.2 == Entry::Unnamed);
    if !sure && named_group.is_none() && !unnamed && tolls.best.is_none() {
        return vec![];
    }
    if tolls.best.is_none() && place.is_none() && named_group.is_none() {
        return vec![];
    }
    // The state attacked: the victims' state where the sentence names their nationality
    // ("nine Pakistanis", "Iranian border guards"), else where it happened, else the
    // state named after the trigger (not an origin: "attack from Iran"), else the group's.
    // Nor "the border with Afghanistan", which only says where.
    let after_from = |m: &(usize, usize, Entry)| m.0 >= 1 && matches!(sent.word(m.0 - 1), "from" | "with");
    let named_victims = victims_state(ctx);
    let victims = sent
        .actors
        .iter()
        .filter(|m| m.0 >= ctx.trigger.start && !after_from(m) && !sponsor_of_group(sent, **m))
        .find_map(|m| side_of(ctx, m.2));
    let target = named_victims
        .or(place.as_ref().map(|p| p.0))
        .or(victims)
        .or(named_group.map(|g| dict.dyad.groups[g].side))
        .or_else(|| sent.actors.iter().filter(|m| !after_from(m)).find_map(|m| side_of(ctx, m.2)));
    let Some(target) = target else { return vec![] };
    let group = named_group
        .filter(|&g| dict.dyad.groups[g].side == target)
        .or_else(|| ctx.article_groups.iter().copied().find(|&g| dict.dyad.groups[g].side == target))
        .or_else(|| {
            let admin1 = place.as_ref().map(|p| p.1.as_str())?;
            dict.default_groups.iter().find(|(g, a)| dict.dyad.groups[*g].side == target && a.iter().any(|x| x == admin1)).map(|(g, _)| *g)
        });
    // The scenario names the states its insurgent groups attack; unnamed militants'
    // attacks on a state that no group of the scenario attacks (Afghanistan in the
    // Pakistan–Afghanistan system) are outside the system and not coded.
    if group.is_none() && named_group.is_none() && !dict.dyad.groups.iter().any(|g| g.side == target) {
        return vec![];
    }
    let actor = match group {
        Some(g) => dict.dyad.group(g),
        None => Actor::Insurgents(target),
    };
    // Where it happened, on either side (Pakistanis killed in Saravan stay in Iran).
    // A place on the target's side wins over one on the other ("terrorists based in
    // Paktika attacked troops in North Waziristan").
    let place = sentence_place(ctx, Some(target))
        .or(place.filter(|p| p.0 == target || named_victims.is_some()))
        .unwrap_or((target, String::new(), String::new()));
    vec![(actor, Actor::State(target), Some(place), tolls.best, tolls.attackers, if sure { 1.0 } else { 0.85 }, Some(EventType::InsurgentAttack))]
}

/// "the alleged incident", "the Pakistani action": a word that may stand between "the"
/// and a referent.
fn referent_adjective(w: &str) -> bool {
    matches!(w, "alleged" | "reported" | "latest") || w.ends_with("ian") || w.ends_with("ani") || w == "afghan"
}

/// Nouns after a possessive weekday that name a violent episode ("Thursday's attack").
const EPISODE_NOUNS: [&str; 16] = [
    "attack", "attacks", "raid", "raids", "airstrikes", "strikes", "strike", "bombing", "incident", "skirmish", "firing",
    "shelling", "blast", "assault", "ambush", "clash",
];

/// Nouns by which a later sentence refers back to a violent event ("in the firing").
const TOLL_REFERENTS: [&str; 19] = [
    "incident", "attack", "shelling", "firing", "blast", "strike", "strikes", "explosion", "bombing", "exchange", "violation",
    "violations", "breach", "clash", "clashes", "raid", "assault", "barrage", "action",
];

/// One person killed, after "killed a" / "killed an".
const SINGLE_VICTIMS: [&str; 14] = [
    "soldier", "policeman", "official", "civilian", "guard", "officer", "jawan", "man", "woman", "child", "boy", "girl",
    "worker", "commander",
];

/// The state whose people the sentence names as hit: "nine Pakistanis", "15 Afghan
/// civilians", "Iranian border guards" (not after "by" or "from").
fn victims_state(ctx: &Ctx<'_>) -> Option<usize> {
    let sent = ctx.sent;
    let agent = |m: (usize, usize, Entry)| m.0 >= 1 && matches!(sent.word(m.0 - 1), "from" | "by");
    let plural_victims = sent.actors.iter().find_map(|&m| {
        let plural = matches!(sent.word(m.1 - 1), "pakistanis" | "iranians" | "indians" | "afghans") && !(m.0 >= 1 && sent.word(m.0 - 1) == "non");
        if plural && !agent(m) { side_of(ctx, m.2) } else { None }
    });
    plural_victims.or_else(|| {
        sent.actors.iter().find_map(|&m| {
            // "Iranian border guards", but not "the Pak-Afghan border".
            let before_victims = (m.1..(m.1 + 3).min(sent.toks.len())).any(|k| {
                VICTIM_WORDS.contains(&sent.word(k))
                    && (sent.word(k) != "border" || matches!(sent.word(k + 1), "guards" | "guard" | "police" | "posts" | "post" | "forces" | "troops" | "personnel" | "security" | "policemen" | "policeman" | "officer" | "officers" | "officials" | "official" | "outpost" | "outposts"))
            });
            if is_demonym(sent, m) && before_victims && !agent(m) { side_of(ctx, m.2) } else { None }
        })
    })
}

/// Words for the people an attack hits, after a state adjective ("Iranian border guards").
const VICTIM_WORDS: [&str; 23] = [
    "soldiers", "troops", "guards", "border", "policemen", "police", "nationals", "citizens", "pilgrims", "civilians",
    "personnel", "jawans", "officers", "labourers", "workers", "security", "check", "posts", "checkpost", "checkpoint",
    "convoy", "camp", "patrol",
];

struct Tolls {
    best: Option<Fatalities>,
    /// (token index, deaths) of each victims' toll, in order.
    deaths: Vec<(usize, u32)>,
    attackers: Option<u32>,
}

/// Words after a number that make it a span of time or distance, not people.
const TIME_UNITS: [&str; 16] = [
    "day", "days", "week", "weeks", "month", "months", "year", "years", "hour", "hours", "km", "kilometres", "kilometers",
    "miles", "times", "decades",
];

/// Words after a number that make it a count of arms, not people.
const MUNITIONS: [&str; 14] =
    ["rockets", "shells", "missiles", "mortars", "rounds", "bombs", "drones", "grenades", "bullets", "projectiles", "mortar", "rocket", "artillery", "missile"];

/// Numbers with a death or wound word in their clause: the first victims' toll of the
/// sentence is the best figure; a different second one gives the range. Attackers
/// killed are kept apart; a sentence with only people wounded (or "no casualties")
/// gives zero.
fn fatalities(sent: &Sentence<'_>) -> Tolls {
    let n = sent.toks.len();
    let mut deaths: Vec<(usize, u32)> = Vec::new();
    let mut attackers = None;
    let mut wounded = false;
    let mut i = 0;
    while i < n {
        let Some((value, end)) = number_at(sent, i) else {
            i += 1;
            continue;
        };
        // "11 of the 14": a part, not a toll; "feared": not a toll.
        let part = sent.word(end) == "of" && !matches!(sent.word(end + 1), "them" | "whom");
        if part || (i.saturating_sub(4)..end + 4).any(|j| sent.word(j) == "feared") {
            i = end;
            continue;
        }
        // "three days after", "200 km south": a span, not people; "400 rockets and
        // shells": arms, not people.
        if TIME_UNITS.contains(&sent.word(end)) || MUNITIONS.contains(&sent.word(end)) {
            i = end;
            continue;
        }
        // "including 16 frontier scouts", "four soldiers were among 10 people killed": a
        // part of a toll given whole elsewhere in the sentence.
        let in_parts_list = (i.saturating_sub(10)..i).rev().take_while(|&k| !DEATH_WORDS.contains(&sent.word(k))).any(|k| sent.word(k) == "including");
        let part_of_named_whole = in_parts_list
            || (end..(end + 6).min(n)).any(|k| sent.word(k) == "among" && number_at(sent, k + 1).is_some());
        if part_of_named_whole {
            i = end;
            continue;
        }
        // Chain "two soldiers and three civilians", "five children and a woman".
        let mut total = value;
        let mut j = end;
        loop {
            let mut k = j;
            while k < n
                && k < j + 3
                && sent.toks[k].kind == Kind::Word
                && sent.word(k) != "and"
                && !DEATH_WORDS.contains(&sent.word(k))
                && !WOUND_WORDS.contains(&sent.word(k))
            {
                k += 1;
            }
            // "Four soldiers and two militants were killed": the attackers are not
            // chained onto the victims.
            if sent.word(k) == "and"
                && let Some((v, e)) = number_at(sent, k + 1).or(if matches!(sent.word(k + 1), "a" | "an") { Some((1, k + 2)) } else { None })
                    && e < n && sent.toks[e..(e + 2).min(n)].iter().any(|t| t.kind == Kind::Word)
                    && !(e..(e + 3).min(n)).any(|x| ATTACKER_WORDS.contains(&sent.word(x))) {
                        total += v;
                        j = e;
                        continue;
                    }
            break;
        }
        // The word that says what happened to them: right before ("killing 14", "killed at least ten"), or after.
        let before = (i.saturating_sub(3)..i).rev().find(|&k| DEATH_WORDS.contains(&sent.word(k)) || WOUND_WORDS.contains(&sent.word(k)));
        // A list of parts ("including 16 scouts, four policemen and five levies") can
        // stand between a toll and its verb.
        let reach = if (j..(j + 9).min(n)).any(|k| sent.word(k) == "including") { 26 } else { 14 };
        let after = (j..(j + reach).min(n))
            .take_while(|&k| !matches!(sent.word(k), ";" | "(" | ")"))
            .find(|&k| DEATH_WORDS.contains(&sent.word(k)) || WOUND_WORDS.contains(&sent.word(k)) || sent.word(k) == "lost");
        let cue = match (before, after) {
            // "an official was killed and three others were injured": a verb before "and"
            // belongs to the clause before.
            (Some(b), _) if i - b <= 3 && !(b + 1..i).any(|k| sent.toks[k].kind == Kind::Punct || sent.word(k) == "and") => Some(b),
            (_, Some(a)) => Some(a),
            _ => None,
        };
        if let Some(c) = cue {
            let w = sent.word(c);
            let is_death = DEATH_WORDS.contains(&w) || w == "lost";
            let about_attackers = (i.saturating_sub(1)..(j + 3).min(n)).any(|k| ATTACKER_WORDS.contains(&sent.word(k)));
            if is_death && about_attackers {
                attackers = Some(attackers.unwrap_or(0) + total);
            } else if is_death {
                deaths.push((i, total));
            } else {
                wounded = true;
            }
        }
        i = j.max(i + 1);
    }
    // "an FC official was killed": one victim named with an article.
    if deaths.is_empty() {
        let single = (0..n).find(|&k| {
            matches!(sent.word(k), "a" | "an")
                && (k + 2..(k + 5).min(n)).any(|j| sent.word(j) == "was" && DEATH_WORDS.contains(&sent.word(j + 1)))
                && !(k + 1..(k + 5).min(n)).any(|j| {
                    let w = sent.word(j);
                    ATTACKER_WORDS.contains(&w) || matches!(w, "terrorist" | "militant" | "attacker" | "insurgent" | "gunman" | "bomber")
                })
        });
        // "attacked and killed an FC soldier": a death verb on one person.
        let single = single.or_else(|| {
            (1..n).find(|&k| {
                (matches!(sent.word(k), "a" | "an")
                    && matches!(sent.word(k - 1), "killed" | "killing" | "martyred" | "kills")
                    && (k + 1..(k + 4).min(n)).any(|j| SINGLE_VICTIMS.contains(&sent.word(j))))
                    // A headline's "attack kills civilian".
                    || (matches!(sent.word(k - 1), "kills" | "killed") && SINGLE_VICTIMS.contains(&sent.word(k)))
            })
        });
        // "Anantnag: A man from Rajasthan who worked as a bank manager … was shot and
        // killed": a sentence that opens with one person who was killed.
        let single = single.or_else(|| {
            let opens = (0..n.min(4)).find(|&k| matches!(sent.word(k), "a" | "an") && (k == 0 || sent.word(k - 1) == ":"))?;
            let verb = (opens + 1..n).find(|&j| {
                sent.word(j) == "was"
                    && (DEATH_WORDS.contains(&sent.word(j + 1))
                        || (matches!(sent.word(j + 1), "shot" | "gunned") && matches!(sent.word(j + 2), "dead" | "and" | "down")))
            })?;
            let clean = !(opens + 1..verb).any(|i| {
                let w = sent.word(i);
                sent.toks[i].kind == Kind::Number || ATTACKER_WORDS.contains(&w) || matches!(w, "terrorist" | "militant" | "attacker" | "gunman" | "bomber")
            });
            clean.then_some(verb)
        });
        // "was wounded and later died of his wounds", "succumbed to her injuries".
        let single = single.or_else(|| {
            (0..n).find(|&k| matches!(sent.word(k), "died" | "succumbed") && (k + 1..(k + 4).min(n)).any(|j| matches!(sent.word(j), "his" | "her")))
        });
        if let Some(k) = single {
            deaths.push((k, 1));
        }
    }
    let zero_words = zero_toll_said(sent);
    // "a BSF jawan was wounded": one person hurt, with no number and no death word.
    if !wounded && deaths.is_empty() && attackers.is_none() && !(0..n).any(|k| DEATH_WORDS.contains(&sent.word(k))) {
        wounded = (1..n).any(|k| WOUND_WORDS.contains(&sent.word(k)) && matches!(sent.word(k - 1), "was" | "were" | "been" | "got"));
    }
    let best = match deaths.first() {
        Some(&(_, first)) => {
            let other = deaths.iter().map(|d| d.1).find(|&v| v != first);
            match other {
                Some(o) if (0..n).any(|k| sent.word(k) == "between") => Some(Fatalities { best: first, low: Some(first.min(o)), high: Some(first.max(o)) }),
                _ => Some(Fatalities::exact(first)),
            }
        }
        None if zero_words || wounded => Some(Fatalities::exact(0)),
        None => None,
    };
    Tolls { best, deaths, attackers }
}

/// "No casualties", "no loss of life", "nobody was killed", "no lives were lost": the
/// sentence says that nobody died.
fn zero_toll_said(sent: &Sentence<'_>) -> bool {
    (0..sent.toks.len()).any(|k| {
        (sent.word(k) == "no" && matches!(sent.word(k + 1), "casualties" | "casualty" | "one" | "deaths" | "fatalities" | "loss" | "lives"))
            || (sent.word(k) == "nobody" && matches!(sent.word(k + 1), "was" | "died" | "killed"))
    })
}

/// A number at token `i` (digits or words, with "at least", "more than" … skipped by
/// the caller's window): (value, token after it).
fn number_at(sent: &Sentence<'_>, i: usize) -> Option<(u32, usize)> {
    let t = sent.toks.get(i)?;
    let w = &sent.lower[t.start..t.end];
    if t.kind == Kind::Number {
        // Not a year, a time or part of a date.
        let v = text::number_value(w)?;
        if (1900..=2100).contains(&v) || matches!(sent.word(i + 1), "am" | "pm" | "km" | "kg" | "mw" | "miles" | "metres" | "percent" | "%" | "seat") {
            return None;
        }
        let month_near = |k: usize| {
            matches!(
                sent.word(k),
                "january" | "february" | "march" | "april" | "may" | "june" | "july" | "august" | "september" | "october" | "november" | "december"
                    | "jan" | "feb" | "oct" | "dec"
            )
        };
        if month_near(i + 1) || (i > 0 && month_near(i - 1)) {
            return None;
        }
        return Some((v, i + 1));
    }
    let v = NUMBER_WORDS.iter().find(|(n, _)| *n == w)?.1;
    if w == "dozen" {
        return None;
    }
    if w == "one" && matches!(sent.word(i + 1), "of" | "another") {
        return None;
    }
    Some((v, i + 1))
}

/// Whether a sentence tells fire as an answer to the other side's.
fn answers_fire(sent: &Sentence<'_>) -> bool {
    (0..sent.toks.len()).any(|k| {
        let w = sent.word(k);
        matches!(w, "retaliated" | "retaliatory" | "responded" | "answered")
            || (matches!(w, "fired" | "fire" | "firing") && sent.word(k + 1) == "back")
            || (matches!(w, "returned" | "return") && sent.word(k + 1) == "fire")
            || (w == "hit" && sent.word(k + 1) == "back")
            || (w == "in" && sent.word(k + 1) == "response")
    })
}

/// Folds the mentions of one article: mentions of the same type, actor and target
/// whose dates and places agree (or are only inherited) are one event; the date the
/// text states wins over an inherited one; the latest toll in the text is kept.
fn fold(dict: &Dictionary, article: &Article, mentions: Vec<Mention>, article_places: &[u32]) -> Vec<Extracted> {
    // An exchange one side is said to have started is that side's strike: the answering
    // fire is dropped when the article also tells the other side's.
    let started: Vec<(Actor, Option<Date>)> =
        mentions.iter().filter(|m| m.event_type == EventType::CrossBorderStrike && !m.answer).map(|m| (m.actor, m.date)).collect();
    let mentions: Vec<Mention> = mentions
        .into_iter()
        .filter(|m| !(m.answer && started.iter().any(|&(a, d)| a == m.target && within_days(d, m.date, 1))))
        .collect();
    let mut events: Vec<(Mention, Vec<Provenance>)> = Vec::new();
    for m in mentions {
        // A one-off diplomatic step told again without its day is the same step.
        let one_off = !m.event_type.is_violent() && m.event_type != EventType::Accusation;
        let unordered = matches!(
            m.event_type,
            EventType::Call | EventType::Agreement | EventType::SecurityCooperation | EventType::EnergyMeasure | EventType::TradeMeasure
        );
        let slot = events.iter_mut().position(|(e, provs)| {
            // An undated mention in the sentence right after a dated one goes on telling it.
            let next_sentence = provs.iter().any(|p| p.sentence + 1 == m.prov.sentence);
            e.event_type == m.event_type
                && ((e.actor == m.actor && e.target == m.target) || (unordered && e.actor == m.target && e.target == m.actor))
                && (e.event_type == EventType::LeaderChange
                    || e.date == m.date
                    || ((e.date_strength < 2 || m.date_strength < 2) && within_days(e.date, m.date, 3))
                    || near_days(e, &m)
                    || (e.date.is_none() != m.date.is_none() && (same_district(&e.place, &m.place) || next_sentence || one_off)))
                && places_agree(&e.place, &m.place, e.event_type, e.date.is_some() && e.date == m.date)
        });
        match slot {
            Some(i) => {
                let (e, provs) = &mut events[i];
                let earlier = m.date_strength == 2 && e.date_strength == 2 && near_days(e, &m) && m.date < e.date;
                let dates_undated = e.date.is_none() && m.date.is_some() && m.date_strength >= e.date_strength;
                if m.date_strength > e.date_strength || earlier || dates_undated || (e.event_type == EventType::LeaderChange && m.date_strength == 2) {
                    e.date = m.date;
                    e.date_strength = m.date_strength;
                }
                e.place = more_specific(e.place.take(), m.place.clone());
                // A later toll updates the earlier one, but "none killed" does not undo a count.
                // "Three civilians were also killed" adds to a larger toll told before; it
                // does not replace it.
                let part_of_earlier = m.toll_also && e.fatalities.zip(m.fatalities).is_some_and(|(x, f)| f.best < x.best);
                if !part_of_earlier && m.fatalities.is_some_and(|f| f.best > 0 || e.fatalities.is_none_or(|x| x.best == 0)) {
                    e.fatalities = m.fatalities;
                }
                if m.attackers_killed.is_some() {
                    e.attackers_killed = m.attackers_killed;
                }
                provs.push(m.prov.clone());
            }
            None => {
                let p = m.prov.clone();
                events.push((m, vec![p]));
            }
        }
    }
    events
        .into_iter()
        .map(|(mut m, provs)| {
            // A visit to a country whose city no mention names: its capital.
            if m.event_type == EventType::Visit
                && m.place.as_ref().is_none_or(|p| p.2.is_empty())
                && let Actor::State(host) = m.target
                && let Some(c) = dict.capitals[host]
            {
                m.place = Some(place_of(dict, c));
            }
            if m.event_type.is_violent()
                && let Some(finer) = m.place.as_ref().and_then(|p| place_from_article(dict, article_places, p))
            {
                m.place = Some(finer);
            }
            let (country, admin1, admin2) = match &m.place {
                Some((side, a1, a2)) => (dict.dyad.states[*side].iso3.clone(), a1.clone(), a2.clone()),
                None => (String::new(), String::new(), String::new()),
            };
            let confidence = provs.iter().map(|p| p.confidence).fold(0.0, f64::max);
            Extracted {
                date: m.date,
                actor: dict.dyad.actor_name(m.actor),
                target: dict.dyad.actor_name(m.target),
                event_type: m.event_type,
                country,
                admin1,
                admin2,
                fatalities: if m.event_type.is_violent() { m.fatalities } else { None },
                attackers_killed: m.attackers_killed,
                sources: vec![article.source.clone()],
                provenance: provs,
                merged_count: 1,
                confidence,
            }
        })
        .collect()
}

/// A violent event placed only in a country, in an article whose places in that
/// country all lie in one province: that province (and its district, when there is
/// only one). Placed in a province only, in an article whose districts of that
/// province are one: that district. `None` when the article does not settle it.
fn place_from_article(dict: &Dictionary, article_places: &[u32], place: &(usize, String, String)) -> Option<(usize, String, String)> {
    let (side, admin1, admin2) = place;
    if !admin2.is_empty() {
        return None;
    }
    let there: Vec<&Place> = article_places.iter().map(|&p| &dict.places[p as usize]).filter(|p| p.side == *side).collect();
    if admin1.is_empty() {
        let first = there.first()?;
        if !there.iter().all(|p| p.admin1 == first.admin1) {
            return None;
        }
        let one_district = there.iter().all(|p| p.admin2 == first.admin2);
        return Some((*side, first.admin1.clone(), if one_district { first.admin2.clone() } else { String::new() }));
    }
    let districts: Vec<&str> = there.iter().filter(|p| p.admin1 == *admin1 && !p.admin2.is_empty()).map(|p| p.admin2.as_str()).collect();
    let first = *districts.first()?;
    districts.iter().all(|&d| d == first).then(|| (*side, admin1.clone(), first.to_string()))
}

/// Two stated days within two days of each other for a violent event or a one-off
/// diplomatic step: one episode told twice ("on Friday night" and "speaking on Saturday").
/// The earlier day is kept.
fn near_days(a: &Mention, b: &Mention) -> bool {
    let one_off = a.event_type.is_violent()
        || matches!(a.event_type, EventType::AmbassadorRecalled | EventType::AmbassadorRestored | EventType::BorderClosure | EventType::BorderOpening);
    one_off && a.date.is_some() && b.date.is_some() && within_days(a.date, b.date, 2)
}

/// Both placed in the same named district: an undated mention ("the recent attack in
/// Chabahar") and a dated one are one episode.
fn same_district(a: &Option<(usize, String, String)>, b: &Option<(usize, String, String)>) -> bool {
    matches!((a, b), (Some(x), Some(y)) if x.0 == y.0 && !x.2.is_empty() && x.2 == y.2)
}

/// Whether two days are at most `n` apart; an unknown day agrees with any.
fn within_days(a: Option<Date>, b: Option<Date>, n: i32) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x.add_days(n) >= y && y.add_days(n) >= x,
        _ => true,
    }
}

/// Whether two mentions' places allow one episode: the same state and province; and,
/// unless both give the same day, not two different districts.
fn places_agree(a: &Option<(usize, String, String)>, b: &Option<(usize, String, String)>, t: EventType, same_day: bool) -> bool {
    // A visit's place is the city visited: two cities are two visits.
    if t == EventType::Visit {
        return match (a, b) {
            (Some(x), Some(y)) => x == y || x.2.is_empty() || y.2.is_empty(),
            _ => true,
        };
    }
    if !t.is_violent() {
        return true;
    }
    match (a, b) {
        (Some(x), Some(y)) => {
            x.0 == y.0 && (x.1.is_empty() || y.1.is_empty() || x.1 == y.1) && (same_day || x.2.is_empty() || y.2.is_empty() || x.2 == y.2)
        }
        _ => true,
    }
}

fn more_specific(a: Option<(usize, String, String)>, b: Option<(usize, String, String)>) -> Option<(usize, String, String)> {
    match (a, b) {
        (Some(x), Some(y)) => {
            let score = |p: &(usize, String, String)| usize::from(!p.1.is_empty()) + usize::from(!p.2.is_empty());
            if score(&y) > score(&x) { Some(y) } else { Some(x) }
        }
        (x, None) => x,
        (None, y) => y,
    }
}
