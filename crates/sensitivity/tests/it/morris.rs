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

/// μ* must rank the G-function's factors in index order (importance falls with
/// a_j), and the near-inert factor (a = 99) must sit well below the others.
fn check_g_ranking(result: &sensitivity::MorrisResult) {
    for p in &result.parameters {
        eprintln!(
            "{}: mu {:.4} mu* {:.4} [{:.4}, {:.4}] sigma {:.4}",
            p.name, p.mu, p.mu_star, p.mu_star_ci.low, p.mu_star_ci.high, p.sigma
        );
    }
    let order: Vec<usize> = result.parameters.iter().map(|p| p.position).collect();
    assert_eq!(order, [0, 1, 2, 3, 4]);
    let last = &result.parameters[4];
    assert!(last.mu_star < 0.05, "{last:?}");
    assert!(last.mu_star_ci.high < result.parameters[3].mu_star_ci.low);
}

/// Raw moments E|EE_j|^n of factor j's elementary effect on the G-function with
/// four grid levels, in closed form.
///
/// With p = 4 (Δ = 2/3) a factor jumps 0 ↔ 2/3 or 1/3 ↔ 1, so its own term
/// changes by (4/3)/(1 + a_j) in every step: |EE_j| = 2/(1 + a_j) · ∏_{k≠j} g_k.
/// Every other factor sits on an outer level (0 or 1, g_k = (2 + a_k)/(1 + a_k))
/// or an inner one (1/3 or 2/3, g_k = (2/3 + a_k)/(1 + a_k)) with probability ½
/// each, independently (its start level is a fair draw and each move swaps outer
/// and inner), so E|EE_j|^n = (2/(1 + a_j))^n ∏_{k≠j} (u_k^n + v_k^n)/2. The sign is
/// + on the 1/3 ↔ 1 pair and − on the 0 ↔ 2/3 pair, a fair coin, so E[EE_j] = 0.
fn g_abs_effect_moment(j: usize, n: i32) -> f64 {
    let own = (2.0 / (1.0 + G_A[j])).powi(n);
    let others: f64 = (0..G_A.len())
        .filter(|&k| k != j)
        .map(|k| {
            let a = G_A[k];
            let (u, v) = ((2.0 + a) / (1.0 + a), (2.0 / 3.0 + a) / (1.0 + a));
            (u.powi(n) + v.powi(n)) / 2.0
        })
        .product();
    own * others
}

#[test]
fn g_function_measures_match_their_closed_form_expectations() {
    let r = 50;
    let result = morris(
        &g_ranges(),
        &MorrisOptions {
            trajectories: r,
            seed: 2,
            ..MorrisOptions::default()
        },
        g_function,
    )
    .unwrap();
    check_g_ranking(&result);
    let rf = r as f64;
    for p in &result.parameters {
        let j = p.position;
        let (m1, m2, m3, m4) = (
            g_abs_effect_moment(j, 1),
            g_abs_effect_moment(j, 2),
            g_abs_effect_moment(j, 3),
            g_abs_effect_moment(j, 4),
        );
        let var_abs = m2 - m1 * m1;
        // μ* is a mean of r independent |EE|: SE √(Var|EE| / r). μ is a mean of
        // r independent symmetric ±|EE|: SE √(E EE² / r). Ten checks at 4.5 SE each
        // (two-sided p ≈ 6.8e-6): family-wise false failure below 1e-4.
        let se_mu_star = (var_abs / rf).sqrt();
        eprintln!("{}: z(mu*) {:.2}, z(mu) {:.2}, bootstrap se / se {:.3}", p.name, (p.mu_star - m1) / se_mu_star, p.mu / (m2 / rf).sqrt(), p.mu_star_se / se_mu_star);
        assert!((p.mu_star - m1).abs() < 4.5 * se_mu_star, "{}: mu* {} vs {m1} (se {se_mu_star})", p.name, p.mu_star);
        let se_mu = (m2 / rf).sqrt();
        assert!(p.mu.abs() < 4.5 * se_mu, "{}: mu {} (se {se_mu})", p.name, p.mu);
        // The bootstrap SE of μ* estimates √(Var|EE| / r). Its relative error is that
        // of a sample sd, √((κ − 1)/(4r)) with κ the kurtosis of |EE|, plus the
        // resampling noise of 1000 replicates, ≈ 1/√2000. At 4.5 SE (false failure
        // below 1e-4 across the five factors) this still rejects an SE off by 1.6×
        // or more; a bootstrap that resampled single effects or forgot the 1/√r
        // would be off by 7×.
        let mu4 = m4 - 4.0 * m1 * m3 + 6.0 * m1 * m1 * m2 - 3.0 * m1.powi(4);
        let kurtosis = mu4 / (var_abs * var_abs);
        let rel = ((kurtosis - 1.0) / (4.0 * rf) + 1.0 / 2000.0).sqrt();
        assert!((p.mu_star_se / se_mu_star - 1.0).abs() < 4.5 * rel, "{}: bootstrap se {} vs {se_mu_star} (rel. tol. {})", p.name, p.mu_star_se, 4.5 * rel);
        // The 95 % percentile interval spans about ±1.96 SE around μ*.
        let width = p.mu_star_ci.high - p.mu_star_ci.low;
        assert!((width / (2.0 * 1.959_964 * se_mu_star) - 1.0).abs() < 4.5 * rel + 0.1, "{}: interval width {width}", p.name);
        assert!(p.mu_star_ci.low < m1 + 4.5 * se_mu_star && p.mu_star_ci.high > m1 - 4.5 * se_mu_star, "{p:?}");
    }
}

#[test]
fn spread_selected_trajectories_rank_correctly() {
    // Selection favours distant (outer) levels, so the trajectories are no longer
    // independent draws and the closed form above does not apply; only the ranking.
    let result = morris(
        &g_ranges(),
        &MorrisOptions {
            trajectories: 30,
            candidates: 120,
            seed: 3,
            ..MorrisOptions::default()
        },
        g_function,
    )
    .unwrap();
    check_g_ranking(&result);
}

/// f = (x₀ − ½)² + 2·x₁ on the unit square, four levels (Δ = 2/3). A jump of x₀
/// between 0 and 2/3 changes f by 1/36 − 1/4 = −2/9 going up, so its effect is
/// −(2/9)/(2/3) = −1/3 whichever way it moves; between 1/3 and 1 it is +1/3.
/// So μ*₀ = 1/3 exactly while μ₀ depends on how many trajectories used each
/// pair, and x₁'s effect is 2 everywhere. An implementation that returned |μ| as
/// μ*, or lost the sign of a downward step, fails.
#[test]
fn quadratic_factor_has_known_absolute_effect_and_signed_mean() {
    let ranges = vec![ParamRange::new("x0", 0.0, 1.0), ParamRange::new("x1", 0.0, 1.0)];
    let opts = MorrisOptions {
        trajectories: 40,
        seed: 11,
        ..MorrisOptions::default()
    };
    let f = |x: &[f64]| (x[0] - 0.5).powi(2) + 2.0 * x[1];
    let design = morris_design(&ranges, &opts).unwrap();
    let pts = design.points();
    // Count, by hand, the trajectories whose x₀ step lies on the 1/3 ↔ 1 pair.
    let mut plus = 0usize;
    for t in 0..opts.trajectories {
        let rows: Vec<&[f64]> = (0..3).map(|s| pts.row(t * 3 + s)).collect();
        let s = (0..2).find(|&s| rows[s][0] != rows[s + 1][0]).unwrap();
        let lower = rows[s][0].min(rows[s + 1][0]);
        if (lower - 1.0 / 3.0).abs() < 1e-12 {
            plus += 1;
        } else {
            assert!(lower.abs() < 1e-12, "x0 moves from {lower}");
        }
    }
    let minus = opts.trajectories - plus;
    assert!(plus > 0 && minus > 0, "seed gives both pairs: {plus} and {minus}");
    let r = opts.trajectories as f64;
    let mu = (plus as f64 - minus as f64) / (3.0 * r);
    let var = (plus as f64 * (1.0 / 3.0 - mu).powi(2) + minus as f64 * (-1.0 / 3.0 - mu).powi(2)) / (r - 1.0);
    let result = morris_analyze(&design, &design.points().evaluate(f)).unwrap();
    let x0 = result.get("x0").unwrap();
    assert!((x0.mu_star - 1.0 / 3.0).abs() < 1e-12, "{x0:?}");
    assert!((x0.mu - mu).abs() < 1e-12, "{x0:?} vs {mu}");
    assert!((x0.sigma - var.sqrt()).abs() < 1e-12, "{x0:?} vs {}", var.sqrt());
    let x1 = result.get("x1").unwrap();
    assert!((x1.mu - 2.0).abs() < 1e-12 && (x1.mu_star - 2.0).abs() < 1e-12 && x1.sigma < 1e-12, "{x1:?}");
    // Every effect of x₁ is 2, so every bootstrap resample has μ* = 2.
    assert!((x1.mu_star_ci.low - 2.0).abs() < 1e-12 && (x1.mu_star_ci.high - 2.0).abs() < 1e-12);
    assert_eq!(result.parameters[0].name, "x1");
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
