//! Raw TOML -> validated routines and catalogue. Every check lives here, and each problem
//! becomes one diagnostic naming the file, line and column, what is wrong and what to
//! write instead. Bounds keep a typo from turning into a 40-hour routine.

use std::ops::Range;

use toml::Spanned;

use super::diag::{Diagnostic, did_you_mean};
use super::keys;
use super::length::PlanOptions;
use super::raw::{Int, RawBreath, RawCatalogue, RawEntry, RawFigure, RawPhase, RawRoutine};
use super::{Breath, Catalogue, Dosage, Exercise, Figure, Phase, Routine, Text, When};
use crate::routine::strategy::Strategy;

/// The bounds, each with the reason a person reads when it is hit.
pub mod limits {
    /// Largest file read as a routine, the catalogue or the config; no more is ever read.
    pub const FILE_BYTES: usize = 1024 * 1024;
    /// One timed hold or activity, and one step in all.
    pub const TIMED_SECONDS: i64 = 60 * 60;
    /// Heat on one area, and in one routine. Source: University of Missouri Health Care
    /// advice, 15-20 minutes at most.
    pub const HEAT_SECONDS: u64 = crate::routine::HEAT_LIMIT_SECONDS as u64;
    /// Things in a routine's `equipment` list, and the length of each.
    pub const EQUIPMENT: usize = 12;
    pub const EQUIPMENT_CHARS: usize = 40;
    /// A routine's `for` line, and a step's `prepare` text.
    pub const PURPOSE_CHARS: usize = 60;
    pub const PREPARE_CHARS: usize = 240;
    /// A routine's title, and an exercise's name: they head screens and tables.
    pub const TITLE_CHARS: usize = 80;
    /// Any other text: a summary, a caution, a source.
    pub const TEXT_CHARS: usize = 400;
    /// Cues of one exercise (they rotate on screen; plain mode prints each).
    pub const CUES: usize = 20;
    /// A starting position, in a few words.
    pub const POSITION_CHARS: usize = 60;
    /// The longest get-ready before one step.
    pub const GET_READY_SECONDS: i64 = 5 * 60;
    pub const REPS: i64 = 100;
    pub const REP_SECONDS: i64 = 120;
    pub const PHASE_SECONDS: i64 = 10 * 60;
    pub const BREATH_SECONDS: i64 = 30;
    pub const CYCLES: i64 = 100;
    pub const SETS: i64 = 10;
    /// `rest` between steps and `set_rest` between sets.
    pub const REST_SECONDS: i64 = 10 * 60;
    pub const STEPS: usize = 100;
    /// The whole routine, with the default get-ready, rests and side switches.
    pub const ROUTINE_SECONDS: u64 = 3 * 60 * 60;
    /// Prompts (phases: each rep, breath, hold, rest and get-ready) a routine expands into.
    /// The length bounds alone allow about this many, one second each; this keeps a session
    /// small in memory whatever the file says.
    pub const PHASES: u64 = 10_000;
    /// A cue is read mid-plank, on a screen as small as 40 columns.
    pub const CUE_CHARS: usize = 120;
    /// A figure: frames, and the rows and columns of each (it shares the screen with the
    /// prompt and the countdown, down to 80x24).
    pub const FIGURE_FRAMES: usize = 4;
    pub const FIGURE_LINES: usize = 7;
    pub const FIGURE_COLUMNS: usize = 30;
    /// Levels of one exercise, its own keys (level 1) included: a few steps from the
    /// beginner's dose to the fuller one, not a ladder to climb for years.
    pub const LEVELS: usize = 5;
    /// Problems reported for one file; past these, one line says how many more there are.
    pub const DIAGNOSTICS: usize = 20;
}

/// The README section on routine files, for hints.
const ROUTINE_FORMAT: &str = "the routine format";

/// Default seconds of rest between sets when `sets` is given without `set_rest`.
pub const DEFAULT_SET_REST: u32 = 15;

/// A step, as the hints show one: cat-cow as the catalogue doses it (10 slow cycles, 4 s
/// each way), so that copying it gives the exercise as it is meant to be done.
const EXAMPLE_STEP: &str = "[[step]]\nexercise = \"cat-cow\"   # from `backcoach exercises`, or inline: name, strategy, cues\ncycles = 10            # 10 slow rounds, 4 s each way (SportBU); leave it out to follow your level";

/// Checks that `bytes` is text we can parse: not empty, not binary, not huge.
pub fn as_text<'a>(origin: &str, bytes: &'a [u8]) -> Result<&'a str, Diagnostic> {
    if bytes.len() > limits::FILE_BYTES {
        return Err(Diagnostic::new(
            origin,
            format!(
                "the file is over {} bytes (1 MiB), the limit",
                limits::FILE_BYTES
            ),
        )
        .hint(
            "is this the right file? a routine, the catalogue and the config are short TOML texts",
        ));
    }
    if bytes.contains(&0) {
        return Err(
            Diagnostic::new(origin, "this is a binary file, not TOML text").hint(
                "a routine is a UTF-8 text file ending in .toml; see README.md for the format",
            ),
        );
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        Diagnostic::new(
            origin,
            format!("not valid UTF-8 text (at byte {})", e.valid_up_to()),
        )
        .hint("save the file as UTF-8")
    })?;
    if text.trim().is_empty() {
        return Err(Diagnostic::new(origin, "the file is empty").hint(format!(
            "a routine needs a title, a summary and at least one step:\n\ntitle = \"My evening\"\nsummary = \"What it is for\"\n\n{EXAMPLE_STEP}"
        )));
    }
    Ok(text.strip_prefix('\u{feff}').unwrap_or(text))
}

/// Parses and checks the exercise catalogue.
pub fn catalogue(origin: &str, src: &str) -> Result<Catalogue, Vec<Diagnostic>> {
    let (raw, mut ck) = read::<RawCatalogue>(origin, src)?;
    let mut out = Catalogue::default();
    for (id, entry) in &raw {
        if !is_kebab(id.get_ref()) {
            ck.error(
                id.span(),
                format!("exercise id `{}` is not kebab-case", id.get_ref()),
                Some(format!(
                    "use lower-case words joined by dashes, like `[{}]`",
                    kebab(id.get_ref())
                )),
            );
            continue;
        }
        let label = format!("exercise `{}`", id.get_ref());
        if let Some(mut ex) = ck.entry(entry, None, &label, Role::Catalogue) {
            ex.id = Some(id.get_ref().clone());
            if let Some(levels) = &entry.get_ref().level {
                ex.levels = ck.levels(&ex, levels, &label);
            }
            out.exercises.insert(id.get_ref().clone(), ex);
        }
    }
    ck.finish(out)
}

/// Parses and checks one routine; `name` is its file stem.
pub fn routine(
    name: &str,
    origin: &str,
    src: &str,
    catalogue: &Catalogue,
) -> Result<Routine, Vec<Diagnostic>> {
    let (raw, mut ck) = read::<RawRoutine>(origin, src)?;
    let top = 0..0;

    let title = ck
        .required_text(raw.title.as_ref(), "title", top.clone(), "My evening")
        .and_then(|t| ck.at_most(t, raw.title.as_ref(), "title", limits::TITLE_CHARS));
    let summary = ck.required_text(
        raw.summary.as_ref(),
        "summary",
        top.clone(),
        "What it is for, in a line",
    );
    let when = match &raw.when {
        None => Some(When::Any),
        Some(w) => ck
            .choice(w, "when", &When::ALL.map(When::id))
            .map(|i| When::ALL[i]),
    };
    let purpose = raw.purpose.as_ref().and_then(|p| {
        ck.short_text(
            p,
            "for",
            limits::PURPOSE_CHARS,
            "say it in a few words, like `for = \"a bad day\"`",
        )
    });
    let equipment = raw
        .equipment
        .as_ref()
        .map_or(Some(Vec::new()), |e| ck.equipment(e));
    let rest = raw.rest.as_ref().and_then(|r| {
        ck.int(
            r,
            "rest",
            (0, limits::REST_SECONDS),
            "ten minutes of rest between steps",
            "at most `rest = 600`; for a longer break, end the routine there and start another later",
        )
    });

    let (raw_steps, step_count) = raw.step.as_ref().map_or((&[][..], 0), |s| {
        (s.get_ref().kept.as_slice(), s.get_ref().count)
    });
    if raw_steps.is_empty() && !ck.was_meant(&top, &["step"]) {
        ck.error(
            raw.step
                .as_ref()
                .map_or(src.len()..src.len(), Spanned::span),
            "the routine has no steps",
            Some(format!("add at least one step:\n\n{EXAMPLE_STEP}")),
        );
    }
    if let Some(first_too_many) = raw_steps.get(limits::STEPS) {
        ck.error(
            first_too_many.span(),
            format!("{step_count} steps is over the limit of {}", limits::STEPS),
            Some("split it into several routines".to_owned()),
        );
    }
    // Past the limit, the steps are not checked: the limit's own message says what to do.
    let mut steps = Vec::new();
    for (i, raw_step) in raw_steps.iter().take(limits::STEPS).enumerate() {
        let label = format!("step {}", i + 1);
        if let Some(step) = ck.step(raw_step, catalogue, &label) {
            steps.push(step);
        }
    }

    let (Some(title), Some(summary), Some(when), Some(equipment)) =
        (title, summary, when, equipment)
    else {
        return Err(ck.into_diags());
    };
    if ck.errors > 0 {
        return Err(ck.into_diags());
    }
    ck.heat_total(&steps, raw_steps);
    let routine = Routine {
        name: name.to_owned(),
        title,
        summary,
        when,
        purpose,
        equipment,
        rest,
        steps,
    };
    ck.routine_size(&routine, top);
    ck.finish(routine)
}

/// `src` read as a `T`, with a checker that holds what reading found (every unknown key,
/// each left out); `Err` with every value of the wrong type as well, when there is one, or
/// with the syntax error that stopped it.
fn read<'a, T: keys::Table>(
    origin: &'a str,
    src: &'a str,
) -> Result<(T, Checker<'a>), Vec<Diagnostic>> {
    let read = keys::read::<T>(src, ROUTINE_FORMAT, false)
        .map_err(|e| vec![Diagnostic::from_toml(origin, src, &e, ROUTINE_FORMAT)])?;
    let mut ck = Checker::new(origin, src);
    ck.take(read.found);
    match read.value {
        Some(raw) => Ok((raw, ck)),
        None => Err(ck.into_diags()),
    }
}

fn is_kebab(id: &str) -> bool {
    !id.is_empty()
        && id.split('-').all(|w| {
            !w.is_empty()
                && w.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit())
        })
}

fn kebab(id: &str) -> String {
    let words: Vec<String> = id
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_ascii_lowercase)
        .collect();
    if words.is_empty() {
        "my-exercise".to_owned()
    } else {
        words.join("-")
    }
}

/// What is being checked: a catalogue entry, a routine step, or a part of one (a phase, a
/// breath).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Catalogue,
    /// A `[[<id>.level]]` table of a catalogue entry.
    Level,
    Step,
    Part,
}

/// The kinds of dosage; a step has exactly one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Timed,
    Reps,
    Phases,
    Breath,
}

fn kind_of(d: &Dosage) -> Kind {
    match d {
        Dosage::Timed { .. } => Kind::Timed,
        Dosage::Reps { .. } => Kind::Reps,
        Dosage::Phases { .. } => Kind::Phases,
        Dosage::Breath { .. } => Kind::Breath,
    }
}

/// Collects diagnostics for one file: the first [`limits::DIAGNOSTICS`] in full, then only
/// a count (a diagnostic finds its line by reading the file up to it, so thousands of them
/// would read a big file thousands of times).
struct Checker<'a> {
    origin: &'a str,
    src: &'a str,
    diags: Vec<Diagnostic>,
    /// Every problem found, shown or not.
    errors: usize,
    /// Keys that an unknown key was likely meant to be, each with the start of its table:
    /// their absence is not told again.
    meant: Vec<(usize, &'static str)>,
}

impl<'a> Checker<'a> {
    fn new(origin: &'a str, src: &'a str) -> Checker<'a> {
        Checker {
            origin,
            src,
            diags: Vec::new(),
            errors: 0,
            meant: Vec::new(),
        }
    }

    fn error(&mut self, span: Range<usize>, message: impl Into<String>, hint: Option<String>) {
        self.errors += 1;
        if self.diags.len() < limits::DIAGNOSTICS {
            let mut d = Diagnostic::new(self.origin, message).at(self.src, span);
            d.hint = hint;
            self.diags.push(d);
        }
    }

    /// The problems found in reading the file, in front of those the checks find.
    fn take(&mut self, found: keys::Found) {
        for p in found.problems {
            self.meant.extend(p.meant);
            match p.span {
                Some(span) => self.error(span, p.message, p.hint),
                None => {
                    self.errors += 1;
                    let mut d = Diagnostic::new(self.origin, p.message);
                    d.hint = p.hint;
                    self.diags.push(d);
                }
            }
        }
        self.errors += found.more;
    }

    /// The diagnostics, and a last one that says how many were left out.
    fn into_diags(mut self) -> Vec<Diagnostic> {
        let more = self.errors - self.diags.len();
        if more > 0 {
            let problems = if more == 1 { "problem" } else { "problems" };
            self.diags.push(
                Diagnostic::new(
                    self.origin,
                    format!("and {more} more {problems} in this file, not shown"),
                )
                .hint("fix the ones above, then check the file again"),
            );
        }
        self.diags
    }

    fn finish<T>(self, value: T) -> Result<T, Vec<Diagnostic>> {
        if self.errors == 0 {
            Ok(value)
        } else {
            Err(self.into_diags())
        }
    }

    /// A whole number in `min..=max`; `why` says what the upper bound protects, and `over`
    /// what to write instead of a number over it.
    fn int(
        &mut self,
        v: &Spanned<Int>,
        key: &str,
        (min, max): (i64, i64),
        why: &str,
        over: &str,
    ) -> Option<u32> {
        let n = v.get_ref().0;
        if n < min {
            let what = if min == 0 {
                "zero or more"
            } else {
                "at least 1"
            };
            let like = super::diag::example(key).unwrap_or("seconds = 30");
            self.error(
                v.span(),
                format!("`{key}` must be {what}, not {n}"),
                Some(format!("write a whole number like `{like}`")),
            );
            return None;
        }
        if n > max {
            self.error(
                v.span(),
                format!("`{key} = {n}` is over the limit of {max} ({why})"),
                Some(over.to_owned()),
            );
            return None;
        }
        u32::try_from(n).ok()
    }

    /// Non-empty text.
    /// Non-empty text on one line, with no control characters: the text reaches the screen,
    /// where an escape sequence could clear it or take over the terminal.
    fn text(&mut self, v: &Spanned<String>, key: &str) -> Option<String> {
        let t = v.get_ref().trim();
        if t.is_empty() {
            self.error(
                v.span(),
                format!("`{key}` is empty"),
                Some(format!("write some text, or leave `{key}` out")),
            );
            return None;
        }
        let n = t.chars().count();
        if n > limits::TEXT_CHARS {
            self.error(
                v.span(),
                format!(
                    "`{key}` is {n} characters, over the limit of {}",
                    limits::TEXT_CHARS
                ),
                Some("say it in a few sentences".to_owned()),
            );
            return None;
        }
        if let Some(c) = t
            .chars()
            .find(|c| crate::untrusted::is_unsafe_on_screen(*c))
        {
            let what = match c {
                '\n' | '\r' => "a line break".to_owned(),
                '\t' => "a tab".to_owned(),
                c => format!("the control character U+{:04X}", u32::from(c)),
            };
            self.error(
                v.span(),
                format!("`{key}` holds {what}"),
                Some(
                    "write it as plain text on one line, with spaces instead of tabs and breaks"
                        .to_owned(),
                ),
            );
            return None;
        }
        Some(t.to_owned())
    }

    /// Non-empty text of at most `max` characters.
    fn short_text(
        &mut self,
        v: &Spanned<String>,
        key: &str,
        max: usize,
        hint: &str,
    ) -> Option<String> {
        let t = self.text(v, key)?;
        let n = t.chars().count();
        if n > max {
            self.error(
                v.span(),
                format!("`{key}` is {n} characters, over the limit of {max}"),
                Some(hint.to_owned()),
            );
            return None;
        }
        Some(t)
    }

    /// `text`, read from `v`, if it is at most `max` characters long.
    fn at_most(
        &mut self,
        text: String,
        v: Option<&Spanned<String>>,
        key: &str,
        max: usize,
    ) -> Option<String> {
        let n = text.chars().count();
        if n <= max {
            return Some(text);
        }
        let span = v.map_or(0..0, Spanned::span);
        self.error(
            span,
            format!("`{key}` is {n} characters, over the limit of {max}"),
            Some(format!("a short {key}, like `{key} = \"My evening\"`")),
        );
        None
    }

    /// A routine's `equipment`: a short list of short names.
    fn equipment(&mut self, e: &Spanned<Vec<Spanned<String>>>) -> Option<Vec<String>> {
        let hint = "list what to have at hand, like `equipment = [\"mat\", \"heating pad\"]`";
        if e.get_ref().len() > limits::EQUIPMENT {
            self.error(
                e.span(),
                format!(
                    "{} things in `equipment` is over the limit of {}",
                    e.get_ref().len(),
                    limits::EQUIPMENT
                ),
                Some(hint.to_owned()),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for item in e.get_ref() {
            match self.short_text(item, "equipment", limits::EQUIPMENT_CHARS, hint) {
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// The whole routine's length and prompts, worked out without expanding it. The
    /// default options have every optional phase, so no config gives more phases.
    fn routine_size(&mut self, routine: &Routine, top: Range<usize>) {
        let size = routine.extent(&PlanOptions::default());
        if size.seconds > limits::ROUTINE_SECONDS {
            self.error(
                top.clone(),
                format!(
                    "the routine takes {} minutes, over the limit of {} minutes",
                    size.seconds / 60,
                    limits::ROUTINE_SECONDS / 60
                ),
                Some("check for a typo in a duration (minutes for seconds?), or split it into several routines".to_owned()),
            );
        }
        if size.phases > limits::PHASES {
            self.error(
                top,
                format!(
                    "the routine makes {} prompts (every rep, breath, phase, rest and get-ready), over the limit of {}",
                    size.phases,
                    limits::PHASES
                ),
                Some("use fewer `cycles`, `reps` or `sets`, fewer or longer `phases`, or split it into several routines".to_owned()),
            );
        }
    }

    /// At most 20 minutes of heat in one routine: the step that goes over is named.
    fn heat_total(&mut self, steps: &[Exercise], raw: &[Spanned<RawEntry>]) {
        let mut total: u64 = 0;
        for (i, (ex, r)) in steps.iter().zip(raw).enumerate() {
            let heat = ex.heat_seconds();
            total = total.saturating_add(heat);
            if heat > 0 && total > limits::HEAT_SECONDS {
                let r = r.get_ref();
                let span = [&r.minutes, &r.seconds, &r.sets]
                    .into_iter()
                    .flatten()
                    .map(Spanned::span)
                    .next()
                    .or_else(|| r.exercise.as_ref().map(Spanned::span))
                    .unwrap_or_else(|| raw[i].span());
                let before = total - heat;
                let room = limits::HEAT_SECONDS.saturating_sub(before);
                // `minutes` is one pass: one side, one set.
                let passes = u64::from(ex.sets.saturating_mul(if ex.sides { 2 } else { 1 }).max(1));
                let fix = match ex.dosage {
                    Dosage::Timed { .. } if room / passes >= 60 => format!(
                        "shorten this step to `minutes = {}`, or remove it",
                        room / passes / 60
                    ),
                    _ if room >= 60 => format!(
                        "shorten this step to at most {} minutes of heat in all, or remove it",
                        room / 60
                    ),
                    _ => "remove this heat step, or shorten the heat before it".to_owned(),
                };
                self.error(
                    span,
                    format!(
                        "step {} brings the routine's heat to {} minutes; the limit is {} minutes of heat in one routine",
                        i + 1,
                        total.div_ceil(60),
                        limits::HEAT_SECONDS / 60
                    ),
                    Some(format!(
                        "{fix} (longer heat risks burns, even on a medium setting: University of Missouri Health Care advice, 15-20 minutes at most)"
                    )),
                );
                return;
            }
        }
    }

    fn required_text(
        &mut self,
        v: Option<&Spanned<String>>,
        key: &str,
        head: Range<usize>,
        example: &str,
    ) -> Option<String> {
        match v {
            Some(v) => self.text(v, key),
            None => {
                if !self.was_meant(&head, &[key]) {
                    self.error(
                        head,
                        format!("missing `{key}`"),
                        Some(format!("add `{key} = \"{example}\"`")),
                    );
                }
                None
            }
        }
    }

    /// One of a fixed set of words; returns its index.
    fn choice(&mut self, v: &Spanned<String>, key: &str, allowed: &[&str]) -> Option<usize> {
        let word = v.get_ref();
        if let Some(i) = allowed.iter().position(|a| a == word) {
            return Some(i);
        }
        let hint = match did_you_mean(word, allowed.iter().copied()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => format!("write one of: {}", allowed.join(", ")),
        };
        self.error(v.span(), format!("unknown {key} `{word}`"), Some(hint));
        None
    }

    /// A routine step: a catalogue reference with overrides, or an inline exercise.
    fn step(
        &mut self,
        raw: &Spanned<RawEntry>,
        catalogue: &Catalogue,
        label: &str,
    ) -> Option<Exercise> {
        let Some(id) = &raw.get_ref().exercise else {
            return self.entry(raw, None, label, Role::Step);
        };
        match catalogue.get(id.get_ref()) {
            Some(base) => {
                let mut ex = self.entry(raw, Some(base), label, Role::Step)?;
                ex.id = Some(id.get_ref().clone());
                // The same keys over each harder version: a step that sets a key keeps it
                // at every level, and takes the rest from the level it runs at.
                for version in &base.levels {
                    let at = format!("{label} (`{}` at level {})", id.get_ref(), version.level);
                    let mut leveled = self.entry(raw, Some(version), &at, Role::Step)?;
                    leveled.id = Some(id.get_ref().clone());
                    ex.levels.push(leveled);
                }
                Some(ex)
            }
            None => {
                let hint = match did_you_mean(id.get_ref(), catalogue.ids()) {
                    Some(best) => format!("did you mean `{best}`? (`backcoach exercises` lists them all)"),
                    None => "`backcoach exercises` lists the catalogue; or define the step inline with `name`, `strategy`, `cues` and a dosage".to_owned(),
                };
                self.error(
                    id.span(),
                    format!("unknown exercise `{}`", id.get_ref()),
                    Some(hint),
                );
                None
            }
        }
    }

    /// A catalogue entry (`base` is `None`) or a step laid over its catalogue entry.
    fn entry(
        &mut self,
        raw: &Spanned<RawEntry>,
        base: Option<&Exercise>,
        label: &str,
        role: Role,
    ) -> Option<Exercise> {
        let head = raw.span();
        let r = raw.get_ref();
        let before = self.errors;
        if role == Role::Catalogue
            && let Some(e) = &r.exercise
        {
            self.error(
                e.span(),
                "`exercise` belongs on a routine step, not in the catalogue",
                Some("remove it: a catalogue entry defines the exercise itself".to_owned()),
            );
        }

        self.level_keys(r, role);

        let name = match (&r.name, base) {
            (Some(n), _) => self.short_text(
                n,
                "name",
                limits::TITLE_CHARS,
                "a short name, like `name = \"Knee rolls\"`",
            ),
            (None, Some(b)) => Some(b.name.clone()),
            (None, None) => {
                self.missing(head.clone(), label, "name", role, "name = \"Knee rolls\"")
            }
        };
        let strategy = match (&r.strategy, base) {
            (Some(s), _) => {
                let ids: Vec<&str> = Strategy::ids().collect();
                let chosen = self.choice(s, "strategy", &ids).map(|i| Strategy::ALL[i]);
                match (chosen, base) {
                    // Heat keeps its limits: a heat exercise cannot be renamed out of them.
                    (Some(c), Some(b)) if b.strategy == Strategy::Heat && c != Strategy::Heat => {
                        self.error(
                            s.span(),
                            format!("`{}` is heat, and stays heat", b.id.as_deref().unwrap_or("this exercise")),
                            Some("remove `strategy`: heat keeps its 20-minute limit and its \"Heat off\" whatever the routine calls it".to_owned()),
                        );
                        None
                    }
                    (chosen, _) => chosen,
                }
            }
            (None, Some(b)) => Some(b.strategy),
            (None, None) => self.missing(
                head.clone(),
                label,
                "strategy",
                role,
                "strategy = \"stretching\"",
            ),
        };
        let cues = match (&r.cues, base) {
            (Some(c), _) => self.cues(c),
            (None, Some(b)) => Some(b.cues.clone()),
            (None, None) => self.missing(
                head.clone(),
                label,
                "cues",
                role,
                "cues = [\"Lie on your back\", \"Let both knees fall to one side\"]",
            ),
        };
        // A step's caution adds to its catalogue entry's: a routine can warn more, never less.
        let caution = match (&r.caution, base.and_then(|b| b.caution.as_deref())) {
            (Some(c), Some(theirs)) => self.text(c, "caution").map(|c| format!("{theirs} {c}")),
            (Some(c), None) => self.text(c, "caution"),
            (None, theirs) => theirs.map(str::to_owned),
        };
        let say = match &r.say {
            Some(s) => self.short_text(
                s,
                "say",
                limits::CUE_CHARS,
                "one short line of what to do now, like `say = \"Lift your hips; keep breathing\"`",
            )
            .map(Text::from),
            None => base.and_then(|b| b.say.clone()),
        };
        let source = match &r.source {
            Some(s) => self.text(s, "source"),
            None => base.and_then(|b| b.source.clone()),
        };
        let prepare = match &r.prepare {
            Some(p) => self.short_text(
                p,
                "prepare",
                limits::PREPARE_CHARS,
                "say in a sentence or two what to set up, like `prepare = \"Fetch the heating pad and a towel\"`",
            ),
            None => base.and_then(|b| b.prepare.clone()),
        };
        let position = match &r.position {
            Some(p) => self.short_text(
                p,
                "position",
                limits::POSITION_CHARS,
                "a few words on how to get into it, like `position = \"on hands and knees\"`",
            ),
            None => base.and_then(|b| b.position.clone()),
        };
        // A step that renames its exercise says its own name, not the catalogue's spoken one.
        let aloud = match (&r.aloud, &r.name) {
            (Some(a), _) => self.short_text(
                a,
                "aloud",
                limits::TITLE_CHARS,
                "the name as it should be said, like `aloud = \"Foam roller\"`",
            ),
            (None, Some(_)) => None,
            (None, None) => base.and_then(|b| b.aloud.clone()),
        };
        let figure = match &r.figure {
            Some(f) => self.figure(f).map(Some),
            None => Some(base.and_then(|b| b.figure.clone())),
        };
        let get_ready = match &r.get_ready {
            Some(g) => self
                .int(
                    g,
                    "get_ready",
                    (0, limits::GET_READY_SECONDS),
                    "five minutes to get ready",
                    "at most `get_ready = 300`; for longer setting up, use `prepare`, which waits for Enter",
                )
                .map(Some),
            None => Some(base.and_then(|b| b.get_ready)),
        };
        let heat_off = match &r.heat_off {
            Some(h) => self.short_text(
                h,
                "heat_off",
                limits::CUE_CHARS,
                "one short line, like `heat_off = \"Heat off: move it away and check your skin\"`",
            ),
            None => base.and_then(|b| b.heat_off.clone()),
        };
        let dosage = self.dosage(r, head.clone(), base.map(|b| &b.dosage), label);
        let sets = match &r.sets {
            Some(s) => self.int(
                s,
                "sets",
                (1, limits::SETS),
                "ten sets of one exercise",
                "at most `sets = 10`; for more, add the exercise again as another step",
            ),
            None => Some(base.map_or(1, |b| b.sets)),
        };
        let set_rest = match &r.set_rest {
            Some(s) => self.int(
                s,
                "set_rest",
                (0, limits::REST_SECONDS),
                "ten minutes of rest between sets",
                "at most `set_rest = 600`; for a longer break, put the sets in two steps",
            ),
            None => Some(base.map_or(DEFAULT_SET_REST, |b| b.set_rest)),
        };
        if let (Some(sr), Some(1)) = (&r.set_rest, sets) {
            self.error(
                sr.span(),
                "`set_rest` needs `sets` of 2 or more",
                Some("add `sets = 2`, or remove `set_rest`".to_owned()),
            );
        }
        let sides = r
            .sides
            .as_ref()
            .map_or(base.is_some_and(|b| b.sides), |s| *s.get_ref());
        // Whether a step may be left out is the routine's to say, not the catalogue's.
        let optional = match (&r.optional, role) {
            (Some(o), Role::Catalogue) => {
                self.error(
                    o.span(),
                    "`optional` belongs on a routine step, not in the catalogue",
                    Some("remove it; in a routine, `optional = true` on a step leaves it out first when `--minutes` is short".to_owned()),
                );
                false
            }
            (Some(o), _) => *o.get_ref(),
            (None, _) => false,
        };

        if let (Some(h), Some(s)) = (&r.heat_off, strategy)
            && s != Strategy::Heat
        {
            self.error(
                h.span(),
                "`heat_off` belongs on a heat step",
                Some("remove it, or set `strategy = \"heat\"`".to_owned()),
            );
        }
        if self.errors > before {
            return None;
        }
        let ex = Exercise {
            id: None,
            name: name?,
            strategy: strategy?,
            cues: cues?,
            caution,
            source,
            say,
            prepare,
            position,
            aloud,
            figure: figure?,
            get_ready: get_ready?,
            heat_off,
            dosage: dosage?,
            sets: sets?,
            set_rest: set_rest?,
            sides,
            optional,
            level: match (role, base) {
                (Role::Level, Some(b)) => b.level.saturating_add(1),
                (_, b) => b.map_or(1, |b| b.level),
            },
            levels: Vec::new(),
        };
        self.check_length(&ex, r, head, label);
        Some(ex)
    }

    /// The keys that belong to one kind of table only: `level` tables in the catalogue, and
    /// in a level neither an `exercise`, a `strategy` nor levels of its own.
    fn level_keys(&mut self, r: &RawEntry, role: Role) {
        if role == Role::Step
            && let Some(l) = &r.level
        {
            self.error(
                l.span(),
                "levels belong in the catalogue, not on a routine step",
                Some("remove it: a step runs at the person's level of its exercise (pin one with `start --level N` or `[levels]` in the config)".to_owned()),
            );
        }
        if role != Role::Level {
            return;
        }
        let fixed = [
            (
                r.exercise.as_ref().map(Spanned::span),
                "exercise",
                "a level is a version of the exercise it is under",
            ),
            (
                r.strategy.as_ref().map(Spanned::span),
                "strategy",
                "a level keeps the strategy of its exercise",
            ),
            (
                r.level.as_ref().map(Spanned::span),
                "level",
                "list every level under the exercise itself, as `[[<id>.level]]`",
            ),
        ];
        for (span, key, why) in fixed {
            if let Some(span) = span {
                self.error(
                    span,
                    format!("`{key}` does not belong in a level"),
                    Some(format!("remove it: {why}")),
                );
            }
        }
    }

    /// The `[[<id>.level]]` tables of `ex` (level 1), in order: each laid over the level
    /// before it, so a level says only what changes. Past the first level that fails, the
    /// rest are not checked (they build on it).
    fn levels(
        &mut self,
        ex: &Exercise,
        raw: &Spanned<Vec<Spanned<RawEntry>>>,
        label: &str,
    ) -> Vec<Exercise> {
        let tables = raw.get_ref();
        if tables.is_empty() {
            self.error(
                raw.span(),
                "`level` is empty",
                Some(
                    "add a table for each harder version, `[[<id>.level]]`, or remove it"
                        .to_owned(),
                ),
            );
            return Vec::new();
        }
        if let Some(extra) = tables.get(limits::LEVELS - 1) {
            self.error(
                extra.span(),
                format!(
                    "{label} has {} levels, over the limit of {}",
                    tables.len() + 1,
                    limits::LEVELS
                ),
                Some("keep a few steps from the beginner's dose to the full one".to_owned()),
            );
            return Vec::new();
        }
        let mut out: Vec<Exercise> = Vec::with_capacity(tables.len());
        for table in tables {
            let below = out.last().unwrap_or(ex);
            let at = format!("{label} level {}", below.level.saturating_add(1));
            let Some(mut version) = self.entry(table, Some(below), &at, Role::Level) else {
                break;
            };
            version.id.clone_from(&ex.id);
            out.push(version);
        }
        out
    }

    /// A `figure`: 1 to [`limits::FIGURE_FRAMES`] frames, each 1 to [`limits::FIGURE_LINES`]
    /// lines of one display width, at most [`limits::FIGURE_COLUMNS`], and nothing that
    /// could move the cursor. Each problem points at the line (or frame) it is in.
    fn figure(&mut self, f: &Spanned<RawFigure>) -> Option<Figure> {
        use unicode_width::UnicodeWidthStr;
        let how = "a list of frames, each a list of lines of one width, like \
                   `figure = [[' ● ', '╱│╲', '╱ ╲']]`";
        let frames = f.get_ref();
        if frames.is_empty() {
            self.error(f.span(), "`figure` has no frames", Some(how.to_owned()));
            return None;
        }
        if frames.len() > limits::FIGURE_FRAMES {
            self.error(
                frames[limits::FIGURE_FRAMES].span(),
                format!(
                    "`figure` has {} frames, over the limit of {}",
                    frames.len(),
                    limits::FIGURE_FRAMES
                ),
                Some("one frame for a hold, one for each position of a movement".to_owned()),
            );
            return None;
        }
        let before = self.errors;
        let mut out = Vec::with_capacity(frames.len());
        for (i, frame) in frames.iter().enumerate() {
            let which = format!("frame {} of `figure`", i + 1);
            let lines = frame.get_ref();
            if lines.is_empty() {
                self.error(
                    frame.span(),
                    format!("{which} is empty"),
                    Some(how.to_owned()),
                );
                continue;
            }
            if lines.len() > limits::FIGURE_LINES {
                self.error(
                    lines[limits::FIGURE_LINES].span(),
                    format!(
                        "{which} is {} lines tall, over the limit of {}",
                        lines.len(),
                        limits::FIGURE_LINES
                    ),
                    Some(
                        "draw it smaller: it shares the screen with the prompt and the countdown"
                            .to_owned(),
                    ),
                );
                continue;
            }
            let mut width = None;
            for line in lines {
                let text = line.get_ref();
                if let Some(c) = text
                    .chars()
                    .find(|c| crate::untrusted::is_unsafe_on_screen(*c))
                {
                    self.error(
                        line.span(),
                        format!(
                            "a line of {which} holds the control character U+{:04X}",
                            u32::from(c)
                        ),
                        Some(
                            "draw with printable characters and spaces only; one string per line"
                                .to_owned(),
                        ),
                    );
                    continue;
                }
                let w = text.width();
                if w > limits::FIGURE_COLUMNS {
                    self.error(
                        line.span(),
                        format!(
                            "a line of {which} is {w} columns wide, over the limit of {}",
                            limits::FIGURE_COLUMNS
                        ),
                        Some("draw it narrower".to_owned()),
                    );
                    continue;
                }
                match width {
                    None => width = Some(w),
                    Some(first) if first != w => self.error(
                        line.span(),
                        format!(
                            "a line of {which} is {w} columns wide, and its first line {first}"
                        ),
                        Some("pad the shorter lines with spaces, so that every line of a frame is the same width".to_owned()),
                    ),
                    Some(_) => {}
                }
            }
            out.push(lines.iter().map(|l| l.get_ref().clone()).collect());
        }
        (self.errors == before).then_some(Figure { frames: out })
    }

    /// "<label> has no `<key>`", with a hint that shows how to add it.
    fn missing<T>(
        &mut self,
        head: Range<usize>,
        label: &str,
        key: &str,
        role: Role,
        example: &str,
    ) -> Option<T> {
        let hint = match role {
            Role::Step => {
                format!("add `{example}`, or name a catalogue entry with `exercise = \"...\"`")
            }
            Role::Catalogue | Role::Level | Role::Part => format!("add `{example}`"),
        };
        if !self.was_meant(&head, &[key]) {
            self.error(head, format!("{label} has no `{key}`"), Some(hint));
        }
        None
    }

    /// Whether an unknown key in the table at `head` was likely meant to be one of `keys`
    /// (then that it is missing has been said already).
    fn was_meant(&self, head: &Range<usize>, keys: &[&str]) -> bool {
        self.meant
            .iter()
            .any(|(at, key)| *at == head.start && keys.contains(key))
    }

    fn cues(&mut self, c: &Spanned<Vec<Spanned<String>>>) -> Option<Vec<String>> {
        if c.get_ref().is_empty() {
            self.error(
                c.span(),
                "`cues` is empty",
                Some(
                    "give at least one short instruction, like `cues = [\"Lie on your back\"]`"
                        .to_owned(),
                ),
            );
            return None;
        }
        if c.get_ref().len() > limits::CUES {
            self.error(
                c.span(),
                format!(
                    "{} cues, over the limit of {}",
                    c.get_ref().len(),
                    limits::CUES
                ),
                Some("keep the few that matter most; `caution` is for warnings".to_owned()),
            );
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for cue in c.get_ref() {
            match self.text(cue, "cue") {
                Some(t) if t.chars().count() > limits::CUE_CHARS => {
                    self.error(cue.span(), format!("this cue is {} characters, over the limit of {} (cues are read mid-exercise, on small screens)", t.chars().count(), limits::CUE_CHARS), Some("split it into two cues".to_owned()));
                    ok = false;
                }
                Some(t) => out.push(t),
                None => ok = false,
            }
        }
        ok.then_some(out)
    }

    /// Exactly one dosage. A step's dosage replaces its catalogue entry's when it is of
    /// another kind; of the same kind, the step's keys override one by one.
    fn dosage(
        &mut self,
        r: &RawEntry,
        head: Range<usize>,
        base: Option<&Dosage>,
        label: &str,
    ) -> Option<Dosage> {
        let given: Vec<(&str, Kind, Range<usize>)> = [
            (
                "seconds",
                Kind::Timed,
                r.seconds.as_ref().map(Spanned::span),
            ),
            (
                "minutes",
                Kind::Timed,
                r.minutes.as_ref().map(Spanned::span),
            ),
            ("reps", Kind::Reps, r.reps.as_ref().map(Spanned::span)),
            ("phases", Kind::Phases, r.phases.as_ref().map(Spanned::span)),
            ("breath", Kind::Breath, r.breath.as_ref().map(Spanned::span)),
        ]
        .into_iter()
        .filter_map(|(k, kind, span)| span.map(|s| (k, kind, s)))
        .collect();

        if let [(first, ..), (second, _, span), ..] = given.as_slice() {
            self.error(
                span.clone(),
                format!("{label} has two dosages, `{first}` and `{second}`"),
                Some("keep exactly one: `seconds`/`minutes` for a hold, `reps` for repetitions, `phases` for a timed sequence, `breath` for paced breathing".to_owned()),
            );
            return None;
        }
        let kind = match (given.first(), base) {
            (Some((_, kind, _)), _) => *kind,
            (None, Some(b)) => kind_of(b),
            (None, None) => {
                if self.was_meant(&head, &["seconds", "minutes", "reps", "phases", "breath"]) {
                    return None;
                }
                self.error(
                    head,
                    format!("{label} has no dosage"),
                    Some("add one dosage: a hold (`seconds = 30`), repetitions (`reps = 10`), a timed sequence (`phases = [{ say = \"Tense\", seconds = 7 }]`) or paced breathing (`breath = { inhale = 4, exhale = 6 }` with `cycles = 10`)".to_owned()),
                );
                return None;
            }
        };
        let inherited = base.filter(|b| kind_of(b) == kind);

        let mut ok = true;
        if let Some(rs) = &r.rep_seconds
            && kind != Kind::Reps
        {
            self.error(
                rs.span(),
                "`rep_seconds` goes with `reps`",
                Some("remove it, or use `reps = N` as the dosage".to_owned()),
            );
            ok = false;
        }
        if let Some(c) = &r.cycles
            && !matches!(kind, Kind::Phases | Kind::Breath)
        {
            self.error(
                c.span(),
                "`cycles` goes with `phases` or `breath`",
                Some("to repeat a hold or a set of reps, use `sets = N`".to_owned()),
            );
            ok = false;
        }
        let cycles = |ck: &mut Self| match &r.cycles {
            Some(c) => ck.int(
                c,
                "cycles",
                (1, limits::CYCLES),
                "a hundred cycles",
                "at most `cycles = 100`; for more, add the exercise again as another step",
            ),
            None => Some(match inherited {
                Some(Dosage::Phases { cycles, .. } | Dosage::Breath { cycles, .. }) => *cycles,
                _ => 0,
            }),
        };

        let dosage = match kind {
            Kind::Timed => {
                let seconds = if let Some(s) = &r.seconds {
                    self.int(
                        s,
                        "seconds",
                        (1, limits::TIMED_SECONDS),
                        "one hour for a single hold or activity",
                        "bounds keep a typo from making a 40-hour routine: check for minutes written as seconds; for longer, split it into steps",
                    )
                } else if let Some(m) = &r.minutes {
                    self.int(
                        m,
                        "minutes",
                        (1, limits::TIMED_SECONDS / 60),
                        "one hour for a single activity",
                        "bounds keep a typo from making a 40-hour routine: check for seconds written as minutes; for longer, split it into steps",
                    )
                    .map(|m| m * 60)
                } else {
                    match inherited {
                        Some(Dosage::Timed { seconds }) => Some(*seconds),
                        _ => None,
                    }
                };
                seconds.map(|seconds| Dosage::Timed { seconds })
            }
            Kind::Reps => {
                let (base_reps, base_pace) = match inherited {
                    Some(Dosage::Reps { reps, rep_seconds }) => (Some(*reps), *rep_seconds),
                    _ => (None, None),
                };
                let reps = match &r.reps {
                    Some(n) => self.int(
                        n,
                        "reps",
                        (1, limits::REPS),
                        "a hundred repetitions",
                        "at most `reps = 100`; for more, add `sets`",
                    ),
                    None => base_reps,
                };
                let pace = match &r.rep_seconds {
                    Some(s) => self
                        .int(
                            s,
                            "rep_seconds",
                            (1, limits::REP_SECONDS),
                            "two minutes for one repetition",
                            "a repetition that long is a hold: use `seconds` (with `sets` to repeat it) instead of `reps`",
                        )
                        .map(Some),
                    None => Some(base_pace),
                };
                match (reps, pace) {
                    (Some(reps), Some(rep_seconds)) => Some(Dosage::Reps { reps, rep_seconds }),
                    _ => None,
                }
            }
            Kind::Phases => {
                let phases = match (&r.phases, inherited) {
                    (Some(p), _) => self.phases(p),
                    (None, Some(Dosage::Phases { phases, .. })) => Some(phases.clone()),
                    _ => None,
                };
                let cycles = cycles(self).map(|c| c.max(1));
                match (phases, cycles) {
                    (Some(phases), Some(cycles)) => Some(Dosage::Phases { phases, cycles }),
                    _ => None,
                }
            }
            Kind::Breath => {
                let breath = match (&r.breath, inherited) {
                    (Some(b), _) => self.breath(b),
                    (None, Some(Dosage::Breath { breath, .. })) => Some(*breath),
                    _ => None,
                };
                let cycles = match cycles(self) {
                    Some(0) => {
                        let span = r.breath.as_ref().map_or(head, Spanned::span);
                        self.error(
                            span,
                            "`breath` needs `cycles`",
                            Some("add how many breaths to take, like `cycles = 10`".to_owned()),
                        );
                        None
                    }
                    other => other,
                };
                match (breath, cycles) {
                    (Some(breath), Some(cycles)) => Some(Dosage::Breath { breath, cycles }),
                    _ => None,
                }
            }
        };
        if ok { dosage } else { None }
    }

    fn phases(&mut self, p: &Spanned<Vec<Spanned<RawPhase>>>) -> Option<Vec<Phase>> {
        if p.get_ref().is_empty() {
            self.error(p.span(), "`phases` is empty", Some("list at least one, like `phases = [{ say = \"Tense your feet\", seconds = 7 }]`".to_owned()));
            return None;
        }
        let mut out = Vec::new();
        let mut ok = true;
        for (i, phase) in p.get_ref().iter().enumerate() {
            let label = format!("phase {}", i + 1);
            let raw = phase.get_ref();
            let say = match &raw.say {
                Some(s) => self.short_text(
                    s,
                    "say",
                    limits::CUE_CHARS,
                    "one short line of what to do now, like `say = \"Tense your feet\"`",
                ),
                None => self.missing(phase.span(), &label, "say", Role::Part, "say = \"Let go\""),
            };
            let aloud = raw.aloud.as_ref().and_then(|a| {
                self.short_text(
                    a,
                    "aloud",
                    limits::CUE_CHARS,
                    "the prompt as it should be said, like `aloud = \"Breathe in, belly soft\"`",
                )
            });
            let seconds = match &raw.seconds {
                Some(s) => self.int(
                    s,
                    "seconds",
                    (1, limits::PHASE_SECONDS),
                    "ten minutes for one phase",
                    "at most `seconds = 600` for one phase; split it into two phases",
                ),
                None => self.missing(phase.span(), &label, "seconds", Role::Part, "seconds = 15"),
            };
            match (say, seconds) {
                (Some(say), Some(seconds)) => out.push(Phase {
                    say: say.into(),
                    aloud: aloud.map(Text::from),
                    seconds,
                }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }

    fn breath(&mut self, b: &Spanned<RawBreath>) -> Option<Breath> {
        let raw = b.get_ref();
        let why = "thirty seconds for one part of a breath";
        let part = |ck: &mut Self, v: &Option<Spanned<Int>>, key: &str, min: i64| {
            match v {
            Some(v) => ck.int(
                v,
                key,
                (min, limits::BREATH_SECONDS),
                why,
                "at most 30 s for one part of a breath; slow breathing is about `inhale = 4`, `exhale = 6`",
            ),
            None if min == 0 => Some(0),
            None => ck.missing(b.span(), "`breath`", key, Role::Part, &format!("{key} = 4")),
        }
        };
        let inhale = part(self, &raw.inhale, "inhale", 1);
        let hold = part(self, &raw.hold, "hold", 0);
        let exhale = part(self, &raw.exhale, "exhale", 1);
        let hold_after = part(self, &raw.hold_after, "hold_after", 0);
        Some(Breath {
            inhale: inhale?,
            hold: hold?,
            exhale: exhale?,
            hold_after: hold_after?,
        })
    }

    /// Bounds on the whole step, and heat's burn limit.
    fn check_length(&mut self, ex: &Exercise, r: &RawEntry, head: Range<usize>, label: &str) {
        let per_area = ex.seconds_per_area();
        let span = [&r.seconds, &r.minutes, &r.reps, &r.cycles, &r.sets]
            .into_iter()
            .flatten()
            .map(Spanned::span)
            .next()
            .or_else(|| r.phases.as_ref().map(Spanned::span))
            .or_else(|| r.breath.as_ref().map(Spanned::span))
            .unwrap_or(head);
        if ex.strategy == Strategy::Heat && per_area > limits::HEAT_SECONDS {
            self.error(
                span,
                format!("{label} puts heat on one area for {} minutes; the limit is {} minutes", per_area.div_ceil(60), limits::HEAT_SECONDS / 60),
                Some(format!("{} (longer heat risks burns, even on a medium setting: University of Missouri Health Care advice, 15-20 minutes at most)", heat_area_fix(ex, r))),
            );
        } else if per_area.saturating_mul(if ex.sides { 2 } else { 1 })
            > limits::TIMED_SECONDS.unsigned_abs()
        {
            self.error(
                span,
                format!(
                    "{label} lasts over {} minutes, the limit for one step",
                    limits::TIMED_SECONDS / 60
                ),
                Some("check the numbers for a typo, or split it into several steps".to_owned()),
            );
        }
    }
}

/// What to change in a heat step that keeps one area warm too long, as it is written: its
/// `minutes`, or its `sets` (every set is on the same area), or a dosage that is not one
/// timed hold.
fn heat_area_fix(ex: &Exercise, r: &RawEntry) -> String {
    let most = limits::HEAT_SECONDS / 60;
    let sets = u64::from(ex.sets.max(1));
    match ex.dosage {
        Dosage::Timed { .. } if sets > 1 && most / sets >= 1 => format!(
            "every set warms the same area: remove `sets` and use one hold of `minutes = 15`, \
             or keep `sets = {sets}` with at most `minutes = {}` each",
            most / sets
        ),
        Dosage::Timed { .. } if sets > 1 => {
            "every set warms the same area: remove `sets` and use one hold of `minutes = 15`"
                .to_owned()
        }
        Dosage::Timed { .. } => format!("use `minutes = 15` ({most} at the most)"),
        _ => {
            let key = ["phases", "breath", "reps"]
                .into_iter()
                .zip([r.phases.is_some(), r.breath.is_some(), r.reps.is_some()])
                .find_map(|(k, given)| given.then_some(k));
            let instead = key
                .map(|k| format!(" in place of `{k}`"))
                .unwrap_or_default();
            let and_sets = if sets > 1 { ", and remove `sets`" } else { "" };
            format!("heat is one timed hold: use `minutes = 15`{instead}{and_sets}")
        }
    }
}

#[cfg(test)]
mod tests;
