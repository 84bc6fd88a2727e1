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
    /// Run a routine with timed prompts; the session is recorded
    Start(StartArgs),
    /// The sessions you have done, the latest last; `log add` records one done away from the coach
    Log(LogCommand),
    /// Streaks, weeks, minutes by strategy, and pain over the weeks
    Stats(StatsArgs),
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

/// `backcoach start`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct StartArgs {
    /// A routine name (see `backcoach list`) or a path to a .toml file
    pub routine: String,
    /// How your back is now, 0-10, instead of being asked
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain: Option<u8>,
    /// One line per prompt: no full screen and no questions (also when not a terminal)
    #[arg(long)]
    pub plain: bool,
    /// No bell
    #[arg(long, short)]
    pub quiet: bool,
    /// Don't record the session
    #[arg(long)]
    pub no_log: bool,
    /// Play the routine F times faster, as a preview; a preview is not recorded
    #[arg(long, value_name = "F", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
    /// Seconds of "get ready" before each step
    #[arg(long, value_name = "S", default_value_t = 3,
          value_parser = clap::value_parser!(u32).range(0..=30))]
    pub lead_in: u32,
}

/// `backcoach log [add]`.
#[derive(Debug, Clone, clap::Args)]
#[command(args_conflicts_with_subcommands = true)]
pub struct LogCommand {
    #[command(subcommand)]
    pub action: Option<LogAction>,
    #[command(flatten)]
    pub show: LogArgs,
}

#[derive(Debug, Clone, Subcommand)]
pub enum LogAction {
    /// Record a session done without the coach: a warm bath, a walk, a routine on paper
    Add(AddArgs),
}

/// `backcoach log add`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct AddArgs {
    /// A strategy (`heat`), an exercise (`warm-bath`) or a routine (`evening`)
    pub what: String,
    /// How long it took, in minutes
    #[arg(long, short, value_name = "M", value_parser = clap::value_parser!(u32).range(1..=600))]
    pub minutes: u32,
    /// Pain before, 0-10
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain_before: Option<u8>,
    /// Pain after, 0-10
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain_after: Option<u8>,
    /// A one-line note
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
    /// When it started, local time (default: it just ended)
    #[arg(long, value_name = "\"YYYY-MM-DD HH:MM\"", value_parser = parse_local_time)]
    pub at: Option<chrono::NaiveDateTime>,
}

fn parse_local_time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let text = text.trim();
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|_| format!("`{text}` is not a time; write it as \"YYYY-MM-DD HH:MM\", like \"2026-11-24 19:30\""))
}

/// `backcoach stats`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct StatsArgs {
    /// How many weeks to show
    #[arg(long, value_name = "N", default_value_t = 12,
          value_parser = clap::value_parser!(u16).range(1..=104))]
    pub weeks: u16,
    /// The day a week starts on
    #[arg(long, value_enum, default_value_t = WeekStart::Monday)]
    pub week_start: WeekStart,
    /// As of this day instead of today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<chrono::NaiveDate>,
    /// Print JSON (see README.md)
    #[arg(long)]
    pub json: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WeekStart {
    Monday,
    Sunday,
}

impl WeekStart {
    pub fn weekday(self) -> chrono::Weekday {
        match self {
            WeekStart::Monday => chrono::Weekday::Mon,
            WeekStart::Sunday => chrono::Weekday::Sun,
        }
    }
}

/// `backcoach log`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// How many sessions to show, the latest last (0 shows all)
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 20)]
    pub count: usize,
    /// Only sessions started on or after this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Only sessions of this routine
    #[arg(long, value_name = "NAME")]
    pub routine: Option<String>,
    /// Only sessions with a step of this strategy
    #[arg(long, short, value_enum)]
    pub strategy: Option<Strategy>,
    /// Print the stored records, one JSON object a line
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// Print CSV: a header row, then one row per session
    #[arg(long)]
    pub csv: bool,
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, like 2026-11-24"))
}

/// A speed factor: a number from 0.1 to 1000.
fn parse_speed(text: &str) -> Result<f64, String> {
    match text.parse::<f64>() {
        Ok(f) if (0.1..=1000.0).contains(&f) => Ok(f),
        _ => Err(format!(
            "`{text}` is not a speed from 0.1 to 1000 (like 10 for ten times faster)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cli_is_well_formed() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }

    #[test]
    fn local_times() {
        assert!(parse_local_time("2026-11-24 19:30").is_ok());
        assert!(parse_local_time("2026-11-24T19:30").is_ok());
        for bad in ["2026-11-24", "19:30", "2026-11-24 25:00", "tomorrow"] {
            assert!(parse_local_time(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn dates() {
        assert!(parse_date("2026-11-24").is_ok());
        for bad in ["24/11/2026", "2026-13-01", "yesterday", ""] {
            assert!(parse_date(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn speeds() {
        assert_eq!(parse_speed("10"), Ok(10.0));
        assert_eq!(parse_speed("0.5"), Ok(0.5));
        for bad in ["0", "-1", "abc", "1e9", "NaN"] {
            assert!(parse_speed(bad).is_err(), "{bad}");
        }
    }
}
