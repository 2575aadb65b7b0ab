//! Lane arrays: one `f64` (or flag) per trajectory of a [`crate::Batch`], with
//! element-wise arithmetic.
//!
//! Every operator is a plain loop over the lanes, which the compiler turns into
//! vector instructions; written this way, a formula over lanes reads like the
//! scalar formula and each lane does exactly the IEEE operations, in the same
//! order, that the scalar formula does. With `L = 1` it is scalar code.

use std::ops::{Add, BitAnd, BitOr, Div, Mul, Not, Sub};

/// One `f64` per lane.
#[derive(Clone, Copy, Debug)]
pub(crate) struct F<const L: usize>(pub(crate) [f64; L]);

/// One flag per lane, held as a mask (all bits set or none), the form vector
/// comparisons produce and bitwise selects consume.
#[derive(Clone, Copy, Debug)]
pub(crate) struct B<const L: usize>(pub(crate) [u64; L]);

#[inline(always)]
fn mask(x: bool) -> u64 {
    (x as u64).wrapping_neg()
}

impl<const L: usize> F<L> {
    #[inline(always)]
    pub(crate) fn splat(x: f64) -> F<L> {
        F([x; L])
    }

    #[inline(always)]
    pub(crate) fn from_fn(f: impl FnMut(usize) -> f64) -> F<L> {
        F(std::array::from_fn(f))
    }

    /// Counts as `f64`.
    #[inline(always)]
    pub(crate) fn from_u32(x: &[u32; L]) -> F<L> {
        F::from_fn(|l| x[l] as f64)
    }

    #[inline(always)]
    pub(crate) fn map(self, f: impl Fn(f64) -> f64) -> F<L> {
        F::from_fn(|l| f(self.0[l]))
    }

    #[inline(always)]
    pub(crate) fn min(self, y: f64) -> F<L> {
        self.map(|x| x.min(y))
    }

    #[inline(always)]
    pub(crate) fn max(self, y: f64) -> F<L> {
        self.map(|x| x.max(y))
    }

    #[inline(always)]
    pub(crate) fn min_lanes(self, y: F<L>) -> F<L> {
        F::from_fn(|l| self.0[l].min(y.0[l]))
    }

    #[inline(always)]
    pub(crate) fn clamp(self, lo: f64, hi: f64) -> F<L> {
        self.map(|x| x.clamp(lo, hi))
    }

    #[inline(always)]
    pub(crate) fn lt(self, y: F<L>) -> B<L> {
        B::from_fn(|l| self.0[l] < y.0[l])
    }

    #[inline(always)]
    pub(crate) fn gt(self, y: F<L>) -> B<L> {
        B::from_fn(|l| self.0[l] > y.0[l])
    }

    #[inline(always)]
    pub(crate) fn ne(self, y: F<L>) -> B<L> {
        B::from_fn(|l| self.0[l] != y.0[l])
    }

    #[inline(always)]
    pub(crate) fn eq_scalar(self, y: f64) -> B<L> {
        B::from_fn(|l| self.0[l] == y)
    }
}

impl<const L: usize> B<L> {
    #[inline(always)]
    pub(crate) fn from_fn(mut f: impl FnMut(usize) -> bool) -> B<L> {
        B(std::array::from_fn(|l| mask(f(l))))
    }

    #[inline(always)]
    pub(crate) fn from_bools(x: &[bool; L]) -> B<L> {
        B::from_fn(|l| x[l])
    }

    #[inline(always)]
    pub(crate) fn all(value: bool) -> B<L> {
        B([mask(value); L])
    }

    /// True when the flag is set in any lane.
    #[inline(always)]
    pub(crate) fn any(self) -> bool {
        self.0.iter().fold(0, |acc, m| acc | m) != 0
    }

    /// The flag of lane `l`.
    #[inline(always)]
    pub(crate) fn get(self, l: usize) -> bool {
        self.0[l] != 0
    }

    /// `yes` where the flag is set, `no` elsewhere (an exact bitwise select).
    #[inline(always)]
    pub(crate) fn select(self, yes: F<L>, no: F<L>) -> F<L> {
        F::from_fn(|l| f64::from_bits((yes.0[l].to_bits() & self.0[l]) | (no.0[l].to_bits() & !self.0[l])))
    }

    /// `yes` where the flag is set, `no` elsewhere (constants).
    #[inline(always)]
    pub(crate) fn pick(self, yes: f64, no: f64) -> F<L> {
        self.select(F::splat(yes), F::splat(no))
    }
}

macro_rules! lane_op {
    ($trait:ident, $method:ident, $op:tt) => {
        impl<const L: usize> $trait for F<L> {
            type Output = F<L>;
            #[inline(always)]
            fn $method(self, y: F<L>) -> F<L> {
                F::from_fn(|l| self.0[l] $op y.0[l])
            }
        }
        impl<const L: usize> $trait<f64> for F<L> {
            type Output = F<L>;
            #[inline(always)]
            fn $method(self, y: f64) -> F<L> {
                F::from_fn(|l| self.0[l] $op y)
            }
        }
        impl<const L: usize> $trait<F<L>> for f64 {
            type Output = F<L>;
            #[inline(always)]
            fn $method(self, y: F<L>) -> F<L> {
                F::from_fn(|l| self $op y.0[l])
            }
        }
    };
}

lane_op!(Add, add, +);
lane_op!(Sub, sub, -);
lane_op!(Mul, mul, *);
lane_op!(Div, div, /);

impl<const L: usize> BitAnd for B<L> {
    type Output = B<L>;
    #[inline(always)]
    fn bitand(self, y: B<L>) -> B<L> {
        B(std::array::from_fn(|l| self.0[l] & y.0[l]))
    }
}

impl<const L: usize> BitOr for B<L> {
    type Output = B<L>;
    #[inline(always)]
    fn bitor(self, y: B<L>) -> B<L> {
        B(std::array::from_fn(|l| self.0[l] | y.0[l]))
    }
}

impl<const L: usize> Not for B<L> {
    type Output = B<L>;
    #[inline(always)]
    fn not(self) -> B<L> {
        B(std::array::from_fn(|l| !self.0[l]))
    }
}
