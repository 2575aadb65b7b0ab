//! Small deterministic numeric kernels used in the daily step.
//!
//! `exp_neg` is written with plain IEEE arithmetic (no platform libm), so the
//! same inputs give the same bits on every platform; it is accurate to about
//! 1e-8 relative, which is far below the Monte Carlo noise of any output.

/// Range reduction of x ≤ 0 (clamped below at −700): x = k ln2 + r with |r| ≤ ln2/2,
/// returned as (r, 2^k).
///
/// The rounding of x/ln2 to the nearest integer k uses the 1.5·2^52 trick and
/// 2^k is assembled from exponent bits, so it is branch-free and vectorizes.
/// [`exp_neg`] and [`exp_neg_bracket`] share it, so they reduce every x alike.
#[inline(always)]
fn reduce(x: f64) -> (f64, f64) {
    const LN2: f64 = std::f64::consts::LN_2;
    const INV_LN2: f64 = std::f64::consts::LOG2_E;
    const MAGIC: f64 = 6_755_399_441_055_744.0; // 1.5 · 2^52
    let x = x.clamp(-700.0, 0.0);
    let t = x * INV_LN2 + MAGIC;
    let kf = t - MAGIC;
    let r = x - kf * LN2;
    // The low bits of t hold k; k + 1023 in the exponent field is 2^k (k ≥ −1010 here).
    let k = t.to_bits().wrapping_sub(MAGIC.to_bits());
    (r, f64::from_bits(k.wrapping_add(1023) << 52))
}

/// e^x for x ≤ 0 (clamped below at −700), as 2^k · e^r after [`reduce`].
#[inline(always)]
pub fn exp_neg(x: f64) -> f64 {
    let (r, scale) = reduce(x);
    // Degree-7 Taylor polynomial of e^r on |r| ≤ 0.347: error < 3e-9.
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    p * scale
}

/// Cheap bounds `(lo, hi)` with `lo ≤ exp_neg(x) ≤ hi` for the very value [`exp_neg`]
/// returns, without its degree-7 polynomial.
///
/// It uses `exp_neg`'s range reduction ([`reduce`]: the same k and r) and brackets
/// its polynomial p(r) with the cubic q(r) = 1 + r + r²/2 + r³/6: in exact
/// arithmetic e^r − q(r) = r⁴/24·e^ξ ∈ [0, 8.6e-4] for |r| ≤ 0.35, and p(r) is
/// within 3e-9 of e^r, so p ∈ [q − 1e-7, q + 1e-3] with a wide margin for rounding.
/// Scaling by 2^k (k ≥ −1010, normal) is exact and rounding is monotone, so
/// decisions `u ≤ lo` or `u > hi` made on the bounds are the decisions the exact
/// value would give.
#[inline(always)]
pub fn exp_neg_bracket(x: f64) -> (f64, f64) {
    let (r, scale) = reduce(x);
    let q = 1.0 + r * (1.0 + r * (0.5 + r * (1.0 / 6.0)));
    ((q - 1e-7) * scale, (q + 1e-3) * scale)
}

/// e^x for any x in [−700, 700], through [`exp_neg`] and a reciprocal for x > 0.
///
/// Branch-free (both sides are computed and one is selected) so that it vectorizes;
/// −|x| is x itself for x ≤ 0, so the result is bit for bit `exp_neg(x)` there.
#[inline(always)]
pub fn exp_any(x: f64) -> f64 {
    let e = exp_neg(-x.abs());
    if x > 0.0 { 1.0 / e } else { e }
}

/// Converts 53 random bits to a uniform number in [0, 1).
#[inline]
pub fn unit_from_bits(bits: u64) -> f64 {
    (bits >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exp_neg_matches_std_within_tolerance() {
        let mut x: f64 = -60.0;
        while x <= 0.0 {
            let want = x.exp();
            let got = exp_neg(x);
            assert!(((got - want) / want).abs() < 1e-8, "x={x} got={got} want={want}");
            x += 0.0137;
        }
        assert_eq!(exp_neg(0.0), 1.0);
        assert!(exp_neg(-1e9) < 1e-300);
    }

    #[test]
    fn exp_neg_bracket_brackets_exp_neg() {
        let mut x: f64 = -720.0;
        let mut n = 0u64;
        while x <= 0.0 {
            for y in [x, x.next_up().min(0.0), x.next_down(), -(x * x) / 700.0] {
                let (lo, hi) = exp_neg_bracket(y);
                let e = exp_neg(y);
                assert!(lo <= e && e <= hi, "y={y} lo={lo} e={e} hi={hi}");
                assert!(hi - lo < 1.1e-3 * e.max(1e-300) / 0.7, "y={y} lo={lo} hi={hi}");
                n += 1;
            }
            x += 0.000_731;
        }
        assert!(n > 1_000_000);
        for y in [0.0, -0.0, -1e-300, -0.5 * std::f64::consts::LN_2, -1e9, f64::NEG_INFINITY] {
            let (lo, hi) = exp_neg_bracket(y);
            let e = exp_neg(y);
            assert!(lo <= e && e <= hi, "y={y} lo={lo} e={e} hi={hi}");
        }
    }
}
