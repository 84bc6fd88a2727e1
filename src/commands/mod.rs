//! The subcommands: the only place where I/O meets the core. Each reads what it needs
//! (settings, routines, the log), calls the pure core, and writes through `output` or `ui`;
//! problems that do not stop it go to `error`'s printer. [`run`] picks the one to run: one
//! file, and one function, per subcommand. Nothing outside `lib` uses this module.

pub mod add;
pub mod author;
pub mod check;
pub mod config;
pub mod exercises;
pub mod list;
pub mod log;
pub mod nudge;
pub mod show;
pub mod start;
pub mod stats;
pub mod strategies;
pub mod today;

use std::io::{self, BufWriter, Write};
use std::path::Path;

use crate::cli::{Command, FitFlags, shell};
use crate::error::{Error, Exit, Printer};
use crate::fit::{self, Fitted};
use crate::journal::folder::Folder;
use crate::journal::reader::DamagedLines;
use crate::journal::record::Record;
use crate::journal::store::{Store, StoreError};
use crate::plan::PlanOptions;
use crate::routine::Routine;
use crate::routine::diag::Diagnostic;
use crate::routine::library::{Found, Library, Meant, Source};
use crate::settings::Config;
use crate::settings::paths::Dirs;

/// The commands that need no settings, run at once: completions and the man page work with
/// a broken config file. `None` for every other command.
pub fn without_settings(command: &Command) -> Option<Result<Exit, Error>> {
    match command {
        Command::Completions { shell } => {
            Some(shell::completions(*shell, &mut io::stdout().lock()))
        }
        Command::Man => Some(shell::man(&mut io::stdout().lock())),
        _ => None,
    }
}

/// Runs `command` with the settings in effect, writing to standard output. What is wrong
/// in the config file is a warning first, for every command but `config` (where it is the
/// error): a typo there never keeps a session, or the red flags, from a person.
pub fn run(command: Command, config: &Config, dirs: &Dirs) -> Result<Exit, Error> {
    let library = Library::load(dirs.routines())?;
    let config = &with_levels_checked(config, &library.catalogue);
    if !matches!(command, Command::Config { .. }) {
        let mut printer = Printer::stderr();
        printer.warnings(&config.problems);
        if let Some(outcome) = config.outcome() {
            printer.note(outcome);
        }
    }
    // Renderers always write their styles; this stream drops them when colour is off.
    let mut out = BufWriter::new(anstream::AutoStream::new(
        io::stdout().lock(),
        config.color.value.stream(),
    ));
    let exit = dispatch(command, &library, config, dirs, &mut out)?;
    out.flush()?;
    Ok(exit)
}

/// One call per subcommand.
fn dispatch(
    command: Command,
    library: &Library,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    match command {
        Command::Start(args) => start::start(&args, library, config, dirs, out),
        Command::Log(log) => log::log(log, library, dirs, out),
        Command::Stats(args) => stats::stats(&args, library, config, dirs, out),
        Command::Today(args) => today::today(&args, library, config, dirs, out),
        Command::List { json } => list::list(library, config, dirs, json, out),
        Command::Show {
            routine,
            figures,
            fit,
        } => show::show(library, config, dirs, &routine, figures, &fit, out),
        Command::Exercises { id, strategy, json } => {
            exercises::exercises(library, config, dirs, id.as_deref(), strategy, json, out)
        }
        Command::Check { files } => check::check(library, &files, out),
        Command::Strategies => strategies::strategies(library, out),
        Command::New { name, from, force } => {
            author::new(library, &name, from.as_deref(), force, out)
        }
        Command::Edit { name } => author::edit(library, &name, out),
        Command::Nudge(args) => nudge::nudge(&args, library, config, dirs, out),
        Command::Config { init } => config::config(config, init, out),
        Command::Completions { shell } => shell::completions(shell, out),
        Command::Man => shell::man(out),
    }
}

/// What `start` and `show` run: the routine (or exercise on its own) `name`. A routine of
/// the user's with an exercise's name wins; a note says how to reach the exercise.
fn find(library: &Library, name: &str, meant: Meant) -> Result<Found, Error> {
    let found = library.runnable(name, meant)?;
    if found.source == Source::User && library.catalogue.get(name).is_some() {
        Printer::stderr().note(format_args!(
            "`{name}` is a routine of yours and an exercise of the catalogue: this is your \
             routine; add `--exercise` for the exercise on its own"
        ));
    }
    Ok(found)
}

/// `routine` fitted into `--minutes` when that is given, with what the fitting changed.
fn fit_to(
    routine: Routine,
    flags: &FitFlags,
    opts: &PlanOptions,
) -> Result<(Routine, Option<Fitted>), Error> {
    let Some(minutes) = flags.minutes else {
        return Ok((routine, None));
    };
    let seconds = fit::seconds_in(minutes);
    match fit::fit(&routine, opts, seconds) {
        Ok(fitted) => Ok((fitted.routine.clone(), Some(fitted))),
        Err(too_short) => Err(Error::TooShort {
            name: routine.name.clone(),
            seconds,
            shortest: too_short.shortest,
            estimate: too_short.estimate,
            keeps: routine.main_strategy(),
        }),
    }
}

/// A routine as it will run: each exercise at its level today, then fitted into
/// `--minutes`. What `start`, `show` and `today` all run or show, so they agree.
#[derive(Debug)]
struct Prepared {
    /// At today's levels, before fitting.
    leveled: Routine,
    /// The level decided for each step of `leveled` that has levels.
    decided: Vec<crate::journal::levels::Leveled>,
    /// What fitting changed, when `--minutes` was given.
    fitted: Option<Fitted>,
    /// As it will run.
    routine: Routine,
}

impl Prepared {
    fn new(
        written: &Routine,
        levels: &Levels,
        flags: &FitFlags,
        opts: &PlanOptions,
    ) -> Result<Prepared, Error> {
        let (mut leveled, decided) = levels.apply(written);
        // An exercise run on its own is titled by its name: at its level today, the level's
        // ("Plank (on toes)", not level 1's "Plank (knees down)").
        if let ([step], [was]) = (leveled.steps.as_slice(), written.steps.as_slice())
            && leveled.title == was.name
        {
            leveled.title = step.name.clone();
        }
        let (routine, fitted) = fit_to(leveled.clone(), flags, opts)?;
        Ok(Prepared {
            leveled,
            decided,
            fitted,
            routine,
        })
    }

    /// The place in `routine` of step `i` of `leveled`; `None` for a step fitting left out.
    fn new_index(&self, i: usize) -> Option<usize> {
        match &self.fitted {
            Some(f) => f.new_index(i),
            None => Some(i),
        }
    }

    /// The levels decided, at the steps' places in `routine`.
    fn decided_as_run(&self) -> Vec<crate::journal::levels::Leveled> {
        self.decided
            .iter()
            .filter_map(|d| {
                let step = self.new_index(d.step)?;
                Some(crate::journal::levels::Leveled { step, ..d.clone() })
            })
            .collect()
    }
}

/// What decides the levels now: the end of the log, the pins, and the time.
#[derive(Debug, Default)]
struct Levels {
    history: crate::journal::levels::History,
    pins: crate::journal::levels::Pins,
    now: chrono::DateTime<chrono::FixedOffset>,
}

impl Levels {
    /// `routine` with each step at its level now, and what was decided for each step that
    /// has levels.
    fn apply(&self, routine: &Routine) -> (Routine, Vec<crate::journal::levels::Leveled>) {
        crate::journal::levels::apply(routine, &self.history, &self.pins, self.now)
    }

    /// The levels for `now`: the log is read only when `needed` (a routine with levels).
    fn new(
        config: &Config,
        dirs: &Dirs,
        level: Option<u32>,
        now: chrono::DateTime<chrono::FixedOffset>,
        needed: bool,
    ) -> Levels {
        Levels {
            history: if needed {
                recent(dirs, now)
            } else {
                Default::default()
            },
            pins: pins(config, level),
            now,
        }
    }
}

/// Has `routine` an exercise with levels, so that the log decides something?
fn has_levels(routine: &Routine) -> bool {
    routine.steps.iter().any(|e| e.level_count() > 1)
}

/// Success, unless some files could not be used: then their diagnostics, and exit 2.
fn finish(problems: Vec<Diagnostic>) -> Result<Exit, Error> {
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::Invalid(problems))
    }
}

/// The sessions that decide each exercise's level now: the end of the log, read back only
/// as far as the level rules look. A log that can't be read gives none here (level 1 for
/// all); `log` and `start` say what is wrong with it.
fn recent(
    dirs: &Dirs,
    now: chrono::DateTime<chrono::FixedOffset>,
) -> crate::journal::levels::History {
    dirs.data
        .as_ref()
        .and_then(|d| {
            crate::journal::levels::History::read(&d.join(crate::journal::store::LOG_FILE), now)
                .ok()
        })
        .unwrap_or_default()
}

/// The levels pinned: `--level` (for `start`) over every exercise, and `[levels]` in the
/// config for each it names (checked against the catalogue once, by [`with_levels_checked`]).
fn pins(config: &Config, all: Option<u32>) -> crate::journal::levels::Pins {
    crate::journal::levels::Pins {
        all,
        each: config
            .levels
            .iter()
            .map(|(id, level, _)| (id.clone(), *level))
            .collect(),
    }
}

/// `config` with each `[levels]` pin that names no exercise of the catalogue (a typo) left
/// out, and a problem of the file for it, with its line and a "did you mean": warned of by
/// every command, and `config`'s error, like any other problem in the file.
fn with_levels_checked(config: &Config, catalogue: &crate::routine::Catalogue) -> Config {
    if config
        .levels
        .iter()
        .all(|(id, _, _)| catalogue.get(id).is_some())
    {
        return config.clone();
    }
    let origin = config
        .path
        .as_ref()
        .map_or_else(|| "config.toml".to_owned(), |p| p.display().to_string());
    let mut checked = config.clone();
    checked.levels.retain(|(id, _, line)| {
        let known = catalogue.get(id).is_some();
        if !known {
            let id = crate::untrusted::escape(id);
            let hint = match crate::routine::diag::did_you_mean(&id, catalogue.ids()) {
                Some(near) => {
                    format!("did you mean `{near}`? `backcoach exercises` lists the ids")
                }
                None => "`backcoach exercises` lists the exercise ids".to_owned(),
            };
            checked.problems.push(
                Diagnostic::new(
                    &format!("{origin}:{line}"),
                    format!("`[levels]` names `{id}`, which is no exercise; it pins nothing"),
                )
                .hint(hint),
            );
        }
        known
    });
    checked
}

/// The log to append to: none with `--no-log`; without a home folder, an error.
fn log_store(no_log: bool, dirs: &Dirs) -> Result<Option<Store>, Error> {
    match (no_log, &dirs.data) {
        (true, _) => Ok(None),
        (false, Some(data)) => Ok(Some(open_store(data)?)),
        (false, None) => Err(Error::NoDataDir),
    }
}

/// The log in `data`, opened and checked before anything runs. A folder that others could
/// write to, and that was made private, is said once, as a note.
fn open_store(data: &Path) -> Result<Store, Error> {
    survive_the_file_size_limit();
    let store = Store::open(data)?;
    if let Folder::Narrowed { from } = store.folder() {
        Printer::stderr().note(format_args!(
            "the folder {} for the session log could be written by others (mode {from:o}); \
             it is private now (mode 700)",
            data.display()
        ));
    }
    Ok(store)
}

/// A write past the file size limit (`ulimit -f`) raises SIGXFSZ, whose default kills the
/// process before it can print the record it could not save. With a handler of our own (one
/// that does nothing) the write fails with EFBIG instead, and the record is printed.
fn survive_the_file_size_limit() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let noted = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        // If it can't be set, the default stays: no worse than before.
        let _ = signal_hook::flag::register(signal_hook::consts::SIGXFSZ, noted);
    });
}

/// Tells that `record` could not be saved, and why, with the record itself to be appended
/// to the log by hand: nothing is lost without a word.
fn not_saved(e: StoreError, record: &Record) {
    let hint = e.hint();
    let line = record.to_line().unwrap_or_default();
    Printer::stderr().error_with_hint(
        &e.into(),
        &format!("{hint}\n  this is the record; append it to the log by hand:\n{line}"),
    );
}

/// How a command that records ends: as `exit` says, unless a record was lost, when it fails
/// (keeping a signal's own code, which is a failure already).
fn lost_exit(exit: Exit, lost: bool) -> Exit {
    match exit {
        Exit::Success if lost => Exit::Failure,
        exit => exit,
    }
}

/// Warns of each damaged line the reader kept (the first few in the log at `path`: a line
/// skipped, or a record read with a field out of range), naming the line, then says once how
/// many more there were.
fn warn_damaged(path: &Path, damaged: &DamagedLines) {
    warn_damaged_to(&mut Printer::stderr(), path, damaged);
}

fn warn_damaged_to(printer: &mut Printer<impl Write>, path: &Path, damaged: &DamagedLines) {
    for d in &damaged.first {
        let what = if d.skipped {
            "a damaged line was skipped (it is left in the file as it is)"
        } else {
            "a damaged field (the rest of the record is used; the line is left as it is)"
        };
        printer.warning(
            format_args!("{}:{}: {what}: {}", path.display(), d.line, d.problem),
            None,
        );
    }
    if damaged.more > 0 {
        let lines = if damaged.more == 1 {
            "line (left in the file as it is)"
        } else {
            "lines (left in the file as they are)"
        };
        printer.warning(
            format_args!(
                "{}: and {} more damaged {lines}",
                path.display(),
                damaged.more
            ),
            None,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::journal::reader::Damaged;

    /// Adversarial review, hole 5: a log with 5 million damaged lines printed 5 million
    /// warnings. The first few are named; the rest are one warning, with their count.
    #[test]
    fn damaged_lines_past_the_first_few_are_one_warning_with_their_count() {
        let path = Path::new("/home/me/sessions.jsonl");
        let warn = |more| {
            let damaged = DamagedLines {
                first: vec![
                    Damaged {
                        line: 3,
                        problem: "EOF while parsing an object".into(),
                        skipped: true,
                    },
                    Damaged {
                        line: 9,
                        problem: "out of range, so left out: `pain_before`".into(),
                        skipped: false,
                    },
                ],
                more,
            };
            let mut out = Vec::new();
            warn_damaged_to(&mut Printer::new(&mut out), path, &damaged);
            String::from_utf8(out).expect("text")
        };
        let text = warn(4_999_998);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(
            lines,
            [
                "backcoach: warning: /home/me/sessions.jsonl:3: a damaged line was skipped (it is \
                 left in the file as it is): EOF while parsing an object",
                "backcoach: warning: /home/me/sessions.jsonl:9: a damaged field (the rest of the \
                 record is used; the line is left as it is): out of range, so left out: `pain_before`",
                "backcoach: warning: /home/me/sessions.jsonl: and 4999998 more damaged lines (left \
                 in the file as they are)",
            ]
        );
        assert!(
            warn(1).ends_with(": and 1 more damaged line (left in the file as it is)\n"),
            "{}",
            warn(1)
        );
        assert_eq!(
            warn(0).lines().count(),
            2,
            "no count when there are no more"
        );
    }
}
