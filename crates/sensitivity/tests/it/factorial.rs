use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use sensitivity::FactorialAccumulator;

use crate::normal;

/// ±1 coding of factor j in cell c.
fn level(c: usize, j: usize) -> f64 {
    if c >> j & 1 == 1 { 1.0 } else { -1.0 }
}

/// y = 10 + 2A − 1.5B + 0.8AB + 0·C in ±1 coding; so the Yates effects
/// (high − low) are A = 4, B = −3, A×B = 1.6, everything else 0.
fn response(c: usize) -> f64 {
    let (a, b) = (level(c, 0), level(c, 1));
    10.0 + 2.0 * a - 1.5 * b + 0.8 * a * b
}

#[test]
fn recovers_known_effects_with_noise() {
    let k = 3;
    let runs = 400;
    let mut rng = ChaCha8Rng::seed_from_u64(99);
    let mut acc = FactorialAccumulator::new(k).unwrap();
    let mut brute = vec![Vec::new(); 1 << k];
    for _ in 0..runs {
        // A large run-level component shared by all cells (common random
        // numbers) plus a smaller cell-level one.
        let shared = 3.0 * normal(&mut rng);
        let cells: Vec<f64> = (0..1 << k)
            .map(|c| response(c) + shared + 0.7 * normal(&mut rng))
            .collect();
        acc.push(&cells).unwrap();
        for (mask, b) in brute.iter_mut().enumerate().skip(1) {
            let contrast: f64 = cells
                .iter()
                .enumerate()
                .map(|(c, y)| {
                    (0..k)
                        .filter(|j| mask >> j & 1 == 1)
                        .map(|j| level(c, j))
                        .product::<f64>()
                        * y
                })
                .sum();
            b.push(contrast / (1 << (k - 1)) as f64);
        }
    }
    let summary = acc.effects();
    assert_eq!(summary.runs, runs);
    assert_eq!(summary.effects.len(), 7);
    let truth = |mask: usize| match mask {
        0b001 => 4.0,
        0b010 => -3.0,
        0b011 => 1.6,
        _ => 0.0,
    };
    for e in &summary.effects {
        eprintln!(
            "{:>6}: {:.3} ± {:.3} [{:.3}, {:.3}]",
            e.label, e.effect, e.se, e.ci.low, e.ci.high
        );
        // Streaming Yates equals the brute-force contrast per run.
        let b = &brute[e.mask];
        let mean = b.iter().sum::<f64>() / b.len() as f64;
        let var = b.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / (b.len() - 1) as f64;
        assert!((e.effect - mean).abs() < 1e-10);
        assert!((e.se - (var / runs as f64).sqrt()).abs() < 1e-10);
        // The shared noise cancels in every contrast, so each effect has SE
        // 0.7·√8/4/√R ≈ 0.0247. Truth within 4.5 SE: two-sided p ≈ 6.8e-6 each,
        // family-wise below 5e-5 over the seven effects.
        let se = 0.7 * 8f64.sqrt() / 4.0 / (runs as f64).sqrt();
        assert!((e.effect - truth(e.mask)).abs() < 4.5 * se, "{e:?}");
        // The estimated SE is a sample sd over R runs: relative SE 1/√(2(R − 1)) ≈ 0.035.
        assert!((e.se / se - 1.0).abs() < 4.5 / (2.0 * (runs - 1) as f64).sqrt(), "{e:?} vs se {se}");
    }
    assert_eq!(summary.effect(&[0, 1]).unwrap().label, "A×B");
    // The grand mean carries the shared noise: SE √(9 + 0.49/8)/√R ≈ 0.150; 4.5 SE.
    assert!((summary.grand_mean - 10.0).abs() < 4.5 * (9.0f64 + 0.49 / 8.0).sqrt() / (runs as f64).sqrt());
}

/// A 2² table worked by hand. Cells are ordered by the bit pattern (bit 0 = A),
/// so each run lists y(A−B−), y(A+B−), y(A−B+), y(A+B+).
///
/// | run | cells        | A = (y₊₋ + y₊₊ − y₋₋ − y₋₊)/2 | B = (y₋₊ + y₊₊ − y₋₋ − y₊₋)/2 | AB = (y₊₊ − y₊₋ − y₋₊ + y₋₋)/2 |
/// | 1   | 1, 4, 2, 9   | 5                              | 3                              | 2                               |
/// | 2   | 2, 3, 2, 7   | 3                              | 2                              | 2                               |
/// | 3   | 0, 5, 5, 6   | 3                              | 3                              | −2                              |
///
/// Means 11/3, 8/3, 2/3; sample variances 4/3, 1/3, 16/3, so SEs 2/3, 1/3, 4/3; the
/// grand mean is 46/12. The 95 % interval uses t(0.975, 2) = 4.302 652 73 (tables,
/// e.g. NIST/SEMATECH e-Handbook §1.3.6.7.2).
#[test]
fn two_by_two_table_matches_hand_arithmetic() {
    let mut acc = FactorialAccumulator::with_names(vec!["A".into(), "B".into()]).unwrap();
    for run in [[1.0, 4.0, 2.0, 9.0], [2.0, 3.0, 2.0, 7.0], [0.0, 5.0, 5.0, 6.0]] {
        acc.push(&run).unwrap();
    }
    let s = acc.effects();
    assert_eq!(s.runs, 3);
    assert!((s.grand_mean - 46.0 / 12.0).abs() < 1e-12, "{}", s.grand_mean);
    let t = 4.302_652_73;
    for (factors, label, effect, se) in [
        (&[0][..], "A", 11.0 / 3.0, 2.0 / 3.0),
        (&[1][..], "B", 8.0 / 3.0, 1.0 / 3.0),
        (&[0, 1][..], "A×B", 2.0 / 3.0, 4.0 / 3.0),
    ] {
        let e = s.effect(factors).unwrap();
        assert_eq!(e.label, label);
        assert!((e.effect - effect).abs() < 1e-12, "{e:?}");
        assert!((e.se - se).abs() < 1e-12, "{e:?}");
        assert!((e.ci.low - (effect - t * se)).abs() < 1e-6, "{e:?}");
        assert!((e.ci.high - (effect + t * se)).abs() < 1e-6, "{e:?}");
    }
}

#[test]
fn wrong_cell_count_is_an_error() {
    let mut acc = FactorialAccumulator::new(2).unwrap();
    assert!(acc.push(&[1.0, 2.0, 3.0]).is_err());
    assert!(FactorialAccumulator::new(0).is_err());
}

#[test]
fn merge_equals_single_stream() {
    let mut rng = ChaCha8Rng::seed_from_u64(1);
    let runs: Vec<Vec<f64>> = (0..50)
        .map(|_| (0..4).map(|_| normal(&mut rng)).collect())
        .collect();
    let mut whole = FactorialAccumulator::new(2).unwrap();
    let (mut a, mut b) = (whole.clone(), whole.clone());
    for (i, r) in runs.iter().enumerate() {
        whole.push(r).unwrap();
        if i < 20 {
            a.push(r).unwrap()
        } else {
            b.push(r).unwrap()
        }
    }
    a.merge(&b).unwrap();
    for (x, y) in a.effects().effects.iter().zip(&whole.effects().effects) {
        assert!((x.effect - y.effect).abs() < 1e-12 && (x.se - y.se).abs() < 1e-12);
    }
}
