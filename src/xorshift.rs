//! A tiny deterministic pseudo-random sequence for tests that walk many
//! generated inputs without a random-number crate (Marsaglia's xorshift64
//! with the 13, 7, 17 shifts). The same seed gives the same inputs on every
//! machine, so a failing case is named by its seed.

/// The generator; its state is the last value drawn (never 0).
pub(crate) struct Xorshift(pub(crate) u64);

impl Xorshift {
    /// The next value.
    pub(crate) fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    /// The next value below `bound` (not uniform, which tests do not need).
    pub(crate) fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

#[cfg(test)]
mod tests {
    use super::Xorshift;

    #[test]
    fn the_sequence_is_marsaglias_and_stays_below_the_bound() {
        // Marsaglia's xorshift64 (13, 7, 17) from 1.
        let mut rng = Xorshift(1);
        assert_eq!(rng.next(), 1_082_269_761);
        assert_eq!(rng.next(), 1_152_992_998_833_853_505);
        let mut rng = Xorshift(0x9e37_79b9_7f4a_7c15);
        assert!((0..1000).all(|_| rng.below(7) < 7));
    }
}
