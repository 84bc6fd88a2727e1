//! backcoach: a terminal coach for knots (trigger points) in the lower back.
//!
//! The tree is the data flow: `routine` (TOML -> validated types) -> `fit` (shortened to the
//! time you have, with `--minutes`) -> `plan` (a timeline) ->
//! `session` (the pure engine) -> `ui` (`view`, then `terminal`); `session` -> `journal`
//! (record, store, reader, stats) -> `output` (pure renderers). `nudge` is the day's posture
//! schedule; `today` chooses what to do now from the recent log and the routines. `cli` parses, `settings` layers the config, `commands` is where I/O meets the
//! core, and `error` reports. `untrusted` reads the files others may control and escapes
//! their text for the terminal. `main` only calls [`run`] and turns its result into an exit
//! code.

pub mod cli;
pub mod commands;
pub mod error;
pub mod fit;
pub mod journal;
pub mod nudge;
pub mod output;
pub mod plan;
pub mod routine;
pub mod session;
pub mod settings;
pub mod today;
pub mod ui;
pub mod untrusted;

use std::ffi::OsString;

use crate::error::{Error, Exit};
use crate::settings::{Config, Env};

/// Runs the command line `args` (the program name first): the arguments, then the settings
/// (the config file, the environment and the flags), then the command. No command at all is
/// `today` for a person at a terminal, and the help for anything else.
pub fn run(args: impl IntoIterator<Item = impl Into<OsString> + Clone>) -> Result<Exit, Error> {
    let cli = cli::Cli::parse_or_today(args, ui::terminal::interactive)?;
    if let Some(done) = commands::without_settings(&cli.command) {
        return done;
    }
    let env = Env::read();
    let config = Config::load(&env).with_flags(&cli.flags());
    commands::run(cli.command, &config, &config.dirs(&env))
}
