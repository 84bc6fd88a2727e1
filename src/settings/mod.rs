//! The user's settings. `$XDG_CONFIG_HOME/backcoach/config.toml` is checked like a routine
//! (raw TOML, then validated values, each problem a diagnostic with file:line:col), then
//! layered: a command-line flag beats the file, the file beats the environment, and the
//! environment beats the built-in default. `backcoach config` shows each value and its source.
//!
//! A problem in the file never stops a command: the setting it is in is left out, the rest of
//! the file applies, and the problem is a warning ([`Config::problems`]). Only `backcoach
//! config` makes it an error, so that a typo can't keep `strategies` (the red flags) or a
//! session from running.
//! `paths` says where things live (the XDG folders); `state` is what is remembered between runs.

pub mod paths;
pub mod state;

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use crate::plan::PlanOptions;
use crate::routine::diag::{Diagnostic, did_you_mean};
use crate::routine::keys;
use crate::routine::library::{self, LoadError};
use crate::routine::parse;
use crate::routine::raw::Int;
use crate::settings::paths::Dirs;

/// The file's name in the config folder.
pub const CONFIG_FILE: &str = "config.toml";

/// The README section on this file, for hints.
const CONFIG_FORMAT: &str = "the config file";

/// The most seconds of lead-in before a step (the same bound as `start --lead-in`).
pub const LEAD_IN_MAX: i64 = 30;

/// When to colour the output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ColorWhen {
    /// When writing to a terminal, and NO_COLOR is not set
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    const ALL: [ColorWhen; 3] = [ColorWhen::Auto, ColorWhen::Always, ColorWhen::Never];

    pub fn id(self) -> &'static str {
        match self {
            ColorWhen::Auto => "auto",
            ColorWhen::Always => "always",
            ColorWhen::Never => "never",
        }
    }

    /// The choice for a stream: `auto` asks anstream, which looks at the terminal,
    /// NO_COLOR, CLICOLOR_FORCE and TERM.
    pub fn stream(self) -> anstream::ColorChoice {
        match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        }
    }
}

/// Whether `nudge` sends each nudge to the desktop as a notification too.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum NotifyWhen {
    /// Always; with no notification service, `nudge` says so and exits 2
    On,
    /// When the desktop has a notification service; otherwise the terminal only
    Auto,
    /// The terminal only
    Off,
}

impl NotifyWhen {
    pub fn id(self) -> &'static str {
        match self {
            NotifyWhen::On => "on",
            NotifyWhen::Auto => "auto",
            NotifyWhen::Off => "off",
        }
    }
}

/// The day a week starts on, for `stats`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum WeekStart {
    Monday,
    Sunday,
}

impl WeekStart {
    const ALL: [WeekStart; 2] = [WeekStart::Monday, WeekStart::Sunday];

    pub fn id(self) -> &'static str {
        match self {
            WeekStart::Monday => "monday",
            WeekStart::Sunday => "sunday",
        }
    }

    pub fn weekday(self) -> chrono::Weekday {
        match self {
            WeekStart::Monday => chrono::Weekday::Mon,
            WeekStart::Sunday => chrono::Weekday::Sun,
        }
    }
}

/// Where a setting's value came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Default,
    /// The config file, at this line.
    File(usize),
    /// An environment variable.
    Env(&'static str),
    /// A command-line flag.
    Flag(&'static str),
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::File(line) => write!(f, "{CONFIG_FILE}:{line}"),
            Source::Env(var) => write!(f, "${var}"),
            Source::Flag(flag) => f.write_str(flag),
        }
    }
}

/// One setting: its value and where that came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Setting<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Setting<T> {
    fn new(value: T, source: Source) -> Setting<T> {
        Setting { value, source }
    }

    fn default(value: T) -> Setting<T> {
        Setting::new(value, Source::Default)
    }

    /// This setting, unless the environment variable `var` gave one.
    fn or_env(self, given: Option<T>, var: &'static str) -> Setting<T> {
        match given {
            Some(value) => Setting::new(value, Source::Env(var)),
            None => self,
        }
    }

    /// This setting, unless the config file gave one (at its line).
    fn or_file(self, given: Option<(T, usize)>) -> Setting<T> {
        match given {
            Some((value, line)) => Setting::new(value, Source::File(line)),
            None => self,
        }
    }

    /// This setting, unless the command line gave `flag`.
    fn or_flag(self, given: Option<T>, flag: &'static str) -> Setting<T> {
        match given {
            Some(value) => Setting::new(value, Source::Flag(flag)),
            None => self,
        }
    }
}

/// The effective settings.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the file is looked for; `None` with no home directory.
    pub path: Option<PathBuf>,
    /// Whether it was there.
    pub found: bool,
    /// Seconds of "get ready" before each step.
    pub lead_in: Setting<u32>,
    /// Seconds of rest between steps, for routines that don't set `rest`.
    pub rest: Setting<u32>,
    /// Ring the terminal bell at each change of prompt.
    pub bell: Setting<bool>,
    /// Say the session aloud (`start --voice`).
    pub voice: Setting<bool>,
    /// The speech program and its arguments; `None`: the platform's own, found at run time.
    pub voice_command: Setting<Option<Vec<String>>>,
    /// Send each nudge to the desktop too (`nudge --notify`).
    pub notify: Setting<NotifyWhen>,
    pub color: Setting<ColorWhen>,
    pub week_start: Setting<WeekStart>,
    /// Where the session log lives; `None` with no home directory.
    pub data_dir: Setting<Option<PathBuf>>,
    /// Exercises pinned at a level (`[levels]`), each with its line in the file, in file
    /// order: the level rules leave them where they are.
    pub levels: Vec<(String, u32, usize)>,
    /// What is wrong in the file: each problem left out of the settings above, to be told as
    /// a warning (and by `backcoach config` as an error), then [`Config::outcome`].
    pub problems: Vec<Diagnostic>,
    /// None of the file could be used (it could not be read, or it is not TOML).
    pub file_unused: bool,
    /// NO_COLOR is set: `auto`, from wherever it came, then means never.
    no_color: bool,
}

/// What the command line contributes: the flags that override a setting.
#[derive(Debug, Clone, Default)]
pub struct Flags {
    pub color: Option<ColorWhen>,
    pub lead_in: Option<u32>,
    pub week_start: Option<WeekStart>,
    /// `--quiet`: no bell.
    pub quiet: bool,
    /// `--voice`: say the session aloud.
    pub voice: bool,
    /// `--notify[=WHEN]`: nudges on the desktop.
    pub notify: Option<NotifyWhen>,
}

/// What the environment contributes: the folders, and whether NO_COLOR is set.
#[derive(Debug, Clone, Default)]
pub struct Env {
    pub dirs: Dirs,
    /// `XDG_DATA_HOME` was set to a full path (so the data folder came from it; a relative
    /// one is passed over).
    pub xdg_data: bool,
    pub no_color: bool,
    /// `HOME`, as it is (a relative one is never used for data).
    pub home: Option<PathBuf>,
}

impl Env {
    /// `HOME` is set, but not to a full path: no data folder is made from it.
    pub fn relative_home(&self) -> bool {
        self.home.as_ref().is_some_and(|h| h.is_relative())
    }

    pub fn read() -> Env {
        let set = |var: &str| std::env::var_os(var).is_some_and(|v| !v.is_empty());
        Env {
            dirs: Dirs::from_env(),
            xdg_data: Dirs::full_path_in("XDG_DATA_HOME"),
            no_color: set("NO_COLOR"),
            home: etcetera::home_dir().ok(),
        }
    }
}

impl Config {
    /// The settings from the environment's config file, if there is one. What is wrong in
    /// it is left out, and kept in [`Config::problems`]: a file that can't be read at all
    /// sets nothing.
    pub fn load(env: &Env) -> Config {
        let path = env.dirs.config.as_ref().map(|c| c.join(CONFIG_FILE));
        let (file, problems, file_unused) = match &path {
            // Only a file that is not there is absent: one that can't be reached (a folder
            // without access, a symlink loop) is read, and its error told.
            Some(p) if !is_absent(p) => match read_file(p, env.home.as_deref()) {
                Ok((file, problems)) => (Some(file), problems, false),
                Err(problems) => (Some(FileSettings::default()), problems, true),
            },
            _ => (None, Vec::new(), false),
        };
        let found = file.is_some();
        let mut config = Config::resolve(file.unwrap_or_default(), env);
        config.path = path;
        config.found = found;
        config.problems = problems;
        config.file_unused = file_unused;
        config
    }

    /// What became of the file, when it has problems: told once, after them.
    pub fn outcome(&self) -> Option<String> {
        if self.problems.is_empty() {
            return None;
        }
        let file = self
            .path
            .as_ref()
            .map_or_else(|| CONFIG_FILE.to_owned(), |p| p.display().to_string());
        Some(if self.file_unused {
            format!(
                "none of {file} applies until it is fixed; `backcoach config` shows what is in effect"
            )
        } else {
            format!(
                "the lines above are left out of {file}, and the rest of it applies; \
                 `backcoach config` shows what is in effect"
            )
        })
    }

    /// Layers the file's values over the environment's and the defaults.
    pub fn resolve(file: FileSettings, env: &Env) -> Config {
        let defaults = PlanOptions::default();
        // Each setting, layered from the bottom: default, then environment, then file.
        Config {
            path: None,
            found: false,
            lead_in: Setting::default(defaults.lead_in).or_file(file.lead_in),
            rest: Setting::default(defaults.default_rest).or_file(file.rest),
            bell: Setting::default(true).or_file(file.bell),
            voice: Setting::default(false).or_file(file.voice),
            voice_command: Setting::default(None)
                .or_file(file.voice_command.map(|(c, line)| (Some(c), line))),
            notify: Setting::default(NotifyWhen::Off).or_file(file.notify),
            color: Setting::default(ColorWhen::Auto)
                .or_env(env.no_color.then_some(ColorWhen::Never), "NO_COLOR")
                .or_file(file.color),
            week_start: Setting::default(WeekStart::Monday).or_file(file.week_start),
            data_dir: Setting::default(env.dirs.data.clone())
                .or_env(env.relative_home().then_some(None), "HOME")
                .or_env(env.xdg_data.then(|| env.dirs.data.clone()), "XDG_DATA_HOME")
                .or_file(file.data_dir.map(|(d, line)| (Some(d), line))),
            levels: file.levels,
            problems: Vec::new(),
            file_unused: false,
            no_color: env.no_color,
        }
        .color_decided()
    }

    /// `auto` colour with NO_COLOR set is no colour, and NO_COLOR decided it: so `config`
    /// names it as the source, whether `auto` came from the file, a flag or the default.
    fn color_decided(self) -> Config {
        if self.no_color && self.color.value == ColorWhen::Auto {
            Config {
                color: Setting::new(ColorWhen::Never, Source::Env("NO_COLOR")),
                ..self
            }
        } else {
            self
        }
    }

    /// The flags' values over these settings: the last layer.
    pub fn with_flags(self, flags: &Flags) -> Config {
        Config {
            color: self.color.or_flag(flags.color, "--color"),
            lead_in: self.lead_in.or_flag(flags.lead_in, "--lead-in"),
            week_start: self.week_start.or_flag(flags.week_start, "--week-start"),
            bell: self.bell.or_flag(flags.quiet.then_some(false), "--quiet"),
            voice: self.voice.or_flag(flags.voice.then_some(true), "--voice"),
            notify: self.notify.or_flag(flags.notify, "--notify"),
            ..self
        }
        .color_decided()
    }

    /// The folders to use: the environment's, with the data folder from these settings.
    pub fn dirs(&self, env: &Env) -> Dirs {
        Dirs {
            config: env.dirs.config.clone(),
            data: self.data_dir.value.clone(),
            state: env.dirs.state.clone(),
        }
    }

    /// Whether the full screen, always a terminal, is drawn in colour.
    pub fn screen_color(&self) -> bool {
        match self.color.value {
            ColorWhen::Always => true,
            ColorWhen::Never => false,
            ColorWhen::Auto => {
                anstream::AutoStream::choice(&std::io::stdout()) != anstream::ColorChoice::Never
            }
        }
    }

    /// Lead-in and rest as the planner takes them; a spoken session gives a get-ready that
    /// names its step the time to say it.
    pub fn plan_options(&self) -> PlanOptions {
        PlanOptions {
            lead_in: self.lead_in.value,
            default_rest: self.rest.value,
            voice: self.voice.value,
            ..PlanOptions::default()
        }
    }
}

/// Is there nothing at `path`? Not "can't tell": a folder that can't be searched or a link
/// that loops is something, whose error reading it tells.
fn is_absent(path: &Path) -> bool {
    matches!(
        std::fs::symlink_metadata(path),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound
    )
}

/// What a config file sets, each value with its line.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FileSettings {
    pub lead_in: Option<(u32, usize)>,
    pub rest: Option<(u32, usize)>,
    pub bell: Option<(bool, usize)>,
    pub voice: Option<(bool, usize)>,
    pub voice_command: Option<(Vec<String>, usize)>,
    pub notify: Option<(NotifyWhen, usize)>,
    pub color: Option<(ColorWhen, usize)>,
    pub week_start: Option<(WeekStart, usize)>,
    pub data_dir: Option<(PathBuf, usize)>,
    /// `[levels]`: exercise id, level, line.
    pub levels: Vec<(String, u32, usize)>,
}

/// The file as written. Every key is optional; an unknown key is left out and reported.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawConfig {
    lead_in: Option<Spanned<Int>>,
    rest: Option<Spanned<Int>>,
    bell: Option<Spanned<bool>>,
    voice: Option<Spanned<bool>>,
    voice_command: Option<Spanned<Vec<String>>>,
    /// `true`, `false` or `"auto"`: any value is taken here, and checked below.
    notify: Option<Spanned<toml::Value>>,
    color: Option<Spanned<String>>,
    week_start: Option<Spanned<String>>,
    data_dir: Option<Spanned<String>>,
    levels: Option<Spanned<RawLevels>>,
}

/// `[levels]`: an exercise id, then the level to pin it at. Each value is checked on its
/// own, so that one of the wrong type leaves out that line, not the whole table.
type RawLevels = indexmap::IndexMap<Spanned<String>, Spanned<toml::Value>>;

impl keys::Table for RawConfig {
    fn inner(key: &str) -> Option<keys::Inner> {
        (key == "levels").then(keys::Inner::table::<RawLevels>)
    }
}

impl keys::Table for RawLevels {
    fn keys() -> keys::Keys {
        keys::Keys::Any
    }
}

/// Reads and parses the config file at `path`: the settings, and the problems in it (each
/// setting with a problem left out); `Err` with the problem when none of it can be used (it
/// can't be read, or it is not TOML text at all).
fn read_file(
    path: &Path,
    home: Option<&Path>,
) -> Result<(FileSettings, Vec<Diagnostic>), Vec<Diagnostic>> {
    let origin = path.display().to_string();
    let bytes = match library::read(path) {
        Ok(bytes) => bytes,
        // Gone since it was seen: there is no file.
        Err(LoadError::NoSuchFile { .. }) => return Ok((FileSettings::default(), Vec::new())),
        Err(LoadError::Invalid(d)) => return Err(d),
        Err(LoadError::Read { source, .. }) => {
            return Err(vec![
                Diagnostic::new(&origin, format!("cannot read it: {source}"))
                    .hint("check that the file is yours and readable"),
            ]);
        }
        // Not what reading a file gives.
        Err(
            LoadError::UnknownRoutine { .. }
            | LoadError::NotAName(_)
            | LoadError::IsExercise { .. }
            | LoadError::UnknownExercise { .. },
        ) => return Ok((FileSettings::default(), Vec::new())),
    };
    if bytes.len() <= parse::limits::FILE_BYTES && bytes.iter().all(u8::is_ascii_whitespace) {
        // An empty file sets nothing; that is not a problem.
        return Ok((FileSettings::default(), Vec::new()));
    }
    let src = parse::as_text(&origin, &bytes).map_err(|d| vec![d])?;
    match parse_file(&origin, src, home) {
        Parsed::Whole(file, problems) => Ok((*file, problems)),
        Parsed::Unusable(problems) => Err(problems),
    }
}

/// A config file, parsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Parsed {
    /// What it sets, and every problem in it, each setting with a problem left out: the rest
    /// applies.
    Whole(Box<FileSettings>, Vec<Diagnostic>),
    /// A syntax error: none of it can be used.
    Unusable(Vec<Diagnostic>),
}

/// Parses and checks a config file; `home` expands a leading `~`. Every problem is reported,
/// and the setting it is in left out; a syntax error leaves out the whole file.
pub fn parse_file(origin: &str, src: &str, home: Option<&Path>) -> Parsed {
    let read = match keys::read::<RawConfig>(src, CONFIG_FORMAT, true) {
        Ok(read) => read,
        Err(e) => {
            return Parsed::Unusable(vec![Diagnostic::from_toml(origin, src, &e, CONFIG_FORMAT)]);
        }
    };
    let mut more = read.found.more;
    let mut diags: Vec<Diagnostic> = read
        .found
        .problems
        .into_iter()
        .map(|p| {
            let d = Diagnostic::new(origin, p.message);
            let d = match p.span {
                Some(span) => d.at(src, span),
                None => d,
            };
            Diagnostic { hint: p.hint, ..d }
        })
        .collect();
    let Some(raw) = read.value else {
        return Parsed::Whole(Box::default(), capped(origin, diags, more));
    };
    let mut err = |span: Range<usize>, message: String, hint: String| {
        if diags.len() < parse::limits::DIAGNOSTICS {
            diags.push(Diagnostic::new(origin, message).at(src, span).hint(hint));
        } else {
            more += 1;
        }
    };
    let line = |span: Range<usize>| crate::routine::diag::Location::of(src, span).line;

    let mut seconds = |v: &Option<Spanned<Int>>, key: &str, max: i64| {
        let v = v.as_ref()?;
        match u32::try_from(v.get_ref().0) {
            Ok(n) if i64::from(n) <= max => Some((n, line(v.span()))),
            _ => {
                err(
                    v.span(),
                    format!(
                        "`{key}` must be from 0 to {max} seconds, not {}",
                        v.get_ref().0
                    ),
                    format!("write a whole number of seconds, like `{key} = 5`"),
                );
                None
            }
        }
    };
    let lead_in = seconds(&raw.lead_in, "lead_in", LEAD_IN_MAX);
    let rest = seconds(&raw.rest, "rest", parse::limits::REST_SECONDS);

    let mut choice = |v: &Option<Spanned<String>>, key: &str, allowed: &[&str]| {
        let v = v.as_ref()?;
        let word = v.get_ref();
        if let Some(i) = allowed.iter().position(|a| a == word) {
            return Some((i, line(v.span())));
        }
        let hint = match did_you_mean(word, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{key} = \"{best}\"`?"),
            None => format!("write one of: {}", allowed.join(", ")),
        };
        err(v.span(), format!("unknown {key} `{word}`"), hint);
        None
    };
    let color = choice(&raw.color, "color", &ColorWhen::ALL.map(ColorWhen::id))
        .map(|(i, l)| (ColorWhen::ALL[i], l));
    let week_start = choice(
        &raw.week_start,
        "week_start",
        &WeekStart::ALL.map(WeekStart::id),
    )
    .map(|(i, l)| (WeekStart::ALL[i], l));

    let data_dir = raw.data_dir.as_ref().and_then(|v| {
        match expand(v.get_ref(), home) {
            Ok(path) => Some((path, line(v.span()))),
            Err(why) => {
                err(
                    v.span(),
                    format!("`data_dir` {why}"),
                    "write a full path, like `data_dir = \"~/notes/backcoach\"` or \"/home/me/backcoach\"".to_owned(),
                );
                None
            }
        }
    });
    let bell = raw.bell.as_ref().map(|b| (*b.get_ref(), line(b.span())));
    let voice = raw.voice.as_ref().map(|b| (*b.get_ref(), line(b.span())));
    let voice_command = raw.voice_command.as_ref().and_then(|v| {
        let command = v.get_ref();
        if command.first().is_some_and(|p| !p.trim().is_empty()) {
            Some((command.clone(), line(v.span())))
        } else {
            err(
                v.span(),
                "`voice_command` needs a program first".to_owned(),
                "write the program, then its arguments, like `voice_command = [\"espeak-ng\", \"-s\", \"150\"]`".to_owned(),
            );
            None
        }
    });

    let notify = raw.notify.as_ref().and_then(|v| {
        let when = match v.get_ref() {
            // The flag's words (`--notify=on|auto|off`) are taken too.
            toml::Value::Boolean(true) => Some(NotifyWhen::On),
            toml::Value::Boolean(false) => Some(NotifyWhen::Off),
            toml::Value::String(word) if word == "auto" => Some(NotifyWhen::Auto),
            toml::Value::String(word) if word == "on" => Some(NotifyWhen::On),
            toml::Value::String(word) if word == "off" => Some(NotifyWhen::Off),
            _ => None,
        };
        if when.is_none() {
            let what = match v.get_ref() {
                toml::Value::String(word) => format!("`notify` can't be \"{}\"", word),
                other => format!("`notify` can't be {}", other.type_str()),
            };
            err(
                v.span(),
                format!("{what}: it is `true`, `false` or `\"auto\"` (or `\"on\"`, `\"off\"`)"),
                "write `notify = true` (every nudge on the desktop too), `notify = \"auto\"` (when there is a notification service) or `notify = false`".to_owned(),
            );
        }
        when.map(|w| (w, line(v.span())))
    });
    let top = crate::routine::parse::limits::LEVELS;
    let mut levels = Vec::new();
    for (id, level) in raw.levels.iter().flat_map(|l| l.get_ref()) {
        let n = match level.get_ref() {
            toml::Value::Integer(n) => usize::try_from(*n).ok(),
            _ => None,
        };
        let shown = match level.get_ref() {
            toml::Value::Integer(n) => n.to_string(),
            other => format!(
                "{} `{}`",
                other.type_str(),
                crate::untrusted::escape(&other.to_string())
            ),
        };
        match n {
            Some(n @ 1..) if n <= top => {
                levels.push((id.get_ref().clone(), n as u32, line(level.span())));
            }
            _ => err(
                level.span(),
                format!(
                    "the level of `{}` must be a whole number from 1 to {top}, not {shown}",
                    crate::untrusted::escape(id.get_ref()),
                ),
                format!(
                    "write the level to keep it at, like `{} = 2` (`backcoach exercises <id>` lists its levels), or remove the line to let the log decide",
                    crate::untrusted::escape(id.get_ref())
                ),
            ),
        }
    }

    let file = FileSettings {
        lead_in,
        rest,
        bell,
        voice,
        voice_command,
        notify,
        color,
        week_start,
        data_dir,
        levels,
    };
    Parsed::Whole(Box::new(file), capped(origin, diags, more))
}

/// `diags`, and a last line that says how many `more` there are, when there are.
fn capped(origin: &str, mut diags: Vec<Diagnostic>, more: usize) -> Vec<Diagnostic> {
    if more > 0 {
        let problems = if more == 1 { "problem" } else { "problems" };
        diags.push(
            Diagnostic::new(
                origin,
                format!("and {more} more {problems} in this file, not shown"),
            )
            .hint("fix the ones above, then run `backcoach config` again"),
        );
    }
    diags
}

/// `~` and `~/x` become paths in `home`; anything else must already be absolute.
fn expand(text: &str, home: Option<&Path>) -> Result<PathBuf, &'static str> {
    let path = match text.strip_prefix('~') {
        Some(rest) if rest.is_empty() || rest.starts_with('/') => {
            let home = home.ok_or("starts with `~`, but there is no home directory")?;
            if home.is_relative() {
                return Err("starts with `~`, but $HOME is not a full path");
            }
            home.join(rest.trim_start_matches('/'))
        }
        Some(_) => return Err("may only use `~` alone, as in `~/backcoach`"),
        None => PathBuf::from(text),
    };
    if text.trim().is_empty() {
        Err("is empty")
    } else if path.is_absolute() {
        Ok(path)
    } else {
        Err("must be a full path, not a relative one")
    }
}

/// A commented file with every setting at its default, for `backcoach config --init` to write.
pub const TEMPLATE: &str = r#"# backcoach settings. Every key is optional; delete a line to use the default.
# `backcoach config` shows what is in effect and where each value came from.

# Seconds of "get ready" before each step, 0-30 (`start --lead-in` overrides).
lead_in = 3

# Seconds of rest between steps, 0-600, for routines that don't set `rest`.
rest = 10

# Ring the terminal bell when the prompt changes (`start --quiet` turns it off).
bell = true

# Say the session aloud (`start --voice` turns it on for one session).
voice = false

# The speech program and its arguments; the text is added as the last argument. Unset, the
# first of espeak-ng, espeak, spd-say (and say on macOS) found on PATH is used.
# voice_command = ["espeak-ng", "-s", "150"]

# Send each posture nudge to the desktop as a notification too: true, false, or "auto" (when
# the desktop has a notification service; otherwise the nudges stay in the terminal).
# `nudge --notify` turns it on for one day.
notify = false

# Colour: "auto" (on a terminal, unless NO_COLOR is set), "always" or "never".
color = "auto"

# The day a week starts on in `stats`: "monday" or "sunday".
week_start = "monday"

# Where the session log is kept. A full path; `~` is your home directory.
# data_dir = "~/.local/share/backcoach"

# Keep an exercise at a level, whatever the log says (`start --level N` beats this for one
# session). Unset, each exercise moves up after 3 comfortable sessions and down after one that
# hurt; `backcoach exercises <id>` lists its levels.
# [levels]
# bird-dog = 2
"#;

#[cfg(test)]
mod tests {
    use super::*;

    /// The settings, or every problem.
    fn parse(src: &str) -> Result<FileSettings, Vec<Diagnostic>> {
        match parse_file("config.toml", src, Some(Path::new("/home/me"))) {
            Parsed::Whole(file, problems) if problems.is_empty() => Ok(*file),
            Parsed::Whole(_, problems) | Parsed::Unusable(problems) => Err(problems),
        }
    }

    /// Issue 12: a typo in the config stopped every command. Each problem is reported and
    /// its setting left out; the rest of the file applies.
    #[test]
    fn a_typo_leaves_its_line_out_and_the_rest_applies() {
        let src = "lead_in = 5
week_strat = \"sunday\"
rest = \"20\"
color = \"sometimes\"
bell = false
";
        let Parsed::Whole(file, problems) =
            parse_file("config.toml", src, Some(Path::new("/home/me")))
        else {
            panic!("not a syntax error");
        };
        let found: Vec<(usize, &str)> = problems
            .iter()
            .map(|d| (d.at.as_ref().map_or(0, |a| a.line), d.message.as_str()))
            .collect();
        assert_eq!(found.len(), 3, "{problems:#?}");
        assert_eq!(found[0], (2, "unknown key `week_strat`"));
        assert_eq!(found[1].0, 3);
        assert!(found[1].1.contains("expected a whole number"), "{found:?}");
        assert_eq!(found[2], (4, "unknown color `sometimes`"));
        assert_eq!(
            problems[1].hint.as_deref(),
            Some("write a whole number without quotes, like `rest = 10`")
        );
        assert_eq!(file.lead_in, Some((5, 1)));
        assert_eq!(file.bell, Some((false, 5)));
        assert_eq!((file.rest, file.color, file.week_start), (None, None, None));
        // A syntax error: nothing of the file can be read.
        assert!(matches!(
            parse_file("config.toml", "lead_in = 5
bell = tru
", None),
            Parsed::Unusable(d) if d.len() == 1
        ));
    }

    /// And `Config::load` keeps the problems, for a warning, with what became of them.
    #[test]
    fn load_keeps_the_problems_and_the_rest_of_the_file() {
        let dir = tempfile::tempdir().expect("tempdir");
        let folder = dir.path();
        std::fs::write(
            folder.join(CONFIG_FILE),
            "lead_in = 7
rset = 20
",
        )
        .expect("write");
        let env = Env {
            dirs: Dirs {
                config: Some(dir.path().to_owned()),
                ..Dirs::default()
            },
            ..Env::default()
        };
        let config = Config::load(&env);
        assert_eq!(config.lead_in, Setting::new(7, Source::File(1)));
        assert_eq!(config.problems.len(), 1);
        assert_eq!(config.problems[0].message, "unknown key `rset`");
        assert!(!config.file_unused);
        assert!(
            config
                .outcome()
                .is_some_and(|o| o.starts_with("the lines above are left out of ")),
            "{:?}",
            config.outcome()
        );
        std::fs::write(
            folder.join(CONFIG_FILE),
            "lead_in = 7
rest = \n",
        )
        .expect("write");
        let config = Config::load(&env);
        assert!(config.file_unused);
        assert_eq!(config.lead_in.source, Source::Default);
        assert!(config.outcome().is_some_and(|o| o.starts_with("none of ")));
    }

    /// Issue 12: with `color = "auto"` in the file (as `config --init` writes it) and NO_COLOR
    /// set, there is no colour, and `config` said the file decided. NO_COLOR did.
    #[test]
    fn no_color_is_the_source_when_it_decides_colour() {
        let env = Env {
            no_color: true,
            ..Env::default()
        };
        let file = FileSettings {
            color: Some((ColorWhen::Auto, 13)),
            ..FileSettings::default()
        };
        let config = Config::resolve(file, &env);
        assert_eq!(
            config.color,
            Setting::new(ColorWhen::Never, Source::Env("NO_COLOR"))
        );
        let flagged = config.with_flags(&Flags {
            color: Some(ColorWhen::Auto),
            ..Flags::default()
        });
        assert_eq!(flagged.color.source, Source::Env("NO_COLOR"));
        // Without NO_COLOR, auto stays auto, from the file.
        let file = FileSettings {
            color: Some((ColorWhen::Auto, 13)),
            ..FileSettings::default()
        };
        assert_eq!(
            Config::resolve(file, &Env::default()).color,
            Setting::new(ColorWhen::Auto, Source::File(13))
        );
    }

    #[test]
    fn the_template_parses_to_the_defaults() {
        let file = parse(TEMPLATE).expect("valid");
        let config = Config::resolve(file, &Env::default());
        let defaults = Config::resolve(FileSettings::default(), &Env::default());
        assert_eq!(config.lead_in.value, defaults.lead_in.value);
        assert_eq!(config.rest.value, defaults.rest.value);
        assert_eq!(config.bell.value, defaults.bell.value);
        assert_eq!(config.color.value, defaults.color.value);
        assert_eq!(config.week_start.value, defaults.week_start.value);
        assert_eq!(config.lead_in.source, Source::File(5));
    }

    #[test]
    fn levels_pin_exercises_and_a_level_out_of_range_is_left_out() {
        let file = parse("lead_in = 5\n[levels]\nbird-dog = 2\nplank = 1\n").expect("valid");
        assert_eq!(
            file.levels,
            [("bird-dog".to_owned(), 2, 3), ("plank".to_owned(), 1, 4)]
        );
        let d = parse("[levels]\nbird-dog = 0\nplank = 6\ncobra = 3\n").expect_err("invalid");
        let said: Vec<(usize, &str)> = d
            .iter()
            .map(|d| (d.at.as_ref().map_or(0, |a| a.line), d.message.as_str()))
            .collect();
        assert_eq!(
            said,
            [
                (
                    2,
                    "the level of `bird-dog` must be a whole number from 1 to 5, not 0"
                ),
                (
                    3,
                    "the level of `plank` must be a whole number from 1 to 5, not 6"
                )
            ]
        );
        // A level of the wrong type is said at its place, and only that line is left out
        // (found by the adversarial review: one string dropped every pin).
        let d = parse("[levels]\nbridge = \"2\"\n").expect_err("invalid");
        assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(2), "{d:?}");
        assert!(d[0].message.ends_with("not string `\"2\"`"), "{d:?}");
        let Parsed::Whole(kept, _) = parse_file(
            "config.toml",
            "[levels]\nbridge = 3\nplank = 2\ncat-cow = \"2\"\nknee-rolls = 2.5\n",
            None,
        ) else {
            panic!("a syntax error");
        };
        assert_eq!(
            kept.levels,
            [("bridge".to_owned(), 3, 2), ("plank".to_owned(), 2, 3)]
        );
        let Parsed::Whole(kept, _) =
            parse_file("config.toml", "[levels]\nbird-dog = 0\ncobra = 3\n", None)
        else {
            panic!("a syntax error");
        };
        assert_eq!(
            kept.levels,
            [("cobra".to_owned(), 3, 3)],
            "the rest applies"
        );
    }

    #[test]
    fn values_carry_their_lines() {
        let file =
            parse("lead_in = 5\n\nweek_start = \"sunday\"\ndata_dir = \"~/bc\"\n").expect("valid");
        assert_eq!(file.lead_in, Some((5, 1)));
        assert_eq!(file.week_start, Some((WeekStart::Sunday, 3)));
        assert_eq!(file.data_dir, Some((PathBuf::from("/home/me/bc"), 4)));
    }

    #[test]
    fn an_unknown_key_names_its_place_and_the_closest_key() {
        let d = parse("lead_in = 5\nweek_strat = \"sunday\"\n").expect_err("invalid");
        assert_eq!(d.len(), 1);
        let at = d[0].at.as_ref().expect("located");
        assert_eq!((at.line, at.col), (2, 1));
        assert_eq!(d[0].message, "unknown key `week_strat`");
        assert_eq!(d[0].hint.as_deref(), Some("did you mean `week_start`?"));
    }

    #[test]
    fn every_bad_value_is_reported() {
        let d = parse(
            "lead_in = 31\nrest = -1\ncolor = \"sometimes\"\nweek_start = \"sundy\"\ndata_dir = \"rel/dir\"\n",
        )
        .expect_err("invalid");
        let lines: Vec<usize> = d
            .iter()
            .filter_map(|d| d.at.as_ref())
            .map(|a| a.line)
            .collect();
        assert_eq!(lines, [1, 2, 3, 4, 5], "{d:#?}");
        assert!(d[0].message.contains("from 0 to 30"), "{}", d[0].message);
        assert_eq!(
            d[3].hint.as_deref(),
            Some("did you mean `week_start = \"sunday\"`?")
        );
    }

    #[test]
    fn type_errors_say_what_to_write() {
        let d = parse("bell = \"yes\"\n").expect_err("invalid");
        assert_eq!(d[0].at.as_ref().map(|a| a.line), Some(1));
        assert_eq!(
            d[0].hint.as_deref(),
            Some("write `true` or `false`, without quotes")
        );
    }

    #[test]
    fn flag_beats_file_beats_env_beats_default() {
        let env = Env {
            no_color: true,
            ..Env::default()
        };
        let none = Config::resolve(FileSettings::default(), &env);
        assert_eq!(
            none.color,
            Setting::new(ColorWhen::Never, Source::Env("NO_COLOR"))
        );
        let file = FileSettings {
            color: Some((ColorWhen::Always, 7)),
            ..FileSettings::default()
        };
        let filed = Config::resolve(file, &env);
        assert_eq!(filed.color.source, Source::File(7));
        let flags = Flags {
            color: Some(ColorWhen::Never),
            lead_in: Some(9),
            week_start: Some(WeekStart::Sunday),
            quiet: true,
            voice: true,
            notify: Some(NotifyWhen::Auto),
        };
        let flagged = filed.with_flags(&flags);
        assert_eq!(
            flagged.color,
            Setting::new(ColorWhen::Never, Source::Flag("--color"))
        );
        assert_eq!(flagged.lead_in, Setting::new(9, Source::Flag("--lead-in")));
        assert_eq!(flagged.plan_options().lead_in, 9);
        assert_eq!(
            flagged.week_start,
            Setting::new(WeekStart::Sunday, Source::Flag("--week-start"))
        );
        assert_eq!(flagged.bell, Setting::new(false, Source::Flag("--quiet")));
        assert_eq!(
            flagged.notify,
            Setting::new(NotifyWhen::Auto, Source::Flag("--notify"))
        );
        // No flags: every setting as it was.
        let unflagged =
            Config::resolve(FileSettings::default(), &env).with_flags(&Flags::default());
        assert_eq!(unflagged.bell, Setting::new(true, Source::Default));
        assert_eq!(unflagged.lead_in.source, Source::Default);
        assert_eq!(unflagged.voice, Setting::new(false, Source::Default));
    }

    #[test]
    fn voice_is_layered_default_file_flag_and_voice_command_is_a_program_first() {
        let file = parse("voice = true\nvoice_command = [\"espeak-ng\", \"-s\", \"150\"]\n")
            .expect("valid");
        assert_eq!(file.voice, Some((true, 1)));
        let command = ["espeak-ng", "-s", "150"].map(str::to_owned).to_vec();
        assert_eq!(file.voice_command, Some((command.clone(), 2)));
        let config = Config::resolve(file, &Env::default());
        assert_eq!(config.voice, Setting::new(true, Source::File(1)));
        assert_eq!(config.voice_command.value, Some(command));
        let off = Config::resolve(FileSettings::default(), &Env::default());
        assert_eq!(off.voice, Setting::new(false, Source::Default));
        let flagged = off.with_flags(&Flags {
            voice: true,
            ..Flags::default()
        });
        assert_eq!(flagged.voice, Setting::new(true, Source::Flag("--voice")));

        for bad in ["voice_command = []\n", "voice_command = [\"\"]\n"] {
            let d = parse(bad).expect_err("no program");
            assert!(d[0].message.contains("needs a program first"), "{d:?}");
        }
        let d = parse("voice_command = \"espeak-ng -s 150\"\n").expect_err("not a list");
        assert_eq!(d.len(), 1, "{d:?}");
    }

    /// Issue 13: `notify` is `true`, `false` or `"auto"`; the default is off, the file beats
    /// it, and `--notify[=WHEN]` beats the file.
    #[test]
    fn notify_is_layered_default_file_flag() {
        let off = Config::resolve(FileSettings::default(), &Env::default());
        assert_eq!(off.notify, Setting::new(NotifyWhen::Off, Source::Default));
        for (text, when) in [
            ("true", NotifyWhen::On),
            ("false", NotifyWhen::Off),
            ("\"auto\"", NotifyWhen::Auto),
            // The flag's words, as `config` shows the setting.
            ("\"on\"", NotifyWhen::On),
            ("\"off\"", NotifyWhen::Off),
        ] {
            let file = parse(&format!("bell = true\nnotify = {text}\n")).expect("valid");
            assert_eq!(file.notify, Some((when, 2)), "{text}");
        }
        let file = parse("notify = true\n").expect("valid");
        let config = Config::resolve(file, &Env::default());
        assert_eq!(config.notify, Setting::new(NotifyWhen::On, Source::File(1)));
        // The flag with no value is `on`, with one it is that: both over the file.
        let flagged = config.clone().with_flags(&Flags {
            notify: Some(NotifyWhen::Off),
            ..Flags::default()
        });
        assert_eq!(
            flagged.notify,
            Setting::new(NotifyWhen::Off, Source::Flag("--notify"))
        );
        let unflagged = config.with_flags(&Flags::default());
        assert_eq!(unflagged.notify.source, Source::File(1));
    }

    #[test]
    fn a_bad_notify_names_its_line_and_what_to_write() {
        for (bad, said) in [
            ("notify = \"yes\"", "`notify` can't be \"yes\""),
            ("notify = 1", "`notify` can't be integer"),
            ("notify = [true]", "`notify` can't be array"),
        ] {
            let src = format!("lead_in = 4\n{bad}\n");
            let Parsed::Whole(file, problems) =
                parse_file("config.toml", &src, Some(Path::new("/home/me")))
            else {
                panic!("not a syntax error: {bad}");
            };
            assert_eq!(problems.len(), 1, "{problems:#?}");
            let at = problems[0].at.as_ref().expect("located");
            assert_eq!((at.line, at.col), (2, 10), "{bad}");
            assert!(problems[0].message.starts_with(said), "{problems:#?}");
            assert!(
                problems[0]
                    .hint
                    .as_deref()
                    .is_some_and(|h| h.contains("`notify = \"auto\"`")),
                "{problems:#?}"
            );
            // Left out; the rest of the file applies.
            assert_eq!((file.notify, file.lead_in), (None, Some((4, 1))));
        }
    }

    #[test]
    fn a_relative_home_gives_no_data_folder_and_is_named_as_the_source() {
        let env = Env {
            home: Some(PathBuf::from("rel")),
            ..Env::default()
        };
        let config = Config::resolve(FileSettings::default(), &env);
        assert_eq!(config.data_dir, Setting::new(None, Source::Env("HOME")));
        // A data_dir in the file still wins.
        let file = FileSettings {
            data_dir: Some((PathBuf::from("/var/bc"), 3)),
            ..FileSettings::default()
        };
        let config = Config::resolve(file, &env);
        assert_eq!(config.data_dir.source, Source::File(3));
        assert_eq!(
            expand("~/x", Some(Path::new("rel"))),
            Err("starts with `~`, but $HOME is not a full path")
        );
    }

    #[test]
    fn paths_expand_home_and_must_be_absolute() {
        let home = Some(Path::new("/home/me"));
        assert_eq!(expand("~", home), Ok(PathBuf::from("/home/me")));
        assert_eq!(expand("~/a/b", home), Ok(PathBuf::from("/home/me/a/b")));
        assert_eq!(expand("/var/bc", None), Ok(PathBuf::from("/var/bc")));
        assert!(expand("~other/x", home).is_err());
        assert!(expand("x/y", home).is_err());
        assert!(expand("", home).is_err());
        assert!(expand("~/x", None).is_err());
    }
}
