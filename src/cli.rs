//! The command line, as clap sees it. Only parsing lives here; `lib::run` dispatches.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::strategy::Strategy;

#[derive(Debug, Parser)]
#[command(
    name = "backcoach",
    version,
    about = "A terminal coach for knots in the lower back",
    long_about = "A terminal coach for knots (trigger points) in the lower back: routines of \
                  stretching, self-massage, heat, posture, strengthening and mind-body work, \
                  with the why of each.\n\nbackcoach is a coach, not a clinician: \
                  `backcoach strategies` says when to get medical help.",
    after_help = "Start with `backcoach list`, then `backcoach show evening`.",
    propagate_version = true
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// List the routines: built-in and your own
    List {
        /// Print JSON (an array of routines; see README.md)
        #[arg(long)]
        json: bool,
    },
    /// Show a routine step by step: dosage, cues, cautions, rests and the total time
    Show {
        /// A routine name (see `backcoach list`) or a path to a .toml file
        routine: String,
    },
    /// The exercise catalogue, or one exercise in full
    Exercises {
        /// Show this exercise with its cues, caution and source
        id: Option<String>,
        /// Only exercises of this strategy
        #[arg(long, short, value_enum)]
        strategy: Option<Strategy>,
        /// Print JSON (an array of exercises; see README.md)
        #[arg(long)]
        json: bool,
    },
    /// Check routine files: print what is wrong, or "ok"
    Check {
        /// Routine files (a file named exercises.toml is checked as a catalogue)
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
    },
    /// What a knot is, the six strategies and why they help, and when to see a clinician
    Strategies,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
