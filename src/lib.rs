//! backcoach: a terminal coach for knots (trigger points) in the lower back.
//!
//! The tree is the data flow:
//! - `routine` (TOML -> validated types, the library, the strategies and the guide) ->
//!   `plan` (a timeline of phases) -> `session` (the engine, pure) -> `ui` (`view`: what a
//!   frame says; `terminal`: drawing, keys, signals, the loop);
//! - `session` -> `journal` (`record` -> `store` -> `reader` -> `stats`);
//! - `nudge` is the posture schedule through the day; `output` renders what the browsing
//!   commands print;
//! - `cli` parses the command line, `settings` layers the config file, the environment and
//!   the flags, `commands` is where I/O meets the core, and `error` reports.
//!
//! `main` only calls [`run`] and turns the result into an exit code.

pub mod cli;
pub mod commands;
pub mod error;
pub mod journal;
pub mod nudge;
pub mod output;
pub mod plan;
pub mod routine;
pub mod session;
pub mod settings;
pub mod ui;

use std::ffi::OsString;
use std::io::{self, BufWriter, Write};
use std::path::Path;

use clap::Parser;

use crate::cli::shell;
use crate::commands::{add, author};
use crate::journal::store;
use crate::routine::library;

use crate::cli::{Cli, Command};
use crate::error::{Error, Exit};
use crate::routine::library::Library;
use crate::routine::parse;
use crate::settings::paths::Dirs;
use crate::settings::{Config, Env};

/// Runs the command line `args` (the program name first) with the settings and folders
/// from the environment and the config file.
pub fn run<I, T>(args: I) -> Result<Exit, Error>
where
    I: IntoIterator<Item = T>,
    T: Into<OsString> + Clone,
{
    let cli = Cli::try_parse_from(args)?;
    let stdout = io::stdout();
    // Completions and the man page need no settings, so they work with a broken config.
    match cli.command {
        Command::Completions { shell } => return shell::completions(shell, &mut stdout.lock()),
        Command::Man => return shell::man(&mut stdout.lock()),
        _ => {}
    }
    let env = Env::read();
    let mut config = Config::load(&env)?;
    config.color = config.color.or_flag(cli.color, "--color");
    let dirs = config.dirs(&env);
    // Renderers always write their styles; this stream drops them when colour is off.
    let mut out = BufWriter::new(anstream::AutoStream::new(
        stdout.lock(),
        config.color.value.stream(),
    ));
    let exit = dispatch(cli.command, &config, &dirs, &mut out)?;
    out.flush()?;
    Ok(exit)
}

fn dispatch(
    command: Command,
    config: &Config,
    dirs: &Dirs,
    out: &mut impl Write,
) -> Result<Exit, Error> {
    let library = Library::load(dirs.routines())?;
    match command {
        Command::Start(args) => commands::start::start(&args, &library, config, dirs, out),
        Command::Log(cli::LogCommand {
            action: Some(cli::LogAction::Add(args)),
            ..
        }) => {
            let data = dirs.data.as_ref().ok_or(Error::NoDataDir)?;
            add::add(
                &args,
                &library,
                &store::Store::open(data)?,
                chrono::Local::now(),
                out,
            )
        }
        Command::Stats(args) => {
            let data = dirs.data.as_ref().ok_or(Error::NoDataDir)?;
            let today = chrono::Local::now().date_naive();
            let week_start = config
                .week_start
                .clone()
                .or_flag(args.week_start, "--week-start")
                .value;
            output::stats::run(&args, week_start, &data.join(store::LOG_FILE), today, out)
        }
        Command::Log(cli::LogCommand { action: None, show }) => {
            let data = dirs.data.as_ref().ok_or(Error::NoDataDir)?;
            output::log::run(&show, &data.join(store::LOG_FILE), out)
        }
        Command::List { json } => {
            let (found, problems) = library.all()?;
            if json {
                output::list::json(out, &found, &config.plan_options())?;
            } else {
                output::list::human(
                    out,
                    &found,
                    &config.plan_options(),
                    output::terminal_width(),
                )?;
            }
            finish(problems)
        }
        Command::Show { routine } => {
            let found = library.resolve(&routine)?;
            output::show::human(out, &found, &config.plan_options(), output::text_width())?;
            Ok(Exit::Success)
        }
        Command::Exercises { id: Some(id), .. } => {
            let Some(ex) = library.catalogue.get(&id) else {
                let hint = routine::diag::did_you_mean(&id, library.catalogue.ids())
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default();
                return Err(Error::Invalid(vec![
                    routine::diag::Diagnostic::new(
                        "backcoach exercises",
                        format!("no exercise `{id}`"),
                    )
                    .hint(format!("{hint}`backcoach exercises` lists them all")),
                ]));
            };
            output::show::step(out, "", ex, &config.plan_options(), output::text_width())?;
            Ok(Exit::Success)
        }
        Command::Exercises {
            id: None,
            strategy,
            json,
        } => {
            let selected = output::exercises::select(&library.catalogue, strategy);
            if json {
                output::exercises::json(out, &selected)?;
            } else {
                output::exercises::human(out, &selected, output::terminal_width())?;
            }
            Ok(Exit::Success)
        }
        Command::Check { files } => {
            let mut problems = Vec::new();
            for file in &files {
                match check(&library, file) {
                    Ok(()) => writeln!(out, "{}: ok", file.display())?,
                    Err(Error::Invalid(d)) => problems.extend(d),
                    Err(Error::NoSuchFile(p)) => problems.push(
                        routine::diag::Diagnostic::new(&p.display().to_string(), "no such file")
                            .hint("check the path"),
                    ),
                    Err(e) => return Err(e),
                }
            }
            finish(problems)
        }
        Command::Strategies => {
            let (found, problems) = library.all()?;
            output::strategies::human(out, &found, output::text_width())?;
            finish(problems)
        }
        Command::New { name, from } => author::new(&library, &name, from.as_deref(), out),
        Command::Edit { name } => author::edit(&library, &name, out),
        Command::Nudge(args) => {
            let store = match (args.run.no_log, &dirs.data) {
                (true, _) => None,
                (false, Some(data)) => Some(store::Store::open(data)?),
                (false, None) => return Err(Error::NoDataDir),
            };
            commands::nudge::nudge(&args, &library, config, store.as_ref(), out)
        }
        Command::Config { init: true } => settings::init(config, out),
        Command::Config { init: false } => output::config::human(out, config),
        Command::Completions { shell } => shell::completions(shell, out),
        Command::Man => shell::man(out),
    }
}

/// Checks one file: a catalogue if it is named `exercises.toml`, a routine otherwise.
pub(crate) fn check(library: &Library, file: &Path) -> Result<(), Error> {
    let bytes = library::read(file)?;
    let origin = file.display().to_string();
    let src = parse::as_text(&origin, &bytes).map_err(|d| Error::Invalid(vec![d]))?;
    if file
        .file_name()
        .is_some_and(|n| n == library::CATALOGUE_FILE)
    {
        parse::catalogue(&origin, src)
            .map(drop)
            .map_err(Error::Invalid)
    } else {
        let name = file
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        parse::routine(&name, &origin, src, &library.catalogue)
            .map(drop)
            .map_err(Error::Invalid)
    }
}

/// Success, unless some files could not be used: then their diagnostics, and exit 2.
fn finish(problems: Vec<routine::diag::Diagnostic>) -> Result<Exit, Error> {
    if problems.is_empty() {
        Ok(Exit::Success)
    } else {
        Err(Error::Invalid(problems))
    }
}
