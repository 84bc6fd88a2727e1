//! Where routines come from: the built-ins embedded in the binary, the user's own folder
//! (a user routine with a built-in's name takes its place), and paths given on the command
//! line. A name is a name: `../x` is never looked up as one.

use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::routine::diag::{Diagnostic, did_you_mean};
use crate::routine::parse;
use crate::routine::{Catalogue, Routine, When, is_catalogue_name, is_valid_name};
use crate::untrusted::{self, Links, ReadError};

mod embedded {
    include!(concat!(env!("OUT_DIR"), "/embedded.rs"));
}

/// Why a routine (or the catalogue, or a file the user named) could not be had. The
/// variants are [`crate::error::Error`]'s of the same names, which word them and say what to
/// do; `?` converts one into the other.
#[derive(Debug)]
pub enum LoadError {
    /// The file is there but wrong: a diagnostic per problem.
    Invalid(Vec<Diagnostic>),
    UnknownRoutine {
        name: String,
        suggestion: Option<String>,
        user_dir: Option<PathBuf>,
    },
    NotAName(String),
    /// A path (an argument ending in `.toml`, or a file named on the command line) that is
    /// not there; `routine` is the routine of that name, when there is one.
    NoSuchFile {
        path: PathBuf,
        routine: Option<String>,
    },
    /// An exercise's id where a routine was wanted; `used_in` are the routines with it.
    IsExercise {
        name: String,
        used_in: Vec<String>,
    },
    /// An id that is no exercise of the catalogue, where only an exercise will do.
    UnknownExercise {
        id: String,
        suggestion: Option<String>,
    },
    Read {
        path: PathBuf,
        source: io::Error,
    },
}

/// The catalogue's file name in `routines/`.
pub const CATALOGUE_FILE: &str = "exercises.toml";

/// Where a routine was found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Source {
    BuiltIn,
    User,
    File,
    /// An exercise of the catalogue, run on its own as a routine of one step.
    Exercise,
}

impl Source {
    pub fn label(&self) -> &'static str {
        match self {
            Source::BuiltIn => "built-in",
            Source::User => "user",
            Source::File => "file",
            Source::Exercise => "exercise",
        }
    }
}

/// What a name given to `start` or `show` is taken as: a routine (or, when none has the
/// name, an exercise), an exercise (`--exercise`), or the built-in routine (`--built-in`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Meant {
    #[default]
    Any,
    Exercise,
    BuiltIn,
}

/// A routine and where it came from.
#[derive(Debug, Clone)]
pub struct Found {
    pub routine: Routine,
    pub source: Source,
    /// The file, for user routines and paths.
    pub path: Option<PathBuf>,
    /// A user routine that takes a built-in's place.
    pub replaces_built_in: bool,
}

/// The built-in routine files: (name, contents), without the catalogue.
pub fn built_in_files() -> impl Iterator<Item = (&'static str, &'static str)> {
    embedded::EMBEDDED
        .iter()
        .filter(|(file, _)| *file != CATALOGUE_FILE)
        .filter_map(|(file, src)| file.strip_suffix(".toml").map(|name| (name, *src)))
}

pub fn built_in(name: &str) -> Option<&'static str> {
    built_in_files()
        .find(|(n, _)| *n == name)
        .map(|(_, src)| src)
}

fn built_in_origin(file: &str) -> String {
    format!("built-in routines/{file}")
}

/// The catalogue and the routine sources.
#[derive(Debug)]
pub struct Library {
    pub catalogue: Catalogue,
    user_dir: Option<PathBuf>,
}

impl Library {
    /// Parses the built-in catalogue; `user_dir` is the user's routines folder.
    pub fn load(user_dir: Option<PathBuf>) -> Result<Library, LoadError> {
        let src = embedded::EMBEDDED
            .iter()
            .find(|(file, _)| *file == CATALOGUE_FILE)
            .map(|(_, src)| *src)
            .unwrap_or_default();
        let catalogue =
            parse::catalogue(&built_in_origin(CATALOGUE_FILE), src).map_err(LoadError::Invalid)?;
        Ok(Library {
            catalogue,
            user_dir,
        })
    }

    pub fn user_dir(&self) -> Option<&Path> {
        self.user_dir.as_deref()
    }

    /// Every routine, built-in and user, sorted by name, with a diagnostic for each file that
    /// could not be used. A broken user file hides nothing else.
    pub fn all(&self) -> Result<(Vec<Found>, Vec<Diagnostic>), LoadError> {
        let mut found = Vec::new();
        let mut problems = Vec::new();
        let user = self.user_files()?;
        for (name, src) in built_in_files() {
            if user.iter().any(|(n, _)| n == name) {
                continue;
            }
            match parse::routine(
                name,
                &built_in_origin(&format!("{name}.toml")),
                src,
                &self.catalogue,
            ) {
                Ok(routine) => found.push(Found {
                    routine,
                    source: Source::BuiltIn,
                    path: None,
                    replaces_built_in: false,
                }),
                Err(d) => problems.extend(d),
            }
        }
        for (name, path) in user {
            if !is_valid_name(&name) {
                problems.push(
                    Diagnostic::new(&path.display().to_string(), format!("`{name}` can't be used as a routine name"))
                        .hint("rename the file: letters, digits, `-` and `_`, ending in .toml (like `my-evening.toml`)"),
                );
                continue;
            }
            if is_catalogue_name(&name) {
                problems.push(
                    Diagnostic::new(
                        &path.display().to_string(),
                        format!("`{name}` can't be a routine name: {CATALOGUE_FILE} is the exercise catalogue's file name"),
                    )
                    .hint("rename the file, like `my-exercises.toml`; `backcoach exercises` lists the catalogue"),
                );
                continue;
            }
            match self.load_user_file(&name, &path) {
                Ok(routine) => found.push(Found {
                    replaces_built_in: built_in(&name).is_some(),
                    routine,
                    source: Source::User,
                    path: Some(path),
                }),
                Err(LoadError::Invalid(d)) => problems.extend(d),
                Err(e) => return Err(e),
            }
        }
        found.sort_by(|a, b| a.routine.name.cmp(&b.routine.name));
        Ok((found, problems))
    }

    /// A routine by name (user first, then built-in) or by path (anything ending in
    /// `.toml`: a name never does, so `nonexist.toml` is "no such file", not "not a name").
    pub fn resolve(&self, arg: &str) -> Result<Found, LoadError> {
        let as_path = Path::new(arg);
        if arg.ends_with(".toml") {
            let name = as_path
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            let routine = match self.load_file(&name, as_path) {
                Err(LoadError::NoSuchFile { path, .. }) => {
                    let routine = self.names().into_iter().find(|n| *n == name);
                    return Err(LoadError::NoSuchFile { path, routine });
                }
                other => other?,
            };
            return Ok(Found {
                routine,
                source: Source::File,
                path: Some(as_path.to_owned()),
                replaces_built_in: false,
            });
        }
        if !is_valid_name(arg) {
            return Err(LoadError::NotAName(arg.to_owned()));
        }
        if let Some(dir) = self.user_dir.as_ref().filter(|_| !is_catalogue_name(arg)) {
            let path = dir.join(format!("{arg}.toml"));
            if path.exists() {
                let routine = self.load_user_file(arg, &path)?;
                return Ok(Found {
                    routine,
                    source: Source::User,
                    replaces_built_in: built_in(arg).is_some(),
                    path: Some(path),
                });
            }
        }
        if let Some(src) = built_in(arg) {
            let routine = parse::routine(
                arg,
                &built_in_origin(&format!("{arg}.toml")),
                src,
                &self.catalogue,
            )
            .map_err(LoadError::Invalid)?;
            return Ok(Found {
                routine,
                source: Source::BuiltIn,
                path: None,
                replaces_built_in: false,
            });
        }
        if self.catalogue.get(arg).is_some() {
            return Err(LoadError::IsExercise {
                name: arg.to_owned(),
                used_in: self.routines_with(arg),
            });
        }
        let names = self.names();
        Err(LoadError::UnknownRoutine {
            name: arg.to_owned(),
            suggestion: did_you_mean(arg, names.iter().map(String::as_str)).map(str::to_owned),
            user_dir: self.user_dir.clone(),
        })
    }

    /// What `start` and `show` take: a routine, found as [`Library::resolve`] finds it, or
    /// else an exercise of the catalogue on its own (a routine with its name wins; `exercise`
    /// looks in the catalogue alone). A name that is neither is told with the nearest routine
    /// name or exercise id.
    pub fn runnable(&self, arg: &str, meant: Meant) -> Result<Found, LoadError> {
        match meant {
            Meant::Exercise => return self.exercise(arg),
            Meant::BuiltIn => return self.built_in_routine(arg),
            Meant::Any => {}
        }
        match self.resolve(arg) {
            Err(LoadError::IsExercise { name, .. }) => self.exercise(&name),
            Err(LoadError::UnknownRoutine { name, user_dir, .. }) => {
                let mut names = self.names();
                names.extend(self.catalogue.ids().map(str::to_owned));
                let suggestion =
                    did_you_mean(&name, names.iter().map(String::as_str)).map(str::to_owned);
                Err(LoadError::UnknownRoutine {
                    name,
                    suggestion,
                    user_dir,
                })
            }
            other => other,
        }
    }

    /// The built-in routine `name`, even where the user has one of that name (or theirs
    /// can't be used).
    pub fn built_in_routine(&self, name: &str) -> Result<Found, LoadError> {
        self.built_ins()
            .into_iter()
            .find(|f| f.routine.name == name)
            .ok_or_else(|| LoadError::UnknownRoutine {
                name: name.to_owned(),
                suggestion: did_you_mean(name, built_in_files().map(|(n, _)| n)).map(str::to_owned),
                user_dir: None,
            })
    }

    /// The catalogue's exercise `id` as a routine of one step, dosed as the catalogue doses it.
    pub fn exercise(&self, id: &str) -> Result<Found, LoadError> {
        let Some(ex) = self.catalogue.get(id) else {
            return Err(LoadError::UnknownExercise {
                id: id.to_owned(),
                suggestion: did_you_mean(id, self.catalogue.ids()).map(str::to_owned),
            });
        };
        let routine = Routine {
            name: id.to_owned(),
            title: ex.name.clone(),
            summary: format!(
                "{}, on its own, as the exercise catalogue doses it.",
                ex.name
            ),
            when: When::Any,
            purpose: None,
            equipment: Vec::new(),
            rest: None,
            steps: vec![ex.clone()],
        };
        Ok(Found {
            routine,
            source: Source::Exercise,
            path: None,
            replaces_built_in: false,
        })
    }

    /// The routines (those that can be read) with the exercise `id` in them, by name.
    pub fn routines_with(&self, id: &str) -> Vec<String> {
        let found = match self.all() {
            Ok((found, _)) => found,
            Err(_) => self.built_ins(),
        };
        found
            .into_iter()
            .filter(|f| f.routine.steps.iter().any(|s| s.id.as_deref() == Some(id)))
            .map(|f| f.routine.name)
            .collect()
    }

    /// The built-in routines alone, as they are without the user's: for when the user's
    /// folder can't be read.
    pub fn built_ins(&self) -> Vec<Found> {
        built_in_files()
            .filter_map(|(name, src)| {
                let origin = built_in_origin(&format!("{name}.toml"));
                let routine = parse::routine(name, &origin, src, &self.catalogue).ok()?;
                Some(Found {
                    routine,
                    source: Source::BuiltIn,
                    path: None,
                    replaces_built_in: false,
                })
            })
            .collect()
    }

    /// Every routine name, built-in and user, sorted and without repeats; nothing is parsed.
    pub fn names(&self) -> Vec<String> {
        let mut names: Vec<String> = built_in_files().map(|(n, _)| n.to_owned()).collect();
        names.extend(
            self.user_files()
                .unwrap_or_default()
                .into_iter()
                .map(|(n, _)| n)
                .filter(|n| is_valid_name(n) && !is_catalogue_name(n)),
        );
        names.sort();
        names.dedup();
        names
    }

    /// Reads and checks one routine file.
    pub fn load_file(&self, name: &str, path: &Path) -> Result<Routine, LoadError> {
        let bytes = read(path)?;
        let origin = path.display().to_string();
        let src = parse::as_text(&origin, &bytes).map_err(|d| LoadError::Invalid(vec![d]))?;
        parse::routine(name, &origin, src, &self.catalogue).map_err(LoadError::Invalid)
    }

    /// Reads and checks a routine of the user's folder. One that is a link to a file outside
    /// the folder is checked all the same, but its problems show no line of it: the link could
    /// point anywhere, and its lines are not the routines folder's to echo.
    fn load_user_file(&self, name: &str, path: &Path) -> Result<Routine, LoadError> {
        match self.load_file(name, path) {
            Err(LoadError::Invalid(diags)) if !self.in_user_dir(path) => Err(LoadError::Invalid(
                diags.into_iter().map(Diagnostic::without_snippet).collect(),
            )),
            other => other,
        }
    }

    /// Whether `path`, links followed, is in the user's routines folder.
    fn in_user_dir(&self, path: &Path) -> bool {
        let Some(dir) = &self.user_dir else {
            return false;
        };
        match (fs::canonicalize(dir), fs::canonicalize(path)) {
            (Ok(dir), Ok(path)) => path.starts_with(dir),
            _ => false,
        }
    }

    /// The `*.toml` files in the user's folder, sorted: (stem, path).
    fn user_files(&self) -> Result<Vec<(String, PathBuf)>, LoadError> {
        let Some(dir) = &self.user_dir else {
            return Ok(Vec::new());
        };
        let entries = match fs::read_dir(dir) {
            Ok(e) => e,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(source) => {
                return Err(LoadError::Read {
                    path: dir.clone(),
                    source,
                });
            }
        };
        // A named pipe or a device is kept, to be refused by name when it is read; a folder
        // and a broken link are not routines at all. Only a symlink costs a `stat`.
        let mut files: Vec<(String, PathBuf)> = entries
            .filter_map(Result::ok)
            .filter(|e| match e.file_type() {
                Ok(t) if t.is_symlink() => fs::metadata(e.path()).is_ok_and(|m| !m.is_dir()),
                Ok(t) => !t.is_dir(),
                Err(_) => false,
            })
            .map(|e| e.path())
            .filter(|p| p.extension().is_some_and(|x| x == "toml"))
            .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
            .collect();
        files.sort();
        Ok(files)
    }
}

/// Reads a routine, a catalogue or a config file: a regular file only, and at most one byte
/// past [`parse::limits::FILE_BYTES`], so that [`parse::as_text`] can say it is too big
/// without reading the rest. A missing file, or a folder, a named pipe or a device in its
/// place, is bad input, not an I/O failure.
pub fn read(path: &Path) -> Result<Vec<u8>, LoadError> {
    let limit = u64::try_from(parse::limits::FILE_BYTES).unwrap_or(u64::MAX);
    untrusted::read_file(path, limit, Links::Follow).map_err(|e| match e {
        ReadError::Missing => LoadError::NoSuchFile {
            path: path.to_owned(),
            routine: None,
        },
        ReadError::NotAFile(_) => LoadError::Invalid(vec![
            Diagnostic::new(&path.display().to_string(), e.to_string()).hint(
                "backcoach reads routines, the catalogue and its settings from regular files \
                 only; give the path of a .toml file (to use what a command prints, save it to a \
                 file first)",
            ),
        ]),
        ReadError::Io(source) => LoadError::Read {
            path: path.to_owned(),
            source,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::routine::strategy::Strategy;

    fn library() -> Library {
        match Library::load(None) {
            Ok(l) => l,
            Err(e) => panic!("built-in catalogue is invalid: {e:?}"),
        }
    }

    /// Every file in `routines/` is embedded, so adding one can't be forgotten.
    #[test]
    fn every_routines_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("routines");
        let mut on_disk: Vec<String> = fs::read_dir(&dir)
            .into_iter()
            .flatten()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        on_disk.sort();
        let embedded: Vec<String> = embedded::EMBEDDED
            .iter()
            .map(|(f, _)| (*f).to_owned())
            .collect();
        assert_eq!(
            on_disk, embedded,
            "every file in routines/ must be a .toml that is embedded"
        );
        for (file, src) in embedded::EMBEDDED {
            let disk = fs::read_to_string(dir.join(file)).unwrap_or_default();
            assert_eq!(&disk, src, "{file} is stale in the binary");
        }
    }

    /// And every one of them is valid.
    #[test]
    fn every_built_in_is_valid() {
        let lib = library();
        for (name, src) in built_in_files() {
            if let Err(diags) = parse::routine(name, name, src, &lib.catalogue) {
                let text: Vec<String> = diags.iter().map(ToString::to_string).collect();
                panic!("{name} is invalid:\n{}", text.join("\n"));
            }
        }
    }

    #[test]
    fn the_required_routines_exist() {
        let names: Vec<&str> = built_in_files().map(|(n, _)| n).collect();
        for required in [
            "morning",
            "evening",
            "desk-break",
            "knot-release",
            "core",
            "heat",
            "unwind",
            "flare",
        ] {
            assert!(names.contains(&required), "missing built-in `{required}`");
        }
    }

    /// The built-in routines, parsed.
    fn built_ins(lib: &Library) -> Vec<Routine> {
        let (found, problems) = match lib.all() {
            Ok(x) => x,
            Err(e) => panic!("{e:?}"),
        };
        assert!(problems.is_empty(), "{problems:?}");
        found.into_iter().map(|f| f.routine).collect()
    }

    /// Issue 9 (the clinical review): cobra and the warm bath were in no routine. Every
    /// catalogue exercise, the article's eighteen techniques and the rest, is in at least one
    /// built-in routine.
    #[test]
    fn every_catalogue_exercise_is_in_a_built_in_routine() {
        let lib = library();
        let routines = built_ins(&lib);
        for id in lib.catalogue.ids() {
            let used_in: Vec<&str> = routines
                .iter()
                .filter(|r| r.steps.iter().any(|s| s.id.as_deref() == Some(id)))
                .map(|r| r.name.as_str())
                .collect();
            assert!(!used_in.is_empty(), "`{id}` is in no built-in routine");
        }
    }

    /// Every built-in routine says what it is for, each in its own words, and every one with
    /// heat lists what to have at hand.
    #[test]
    fn every_built_in_says_what_it_is_for_and_what_it_needs() {
        let lib = library();
        let mut seen: Vec<String> = Vec::new();
        for r in built_ins(&lib) {
            let Some(purpose) = &r.purpose else {
                panic!("{} has no `for` line", r.name);
            };
            assert!(
                !seen.contains(purpose),
                "{}: another routine is also for {purpose:?}",
                r.name
            );
            seen.push(purpose.clone());
            if r.heat_seconds() > 0 {
                assert!(
                    !r.equipment.is_empty(),
                    "{} has heat but no `equipment`",
                    r.name
                );
            }
        }
        let flare = lib.resolve("flare").map(|f| f.routine);
        assert!(
            flare.is_ok_and(|r| r.purpose.as_deref() == Some("a bad day")),
            "flare is for a bad day"
        );
    }

    /// Issue 9: no sustained or full forward bending in the first hour after getting up
    /// (Snook 1998; McGill), so no child's pose or knee-to-chest in the morning routine.
    #[test]
    fn the_morning_routine_has_no_deep_forward_bends() {
        let lib = library();
        let Ok(morning) = lib.resolve("morning") else {
            panic!("no morning routine");
        };
        let r = morning.routine;
        assert_eq!(r.purpose.as_deref(), Some("first thing"));
        for step in &r.steps {
            let id = step.id.as_deref().unwrap_or("");
            assert!(
                !["childs-pose", "knee-to-chest"].contains(&id),
                "morning has {id}"
            );
        }
    }

    #[test]
    fn catalogue_covers_the_eighteen_techniques_of_the_article() {
        let lib = library();
        let expected = [
            ("cat-cow", Strategy::Stretching),
            ("childs-pose", Strategy::Stretching),
            ("cobra", Strategy::Stretching),
            ("foam-roller", Strategy::SelfMassage),
            ("tennis-ball", Strategy::SelfMassage),
            ("massage-stick", Strategy::SelfMassage),
            ("hot-water-bottle", Strategy::Heat),
            ("heating-pad", Strategy::Heat),
            ("warm-bath", Strategy::Heat),
            ("sitting-posture", Strategy::Posture),
            ("standing-posture", Strategy::Posture),
            ("walking-posture", Strategy::Posture),
            ("plank", Strategy::Strengthening),
            ("bridge", Strategy::Strengthening),
            ("bird-dog", Strategy::Strengthening),
            ("deep-breathing", Strategy::MindBody),
            ("meditation", Strategy::MindBody),
            ("progressive-muscle-relaxation", Strategy::MindBody),
        ];
        for (id, strategy) in expected {
            let ex = lib.catalogue.get(id);
            assert_eq!(ex.map(|e| e.strategy), Some(strategy), "{id}");
            let ex = ex.into_iter().next();
            assert!(
                ex.is_some_and(|e| e.source.is_some() && !e.cues.is_empty()),
                "{id} needs cues and a source"
            );
        }
    }

    #[test]
    fn every_strategy_is_the_centre_of_a_routine() {
        let lib = library();
        let (found, problems) = match lib.all() {
            Ok(x) => x,
            Err(e) => panic!("{e:?}"),
        };
        assert!(problems.is_empty());
        for s in Strategy::ALL {
            assert!(
                found.iter().any(|f| f.routine.main_strategy() == Some(s)),
                "no routine centres on {s}"
            );
        }
    }

    #[test]
    fn names_are_not_paths() {
        let lib = library();
        assert!(matches!(lib.resolve("../x"), Err(LoadError::NotAName(_))));
        assert!(matches!(lib.resolve("a/b"), Err(LoadError::NotAName(_))));
        assert!(matches!(
            lib.resolve("./missing.toml"),
            Err(LoadError::NoSuchFile { .. })
        ));
        match lib.resolve("evenign") {
            Err(LoadError::UnknownRoutine { suggestion, .. }) => {
                assert_eq!(suggestion.as_deref(), Some("evening"))
            }
            other => panic!("{other:?}"),
        }
        assert!(
            lib.resolve("evening")
                .is_ok_and(|f| f.source == Source::BuiltIn)
        );
    }

    /// Issue 12: `start nonexist.toml` said it was not a routine name and should end in
    /// `.toml`. Anything ending in `.toml` is a path: one that is not there is "no such
    /// file", and when its stem is a routine, that is said too.
    #[test]
    fn a_missing_toml_file_is_no_such_file() {
        let lib = library();
        match lib.resolve("nonexist.toml") {
            Err(LoadError::NoSuchFile { path, routine }) => {
                assert_eq!(path, Path::new("nonexist.toml"));
                assert_eq!(routine, None);
            }
            other => panic!("{other:?}"),
        }
        match lib.resolve("evening.toml") {
            Err(LoadError::NoSuchFile { routine, .. }) => {
                assert_eq!(routine.as_deref(), Some("evening"))
            }
            other => panic!("{other:?}"),
        }
    }

    /// Issue 12: `start cat-cow` said there was no routine of that name. It is an exercise,
    /// and the routines with it are named.
    #[test]
    fn an_exercise_id_is_told_as_an_exercise() {
        let lib = library();
        match lib.resolve("cat-cow") {
            Err(LoadError::IsExercise { name, used_in }) => {
                assert_eq!(name, "cat-cow");
                assert!(used_in.contains(&"evening".to_owned()), "{used_in:?}");
            }
            other => panic!("{other:?}"),
        }
    }

    /// Issue 14: `start cat-cow` runs the exercise as a routine of one step, dosed as the
    /// catalogue doses it; `resolve` alone (for `new --from`) still says it is an exercise.
    #[test]
    fn an_exercise_runs_as_a_routine_of_one_step() {
        let lib = library();
        let found = lib.runnable("cat-cow", Meant::Any).expect("runs");
        assert_eq!(found.source, Source::Exercise);
        let r = found.routine;
        assert_eq!((r.name.as_str(), r.title.as_str()), ("cat-cow", "Cat-cow"));
        assert_eq!(r.steps.len(), 1);
        assert_eq!(Some(&r.steps[0]), lib.catalogue.get("cat-cow"));
        assert!(r.equipment.is_empty());
        assert!(
            lib.runnable("evening", Meant::Any)
                .is_ok_and(|f| f.source == Source::BuiltIn)
        );
    }

    /// A routine of the user's with an exercise's id wins; `--exercise` reaches the exercise.
    #[test]
    fn a_routine_wins_over_an_exercise_of_its_name_and_exercise_reaches_it() {
        let dir = tempfile::tempdir().expect("tmp");
        fs::write(
            dir.path().join("cat-cow.toml"),
            "title = \"Mine\"\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"\n",
        )
        .expect("write");
        let lib = Library::load(Some(dir.path().to_owned())).expect("library");
        let mine = lib.runnable("cat-cow", Meant::Any).expect("mine");
        assert_eq!(
            (mine.source, mine.routine.title.as_str()),
            (Source::User, "Mine")
        );
        let ex = lib
            .runnable("cat-cow", Meant::Exercise)
            .expect("the exercise");
        assert_eq!(
            (ex.source, ex.routine.title.as_str()),
            (Source::Exercise, "Cat-cow")
        );
        match lib.runnable("evening", Meant::Exercise) {
            Err(LoadError::UnknownExercise { id, .. }) => assert_eq!(id, "evening"),
            other => panic!("{other:?}"),
        }
    }

    /// "Did you mean" covers exercise ids as well as routine names, where both are taken.
    #[test]
    fn did_you_mean_covers_exercise_ids() {
        let lib = library();
        for (typed, meant) in [
            ("catcow", "cat-cow"),
            ("evenign", "evening"),
            ("briddge", "bridge"),
        ] {
            match lib.runnable(typed, Meant::Any) {
                Err(LoadError::UnknownRoutine { suggestion, .. }) => {
                    assert_eq!(suggestion.as_deref(), Some(meant), "{typed}");
                }
                other => panic!("{typed}: {other:?}"),
            }
        }
        match lib.runnable("bridg", Meant::Exercise) {
            Err(LoadError::UnknownExercise { suggestion, .. }) => {
                assert_eq!(suggestion.as_deref(), Some("bridge"));
            }
            other => panic!("{other:?}"),
        }
    }

    /// No built-in routine has an exercise's id: `start <id>` always reaches the exercise,
    /// without `--exercise`.
    #[test]
    fn no_built_in_routine_has_an_exercises_id() {
        let lib = library();
        for (name, _) in built_in_files() {
            assert!(lib.catalogue.get(name).is_none(), "{name}");
        }
    }
}
