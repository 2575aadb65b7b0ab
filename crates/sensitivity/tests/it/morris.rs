use sensitivity::{MorrisOptions, ParamRange, morris, morris_analyze, morris_design};

fn linear(x: &[f64]) -> f64 {
    3.0 * x[0] - 2.0 * x[1] + 0.0 * x[2] + 0.5 * x[3]
}

fn linear_ranges() -> Vec<ParamRange> {
    vec![
        ParamRange::new("a", 0.0, 1.0),
        ParamRange::new("b", 0.0, 2.0),
        ParamRange::new("zero", -5.0, 5.0),
        ParamRange::new("c", 0.0, 10.0),
    ]
}

#[test]
fn linear_function_effects_are_exact_and_scaled_to_ranges() {
    let opts = MorrisOptions {
        trajectories: 10,
        seed: 1,
        ..MorrisOptions::default()
    };
    let result = morris(&linear_ranges(), &opts, linear).unwrap();
    assert_eq!(result.evaluations, 10 * 5);
    // Effect = coefficient × range width (output change per full range).
    let expected = [
        ("c", 5.0, 5.0),
        ("b", -4.0, 4.0),
        ("a", 3.0, 3.0),
        ("zero", 0.0, 0.0),
    ];
    for (p, (name, mu, mu_star)) in result.parameters.iter().zip(expected) {
        assert_eq!(p.name, name);
        assert!((p.mu - mu).abs() < 1e-9, "{p:?}");
        assert!((p.mu_star - mu_star).abs() < 1e-9, "{p:?}");
        assert!(p.sigma < 1e-9, "{p:?}");
    }
    assert_eq!(result.get("zero").unwrap().mu_star, 0.0);
}

const G_A: [f64; 5] = [0.0, 1.0, 4.5, 9.0, 99.0];

fn g_function(x: &[f64]) -> f64 {
    G_A.iter()
        .zip(x)
        .map(|(a, x)| ((4.0 * x - 2.0).abs() + a) / (1.0 + a))
        .product()
}

fn g_ranges() -> Vec<ParamRange> {
    (0..G_A.len())
        .map(|i| ParamRange::new(format!("g{i}"), 0.0, 1.0))
        .collect()
}

fn check_g_ranking(opts: &MorrisOptions) {
    let result = morris(&g_ranges(), opts, g_function).unwrap();
    for p in &result.parameters {
        eprintln!(
            "{}: mu {:.4} mu* {:.4} [{:.4}, {:.4}] sigma {:.4}",
            p.name, p.mu, p.mu_star, p.mu_star_ci.low, p.mu_star_ci.high, p.sigma
        );
    }
    // Importance falls with a_j, so μ* must rank the factors in index order.
    let order: Vec<usize> = result.parameters.iter().map(|p| p.position).collect();
    assert_eq!(order, [0, 1, 2, 3, 4]);
    // The near-inert factor (a = 99) has μ* close to zero and well below the
    // others' intervals.
    let last = &result.parameters[4];
    assert!(last.mu_star < 0.05, "{last:?}");
    assert!(last.mu_star_ci.high < result.parameters[3].mu_star_ci.low);
    for p in &result.parameters {
        assert!(p.mu_star_ci.contains(p.mu_star));
        assert!(p.mu_star >= p.mu.abs() - 1e-12);
    }
}

#[test]
fn g_function_factors_are_ranked_correctly() {
    check_g_ranking(&MorrisOptions {
        trajectories: 50,
        seed: 2,
        ..MorrisOptions::default()
    });
}

#[test]
fn spread_selected_trajectories_rank_correctly() {
    check_g_ranking(&MorrisOptions {
        trajectories: 30,
        candidates: 120,
        seed: 3,
        ..MorrisOptions::default()
    });
}

#[test]
fn design_moves_one_factor_by_delta_per_step() {
    for levels in [2, 4, 6, 8] {
        let opts = MorrisOptions {
            trajectories: 8,
            levels,
            seed: 5,
            ..MorrisOptions::default()
        };
        let ranges = linear_ranges();
        let design = morris_design(&ranges, &opts).unwrap();
        let d = ranges.len();
        let delta = levels as f64 / (2.0 * (levels - 1) as f64);
        assert!((design.delta() - delta).abs() < 1e-15);
        let pts = design.points();
        assert_eq!(pts.rows(), 8 * (d + 1));
        for t in 0..8 {
            let mut moved = vec![false; d];
            for s in 0..d {
                let (a, b) = (pts.row(t * (d + 1) + s), pts.row(t * (d + 1) + s + 1));
                let changed: Vec<usize> = (0..d).filter(|&k| a[k] != b[k]).collect();
                assert_eq!(changed.len(), 1);
                let k = changed[0];
                assert!(!moved[k]);
                moved[k] = true;
                let step = (b[k] - a[k]).abs() / ranges[k].width();
                assert!((step - delta).abs() < 1e-12);
                for v in b.iter().zip(&ranges) {
                    assert!(*v.0 >= v.1.low - 1e-12 && *v.0 <= v.1.high + 1e-12);
                }
            }
        }
    }
    let bad = MorrisOptions {
        levels: 5,
        ..MorrisOptions::default()
    };
    assert!(morris_design(&linear_ranges(), &bad).is_err());
}

#[test]
fn batch_form_and_thread_count_do_not_change_results() {
    let opts = MorrisOptions {
        trajectories: 40,
        seed: 8,
        ..MorrisOptions::default()
    };
    let design = morris_design(&g_ranges(), &opts).unwrap();
    let outputs: Vec<f64> = design.points().iter_rows().map(g_function).collect();
    let batch = morris_analyze(&design, &outputs).unwrap();
    let run = |threads: usize| {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(threads)
            .build()
            .unwrap();
        pool.install(|| morris(&g_ranges(), &opts, g_function).unwrap())
    };
    let (one, two) = (run(1), run(2));
    assert_eq!(one, two);
    assert_eq!(one, batch);
    for (a, b) in one.parameters.iter().zip(&two.parameters) {
        assert_eq!(a.mu_star_ci.low.to_bits(), b.mu_star_ci.low.to_bits());
    }
}
