//! The command line, as clap sees it. Only parsing lives here; `commands` runs what it says.
//! `shell` gives completions and the man page.

pub mod shell;

use std::path::PathBuf;

use clap::{Parser, Subcommand};
use clap_complete::ArgValueCompleter;

use crate::cli::shell::{complete_activity, complete_name, complete_routine, complete_runnable};
use crate::routine::strategy::Strategy;
use crate::settings::{ColorWhen, Flags, NotifyWhen, WeekStart};

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
    /// When to use colour: auto (a terminal, unless NO_COLOR is set), always or never
    #[arg(long, value_name = "WHEN", global = true, overrides_with = "color")]
    pub color: Option<ColorWhen>,
    #[command(subcommand)]
    pub command: Command,
}

impl Cli {
    /// The command line `args` (the program name first), parsed and checked: clap's errors,
    /// and those of flags that do not go together.
    pub fn parse_checked(
        args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
    ) -> Result<Cli, clap::Error> {
        use clap::CommandFactory;
        let cli = Cli::try_parse_from(args)?;
        if let Command::Nudge(nudge) = &cli.command
            && nudge.every > nudge.span
        {
            return Err(Cli::command().error(
                clap::error::ErrorKind::ArgumentConflict,
                format!(
                    "--every ({} min) is longer than --for ({} min): no nudge would come; \
                     make --for at least as long as --every",
                    nudge.every / 60,
                    nudge.span / 60
                ),
            ));
        }
        Ok(cli)
    }

    /// [`Cli::parse_checked`], except that no command at all, when `interactive` says a person
    /// is at a terminal, is `today`; elsewhere (a script, a pipe) it is the help, on standard
    /// error, and exit code 2, as it always was.
    pub fn parse_or_today(
        args: impl IntoIterator<Item = impl Into<std::ffi::OsString> + Clone>,
        interactive: impl FnOnce() -> bool,
    ) -> Result<Cli, clap::Error> {
        use clap::error::ErrorKind;
        let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
        match Cli::parse_checked(args.clone()) {
            Err(e)
                if matches!(
                    e.kind(),
                    ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ) && interactive() =>
            {
                Cli::parse_checked(args.into_iter().chain(["today".into()]))
            }
            parsed => parsed,
        }
    }

    /// The flags that override a setting, wherever they are on the command line.
    pub fn flags(&self) -> Flags {
        let mut flags = Flags {
            color: self.color,
            ..Flags::default()
        };
        match &self.command {
            Command::Start(start) => {
                flags.lead_in = start.lead_in;
                flags.quiet = start.run.quiet;
                flags.voice = start.voice;
            }
            Command::Nudge(nudge) => {
                flags.quiet = nudge.run.quiet;
                flags.notify = nudge.notify;
            }
            Command::Stats(stats) => flags.week_start = stats.week_start,
            _ => {}
        }
        flags
    }
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run a routine with timed prompts; the session is recorded
    #[command(after_help = session_keys_help())]
    Start(StartArgs),
    /// The sessions you have done, in the order they started; `log add` records one done away from the coach
    Log(LogCommand),
    /// Streaks, weeks, minutes by strategy, and pain over the weeks
    Stats(StatsArgs),
    /// What to do now, and why: one routine, from your log and the time of day (what
    /// `backcoach` alone runs in a terminal)
    Today(TodayArgs),
    /// List the routines: built-in and your own
    List {
        /// Print JSON: an array, one object per routine (name, title, seconds, strategies,
        /// source, ...)
        #[arg(long)]
        json: bool,
    },
    /// Show a routine step by step: dosage, cues, cautions, rests and the total time
    Show {
        /// A routine name (see `backcoach list`), a path to a .toml file, or an exercise id
        /// (see `backcoach exercises`), shown as a routine of one step
        #[arg(add = ArgValueCompleter::new(complete_runnable))]
        routine: String,
        /// Draw each step's pose too (the figures of the catalogue)
        #[arg(long)]
        figures: bool,
        #[command(flatten)]
        fit: FitFlags,
    },
    /// The exercise catalogue, or one exercise in full
    Exercises {
        /// Show this exercise with its cues, caution and source
        id: Option<String>,
        /// Only exercises of this strategy
        #[arg(long, short, value_parser = strategy_arg())]
        strategy: Option<Strategy>,
        /// Print JSON: an array, one object per exercise (id, name, strategy, cues, dosage,
        /// ...)
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
    /// Write a new routine, with comments, to your routines folder; prints its path
    New {
        /// The new routine's name: lower-case words joined by dashes, like `my-evening`
        name: String,
        /// Start from a copy of this routine instead of the starter
        #[arg(long, value_name = "ROUTINE", add = ArgValueCompleter::new(complete_routine))]
        from: Option<String>,
        /// Take a built-in routine's name: yours then replaces the built-in (a copy of it,
        /// without --from). Never writes over a file
        #[arg(long)]
        force: bool,
    },
    /// Open one of your routines in $VISUAL or $EDITOR, then check it
    Edit {
        /// A routine in your routines folder (a built-in one is copied there first)
        #[arg(add = ArgValueCompleter::new(complete_name))]
        name: String,
    },
    /// A quiet posture coach for the working day: a cue every so often
    Nudge(NudgeArgs),
    /// The settings in effect and where each came from
    Config {
        /// Write a commented config file with the defaults (never over an existing one)
        #[arg(long)]
        init: bool,
    },
    /// Print a shell's completion script, to load from your shell's start-up file
    #[command(long_about = COMPLETIONS_HELP)]
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff), as `man` reads it
    Man,
}

/// `completions --help`: how to load the script, said here, where it is read (a README may
/// not be at hand).
const COMPLETIONS_HELP: &str = "Print a shell's completion script, to load from your shell's \
start-up file. At each Tab the script asks backcoach itself, so your own routine names complete \
too; load it fresh at each start (as below) rather than saving a copy, so it never gets out of \
step after an upgrade.

bash: echo 'source <(backcoach completions bash)' >> ~/.bashrc

zsh: echo 'source <(backcoach completions zsh)' >> ~/.zshrc

fish: echo 'backcoach completions fish | source' >> ~/.config/fish/config.fish

elvish: echo 'eval (backcoach completions elvish | slurp)' >> ~/.config/elvish/rc.elv

powershell: echo 'backcoach completions powershell | Out-String | Invoke-Expression' >> $PROFILE";

/// The keys of a session, under `start --help`.
fn session_keys_help() -> String {
    let mut text = String::from("Keys during a session on the full screen:\n");
    for (key, what) in session_keys() {
        text.push_str(&format!("  {key:<8}  {what}\n"));
    }
    text.push_str("--plain reads no keys: Ctrl-C stops it.");
    text
}

/// Every key of a session, with what it does: the screen's own, then `?` and Ctrl-C.
pub fn session_keys() -> impl Iterator<Item = (&'static str, &'static str)> {
    crate::ui::view::SESSION_KEYS.into_iter().chain([
        (
            "?",
            "help on the screen; ? or Esc closes it (the clock stops while it is open)",
        ),
        (
            "Ctrl-C",
            "stop at once; recorded as stopped (exit code 130)",
        ),
    ])
}

/// `backcoach nudge`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct NudgeArgs {
    /// Time between nudges, like 30m, 45m or 1h; a bare number is minutes (5m to 4h)
    #[arg(long, value_name = "TIME", default_value = "30m", value_parser = parse_every)]
    pub every: u32,
    /// Stop after this long, like 8h; a bare number is minutes (1m to 24h, and at least --every)
    #[arg(long = "for", value_name = "TIME", default_value = "8h", value_parser = parse_span)]
    pub span: u32,
    #[command(flatten)]
    pub run: RunFlags,
    /// Run the day F times faster, to try it; a preview is not recorded (0.1 to 1000)
    #[arg(long, value_name = "F", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
    /// Send each nudge to the desktop as a notification too. `--notify` alone is `on`: with
    /// no notification service, nudge says so and exits 2; `auto` then keeps the nudges in
    /// the terminal [default: `notify` in the config, or off]
    #[arg(
        long,
        value_name = "WHEN",
        num_args = 0..=1,
        require_equals = true,
        default_missing_value = "on"
    )]
    pub notify: Option<NotifyWhen>,
}

/// How `start` and `nudge` run.
#[derive(Debug, Clone, clap::Args)]
pub struct RunFlags {
    /// One line per prompt, no full screen and no keys (also when not a terminal)
    #[arg(long)]
    pub plain: bool,
    /// No bell
    #[arg(long, short)]
    pub quiet: bool,
    /// Record nothing
    #[arg(long)]
    pub no_log: bool,
}

/// Seconds from "30m", "1h", "1h30m", "90s" or a bare number of minutes.
pub fn parse_time(text: &str) -> Option<u32> {
    let text = text.trim();
    if let Ok(m) = text.parse::<u32>() {
        return m.checked_mul(60);
    }
    let mut total: u32 = 0;
    let mut number = String::new();
    let mut any = false;
    for c in text.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let unit = match c {
            'h' => 3600,
            'm' => 60,
            's' => 1,
            _ => return None,
        };
        let n: u32 = number.parse().ok()?;
        total = total.checked_add(n.checked_mul(unit)?)?;
        number.clear();
        any = true;
    }
    (any && number.is_empty()).then_some(total)
}

/// A strategy on the command line: one of the six ids, listed in the help and completed.
fn strategy_arg() -> impl clap::builder::TypedValueParser<Value = Strategy> {
    use clap::builder::TypedValueParser;
    clap::builder::PossibleValuesParser::new(Strategy::ids())
        .try_map(|id: String| Strategy::from_id(&id).ok_or("not a strategy"))
}

/// " (minutes)" after a bare number, whose unit is easy to miss.
fn unit_of(text: &str) -> &'static str {
    if text.trim().parse::<u32>().is_ok() {
        " (minutes)"
    } else {
        ""
    }
}

fn parse_every(text: &str) -> Result<u32, String> {
    match parse_time(text) {
        Some(s) if (5 * 60..=4 * 3600).contains(&s) => Ok(s),
        Some(_) => Err(format!(
            "`{text}`{} is out of range; nudges come every 5m to 4h",
            unit_of(text)
        )),
        None => Err(format!(
            "`{text}` is not a time; write it like 30m, 1h or 1h30m"
        )),
    }
}

fn parse_span(text: &str) -> Result<u32, String> {
    match parse_time(text) {
        Some(s) if (60..=24 * 3600).contains(&s) => Ok(s),
        Some(_) => Err(format!(
            "`{text}`{} is out of range; write 1m to 24h",
            unit_of(text)
        )),
        None => Err(format!(
            "`{text}` is not a time; write it like 8h, 4h30m or 90m"
        )),
    }
}

/// What `start` and `show` take besides the routine: the time to fit it into, and whether
/// the name is an exercise's.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct FitFlags {
    /// Fit the routine into M minutes (like 10, or 7.5): fewer sets and shorter holds first,
    /// never under a minimum dose, then steps left out; it says what it changed
    #[arg(long, short, value_name = "M", value_parser = parse_minutes)]
    pub minutes: Option<f64>,
    /// The name is an exercise of the catalogue, run on its own as a routine of one step,
    /// even where a routine has that name too
    #[arg(long)]
    pub exercise: bool,
    /// The built-in routine of that name, even where one of yours has the name (or yours
    /// can't be used)
    #[arg(long, conflicts_with = "exercise")]
    pub built_in: bool,
}

impl FitFlags {
    /// What the name is taken as.
    pub fn meant(&self) -> crate::routine::library::Meant {
        use crate::routine::library::Meant;
        match (self.exercise, self.built_in) {
            (true, _) => Meant::Exercise,
            (false, true) => Meant::BuiltIn,
            (false, false) => Meant::Any,
        }
    }
}

/// `backcoach start`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct StartArgs {
    /// A routine name (see `backcoach list`), a path to a .toml file, or an exercise id (see
    /// `backcoach exercises`), run as a routine of one step
    #[arg(add = ArgValueCompleter::new(complete_runnable))]
    pub routine: String,
    #[command(flatten)]
    pub fit: FitFlags,
    /// How your back is now, 0-10, instead of being asked
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u8).range(0..=10))]
    pub pain: Option<u8>,
    #[command(flatten)]
    pub run: RunFlags,
    /// Play the routine F times faster (0.1 to 1000), as a preview; a preview is not recorded
    #[arg(long, value_name = "F", default_value_t = 1.0, value_parser = parse_speed)]
    pub speed: f64,
    /// Seconds of "get ready" before each step, 0-30 [default: 3, or `lead_in` in the config]
    #[arg(long, value_name = "S", value_parser = clap::value_parser!(u32).range(0..=30))]
    pub lead_in: Option<u32>,
    /// Run every exercise that has levels at level N (1-5, or its highest), whatever the log
    /// says [default: from the log, or `[levels]` in the config]
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..=5))]
    pub level: Option<u32>,
    /// Show the safety screen again before starting
    #[arg(long)]
    pub safety: bool,
    /// Say the session aloud through a speech program (espeak-ng, espeak, spd-say, say, or
    /// `voice_command` in the config) [default: `voice` in the config]
    #[arg(long)]
    pub voice: bool,
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
    #[arg(add = ArgValueCompleter::new(complete_activity))]
    pub what: String,
    /// How long it took, in minutes: 0.1 to 600, like 20 or 1.5
    #[arg(long, short, value_name = "M", value_parser = parse_minutes)]
    pub minutes: f64,
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

/// The years a date or time given on the command line may be in. The log keeps four-digit
/// years (RFC 3339), and a week window reaching back from the far past would leave the
/// calendar; none of that is a day anyone did a routine on.
pub const YEARS: std::ops::RangeInclusive<i32> = 1970..=9999;

/// `Err` with a message naming the range when `date` is outside [`YEARS`].
fn in_years(date: chrono::NaiveDate, text: &str) -> Result<(), String> {
    use chrono::Datelike;
    if YEARS.contains(&date.year()) {
        Ok(())
    } else {
        Err(format!(
            "`{text}` is out of range: the year must be from {} to {}",
            YEARS.start(),
            YEARS.end()
        ))
    }
}

fn parse_local_time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    let text = text.trim();
    let time = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M")
        .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"))
        .map_err(|_| format!("`{text}` is not a time; write it as \"YYYY-MM-DD HH:MM\", like \"2026-11-24 19:30\""))?;
    in_years(time.date(), text)?;
    Ok(time)
}

/// The most minutes `log add` takes: ten hours.
pub const MINUTES_MAX: f64 = 600.0;
/// The fewest: six seconds.
pub const MINUTES_MIN: f64 = 0.1;

/// Minutes for `log add`: a number from [`MINUTES_MIN`] to [`MINUTES_MAX`], decimals
/// allowed (`1.5`); not `inf` or `NaN`, which a float would take.
fn parse_minutes(text: &str) -> Result<f64, String> {
    let wanted = format!(
        "write the minutes as a number from {MINUTES_MIN} to {MINUTES_MAX}, like 20 or 1.5"
    );
    match text.trim().parse::<f64>() {
        Ok(m) if m.is_finite() && (MINUTES_MIN..=MINUTES_MAX).contains(&m) => Ok(m),
        Ok(m) if m.is_finite() => Err(format!("`{text}` is out of range; {wanted}")),
        _ => Err(format!("`{text}` is not a number of minutes; {wanted}")),
    }
}

/// `backcoach stats`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct StatsArgs {
    /// How many weeks to show
    #[arg(long, value_name = "N", default_value_t = 12,
          value_parser = clap::value_parser!(u16).range(1..=104))]
    pub weeks: u16,
    /// The day a week starts on [default: monday, or `week_start` in the config]
    #[arg(long, value_enum)]
    pub week_start: Option<WeekStart>,
    /// As of this day instead of today
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<chrono::NaiveDate>,
    /// Print JSON: one object with the streaks, weeks, days, minutes by strategy and the
    /// verdict on pain
    #[arg(long)]
    pub json: bool,
}

/// `backcoach today`'s arguments.
#[derive(Debug, Clone, Default, clap::Args)]
pub struct TodayArgs {
    /// The minutes you have (like 10, or 7.5): the routine that fits them best, whole or
    /// shortened as `start --minutes` shortens it
    #[arg(long, short, value_name = "M", value_parser = parse_minutes)]
    pub minutes: Option<f64>,
    /// Print JSON: one object with the routine, why, and the facts behind it
    #[arg(long, conflicts_with = "start")]
    pub json: bool,
    /// Start the suggested routine now, as `backcoach start <routine>` does
    #[arg(long)]
    pub start: bool,
    /// As of this time instead of now, local time
    #[arg(long, value_name = "\"YYYY-MM-DD HH:MM\"", value_parser = parse_local_time)]
    pub at: Option<chrono::NaiveDateTime>,
}

/// `backcoach log`'s arguments.
#[derive(Debug, Clone, clap::Args)]
pub struct LogArgs {
    /// How many sessions to show, the latest started last (0 shows all)
    #[arg(short = 'n', long = "count", value_name = "N", default_value_t = 20)]
    pub count: usize,
    /// Only sessions started on or after this day
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<chrono::NaiveDate>,
    /// Only sessions of this routine (or strategy or exercise, as `log add` records them)
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete_name))]
    pub routine: Option<String>,
    /// Only sessions with a step of this strategy
    #[arg(long, short, value_parser = strategy_arg())]
    pub strategy: Option<Strategy>,
    /// Print the stored records as JSON Lines: one JSON object a line, as in the log
    #[arg(long, conflicts_with = "csv")]
    pub json: bool,
    /// With --json: one JSON array of the records instead of one object a line
    #[arg(long, requires = "json")]
    pub array: bool,
    /// Print CSV: a header row, then one row per session
    #[arg(long)]
    pub csv: bool,
}

fn parse_date(text: &str) -> Result<chrono::NaiveDate, String> {
    let date = chrono::NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|_| format!("`{text}` is not a date; write it as YYYY-MM-DD, like 2026-11-24"))?;
    in_years(date, text)?;
    Ok(date)
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

    /// Issue 14: `backcoach` alone runs `today` for a person at a terminal, and still
    /// prints the help (an error, exit 2) for a script.
    #[test]
    fn no_command_is_today_only_at_a_terminal() {
        use clap::error::ErrorKind;
        for args in [&["backcoach"][..], &["backcoach", "--color", "never"]] {
            let cli = Cli::parse_or_today(args.iter().copied(), || true).expect("today");
            assert!(matches!(cli.command, Command::Today(_)), "{args:?}");
            let err = Cli::parse_or_today(args.iter().copied(), || false).expect_err("help");
            assert!(
                matches!(
                    err.kind(),
                    ErrorKind::MissingSubcommand
                        | ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
                ),
                "{args:?}: {:?}",
                err.kind()
            );
            assert_eq!(err.exit_code(), 2);
        }
        // A command given, or a bad one, is never turned into `today`.
        let cli = Cli::parse_or_today(["backcoach", "list"], || true).expect("list");
        assert!(matches!(cli.command, Command::List { .. }));
        assert!(Cli::parse_or_today(["backcoach", "lsit"], || true).is_err());
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

    /// Issue 10: `--until=-262143-01-07` made `stats` panic, and `--at "-0001-01-01 00:00"`
    /// wrote a record the reader could not read back. Years are 1970 to 9999.
    #[test]
    fn dates_outside_1970_to_9999_are_refused() {
        for ok in ["1970-01-01", "9999-12-31"] {
            assert!(parse_date(ok).is_ok(), "{ok}");
        }
        for bad in [
            "-262143-01-07",
            "-0001-01-01",
            "0000-01-01",
            "1969-12-31",
            "+10000-01-01",
        ] {
            let e = parse_date(bad).err().unwrap_or_default();
            assert!(
                e.contains("is out of range: the year must be from 1970 to 9999")
                    || e.contains("is not a date"),
                "{bad}: {e}"
            );
        }
        assert!(parse_date("1969-12-31").is_err_and(|e| e.contains("from 1970 to 9999")));
        assert!(parse_local_time("1970-01-01 00:00").is_ok());
        for bad in ["-0001-01-01 00:00", "1969-12-31 23:59", "0000-01-01T00:00"] {
            assert!(
                parse_local_time(bad).is_err_and(|e| e.contains("from 1970 to 9999")),
                "{bad}"
            );
        }
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("30m"), Some(1800));
        assert_eq!(parse_time("30"), Some(1800));
        assert_eq!(parse_time("1h30m"), Some(5400));
        assert_eq!(parse_time("90s"), Some(90));
        for bad in ["", "h", "1x", "m30", "1h30", "-5m", "99999999999h"] {
            assert_eq!(parse_time(bad), None, "{bad}");
        }
        assert!(parse_every("1m").is_err());
        assert!(parse_every("5h").is_err());
        assert_eq!(parse_every("45m"), Ok(2700));
        assert!(parse_span("25h").is_err());
        // A bare number is minutes, and the message says so.
        assert_eq!(parse_every("45"), Ok(2700));
        assert_eq!(
            parse_every("2"),
            Err("`2` (minutes) is out of range; nudges come every 5m to 4h".to_owned())
        );
        let err = Cli::parse_checked(["backcoach", "nudge", "--every", "2h", "--for", "1h"])
            .expect_err("refused");
        assert_eq!(err.kind(), clap::error::ErrorKind::ArgumentConflict);
        assert!(
            err.to_string()
                .contains("--every (120 min) is longer than --for (60 min)")
        );
        assert!(Cli::parse_checked(["backcoach", "nudge", "--every", "1h", "--for", "1h"]).is_ok());
    }

    /// Issue 12: `log add heat -m 1.5` was refused with clap's "invalid digit found in
    /// string". Minutes take decimals, from 0.1 to 600, and a bad value says what is wanted.
    #[test]
    fn minutes_take_decimals_and_say_what_they_want() {
        assert_eq!(parse_minutes("1.5"), Ok(1.5));
        assert_eq!(parse_minutes("20"), Ok(20.0));
        assert_eq!(parse_minutes("0.1"), Ok(0.1));
        assert_eq!(parse_minutes("600"), Ok(600.0));
        for bad in ["0", "0.05", "600.5", "1e9", "-3"] {
            assert_eq!(
                parse_minutes(bad),
                Err(format!(
                    "`{bad}` is out of range; write the minutes as a number from 0.1 to 600, \
                     like 20 or 1.5"
                )),
                "{bad}"
            );
        }
        for bad in ["abc", "1,5", "", "NaN", "inf", "1.5m"] {
            assert_eq!(
                parse_minutes(bad),
                Err(format!(
                    "`{bad}` is not a number of minutes; write the minutes as a number from \
                     0.1 to 600, like 20 or 1.5"
                )),
                "{bad}"
            );
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
