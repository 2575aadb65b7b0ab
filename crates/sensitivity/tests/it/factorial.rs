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
        // Truth within 3.5 standard errors (the shared noise cancels in every
        // contrast, so se ≈ 0.7·√(8)/4/√R ≈ 0.025).
        assert!((e.effect - truth(e.mask)).abs() < 3.5 * e.se, "{e:?}");
        assert!(e.se < 0.05, "{e:?}");
    }
    assert_eq!(summary.effect(&[0, 1]).unwrap().label, "A×B");
    assert!((summary.grand_mean - 10.0).abs() < 0.5);
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
