//! `cargo bench -p events --bench import`: generates a 1,000,000-row GDELT 2.0
//! file (fixed seed), imports it several times and prints the median rows/s and the
//! peak resident memory (VmHWM from /proc/self/status).

use std::io::{BufWriter, Write};
use std::time::Instant;

use events::{Dyad, ImportOptions, SourceFormat, import_reader};

const ROWS: usize = 1_000_000;
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
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn generate(path: &std::path::Path) -> std::io::Result<u64> {
    let mut w = BufWriter::with_capacity(1 << 20, std::fs::File::create(path)?);
    let mut rng = Rng(0x5EED_F00D_1234_5678);
    // (CAMEO country, FIPS geo country, ADM1, place)
    let places = [
        ("IRN", "IR", "IR04", "Saravan, Sistan va Baluchestan, Iran"),
        ("PAK", "PK", "PK02", "Panjgur, Balochistan, Pakistan"),
        ("PAK", "PK", "PK08", "Islamabad, Islamabad, Pakistan"),
        ("USA", "US", "USDC", "Washington, District of Columbia, United States"),
        ("CHN", "CH", "CH22", "Beijing, Beijing, China"),
        ("IND", "IN", "IN16", "Mumbai, Maharashtra, India"),
        ("GBR", "UK", "UKH9", "London, London, City of, United Kingdom"),
        ("RUS", "RS", "RS48", "Moscow, Moskva, Russia"),
    ];
    let types = ["GOV", "MIL", "COP", "REB", "CVL", "BUS", ""];
    let codes = [("042", "04"), ("041", "04"), ("0231", "02"), ("112", "11"), ("161", "16"), ("190", "19"), ("1823", "18"), ("057", "05"), ("010", "01"), ("036", "03")];
    let gold = ["1.9", "1.0", "3.4", "-2.0", "-4.0", "-10.0", "-10.0", "8.0", "0.0", "4.0"];
    let mut bytes = 0u64;
    let mut line = String::with_capacity(512);
    for i in 0..ROWS {
        line.clear();
        // Pick actors: about one row in five involves Iran or Pakistan on both ends of
        // the geography; the rest are elsewhere.
        let p1 = if rng.below(5) == 0 { rng.below(3) } else { rng.below(8) } as usize;
        let p2 = rng.below(8) as usize;
        let g = if rng.below(2) == 0 { p1 } else { p2 };
        let t1 = types[rng.below(types.len() as u64) as usize];
        let t2 = types[rng.below(types.len() as u64) as usize];
        let k = rng.below(codes.len() as u64) as usize;
        let day = 1 + rng.below(28);
        let month = 1 + rng.below(12);
        let (c1, _, _, _) = places[p1];
        let (c2, _, _, _) = places[p2];
        let (_, gc, gadm1, gname) = places[g];
        use std::fmt::Write as _;
        let _ = writeln!(
            line,
            "{id}\t2024{month:02}{day:02}\t2024{month:02}\t2024\t2024.{frac:04}\t{c1}{t1}\t{c1} {t1}\t{c1}\t\t\t\t\t{t1}\t\t\t{c2}{t2}\t{c2} {t2}\t{c2}\t\t\t\t\t{t2}\t\t\t1\t{code}\t{code}\t{root}\t{quad}\t{gold}\t{m}\t{s}\t{m}\t{tone:.6}\t4\t{gname}\t{gc}\t{gadm1}\t{adm2}\t27.1\t62.3\t-3067291\t4\t{gname}\t{gc}\t{gadm1}\t{adm2}\t27.1\t62.3\t-3067291\t4\t{gname}\t{gc}\t{gadm1}\t{adm2}\t27.1\t62.3\t-3067291\t20240{month}{day:02}114500\thttps://www.example-news.com/world/2024/{month:02}/{day:02}/story-{id}.html",
            id = 1_100_000_000 + i,
            frac = rng.below(10_000),
            code = codes[k].0,
            root = codes[k].1,
            quad = 1 + rng.below(4),
            gold = gold[k],
            m = 1 + rng.below(20),
            s = 1 + rng.below(4),
            tone = (rng.below(2000) as f64 - 1000.0) / 100.0,
            adm2 = 40_000 + rng.below(500),
        );
        bytes += line.len() as u64;
        w.write_all(line.as_bytes())?;
    }
    w.flush()?;
    Ok(bytes)
}

fn vm_hwm_kib() -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    let l = s.lines().find(|l| l.starts_with("VmHWM:"))?;
    l.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let path = std::env::temp_dir().join(format!("faultline-gdelt-bench-{}.tsv", std::process::id()));
    let t = Instant::now();
    let bytes = generate(&path).expect("generate bench file");
    println!("generated {ROWS} GDELT rows ({:.1} MB) in {:.2?}", bytes as f64 / 1e6, t.elapsed());
    let hwm_before = vm_hwm_kib();
    let mut rates = Vec::new();
    let mut last = None;
    for run in 0..RUNS {
        let t = Instant::now();
        let dyad = Dyad::from_scenario(&scenario::builtin("iran-pakistan").expect("built-in scenario"));
        let file = std::io::BufReader::with_capacity(1 << 17, std::fs::File::open(&path).expect("open"));
        let r = import_reader(SourceFormat::Gdelt, file, &path, &ImportOptions::default(), &dyad).expect("import");
        let secs = t.elapsed().as_secs_f64();
        let rate = r.report.rows_read as f64 / secs;
        println!("run {run}: {:.3} s, {:.0} rows/s, {:.0} MB/s", secs, rate, bytes as f64 / 1e6 / secs);
        rates.push(rate);
        last = Some(r.report);
    }
    rates.sort_by(f64::total_cmp);
    let rep = last.expect("at least one run");
    println!(
        "report: {} read, {} imported, {} merged as duplicates, {} out of scope, {} skipped",
        rep.rows_read, rep.imported, rep.duplicates_merged, rep.out_of_scope, rep.skipped
    );
    println!("median: {:.0} rows/s over {RUNS} runs (min {:.0}, max {:.0})", rates[RUNS / 2], rates[0], rates[RUNS - 1]);
    match (hwm_before, vm_hwm_kib()) {
        (Some(b), Some(a)) => println!("peak RSS (VmHWM): {:.1} MiB (after generation: {:.1} MiB)", a as f64 / 1024.0, b as f64 / 1024.0),
        _ => println!("peak RSS: unavailable (no /proc/self/status)"),
    }
    let _ = std::fs::remove_file(&path);
}
