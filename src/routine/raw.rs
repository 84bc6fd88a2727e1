//! The routine and catalogue files exactly as written: serde mirrors of the TOML, every value
//! kept with its place in the file so that validation can point at it. Nothing here judges a
//! value; `parse` turns these into the domain types or into diagnostics.

use std::fmt;

use indexmap::IndexMap;
use serde::Deserialize;
use serde::de::{self, Deserializer, Visitor};
use toml::Spanned;

use super::keys::{self, Inner, Keys};

/// `routines/exercises.toml`: one table per exercise id, in file order.
pub type RawCatalogue = IndexMap<Spanned<String>, Spanned<RawEntry>>;

/// `routines/<name>.toml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawRoutine {
    pub title: Option<Spanned<String>>,
    pub summary: Option<Spanned<String>>,
    pub when: Option<Spanned<String>>,
    /// What the routine is for and when to pick it ("a bad day"); `for` is a Rust keyword.
    #[serde(rename = "for")]
    pub purpose: Option<Spanned<String>>,
    /// What the person needs at hand: "mat", "heating pad".
    pub equipment: Option<Spanned<Vec<Spanned<String>>>>,
    pub rest: Option<Spanned<Int>>,
    pub step: Option<Spanned<Steps>>,
}

/// The `[[step]]` tables: the first [`Steps::KEPT`] as written, the rest only counted (and
/// not looked into), so that a file of 300,000 empty steps takes no more memory than one of
/// a hundred and one. `parse` refuses any routine over the limit, pointing at the first step
/// past it.
#[derive(Debug, Default)]
pub struct Steps {
    pub kept: Vec<Spanned<RawEntry>>,
    /// How many there are in all.
    pub count: usize,
}

impl Steps {
    /// One past the most a routine may have, so the first step too many has a place.
    pub const KEPT: usize = crate::routine::parse::limits::STEPS + 1;
}

impl<'de> Deserialize<'de> for Steps {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct StepsVisitor;
        impl<'de> Visitor<'de> for StepsVisitor {
            type Value = Steps;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a list of steps, each a [[step]] table")
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Steps, A::Error> {
                let mut steps = Steps::default();
                loop {
                    let more = if steps.kept.len() < Steps::KEPT {
                        seq.next_element::<Spanned<RawEntry>>()?
                            .map(|step| steps.kept.push(step))
                    } else {
                        seq.next_element::<de::IgnoredAny>()?.map(drop)
                    };
                    if more.is_none() {
                        return Ok(steps);
                    }
                    steps.count += 1;
                }
            }
        }
        deserializer.deserialize_seq(StepsVisitor)
    }
}

/// A catalogue entry or a routine step: the same keys, so that any key on a step can
/// override the catalogue. Only a step may name an `exercise`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEntry {
    pub exercise: Option<Spanned<String>>,
    pub name: Option<Spanned<String>>,
    pub strategy: Option<Spanned<String>>,
    pub cues: Option<Spanned<Vec<Spanned<String>>>>,
    pub caution: Option<Spanned<String>>,
    pub source: Option<Spanned<String>>,
    /// What to do in the moment, the big prompt of a hold or of each rep ("Brace lightly").
    pub say: Option<Spanned<String>>,
    /// Setting up before the timer starts ("Fill the bottle..."); the get-ready waits for Enter.
    pub prepare: Option<Spanned<String>>,
    /// How to get into the starting position, in a few words ("on hands and knees"): shown
    /// with the step's name while getting ready and in the rest before it.
    pub position: Option<Spanned<String>>,
    /// How `--voice` says the name, where the printed one reads badly aloud ("Foam roller"
    /// for "Foam roller: hips, buttocks, upper back").
    pub aloud: Option<Spanned<String>>,
    /// A picture of the pose: one frame (a list of lines) for a hold, two or more for a
    /// movement, shown in turn with its phases.
    pub figure: Option<Spanned<RawFigure>>,
    /// Seconds to get ready before this step, in place of the usual lead-in (getting down to
    /// the floor takes longer than standing up straight).
    pub get_ready: Option<Spanned<Int>>,
    /// A heat step's closing prompt, in place of the standard "Heat off" one.
    pub heat_off: Option<Spanned<String>>,
    // The dosage: exactly one of seconds, minutes, reps, phases, breath.
    pub seconds: Option<Spanned<Int>>,
    pub minutes: Option<Spanned<Int>>,
    pub reps: Option<Spanned<Int>>,
    pub rep_seconds: Option<Spanned<Int>>,
    pub phases: Option<Spanned<Vec<Spanned<RawPhase>>>>,
    pub breath: Option<Spanned<RawBreath>>,
    pub cycles: Option<Spanned<Int>>,
    // Modifiers.
    pub sets: Option<Spanned<Int>>,
    pub set_rest: Option<Spanned<Int>>,
    pub sides: Option<Spanned<bool>>,
    /// A step to leave out first when the routine is fitted to less time (`--minutes`).
    /// Routine steps only.
    pub optional: Option<Spanned<bool>>,
    /// The harder versions of a catalogue entry, `[[<id>.level]]`: level 2, 3, ... each
    /// with its own keys laid over the level before it. Only the catalogue has levels.
    pub level: Option<Spanned<Vec<Spanned<RawEntry>>>>,
}

/// A `figure` as written: frames, each a list of lines.
pub type RawFigure = Vec<Spanned<Vec<Spanned<String>>>>;

/// One prompt of a `phases` dosage.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPhase {
    pub say: Option<Spanned<String>>,
    /// How `--voice` says the prompt, where the printed one reads badly aloud.
    pub aloud: Option<Spanned<String>>,
    pub seconds: Option<Spanned<Int>>,
}

/// A `breath` dosage: seconds for each part of one breath.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawBreath {
    pub inhale: Option<Spanned<Int>>,
    pub hold: Option<Spanned<Int>>,
    pub exhale: Option<Spanned<Int>>,
    pub hold_after: Option<Spanned<Int>>,
}

// Which keys hold tables of their own, for `keys` to look into: every step, phase and
// breath is checked for unknown keys, not only the top of the file.
impl keys::Table for RawCatalogue {
    fn keys() -> Keys {
        Keys::Any
    }
    fn inner(_id: &str) -> Option<Inner> {
        Some(Inner::table::<RawEntry>())
    }
}

impl keys::Table for RawRoutine {
    fn inner(key: &str) -> Option<Inner> {
        // Steps past the limit are not checked: the limit's message says what to do.
        (key == "step").then(|| Inner::tables::<RawEntry>(crate::routine::parse::limits::STEPS))
    }
}

impl keys::Table for RawEntry {
    fn inner(key: &str) -> Option<Inner> {
        match key {
            "phases" => Some(Inner::tables::<RawPhase>(usize::MAX)),
            "breath" => Some(Inner::table::<RawBreath>()),
            "level" => Some(Inner::tables::<RawEntry>(
                crate::routine::parse::limits::LEVELS,
            )),
            _ => None,
        }
    }
}

impl keys::Table for RawPhase {}
impl keys::Table for RawBreath {}

/// A whole number as written, sign and all. Range checks happen in `parse`, where the
/// message can say which bound was hit; here only the type is checked (the hint, which
/// knows the key, says what to write).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Int(pub i64);

impl<'de> Deserialize<'de> for Int {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IntVisitor;
        impl Visitor<'_> for IntVisitor {
            type Value = Int;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a whole number")
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Int, E> {
                Ok(Int(v))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Int, E> {
                i64::try_from(v)
                    .map(Int)
                    .map_err(|_| E::custom("this number is far too large"))
            }
        }
        deserializer.deserialize_i64(IntVisitor)
    }
}
