//! `cargo bench -p extract`: codes 10,000 synthetic articles of about 800 words
//! (fixed seed; sentences drawn from templates with and without events) and prints
//! the median wall time of five repeats, single-threaded.

use std::time::Instant;

use extract::{Dictionary, extract, read_article};

const ARTICLES: usize = 10_000;
const WORDS: usize = 800;
const RUNS: usize = 5;

/// xorshift64*: deterministic, no dependencies.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[(self.next() % v.len() as u64) as usize]
    }
}

fn article(rng: &mut Rng) -> Vec<u8> {
    let events = [
        "On Friday night militants killed 14 Iranian border guards in Saravan in Sistan and Baluchestan, officials said.",
        "Pakistan summoned the Iranian envoy on Wednesday and lodged a strong protest.",
        "Iranian strikes on Tuesday hit targets in the Panjgur district of Balochistan, killing two children.",
        "The foreign ministers of Iran and Pakistan spoke by telephone on Monday.",
        "Pakistan denied that it had carried out any strike inside Iran.",
        "The Iranian foreign minister will visit Islamabad next week, the Foreign Office said.",
        "Gunmen ambushed a bus near Turbat on Sunday, killing at least seven people and wounding 12 others.",
    ];
    let filler = [
        "Trade between the two neighbours has grown slowly over the past decade, according to the chamber of commerce.",
        "Analysts in the region said the long border remains hard to police because of its mountains and deserts.",
        "The provincial government announced a new development plan for roads, schools and water supply.",
        "Residents described long queues at the fuel stations and rising prices in the local markets.",
        "Officials from both sides have met several times this year to discuss smuggling and refugees.",
        "The statement also welcomed the efforts of religious leaders to calm tensions in the area.",
    ];
    let mut s = String::from("SOURCE: https://example.test/a\nDATE: 2024-01-18\n\nHeadline about the border\n");
    let mut words = 0;
    while words < WORDS {
        let line = if rng.next().is_multiple_of(5) { rng.pick(&events) } else { rng.pick(&filler) };
        words += line.split_whitespace().count();
        s.push_str(line);
        s.push(if rng.next().is_multiple_of(3) { '\n' } else { ' ' });
    }
    s.into_bytes()
}

fn main() {
    let scenario = scenario::builtin("iran-pakistan").expect("built-in scenario");
    let dict = Dictionary::new(&scenario, &[]).expect("built-in dictionaries");
    let mut rng = Rng(0x5EED_0013_ABCD_EF01);
    let texts: Vec<Vec<u8>> = (0..ARTICLES).map(|_| article(&mut rng)).collect();
    let total_words: usize = texts.iter().map(|t| t.split(|b| b.is_ascii_whitespace()).filter(|w| !w.is_empty()).count()).sum();
    let mut times = Vec::new();
    let mut n_events = 0;
    for _ in 0..RUNS {
        let start = Instant::now();
        let mut found = 0;
        for (i, t) in texts.iter().enumerate() {
            let a = read_article(&format!("a{i}.txt"), t, None).expect("synthetic article");
            found += extract(&dict, &a).len();
        }
        times.push(start.elapsed().as_secs_f64());
        n_events = found;
    }
    times.sort_by(f64::total_cmp);
    println!(
        "extract: {ARTICLES} articles, {} words on average, {n_events} events; median {:.2} s over {RUNS} runs (min {:.2}, max {:.2}), {:.0} articles/s",
        total_words / ARTICLES,
        times[RUNS / 2],
        times[0],
        times[RUNS - 1],
        ARTICLES as f64 / times[RUNS / 2]
    );
}
