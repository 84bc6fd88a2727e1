//! The one palette: each strategy's colour, the same on the session screen and in the
//! browsing output. The domain type knows nothing of colour; this maps it.

use crate::routine::strategy::Strategy;

/// A strategy's colour: an index into the 256-colour palette (the bright ANSI colours).
pub fn strategy_color(s: Strategy) -> u8 {
    match s {
        Strategy::Stretching => 10,
        Strategy::SelfMassage => 13,
        Strategy::Heat => 9,
        Strategy::Posture => 12,
        Strategy::Strengthening => 11,
        Strategy::MindBody => 14,
    }
}
