//! The program's errors and exit codes, and the one printer of problems. Errors are typed
//! inside and printed once, at the top, as `backcoach: <what>` with a hint; bad input exits 2,
//! like a usage error. Warnings (`backcoach: warning: ...`) and notes (`backcoach: note: ...`)
//! go through the same [`Printer`]; nothing else in the program writes `backcoach:`.
//!
//! What the printer writes is escaped: a file name, a routine name or a note quoted in a
//! message never carries a control character to the terminal.
//!
//! `error` sits above the modules whose failures it words (`routine`, `journal`, `settings`):
//! they have their own error types, converted here, and never use this module.

use std::fmt::Display;
use std::io::{self, Write};
use std::path::PathBuf;

use crate::routine::diag::Diagnostic;
use crate::routine::library::LoadError;
use crate::untrusted;

/// No speech program could be found for `--voice`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoSpeechProgram {
    /// `voice_command`'s program is not there, or can't be run.
    Configured(String),
    /// None of the programs backcoach knows is on PATH (espeak-ng, espeak, spd-say).
    NoneOnPath,
}

/// Why nudges can't reach the desktop (`nudge --notify`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NoNotifications {
    /// Asking for the notification service failed: what the desktop said.
    Failed(String),
    /// The service did not answer within this many seconds.
    NoAnswer(u64),
}

impl std::fmt::Display for NoNotifications {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NoNotifications::Failed(why) => f.write_str(why),
            NoNotifications::NoAnswer(secs) => write!(f, "it did not answer in {secs} s"),
        }
    }
}

/// How the process ends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// Something outside the user's input failed (I/O).
    Failure,
    /// Bad input: a bad routine file, an unknown name, a bad flag.
    BadInput,
    /// Interrupted with Ctrl-C (SIGINT): 130.
    Interrupted,
    /// Ended by SIGHUP or a terminal that went away: 129.
    HungUp,
    /// Ended by SIGTERM: 143.
    Terminated,
    /// Ended by another signal that ends a program (SIGQUIT, SIGUSR1, SIGUSR2, SIGALRM):
    /// 128 + its number, as a shell reports it.
    Signal(i32),
}

impl Exit {
    /// The process's exit code.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::Failure => 1,
            Exit::BadInput => 2,
            Exit::Interrupted => 130,
            Exit::HungUp => 129,
            Exit::Terminated => 143,
            Exit::Signal(sig) => u8::try_from(128 + sig.clamp(1, 127)).unwrap_or(u8::MAX),
        }
    }
}

impl From<Exit> for std::process::ExitCode {
    fn from(e: Exit) -> Self {
        std::process::ExitCode::from(e.code())
    }
}

#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The command line itself was wrong; clap has the message.
    #[error("{0}")]
    Usage(#[from] clap::Error),
    /// One or more routine or catalogue files are invalid.
    #[error("{} problem(s) in routine files", .0.len())]
    Invalid(Vec<Diagnostic>),
    #[error("no routine named `{name}`")]
    UnknownRoutine {
        name: String,
        suggestion: Option<String>,
        user_dir: Option<PathBuf>,
    },
    #[error("`{0}` is not a routine name")]
    NotAName(String),
    /// `log --routine` with a name that is no routine, strategy or exercise, and in no
    /// session of the log.
    #[error("no routine named `{name}`, and no session in the log has that name")]
    NoSuchRoutineInLog {
        name: String,
        suggestion: Option<String>,
    },
    /// A routine name that would make the catalogue's file name.
    #[error(
        "`{0}` can't be a routine name: {file} is the exercise catalogue's file name",
        file = crate::routine::library::CATALOGUE_FILE
    )]
    CatalogueName(String),
    #[error("no such file: {}", path.display())]
    NoSuchFile {
        path: PathBuf,
        /// The routine whose name the file's stem is, when there is one.
        routine: Option<String>,
    },
    /// `--minutes` less than the routine can be made.
    #[error("`{name}` can't be made to fit {}: {}", crate::output::duration(*.seconds), crate::output::fit::too_short(*.shortest, *.estimate))]
    TooShort {
        name: String,
        seconds: u64,
        shortest: u64,
        estimate: bool,
        /// The strategy the routine centres on, of which a step always stays.
        keeps: Option<crate::routine::strategy::Strategy>,
    },
    #[error("`{name}` is an exercise, not a routine")]
    IsExercise { name: String, used_in: Vec<String> },
    /// A name `new` or `edit` can't take (a space, a slash).
    #[error("`{name}` is not a routine name")]
    BadName { name: String },
    #[error("no exercise `{id}`")]
    UnknownExercise {
        id: String,
        suggestion: Option<String>,
    },
    /// `new` with a built-in's name, without `--force`.
    #[error("`{0}` is a built-in routine; a routine of yours by that name would replace it")]
    WouldReplace(String),
    #[error("cannot read {}: {source}", path.display())]
    Read { path: PathBuf, source: io::Error },
    #[error("cannot write the output: {0}")]
    Output(#[from] io::Error),
    #[error("cannot use the terminal: {0}")]
    Terminal(io::Error),
    #[error(transparent)]
    Store(#[from] crate::journal::store::StoreError),
    #[error("there is no home folder to keep the session log in")]
    NoDataDir,
    #[error("`{what}` is not a strategy, an exercise or a routine")]
    UnknownActivity {
        what: String,
        suggestion: Option<String>,
    },
    /// A `log add` that would record something wrong (a time in the future, a note too long).
    #[error("{0}")]
    BadEntry(String),
    #[error("there is no home folder to keep settings and routines in")]
    NoConfigDir,
    #[error("{} is already there; it was left as it is", .0.display())]
    Exists(PathBuf),
    #[error("cannot write {}: {source}", path.display())]
    Write { path: PathBuf, source: io::Error },
    #[error("`{name}` is not a routine of yours or a built-in one")]
    NothingToEdit {
        name: String,
        suggestion: Option<String>,
    },
    #[error("the editor `{editor}` {what}")]
    Editor { editor: String, what: String },
    /// The state file could not be written (a warning: the session goes on).
    #[error(transparent)]
    State(#[from] crate::settings::state::StateError),
    #[error("there is no home folder to remember things in")]
    NoStateDir,
    /// `--voice` (or `voice = true`) with no speech program to speak through.
    #[error("{}", match .0 {
        NoSpeechProgram::Configured(p) if p.is_empty() =>
            "`voice_command` in the config names no program".to_owned(),
        NoSpeechProgram::Configured(p) =>
            format!("the speech program `{p}` of `voice_command` is not there or can't be run"),
        NoSpeechProgram::NoneOnPath =>
            "--voice needs a speech program, and none was found (espeak-ng, espeak, spd-say)".to_owned(),
    })]
    NoSpeech(NoSpeechProgram),
    /// `--notify` (or `notify = true`, `asked` says which) with no desktop notification
    /// service to send to.
    #[error("{asked} needs a desktop notification service, and none could be reached ({why})")]
    NoNotifications {
        asked: String,
        why: NoNotifications,
        /// It came from the config file, not from a flag (for the hint).
        in_file: bool,
    },
    /// Nudges that did not reach the desktop (a warning, told once after the day).
    #[error("{0}")]
    Notify(String),
    /// The speech program failed during the session (a warning, told once after it).
    #[error("the session was not all said aloud: {0}")]
    Speech(String),
}

impl Error {
    pub fn exit(&self) -> Exit {
        match self {
            Error::Usage(e) if !e.use_stderr() => Exit::Success,
            // A reader that stopped early (`| head`) is not a failure.
            Error::Output(e) if e.kind() == io::ErrorKind::BrokenPipe => Exit::Success,
            Error::Usage(_)
            | Error::Invalid(_)
            | Error::UnknownRoutine { .. }
            | Error::NotAName(_)
            | Error::NoSuchRoutineInLog { .. }
            | Error::CatalogueName(_)
            | Error::NoSuchFile { .. }
            | Error::IsExercise { .. }
            | Error::TooShort { .. }
            | Error::BadName { .. }
            | Error::UnknownExercise { .. }
            | Error::WouldReplace(_)
            | Error::UnknownActivity { .. }
            | Error::BadEntry(_)
            | Error::Exists(_)
            | Error::NothingToEdit { .. }
            | Error::NoSpeech(_)
            | Error::NoNotifications { .. } => Exit::BadInput,
            Error::Read { .. }
            | Error::Output(_)
            | Error::Terminal(_)
            | Error::Store(_)
            | Error::NoDataDir
            | Error::NoConfigDir
            | Error::Write { .. }
            | Error::Editor { .. }
            | Error::State(_)
            | Error::NoStateDir
            | Error::Speech(_)
            | Error::Notify(_) => Exit::Failure,
        }
    }

    /// What to do about it.
    pub fn hint(&self) -> Option<String> {
        match self {
            Error::UnknownRoutine {
                suggestion,
                user_dir,
                ..
            } => {
                let mut hint = match suggestion {
                    Some(s) => format!("did you mean `{s}`? "),
                    None => String::new(),
                };
                // `start` and `show` take an exercise id too.
                hint.push_str("`backcoach list` shows every routine, `backcoach exercises` every exercise");
                if let Some(dir) = user_dir {
                    hint.push_str(&format!("; your own go in {}", dir.display()));
                }
                Some(hint)
            }
            Error::NotAName(_) => Some(
                "a routine name is letters, digits, `-` and `_` (see `backcoach list`); \
                 to use a file, give its path ending in `.toml`"
                    .to_owned(),
            ),
            Error::NoSuchFile { routine: None, .. } => {
                Some("check the path, or give a routine name".to_owned())
            }
            Error::NoSuchFile {
                routine: Some(name),
                ..
            } => Some(format!(
                "check the path; for the routine `{name}`, give its name alone: `{name}`"
            )),
            Error::IsExercise { name, used_in } => {
                let with = match used_in.as_slice() {
                    [] => String::new(),
                    [one] => format!("; the routine `{one}` has it"),
                    more => format!("; the routines with it: {}", more.join(", ")),
                };
                Some(format!(
                    "`backcoach exercises {name}` shows it and `backcoach start {name}` runs it on \
                     its own{with} (`backcoach list` shows them all)"
                ))
            }
            Error::TooShort {
                name,
                shortest,
                keeps,
                ..
            } => {
                let keeps = keeps.map_or(String::new(), |s| {
                    format!(": fitted, `{name}` keeps at least one {} step, at its least dose", s.id())
                });
                Some(format!(
                    "give `--minutes {}` or more{keeps}; `backcoach show {name} --minutes {}` \
                     shows what is left",
                    shortest.div_ceil(60),
                    shortest.div_ceil(60)
                ))
            }
            Error::BadName { name } => Some(format!(
                "a name is lower-case letters, digits and dashes, like `{}`; it becomes \
                 the file's name in your routines folder",
                crate::routine::suggest_name(name)
            )),
            Error::UnknownExercise { suggestion, .. } => Some(format!(
                "{}`backcoach exercises` lists them all",
                suggestion
                    .as_ref()
                    .map(|s| format!("did you mean `{s}`? "))
                    .unwrap_or_default()
            )),
            Error::WouldReplace(name) => Some(format!(
                "pick another name, like `my-{name}` (`backcoach new my-{name} --from {name}` \
                 starts from a copy), or add `--force` to make your own `{name}` in its place"
            )),
            Error::NoSuchRoutineInLog { suggestion, .. } => Some(format!(
                "{}`backcoach list` shows every routine; `--routine` also takes a strategy or \
                 an exercise recorded with `log add`",
                suggestion.as_ref().map(|s| format!("did you mean `{s}`? ")).unwrap_or_default()
            )),
            Error::Store(e) => Some(e.hint()),
            Error::CatalogueName(_) => Some(
                "pick another name, like `my-exercises`; `backcoach exercises` lists the catalogue"
                    .to_owned(),
            ),
            Error::NoDataDir => Some(
                "set HOME, or XDG_DATA_HOME, to a full path (or `data_dir` in the config); a session or `nudge` can also run with `--no-log`"
                    .to_owned(),
            ),
            Error::UnknownActivity { suggestion, .. } => Some(format!(
                "{}name a strategy (stretching, self-massage, heat, posture, strengthening, mind-body), \
                 an exercise from `backcoach exercises`, or a routine from `backcoach list`",
                suggestion.as_ref().map(|s| format!("did you mean `{s}`? ")).unwrap_or_default()
            )),
            Error::BadEntry(_) => Some("nothing was written".to_owned()),
            Error::NoConfigDir => Some("set HOME or XDG_CONFIG_HOME".to_owned()),
            Error::Exists(p) if p.file_name().is_some_and(|n| n == crate::settings::CONFIG_FILE) => {
                Some("change it in your editor; `backcoach config` shows what it sets".to_owned())
            }
            Error::Exists(p) => Some(format!(
                "pick another name, or change it with `backcoach edit {}`",
                p.file_stem().map(|s| s.to_string_lossy()).unwrap_or_default()
            )),
            Error::NothingToEdit { suggestion, .. } => Some(format!(
                "{}`backcoach new <name>` starts a new one; `backcoach list` shows them all",
                suggestion.as_ref().map(|s| format!("did you mean `{s}`? ")).unwrap_or_default()
            )),
            Error::Editor { .. } => Some(
                "set $VISUAL or $EDITOR to your editor's command, like `export EDITOR=nano`"
                    .to_owned(),
            ),
            Error::State(_) => Some(
                "the safety screen will show again next time; check that the folder is yours"
                    .to_owned(),
            ),
            Error::NoStateDir => Some(
                "the safety screen will show again next time; set HOME or XDG_STATE_HOME"
                    .to_owned(),
            ),
            Error::NoNotifications { in_file, .. } => Some(format!(
                "run it in a desktop session, where a notification service (the desktop's own, \
                 dunst, mako) is on the session bus; or {} to keep the nudges in the terminal \
                 when there is none",
                if *in_file {
                    "write `notify = \"auto\"` in the config"
                } else {
                    "use `--notify=auto`"
                }
            )),
            Error::NoSpeech(NoSpeechProgram::NoneOnPath) => Some(
                "install espeak-ng (on Debian and Ubuntu: `sudo apt install espeak-ng`) or \
                 speech-dispatcher, or set `voice_command` in the config to a program that says \
                 its last argument, like `voice_command = [\"espeak-ng\", \"-s\", \"150\"]`"
                    .to_owned(),
            ),
            Error::NoSpeech(_) => Some(
                "give a program on PATH or its full path, then its arguments, like \
                 `voice_command = [\"espeak-ng\", \"-s\", \"150\"]`; `backcoach config` shows \
                 where it is set"
                    .to_owned(),
            ),
            Error::Notify(_) => Some(
                "check that the desktop shows notifications (not paused, not in do-not-disturb); \
                 `backcoach nudge --notify --plain --every 5m --for 6m --speed 100` sends one in 3 s"
                    .to_owned(),
            ),
            Error::Speech(_) => Some(
                "check the speech program on its own, like `espeak-ng hello`, or set \
                 `voice_command` in the config"
                    .to_owned(),
            ),
            _ => None,
        }
    }

    /// Writes a problem that did not stop the command, as `backcoach: warning: <what>` with
    /// its hint. Never panics.
    pub fn warn(&self, err: &mut impl Write) {
        Printer::new(err).warning(self, self.hint().as_deref());
    }

    /// Writes the error the one way errors are written. Never panics: a failure to write
    /// to stderr has nowhere left to go.
    pub fn report(&self, err: &mut impl Write) {
        Printer::new(err).error(self);
    }
}

impl From<LoadError> for Error {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::Invalid(d) => Error::Invalid(d),
            LoadError::UnknownRoutine {
                name,
                suggestion,
                user_dir,
            } => Error::UnknownRoutine {
                name,
                suggestion,
                user_dir,
            },
            LoadError::NotAName(name) => Error::NotAName(name),
            LoadError::NoSuchFile { path, routine } => Error::NoSuchFile { path, routine },
            LoadError::IsExercise { name, used_in } => Error::IsExercise { name, used_in },
            LoadError::UnknownExercise { id, suggestion } => {
                Error::UnknownExercise { id, suggestion }
            }
            LoadError::Read { path, source } => Error::Read { path, source },
        }
    }
}

/// The one printer of problems: errors, warnings and notes, each as `backcoach: ...`, with a
/// hint under it as `  hint: ...`. [`Printer::stderr`] is where they go; tests give it a
/// buffer. Nothing it writes can fail loudly: a failure to write to stderr has nowhere left
/// to go.
#[derive(Debug)]
pub struct Printer<W: Write>(W);

impl Printer<io::StderrLock<'static>> {
    /// The printer on standard error.
    pub fn stderr() -> Self {
        Printer(io::stderr().lock())
    }
}

impl<W: Write> Printer<W> {
    pub fn new(out: W) -> Self {
        Printer(out)
    }

    /// An error that stopped the command, with its own hint. `--help` and `--version` (clap's
    /// "errors" that are not) go to stdout; a closed pipe is not told.
    pub fn error(&mut self, e: &Error) {
        match e {
            Error::Usage(u) if u.use_stderr() => {
                let _ = write!(self.0, "{}", u.render());
            }
            Error::Usage(u) => {
                let mut out = io::stdout().lock();
                let _ = write!(out, "{}", u.render()).and_then(|()| out.flush());
            }
            Error::Output(o) if o.kind() == io::ErrorKind::BrokenPipe => {}
            Error::Invalid(diags) => self.diagnostics(diags),
            _ => self.line("", e, e.hint().as_deref()),
        }
    }

    /// An error with a hint of the caller's in place of its own: when only the caller knows
    /// what to do about it (the record that could not be saved, say).
    pub fn error_with_hint(&mut self, e: &Error, hint: &str) {
        self.line("", e, Some(hint));
    }

    /// Problems in files, one after the other, each with the hint it carries.
    pub fn diagnostics(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            let text = d.to_string();
            if writeln!(self.0, "backcoach: {}", untrusted::escape_lines(&text)).is_err() {
                return;
            }
        }
    }

    /// Problems in files that did not stop the command (a config file's), each as
    /// `backcoach: warning: <file:line:col: what>` with its line and hint.
    pub fn warnings(&mut self, diags: &[Diagnostic]) {
        for d in diags {
            let text = d.to_string();
            if writeln!(
                self.0,
                "backcoach: warning: {}",
                untrusted::escape_lines(&text)
            )
            .is_err()
            {
                return;
            }
        }
    }

    /// A problem that did not stop the command: `backcoach: warning: <what>`.
    pub fn warning(&mut self, what: impl Display, hint: Option<&str>) {
        self.line("warning: ", what, hint);
    }

    /// Something worth knowing that is not a problem: `backcoach: note: <what>`.
    pub fn note(&mut self, what: impl Display) {
        self.line("note: ", what, None);
    }

    /// `backcoach: <kind><what>`, then `  hint: <hint>`; a hint that ends its own last line
    /// (one that carries a record, say) gets no second newline. A message may name a file or
    /// quote a name or a note: every control character in it but the line breaks is escaped.
    fn line(&mut self, kind: &str, what: impl Display, hint: Option<&str>) {
        let hint = hint.map(|h| format!("\n  hint: {h}")).unwrap_or_default();
        let end = if hint.ends_with('\n') { "" } else { "\n" };
        let text = format!("backcoach: {kind}{what}{hint}{end}");
        let _ = self.0.write_all(untrusted::escape_lines(&text).as_bytes());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn broken_pipe_is_silent_and_failure_code_is_not_bad_input() {
        let e = Error::Output(io::Error::from(io::ErrorKind::BrokenPipe));
        let mut buf = Vec::new();
        e.report(&mut buf);
        assert!(buf.is_empty());
        assert_eq!(e.exit(), Exit::Success);
        let e = Error::Read {
            path: "x".into(),
            source: io::Error::other("boom"),
        };
        assert_eq!(e.exit(), Exit::Failure);
    }

    #[test]
    fn unknown_routine_hint_names_the_user_dir() {
        let e = Error::UnknownRoutine {
            name: "evenign".into(),
            suggestion: Some("evening".into()),
            user_dir: Some("/home/u/.config/backcoach/routines".into()),
        };
        let mut buf = Vec::new();
        e.report(&mut buf);
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "backcoach: no routine named `evenign`\n  hint: did you mean `evening`? `backcoach list` shows every routine, `backcoach exercises` every exercise; your own go in /home/u/.config/backcoach/routines\n"
        );
        assert_eq!(e.exit(), Exit::BadInput);
    }

    /// A file name with an escape sequence in it, in any message, reaches the terminal as
    /// text.
    #[test]
    fn a_file_name_with_an_escape_is_escaped_in_every_message() {
        let evil = PathBuf::from("/tmp/\u{1b}]0;PWNED\u{7}\u{1b}[2J.toml");
        let mut buf = Vec::new();
        let mut printer = Printer::new(&mut buf);
        printer.error(&Error::NoSuchFile {
            path: evil.clone(),
            routine: None,
        });
        printer.warning(format_args!("{}:3: damaged", evil.display()), None);
        printer.diagnostics(&[Diagnostic::new(&evil.display().to_string(), "bad")]);
        let text = String::from_utf8_lossy(&buf);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(
            text,
            "backcoach: no such file: /tmp/\\u001b]0;PWNED\\u0007\\u001b[2J.toml\n  \
             hint: check the path, or give a routine name\n\
             backcoach: warning: /tmp/\\u001b]0;PWNED\\u0007\\u001b[2J.toml:3: damaged\n\
             backcoach: /tmp/\\u001b]0;PWNED\\u0007\\u001b[2J.toml: bad\n"
        );
    }

    #[test]
    fn one_printer_for_errors_warnings_and_notes() {
        let mut buf = Vec::new();
        let mut printer = Printer::new(&mut buf);
        printer.note("this replaces the built-in `evening`");
        printer.warning("a:3: a damaged line was skipped", None);
        Error::NoStateDir.warn(&mut printer.0);
        printer.error_with_hint(&Error::NoDataDir, "this is the record:\n{}\n");
        printer.error_with_hint(&Error::NoDataDir, "this is the record:\n");
        assert_eq!(
            String::from_utf8_lossy(&buf),
            "backcoach: note: this replaces the built-in `evening`\n\
             backcoach: warning: a:3: a damaged line was skipped\n\
             backcoach: warning: there is no home folder to remember things in\n  \
             hint: the safety screen will show again next time; set HOME or XDG_STATE_HOME\n\
             backcoach: there is no home folder to keep the session log in\n  \
             hint: this is the record:\n{}\n\
             backcoach: there is no home folder to keep the session log in\n  \
             hint: this is the record:\n"
        );
    }
}
