//! The six strategies that help with lower-back knots. Every exercise belongs to exactly one;
//! they give the catalogue its shape (`output::theme` gives each its colour).

use std::fmt;

use serde::{Deserialize, Serialize};

/// One of the six ways to work on a knot. The ids are part of the routine format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Strategy {
    Stretching,
    SelfMassage,
    Heat,
    Posture,
    Strengthening,
    MindBody,
}

impl Strategy {
    /// All six, in the order the guide presents them.
    pub const ALL: [Strategy; 6] = [
        Strategy::Stretching,
        Strategy::SelfMassage,
        Strategy::Heat,
        Strategy::Posture,
        Strategy::Strengthening,
        Strategy::MindBody,
    ];

    /// The id used in TOML files and on the command line.
    pub fn id(self) -> &'static str {
        match self {
            Strategy::Stretching => "stretching",
            Strategy::SelfMassage => "self-massage",
            Strategy::Heat => "heat",
            Strategy::Posture => "posture",
            Strategy::Strengthening => "strengthening",
            Strategy::MindBody => "mind-body",
        }
    }

    /// The heading a person reads.
    pub fn title(self) -> &'static str {
        match self {
            Strategy::Stretching => "Stretching",
            Strategy::SelfMassage => "Self-massage",
            Strategy::Heat => "Heat",
            Strategy::Posture => "Posture awareness",
            Strategy::Strengthening => "Strengthening",
            Strategy::MindBody => "Mind-body",
        }
    }

    pub fn from_id(id: &str) -> Option<Strategy> {
        Strategy::ALL.into_iter().find(|s| s.id() == id)
    }

    pub fn ids() -> impl Iterator<Item = &'static str> {
        Strategy::ALL.into_iter().map(Strategy::id)
    }
}

impl fmt::Display for Strategy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.id())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_round_trip() {
        for s in Strategy::ALL {
            assert_eq!(Strategy::from_id(s.id()), Some(s));
        }
        assert_eq!(Strategy::from_id("massage"), None);
    }

    #[test]
    fn serde_agrees_with_id() {
        for s in Strategy::ALL {
            assert_eq!(
                serde_json::to_string(&s).ok(),
                Some(format!("\"{}\"", s.id()))
            );
        }
    }
}
