//! The Sobol' low-discrepancy sequence in base 2 (Sobol' 1967), built from
//! the Joe–Kuo direction numbers (`new-joe-kuo-6.21201`, Joe and Kuo 2008).
//!
//! Dimension 1 is the van der Corput sequence; dimensions 2 to
//! [`MAX_DIMENSIONS`] each use one row of the Joe–Kuo table: the degree `s`
//! of a primitive polynomial over GF(2), its inner coefficients packed into
//! the integer `a`, and the `s` initial odd direction integers `m_1..m_s`.
//! The remaining direction numbers follow from the Bratley–Fox recurrence.
//!
//! Points are generated in natural (not Gray-code) order: point `i` is the
//! XOR of the direction numbers selected by the bits of `i`. Both orders
//! visit the same set of points in every prefix of length 2^m, and natural
//! order makes a design of size N a prefix of the design of size 2N, which is
//! what a convergence check by doubling needs.
//!
//! The table rows were checked when embedded: every polynomial is primitive
//! and distinct, every `m_k` is odd and below 2^k (a unit test repeats these
//! checks), and rows 2–40 agree with a second, independent transcription.

use std::sync::OnceLock;

/// Bits of precision of each coordinate.
const BITS: usize = 32;

/// Joe–Kuo rows for dimensions 2..=128, `s a m_1 … m_s`, separated by `|`.
const JOE_KUO: &str = include_str!("joe_kuo.txt");

/// Number of dimensions the embedded table supports.
pub const MAX_DIMENSIONS: usize = 128;

fn directions() -> &'static [[u32; BITS]] {
    static DIRS: OnceLock<Vec<[u32; BITS]>> = OnceLock::new();
    DIRS.get_or_init(|| {
        let mut all = Vec::with_capacity(MAX_DIMENSIONS);
        let mut first = [0u32; BITS];
        for (j, v) in first.iter_mut().enumerate() {
            *v = 1u32 << (BITS - 1 - j);
        }
        all.push(first);
        for row in parse_table() {
            all.push(row_directions(&row));
        }
        debug_assert_eq!(all.len(), MAX_DIMENSIONS);
        all
    })
}

/// One parsed table row.
#[derive(Debug, Clone)]
pub(crate) struct Row {
    pub s: usize,
    pub a: u32,
    pub m: Vec<u32>,
}

pub(crate) fn parse_table() -> Vec<Row> {
    JOE_KUO
        .trim()
        .split('|')
        .map(|row| {
            let nums: Vec<u32> = row
                .split_whitespace()
                .map(|t| t.parse().expect("numeric table"))
                .collect();
            let s = nums[0] as usize;
            Row {
                s,
                a: nums[1],
                m: nums[2..].to_vec(),
            }
        })
        .collect()
}

fn row_directions(row: &Row) -> [u32; BITS] {
    let s = row.s;
    let mut v = [0u32; BITS];
    for j in 0..BITS {
        if j < s {
            v[j] = row.m[j] << (BITS - 1 - j);
        } else {
            let mut x = v[j - s] ^ (v[j - s] >> s);
            for k in 1..s {
                if (row.a >> (s - 1 - k)) & 1 == 1 {
                    x ^= v[j - k];
                }
            }
            v[j] = x;
        }
    }
    v
}

/// The raw 32-bit integer coordinate of point `index` in dimension `dim`
/// (0-based). The real coordinate is this value divided by 2^32.
///
/// # Panics
/// If `dim >= MAX_DIMENSIONS` or `index >= 2^32`.
pub fn sobol_bits(index: u64, dim: usize) -> u32 {
    assert!(index < (1u64 << BITS), "Sobol' index out of range");
    let v = &directions()[dim];
    let mut x = 0u32;
    let mut i = index;
    let mut j = 0;
    while i != 0 {
        if i & 1 == 1 {
            x ^= v[j];
        }
        i >>= 1;
        j += 1;
    }
    x
}

/// Coordinate of point `index` in dimension `dim` (0-based) in [0, 1).
pub fn sobol_point(index: u64, dim: usize) -> f64 {
    sobol_bits(index, dim) as f64 / 4_294_967_296.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn gf2_mulmod(mut a: u64, mut b: u64, p: u64, deg: usize) -> u64 {
        let mut r = 0;
        while b != 0 {
            if b & 1 == 1 {
                r ^= a;
            }
            b >>= 1;
            a <<= 1;
            if (a >> deg) & 1 == 1 {
                a ^= p;
            }
        }
        r
    }

    fn is_primitive(p: u64, deg: usize) -> bool {
        let order = (1u64 << deg) - 1;
        let pow_x = |mut e: u64| {
            let (mut res, mut base) = (1u64, 2u64);
            while e != 0 {
                if e & 1 == 1 {
                    res = gf2_mulmod(res, base, p, deg);
                }
                base = gf2_mulmod(base, base, p, deg);
                e >>= 1;
            }
            res
        };
        if pow_x(order) != 1 {
            return false;
        }
        let mut n = order;
        let mut q = 2;
        let mut primes = vec![];
        while q * q <= n {
            if n.is_multiple_of(q) {
                primes.push(q);
                while n.is_multiple_of(q) {
                    n /= q;
                }
            }
            q += 1;
        }
        if n > 1 {
            primes.push(n);
        }
        primes.iter().all(|&q| pow_x(order / q) != 1)
    }

    #[test]
    fn table_rows_are_consistent() {
        let rows = parse_table();
        assert_eq!(rows.len() + 1, MAX_DIMENSIONS);
        let mut seen = std::collections::HashSet::new();
        for (i, r) in rows.iter().enumerate() {
            assert_eq!(r.m.len(), r.s, "row {}", i + 2);
            assert!(
                r.a < (1 << (r.s - 1)) || r.s == 1 && r.a == 0,
                "row {}",
                i + 2
            );
            for (k, &m) in r.m.iter().enumerate() {
                assert!(
                    m % 2 == 1 && m < (1 << (k + 1)),
                    "row {} m_{}",
                    i + 2,
                    k + 1
                );
            }
            let poly = (1u64 << r.s) | ((r.a as u64) << 1) | 1;
            assert!(
                is_primitive(poly, r.s),
                "row {} polynomial not primitive",
                i + 2
            );
            assert!(seen.insert(poly), "row {} repeats a polynomial", i + 2);
        }
    }

    #[test]
    fn first_points_are_the_textbook_ones() {
        let d0: Vec<f64> = (0..8).map(|i| sobol_point(i, 0)).collect();
        assert_eq!(d0, [0.0, 0.5, 0.25, 0.75, 0.125, 0.625, 0.375, 0.875]);
        let d1: Vec<f64> = (0..4).map(|i| sobol_point(i, 1)).collect();
        assert_eq!(d1, [0.0, 0.5, 0.75, 0.25]);
    }

    #[test]
    fn every_dimension_is_stratified() {
        // The first 2^m points of any one dimension put exactly one point in
        // each interval [k/2^m, (k+1)/2^m).
        let m = 10;
        for dim in 0..MAX_DIMENSIONS {
            let mut hit = vec![false; 1 << m];
            for i in 0..(1u64 << m) {
                let cell = (sobol_bits(i, dim) >> (BITS - m)) as usize;
                assert!(!hit[cell], "dimension {dim} is not stratified");
                hit[cell] = true;
            }
        }
    }

    #[test]
    fn first_two_dimensions_form_a_zero_net() {
        // Dimensions 1 and 2 form a (0, m, 2)-net: every elementary box of
        // area 2^-m holds exactly one of the first 2^m points.
        let m = 8u32;
        for a in 0..=m {
            let b = m - a;
            let mut hit = vec![false; 1 << m];
            for i in 0..(1u64 << m) {
                let x = (sobol_bits(i, 0) >> (32 - a.max(1))) as usize >> (a.max(1) - a);
                let y = (sobol_bits(i, 1) >> (32 - b.max(1))) as usize >> (b.max(1) - b);
                let cell = (x << b) | y;
                assert!(!hit[cell]);
                hit[cell] = true;
            }
        }
    }
}
