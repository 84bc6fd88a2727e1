//! backcoach in the shell around it: completion scripts that ask the binary itself for
//! routine names (so your own routines complete too), and the man page.
//!
//! Completion is clap_complete's environment mode: the script a shell sources calls
//! `COMPLETE=<shell> backcoach -- <words>`, which `complete_now` answers before anything
//! else runs.

use std::collections::HashSet;
use std::ffi::OsStr;
use std::hash::Hash;
use std::io::Write;

use clap::CommandFactory;
use clap_complete::CompletionCandidate;
use clap_complete::env::Shells;

use crate::cli::Cli;
use crate::error::{Error, Exit};
use crate::routine::library::Library;
use crate::routine::strategy::Strategy;
use crate::settings::paths::Dirs;

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

/// Writes the man page, in roff: one page with every command in full, so `man backcoach`
/// says everything (clap_mangen's own page would point at a page per command).
pub fn man(out: &mut impl Write) -> Result<Exit, Error> {
    let mut cmd = Cli::command();
    cmd.build();
    let page = clap_mangen::Man::new(cmd.clone());
    let mut buf = Vec::new();
    page.render_title(&mut buf)?;
    page.render_name_section(&mut buf)?;
    page.render_synopsis_section(&mut buf)?;
    page.render_description_section(&mut buf)?;
    page.render_options_section(&mut buf)?;
    commands(&cmd, &mut buf)?;
    buf.extend_from_slice(FILES.as_bytes());
    page.render_extra_section(&mut buf)?;
    page.render_version_section(&mut buf)?;
    out.write_all(&buf)?;
    Ok(Exit::Success)
}

/// Where things are, and what the environment changes.
const FILES: &str = r#".SH FILES
.TP
\fI$XDG_CONFIG_HOME/backcoach/config.toml\fR
Settings: lead_in, rest, bell, color, week_start, data_dir (see \fBbackcoach config\fR).
.TP
\fI$XDG_CONFIG_HOME/backcoach/routines/*.toml\fR
Your routines; one with a built-in's name replaces it.
.TP
\fI$XDG_DATA_HOME/backcoach/sessions.jsonl\fR
The session log: one JSON line per session, append-only, readable by you alone.
.SH ENVIRONMENT
.TP
\fBNO_COLOR\fR
Any non-empty value turns colour off, unless the config file or \fB\-\-color\fR says otherwise.
.TP
\fBVISUAL\fR, \fBEDITOR\fR
The editor \fBbackcoach edit\fR opens (else vi).
.TP
\fBXDG_CONFIG_HOME\fR, \fBXDG_DATA_HOME\fR
Where settings, routines and the log live (default ~/.config and ~/.local/share).
"#;

/// A section for each command of `parent` (and each of theirs): its synopsis, description
/// and options, as subsections.
fn commands(parent: &clap::Command, buf: &mut Vec<u8>) -> std::io::Result<()> {
    for sub in parent.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        let name = sub.get_bin_name().unwrap_or(sub.get_name()).to_uppercase();
        writeln!(buf, ".SH \"{}\"", name.replace('-', "\\-"))?;
        // The global flags are on the page once, at the top.
        let mut own = sub.clone();
        for id in ["color", "help", "version"] {
            if own.get_arguments().any(|a| a.get_id() == id) {
                own = own.mut_arg(id, |a| a.hide(true));
            }
        }
        let page = clap_mangen::Man::new(own);
        let mut part = Vec::new();
        page.render_synopsis_section(&mut part)?;
        page.render_description_section(&mut part)?;
        page.render_options_section(&mut part)?;
        buf.extend(
            String::from_utf8_lossy(&part)
                .replace(".SH ", ".SS ")
                .bytes(),
        );
        commands(sub, buf)?;
    }
    Ok(())
}

/// The library with the user's routines, or none on any problem: a completion must never
/// print an error into the command line being typed.
fn library() -> Option<Library> {
    Library::load(Dirs::from_env().routines()).ok()
}

/// Candidates from `names` (with their help) that start with what has been typed, each once.
fn matching(
    typed: &OsStr,
    names: impl Iterator<Item = (String, Option<String>)>,
) -> Vec<CompletionCandidate> {
    let typed = typed.to_string_lossy();
    first_of_each(
        names.filter(|(name, _)| name.starts_with(&*typed)),
        |(name, _)| name.clone(),
    )
    .into_iter()
    .map(|(name, help)| CompletionCandidate::new(name).help(help.map(Into::into)))
    .collect()
}

/// The first of the items with each key, in order, in one pass: a set of the keys seen, not
/// a search of what is kept so far (which made a Tab with 80,000 routine files take 20 s
/// here).
fn first_of_each<T, K: Hash + Eq>(items: impl Iterator<Item = T>, key: impl Fn(&T) -> K) -> Vec<T> {
    let mut seen = HashSet::new();
    items.filter(|item| seen.insert(key(item))).collect()
}

/// Routine names, built-in and the user's, starting with what has been typed.
pub fn complete_routine(typed: &OsStr) -> Vec<CompletionCandidate> {
    let names = library().map(|l| l.names()).unwrap_or_default();
    matching(typed, names.into_iter().map(|n| (n, None)))
}

/// What `log add` takes: strategies, exercises and routines, from one reading of the
/// library.
pub fn complete_activity(typed: &OsStr) -> Vec<CompletionCandidate> {
    let library = library();
    let strategies = Strategy::ALL
        .iter()
        .map(|s| (s.id().to_owned(), Some(s.title().to_owned())));
    let exercises = library.iter().flat_map(|l| {
        l.catalogue
            .exercises
            .iter()
            .map(|(id, ex)| (id.clone(), Some(ex.name.clone())))
    });
    let routines = library.iter().flat_map(|l| l.names()).map(|n| (n, None));
    matching(typed, strategies.chain(exercises).chain(routines))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;
    use std::hash::Hasher;

    use super::*;

    /// A key that counts how often it is compared with another.
    struct Counted<'a>(String, &'a Cell<usize>);

    impl PartialEq for Counted<'_> {
        fn eq(&self, other: &Self) -> bool {
            self.1.set(self.1.get() + 1);
            self.0 == other.0
        }
    }

    impl Eq for Counted<'_> {}

    impl Hash for Counted<'_> {
        fn hash<H: Hasher>(&self, state: &mut H) {
            self.0.hash(state);
        }
    }

    /// Found by the adversarial review: with 80,000 routine files a Tab took 7 s (20 s here),
    /// each name compared with every one kept before it. Now the work grows with the names:
    /// 40,000 names (each twice) take about one comparison each, where the old way took 400
    /// million.
    #[test]
    fn completions_are_linear_in_the_number_of_routine_files() {
        let comparisons = Cell::new(0);
        let names = (0..20_000).map(|i| format!("r{i:05}"));
        let twice = names.clone().chain(names);
        let kept = first_of_each(twice, |name| Counted(name.clone(), &comparisons));
        assert_eq!(kept.len(), 20_000);
        assert_eq!(kept.first().map(String::as_str), Some("r00000"));
        assert_eq!(kept.last().map(String::as_str), Some("r19999"));
        assert!(
            comparisons.get() <= 2 * 40_000,
            "{} comparisons for 40,000 names",
            comparisons.get()
        );
    }

    #[test]
    fn matching_offers_each_name_once_with_its_first_help() {
        let names = [
            ("heat", Some("Heat")),
            ("heating-pad", Some("Heating pad")),
            ("heat", None),
            ("evening", None),
        ]
        .map(|(n, h)| (n.to_owned(), h.map(str::to_owned)));
        let got: Vec<(String, Option<String>)> = matching(OsStr::new("hea"), names.into_iter())
            .iter()
            .map(|c| {
                (
                    c.get_value().to_string_lossy().into_owned(),
                    c.get_help().map(ToString::to_string),
                )
            })
            .collect();
        assert_eq!(
            got,
            [
                ("heat".to_owned(), Some("Heat".to_owned())),
                ("heating-pad".to_owned(), Some("Heating pad".to_owned())),
            ]
        );
    }
}
