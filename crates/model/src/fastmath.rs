//! Small deterministic numeric kernels used in the daily step.
//!
//! `exp_neg` is written with plain IEEE arithmetic (no platform libm), so the
//! same inputs give the same bits on every platform; it is accurate to about
//! 2e-7 relative, which is far below the Monte Carlo noise of any output.

/// e^x for x ≤ 0 (clamped below at −700), by range reduction to 2^k · e^r.
#[inline]
pub fn exp_neg(x: f64) -> f64 {
    let x = if x < -700.0 { -700.0 } else { x };
    // x = k ln2 + r with |r| ≤ ln2/2.
    const LN2: f64 = std::f64::consts::LN_2;
    let kf = (x / LN2).round();
    let r = x - kf * LN2;
    // Degree-7 Taylor polynomial of e^r on |r| ≤ 0.347: error < 3e-9.
    let p = 1.0
        + r * (1.0
            + r * (0.5
                + r * (1.0 / 6.0
                    + r * (1.0 / 24.0 + r * (1.0 / 120.0 + r * (1.0 / 720.0 + r * (1.0 / 5040.0)))))));
    let k = kf as i64;
    // 2^k as an f64 built from its exponent bits (k ≥ -1022 here except extreme underflow).
    if k < -1022 {
        return 0.0;
    }
    p * f64::from_bits(((k + 1023) as u64) << 52)
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
        let mut x = -60.0;
        while x <= 0.0 {
            let want = x.exp();
            let got = exp_neg(x);
            assert!(((got - want) / want).abs() < 1e-8, "x={x} got={got} want={want}");
            x += 0.0137;
        }
        assert_eq!(exp_neg(0.0), 1.0);
        assert_eq!(exp_neg(-1e9), 0.0);
    }
}
