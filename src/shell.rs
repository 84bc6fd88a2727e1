//! backcoach in the shell around it: completion scripts that ask the binary itself for
//! routine names (so your own routines complete too), and the man page.
//!
//! Completion is clap_complete's environment mode: the script a shell sources calls
//! `COMPLETE=<shell> backcoach -- <words>`, which `complete_now` answers before anything
//! else runs.

use std::ffi::OsStr;
use std::io::Write;

use clap::CommandFactory;
use clap_complete::CompletionCandidate;
use clap_complete::env::Shells;

use crate::cli::Cli;
use crate::error::{Error, Exit};
use crate::library::Library;
use crate::paths::Dirs;
use crate::strategy::Strategy;

/// The variable the completion scripts set.
const VAR: &str = "COMPLETE";

/// Answers a completion request and exits, when the shell made one; otherwise returns.
pub fn complete_now() {
    clap_complete::CompleteEnv::with_factory(Cli::command)
        .var(VAR)
        .complete();
}

/// Writes the script that `shell` sources to complete backcoach.
pub fn completions(shell: clap_complete::Shell, out: &mut impl Write) -> Result<Exit, Error> {
    let name = shell.to_string();
    let shells = Shells::builtins();
    let completer = shells.completer(&name).ok_or_else(|| {
        Error::Output(std::io::Error::other(format!(
            "no completion support for {name}"
        )))
    })?;
    let mut buf = Vec::new();
    completer
        .write_registration(VAR, "backcoach", "backcoach", "backcoach", &mut buf)
        .map_err(Error::Output)?;
    out.write_all(&buf)?;
    Ok(Exit::Success)
}

/// Writes the man page, in roff.
pub fn man(out: &mut impl Write) -> Result<Exit, Error> {
    let page = clap_mangen::Man::new(Cli::command());
    let mut buf = Vec::new();
    page.render(&mut buf).map_err(Error::Output)?;
    out.write_all(&buf)?;
    Ok(Exit::Success)
}

/// Every routine's name, built-in and the user's. Quiet on any problem: a completion
/// must never print an error into the command line being typed.
fn routine_names() -> Vec<String> {
    Library::load(Dirs::from_env().routines())
        .map(|l| l.names())
        .unwrap_or_default()
}

/// Routine names starting with what has been typed.
pub fn complete_routine(typed: &OsStr) -> Vec<CompletionCandidate> {
    let typed = typed.to_string_lossy();
    routine_names()
        .into_iter()
        .filter(|name| name.starts_with(&*typed))
        .map(CompletionCandidate::new)
        .collect()
}

/// What `log add` takes: strategies, exercises and routines.
pub fn complete_activity(typed: &OsStr) -> Vec<CompletionCandidate> {
    let prefix = typed.to_string_lossy();
    let mut out: Vec<CompletionCandidate> = Strategy::ALL
        .iter()
        .map(|s| (s.id().to_owned(), s.title().to_owned()))
        .chain(Library::load(None).into_iter().flat_map(|l| {
            l.catalogue
                .exercises
                .iter()
                .map(|(id, ex)| (id.clone(), ex.name.clone()))
                .collect::<Vec<_>>()
        }))
        .filter(|(id, _)| id.starts_with(&*prefix))
        .map(|(id, help)| CompletionCandidate::new(id).help(Some(help.into())))
        .collect();
    for routine in complete_routine(typed) {
        if !out.iter().any(|c| c.get_value() == routine.get_value()) {
            out.push(routine);
        }
    }
    out
}
