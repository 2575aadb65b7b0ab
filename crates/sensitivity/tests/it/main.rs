//! Validation against known answers. Fixed seeds throughout; tolerances are
//! multiples of the bootstrap or sampling standard errors.

mod factorial;
mod morris;
mod paired;
mod sobol;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// A standard normal draw (Box–Muller), good enough for test noise.
pub fn normal(rng: &mut ChaCha8Rng) -> f64 {
    let u1: f64 = 1.0 - rng.random::<f64>();
    let u2: f64 = rng.random();
    (-2.0 * u1.ln()).sqrt() * (2.0 * std::f64::consts::PI * u2).cos()
}

/// A generator whose seed is a hash of a parameter point, so that a
/// closure can be stochastic and still a pure function of its input.
pub fn rng_for_point(x: &[f64]) -> ChaCha8Rng {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for v in x {
        h ^= v.to_bits();
        h = h.wrapping_mul(0x0000_0100_0000_01b3);
        h ^= h >> 29;
    }
    ChaCha8Rng::seed_from_u64(h)
}
