//! What a frame says: pure functions from state to lines of styled text, sized to the
//! terminal: the session screen, the nudge screen, the questions, (in `safety`) the safety
//! and pain-8 screens, and (in `plain`) a session as plain lines. Nothing here draws;
//! `terminal` does.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::output::{clock, stopwatch};
use crate::plan::{BreathPart, PhaseKind};
use crate::routine::Routine;
use crate::routine::strategy::Strategy;
use crate::session::State;

/// How a piece of text looks; the terminal maps these to colours and weights.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Style {
    Plain,
    Dim,
    Bold,
    /// A strategy's name, in its colour.
    Strategy(Strategy),
    /// The prompt: what to do now.
    Prompt,
    /// The countdown.
    Count,
    Bar,
    Warn,
}

/// One line of the screen: styled pieces, left to right.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Line(pub Vec<(Style, String)>);

impl Line {
    fn plain(text: impl Into<String>) -> Line {
        Line(vec![(Style::Plain, text.into())])
    }

    fn styled(style: Style, text: impl Into<String>) -> Line {
        Line(vec![(style, text.into())])
    }

    fn then(mut self, style: Style, text: impl Into<String>) -> Line {
        self.0.push((style, text.into()));
        self
    }

    pub fn text(&self) -> String {
        self.0.iter().map(|(_, t)| t.as_str()).collect()
    }

    fn width(&self) -> usize {
        self.0.iter().map(|(_, t)| t.width()).sum()
    }

    /// Cut to `width` columns; a line cut short ends in "…", so a name is never cut
    /// mid-word without a sign.
    fn fit(mut self, width: usize) -> Line {
        if self.width() <= width {
            return self;
        }
        let room = width.saturating_sub(1);
        let mut used = 0;
        for (_, text) in &mut self.0 {
            let mut cut = String::new();
            for c in text.chars() {
                let w = c.width().unwrap_or(0);
                if used + w > room {
                    break;
                }
                used += w;
                cut.push(c);
            }
            *text = cut;
        }
        self.0.retain(|(_, t)| !t.is_empty());
        if width > 0 {
            match self.0.last_mut() {
                Some((_, last)) => {
                    let kept = last.trim_end().len();
                    last.truncate(kept);
                    last.push('…');
                }
                None => self.0.push((Style::Plain, "…".to_owned())),
            }
        }
        self
    }

    /// `left` and `right` on one line, `right` flush to the edge.
    fn spread(left: Line, right: Line, width: usize) -> Line {
        let gap = width.saturating_sub(left.width() + right.width()).max(1);
        let mut line = left;
        line.0.push((Style::Plain, " ".repeat(gap)));
        line.0.extend(right.0);
        line
    }

    fn centred(self, width: usize) -> Line {
        let pad = width.saturating_sub(self.width()) / 2;
        let mut line = Line::plain(" ".repeat(pad));
        line.0.extend(self.0);
        line
    }
}

/// A whole screen: exactly `height` lines, none wider than `width`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Frame {
    pub lines: Vec<Line>,
}

impl Frame {
    fn new(mut lines: Vec<Line>, width: usize, height: usize) -> Frame {
        lines.truncate(height);
        lines.resize(height, Line::default());
        Frame {
            lines: lines.into_iter().map(|l| l.fit(width)).collect(),
        }
    }

    /// `text` as plain lines, one per line of it.
    pub fn text_of(text: &str) -> Frame {
        Frame {
            lines: text.lines().map(Line::plain).collect(),
        }
    }

    /// What is said after a session's last step (its rating question, what follows "it
    /// hurt"), alone on the screen, wrapped to `width`, one column in.
    pub fn after_session(text: &str, width: usize) -> Frame {
        let lines = crate::output::wrap_lines(text, width.saturating_sub(2).max(10));
        Frame {
            lines: lines.iter().map(|l| Line::plain(format!(" {l}"))).collect(),
        }
    }

    /// The screen as plain text, for tests and snapshots.
    pub fn text(&self) -> String {
        let rows: Vec<String> = self
            .lines
            .iter()
            .map(|l| l.text().trim_end().to_owned())
            .collect();
        rows.join("\n")
    }
}

/// Below this many rows, the compact layout.
const ROOMY_ROWS: usize = 20;
/// Seconds each cue stays on screen before the next.
const CUE_SECONDS: u64 = 8;

fn bar(fraction: f64, width: usize) -> String {
    let filled = ((fraction.clamp(0.0, 1.0) * width as f64).round() as usize).min(width);
    format!("{}{}", "█".repeat(filled), "░".repeat(width - filled))
}

/// A part of the session screen, and how readily it gives way when rows run short: blank
/// rows first; then the figure, whole; then the big digits and the two-line heading shrink to one line each; then the
/// progress bars go; then the cue; then (cut with "…") the caution. The rest always stays.
enum Row {
    Line(Line),
    Spacer,
    /// Shown whole when there is room, else as `short`.
    Shrinks {
        full: Vec<Line>,
        short: Line,
    },
    Bars(Line),
    Cue(Line),
    Caution(Line),
    /// A frame of the step's figure: shown whole or not at all.
    Figure(Vec<Line>),
}

impl Row {
    /// Higher gives way first; 0 never does.
    fn give(&self) -> u8 {
        match self {
            Row::Line(_) => 0,
            Row::Caution(_) => 1,
            Row::Cue(_) => 2,
            Row::Bars(_) => 3,
            Row::Shrinks { .. } => 4,
            Row::Figure(_) => 5,
            Row::Spacer => 6,
        }
    }

    /// The rows it takes.
    fn height(&self) -> usize {
        match self {
            Row::Shrinks { full, .. } => full.len(),
            Row::Figure(lines) => lines.len(),
            _ => 1,
        }
    }
}

/// The session screen.
pub fn session(
    routine: &Routine,
    state: &State<'_>,
    help: bool,
    note: Option<&str>,
    width: usize,
    height: usize,
) -> Frame {
    let phase = state.phase;
    let step = routine.steps.get(phase.step);
    let n = routine.steps.len();
    let wrap_width = width.saturating_sub(2).max(10);
    let mut rows = Vec::new();
    fn push(rows: &mut Vec<Row>, line: Line) {
        rows.push(Row::Line(line));
    }

    // Title, and where we are.
    let right = if state.paused {
        Line::styled(Style::Warn, "PAUSED")
    } else {
        Line::styled(Style::Dim, format!("step {} of {n}", phase.step + 1))
    };
    let title_room = width.saturating_sub(right.width() + 1);
    let title = Line::spread(
        Line::styled(Style::Bold, routine.title.clone()).fit(title_room),
        right,
        width,
    );
    if help {
        let mut lines = vec![title];
        if height >= ROOMY_ROWS {
            lines.push(Line::default());
        }
        lines.extend(help_lines(width));
        return Frame::new(with_footer(lines, Keys::Help, width, height), width, height);
    }
    push(&mut rows, title);
    rows.push(Row::Spacer);

    // The exercise.
    if let Some(ex) = step {
        let name = match phase.kind {
            PhaseKind::Rest => "Rest".to_owned(),
            PhaseKind::Equipment => "Getting ready".to_owned(),
            _ => ex.name.clone(),
        };
        let strategy = if phase.kind == PhaseKind::Equipment {
            Line::styled(Style::Bold, "BEFORE YOU START")
        } else {
            Line::styled(
                Style::Strategy(ex.strategy),
                ex.strategy.title().to_uppercase(),
            )
        };
        rows.push(Row::Shrinks {
            full: vec![strategy.clone(), Line::styled(Style::Bold, name.clone())],
            short: strategy
                .then(Style::Plain, " · ")
                .then(Style::Bold, name)
                .fit(width),
        });
    }
    push(
        &mut rows,
        Line::styled(Style::Dim, phase.detail.clone().unwrap_or_default()),
    );
    rows.push(Row::Spacer);

    // What to do now, large and clear; setting up may take three lines.
    let prompt = if state.paused {
        "Paused. Press space to go on.".to_owned()
    } else {
        phase.prompt.to_string()
    };
    // Setting up and "you'll need" are read before starting: all of it, however long.
    let most = if matches!(phase.kind, PhaseKind::LeadIn | PhaseKind::Equipment) {
        usize::MAX
    } else {
        2
    };
    let wrapped = crate::output::wrap_lines(&prompt, wrap_width);
    for l in wrapped.iter().take(most) {
        push(
            &mut rows,
            Line::styled(Style::Prompt, l.to_string()).centred(width),
        );
    }
    if wrapped.len() < 2 {
        rows.push(Row::Spacer);
    }
    // A level changed, or how the step just done felt: said under the prompt, always shown.
    if let Some(note) = note {
        for l in crate::output::wrap_lines(note, wrap_width).iter().take(3) {
            push(
                &mut rows,
                Line::styled(Style::Warn, l.to_string()).centred(width),
            );
        }
        rows.push(Row::Spacer);
    } else if phase.kind == PhaseKind::LeadIn && state.remaining.is_some() && !state.paused {
        // A timed get-ready can be made longer.
        push(
            &mut rows,
            Line::styled(Style::Dim, "Need longer? + adds 15 s").centred(width),
        );
        rows.push(Row::Spacer);
    } else {
        rows.push(Row::Spacer);
    }

    // The countdown: big digits when there is room.
    match state.remaining {
        Some(left) => rows.push(Row::Shrinks {
            full: big(&clock(left))
                .into_iter()
                .map(|row| Line::styled(Style::Count, row).centred(width))
                .collect(),
            short: Line::styled(Style::Count, clock(left)).centred(width),
        }),
        None => {
            let verb = if matches!(phase.kind, PhaseKind::LeadIn | PhaseKind::Equipment) {
                "ready"
            } else {
                "done"
            };
            let waited = format!(
                "Press Enter when {verb}  ({} so far)",
                stopwatch(state.elapsed)
            );
            push(&mut rows, Line::styled(Style::Count, waited).centred(width));
            rows.push(Row::Spacer);
            rows.push(Row::Spacer);
        }
    }
    rows.push(Row::Spacer);

    // The pose: the frame of the figure that goes with this phase, under the countdown.
    if let Some(lines) = step.and_then(|ex| figure_frame(ex, state)) {
        rows.push(Row::Figure(
            lines
                .into_iter()
                .map(|l| Line::styled(Style::Plain, l).centred(width))
                .collect(),
        ));
        rows.push(Row::Spacer);
    }

    // Heat counts in real time, paused or not, up to its limit.
    if let Some((used, limit)) = state.heat {
        let so_far = format!(
            "Heat so far {} of {} at most",
            stopwatch(used),
            clock(limit)
        );
        push(&mut rows, Line::styled(Style::Warn, so_far).centred(width));
        if state.paused {
            let still = "Still counting while paused: the heat is still on you";
            for l in crate::output::wrap_lines(still, wrap_width) {
                push(
                    &mut rows,
                    Line::styled(Style::Warn, l.to_string()).centred(width),
                );
            }
        }
    }

    // Breathing grows and shrinks a bar; everything else gets an empty line here.
    if let (Some(part), Some(len)) = (phase.breath, state.length) {
        let f = if len.is_zero() {
            1.0
        } else {
            state.elapsed.as_secs_f64() / len.as_secs_f64()
        };
        let fill = match part {
            BreathPart::In => f,
            BreathPart::Hold => 1.0,
            BreathPart::Out => 1.0 - f,
            BreathPart::HoldEmpty => 0.0,
        };
        let w = width.saturating_sub(4).min(40);
        let filled = ((fill.clamp(0.0, 1.0) * w as f64).round() as usize).min(w);
        let shape = format!("{}{}", "█".repeat(filled), " ".repeat(w - filled));
        push(
            &mut rows,
            Line::styled(Style::Bar, format!("▕{shape}▏")).centred(width),
        );
    } else if state.heat.is_none() {
        rows.push(Row::Spacer);
    }

    // Progress: this step, and the session.
    let label_w = 8;
    let time_w = 13;
    let bar_w = width.saturating_sub(label_w + time_w + 2).clamp(4, 50);
    let step_left = clock(state.step_remaining);
    rows.push(Row::Bars(
        Line::styled(Style::Dim, format!("{:<label_w$}", "Step"))
            .then(Style::Bar, bar(state.step_progress, bar_w))
            .then(Style::Dim, format!("  {step_left} left")),
    ));
    rows.push(Row::Bars(
        Line::styled(Style::Dim, format!("{:<label_w$}", "Session"))
            .then(Style::Bar, bar(state.session_progress, bar_w))
            .then(
                Style::Dim,
                format!("  {} left", clock(state.session_remaining)),
            ),
    ));
    rows.push(Row::Spacer);

    // A cue, rotating, and the step's caution for the whole step: the caution whole
    // whenever there is room, before the cue and the bars.
    let in_step = !matches!(phase.kind, PhaseKind::Rest | PhaseKind::Equipment);
    if in_step && let Some(ex) = step {
        let i = if phase.kind == PhaseKind::LeadIn {
            0
        } else {
            (state.active.as_secs() / CUE_SECONDS) as usize % ex.cues.len().max(1)
        };
        // The heat is off: its cues ("let the warmth soak in") no longer apply.
        let cue = ex.cues.get(i).filter(|_| phase.kind != PhaseKind::HeatOff);
        if let Some(cue) = cue {
            for l in &crate::output::wrap_lines(cue, wrap_width) {
                rows.push(Row::Cue(Line::plain(format!("  {l}"))));
            }
        }
        if let Some(caution) = &ex.caution {
            let text = format!("! {caution}");
            // Two columns spare, for the "…" of a caution cut short.
            for l in crate::output::wrap_lines(&text, wrap_width.saturating_sub(2).max(8)) {
                rows.push(Row::Caution(Line::styled(Style::Warn, format!("  {l}"))));
            }
        }
        rows.push(Row::Spacer);
    }

    // What comes next: before the first step, the first step.
    let after = if phase.kind == PhaseKind::Equipment {
        phase.step
    } else {
        phase.step + 1
    };
    // A rest's prompt already says what comes next.
    if phase.kind != PhaseKind::Rest {
        let next = match routine.steps.get(after) {
            Some(ex) => format!("Next: {}", ex.name_and_position()),
            None => "Next: the end".to_owned(),
        };
        push(&mut rows, Line::styled(Style::Dim, next));
    }

    let lines = rows_to_lines(rows, height.saturating_sub(1));
    let keys = if state.paused {
        Keys::Paused
    } else if state.remaining.is_none() && state.finished.is_none() {
        Keys::Waiting
    } else {
        Keys::Running
    };
    Frame::new(with_footer(lines, keys, width, height), width, height)
}

/// The lines of the step's figure to show now, all as wide as the widest frame and as tall
/// as the tallest, so the screen does not jump between frames: in a `phases` or `breath`
/// step the frame of the phase's place in its cycle; in paced reps each rep runs through
/// the frames (bridge: down, then up); otherwise the first. None between steps.
fn figure_frame(ex: &crate::routine::Exercise, state: &State<'_>) -> Option<Vec<String>> {
    let fig = ex.figure.as_ref()?;
    let phase = state.phase;
    let i = match phase.kind {
        PhaseKind::Work => match (&ex.dosage, state.length) {
            (crate::routine::Dosage::Phases { .. } | crate::routine::Dosage::Breath { .. }, _) => {
                phase.cycle_pos
            }
            (
                crate::routine::Dosage::Reps {
                    rep_seconds: Some(_),
                    ..
                },
                Some(len),
            ) if !len.is_zero() => {
                let f = state.elapsed.as_secs_f64() / len.as_secs_f64();
                ((f.clamp(0.0, 1.0) * fig.frames.len() as f64) as usize)
                    .min(fig.frames.len().saturating_sub(1))
            }
            _ => 0,
        },
        PhaseKind::LeadIn | PhaseKind::Switch | PhaseKind::SetRest => 0,
        PhaseKind::Equipment | PhaseKind::Rest | PhaseKind::HeatOff => return None,
    };
    let (w, h) = (fig.width(), fig.height());
    let frame = fig.frame(i);
    let mut lines = vec![" ".repeat(w); h.saturating_sub(frame.len())];
    lines.extend(
        frame
            .iter()
            .map(|l| format!("{l}{}", " ".repeat(w.saturating_sub(l.width())))),
    );
    Some(lines)
}

/// The rows as lines in at most `room` rows: rows give way, the most ready first and from
/// the bottom up, until the rest fit. A caution cut short ends in "…".
fn rows_to_lines(mut rows: Vec<Row>, room: usize) -> Vec<Line> {
    let mut cut_caution = false;
    let height = |rows: &[Row]| rows.iter().map(Row::height).sum::<usize>();
    // Only blank rows give way before the figure: when it does not fit without them, it
    // goes first, so that the blank rows it would have cost come back.
    let without_blanks: usize = rows
        .iter()
        .filter(|r| !matches!(r, Row::Spacer))
        .map(Row::height)
        .sum();
    if without_blanks > room {
        rows.retain(|r| !matches!(r, Row::Figure(_)));
    }
    while height(&rows) > room {
        let Some(most) = rows.iter().map(Row::give).max().filter(|g| *g > 0) else {
            break;
        };
        if most == Row::Cue(Line::default()).give() || most == Row::Figure(Vec::new()).give() {
            // Half a cue (or half a figure) says nothing: it goes whole.
            rows.retain(|r| r.give() != most);
        } else if let Some(i) = rows.iter().rposition(|r| r.give() == most) {
            cut_caution |= matches!(rows[i], Row::Caution(_));
            if let Row::Shrinks { short, .. } = &rows[i] {
                rows[i] = Row::Line(short.clone());
            } else {
                rows.remove(i);
            }
        }
    }
    if cut_caution && let Some(Row::Caution(last)) = rows.iter_mut().rev().find(|r| r.give() == 1) {
        let mut text = last.text();
        text.push_str(" …");
        *last = Line::styled(Style::Warn, text);
    }
    rows.into_iter()
        .flat_map(|r| match r {
            Row::Line(l) | Row::Caution(l) | Row::Bars(l) | Row::Cue(l) => vec![l],
            Row::Shrinks { full, .. } | Row::Figure(full) => full,
            Row::Spacer => vec![Line::default()],
        })
        .collect()
}

/// The keys of a session and what each does: the `?` help on the screen, `start --help`
/// and the man page all say these, so they can't disagree.
pub const SESSION_KEYS: [(&str, &str); 9] = [
    ("space", "pause, or go on (the clock stops)"),
    ("n  →", "next step"),
    ("p  ←", "restart this step (twice: the one before)"),
    (
        "+  -",
        "15 seconds more or less on a hold (heat: 20 minutes at most)",
    ),
    ("Enter", "done, on a set at your own pace"),
    ("q  Esc", "stop here; the session is recorded"),
    ("Ctrl-Z", "suspend; comes back paused"),
    (
        "1-4",
        "after a step, when asked: easy, about right, hard, it hurt",
    ),
    ("d", "when a step's level changed: last time's level"),
];

/// The keys, each with what it does, wrapped under itself to `width`.
fn help_lines(width: usize) -> Vec<Line> {
    const KEY: usize = 10;
    let mut lines = Vec::new();
    let close = ("?", "close this help (the clock stops while it is open)");
    for (k, v) in SESSION_KEYS.into_iter().chain([close]) {
        let wrapped = crate::output::wrap_lines(v, width.saturating_sub(KEY).max(10));
        for (i, part) in wrapped.iter().enumerate() {
            let key = if i == 0 { k } else { "" };
            lines.push(
                Line::styled(Style::Bold, format!("  {key:<8}"))
                    .then(Style::Plain, part.to_string()),
            );
        }
    }
    lines
}

/// Pins the key line to the bottom row.
/// Which keys the footer names: a phase that waits for Enter has no clock to change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Keys {
    Running,
    Waiting,
    Paused,
    Help,
}

fn with_footer(mut lines: Vec<Line>, keys: Keys, width: usize, height: usize) -> Vec<Line> {
    let keys = match (keys, width >= 60) {
        (Keys::Running, true) => "space pause · n next · p back · +/- 15 s · q stop · ? help",
        (Keys::Running, false) => "space pause  n next  q stop  ? help",
        (Keys::Waiting, true) => "Enter go on · n next · p back · q stop · ? help",
        (Keys::Waiting, false) => "Enter go on  n next  q stop  ? help",
        (Keys::Paused, true) => "space resume · n next · p back · q stop · ? help",
        (Keys::Paused, false) => "space resume  n next  q stop  ? help",
        (Keys::Help, _) => "? or Esc close this help · q stop",
    };
    lines.truncate(height.saturating_sub(1));
    lines.resize(height.saturating_sub(1), Line::default());
    lines.push(Line::styled(Style::Dim, keys));
    lines
}

/// A question before or after the session: the routine's title, the question, what has
/// been typed, and how to answer.
pub fn question(
    title: &str,
    question: &str,
    typed: &str,
    hint: &str,
    width: usize,
    height: usize,
) -> Frame {
    let mut lines = vec![Line::styled(Style::Bold, title.to_owned()), Line::default()];
    for l in crate::output::wrap_lines(question, width.saturating_sub(2).max(10)) {
        lines.push(Line::styled(Style::Prompt, l.to_string()));
    }
    lines.push(Line::default());
    // The end of what was typed, where the cursor is, always shows: a long note scrolls.
    let room = width.saturating_sub(3).max(1);
    let shown = if typed.width() <= room {
        typed.to_owned()
    } else {
        let mut tail: Vec<char> = Vec::new();
        let mut used = 1;
        for c in typed.chars().rev() {
            let w = c.width().unwrap_or(0);
            if used + w > room {
                break;
            }
            used += w;
            tail.push(c);
        }
        std::iter::once('…').chain(tail.into_iter().rev()).collect()
    };
    lines.push(Line::plain(format!("> {shown}")).then(Style::Bold, "_"));
    lines.push(Line::default());
    for l in crate::output::wrap_lines(hint, width.saturating_sub(2).max(10)) {
        lines.push(Line::styled(Style::Dim, l.to_string()));
    }
    Frame::new(lines, width, height)
}

/// `text` in three-row digits (0-9 and `:`).
fn big(text: &str) -> [String; 3] {
    const DIGITS: [[&str; 3]; 10] = [
        ["┏━┓", "┃ ┃", "┗━┛"],
        [" ┓ ", " ┃ ", " ┻ "],
        ["┏━┓", "┏━┛", "┗━━"],
        ["┏━┓", " ━┫", "┗━┛"],
        ["╻ ╻", "┗━┫", "  ╹"],
        ["┏━━", "┗━┓", "┗━┛"],
        ["┏━━", "┣━┓", "┗━┛"],
        ["━━┓", "  ┃", "  ╹"],
        ["┏━┓", "┣━┫", "┗━┛"],
        ["┏━┓", "┗━┫", "┗━┛"],
    ];
    const COLON: [&str; 3] = [" ", "╏", " "];
    let mut rows = [String::new(), String::new(), String::new()];
    for (i, c) in text.chars().enumerate() {
        let glyph = match c.to_digit(10) {
            Some(d) => DIGITS[d as usize],
            None => COLON,
        };
        for (row, part) in rows.iter_mut().zip(glyph) {
            if i > 0 {
                row.push(' ');
            }
            row.push_str(part);
        }
    }
    rows
}

// The safety screens: before the first session, and after a pain score of 8 or more.
mod nudge;
pub mod plain;
mod safety;
pub use nudge::{NudgeState, Said, nudge, nudge_line, nudge_notice, nudge_opening};
pub use safety::{
    Offer, SAFETY_TITLE, fitted_page, fitted_pages, flare_offer, flare_offer_page,
    flare_offer_pages, flare_text, safety, safety_page, safety_pages, safety_text,
};

#[cfg(test)]
mod tests;
