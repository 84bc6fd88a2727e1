//! What the commands print on standard output: tables and readable text for people, JSON,
//! JSON Lines and CSV for scripts. Every renderer is pure: data in, bytes out to a
//! `&mut impl Write`, with the terminal's width passed in; none reads a file, scans the log,
//! starts a thread or prints a problem (the commands do, and `error` prints problems).
//!
//! This file is the one format module the renderers share: durations, dosages, pain, tables,
//! wrapping and styles. How wide the terminal is, the commands ask `ui::terminal` and hand in.

pub mod config;
pub mod exercises;
pub mod fit;
pub mod levels;
pub mod list;
pub mod log;
pub mod show;
pub mod stats;
pub mod strategies;
pub mod summary;
pub mod theme;
pub mod today;

use std::io::{self, Write};

use std::time::Duration;

use unicode_width::UnicodeWidthStr;

use crate::routine::strategy::Strategy;
use crate::routine::{Dosage, Exercise};

/// `value` as pretty JSON, every `--json`'s one way of writing: a character that must not
/// reach a terminal (a C1 or bidirectional control from a file or the log, which JSON may
/// carry as it is) is written as a JSON escape (`\u202e`): the same data, safe to print.
pub fn json<T: serde::Serialize + ?Sized>(out: &mut impl Write, value: &T) -> io::Result<()> {
    let text = serde_json::to_string_pretty(value)?;
    writeln!(out, "{}", crate::untrusted::escape_lines(&text))
}

/// `m:ss`, or `h:mm:ss` past an hour.
pub fn clock(d: Duration) -> String {
    let s = crate::session::ceil_secs(d);
    if s >= 3600 {
        format!("{}:{:02}:{:02}", s / 3600, s / 60 % 60, s % 60)
    } else {
        format!("{}:{:02}", s / 60, s % 60)
    }
}

/// Elapsed time, `m:ss` rounded down (a stopwatch, where `clock` is a countdown).
pub fn stopwatch(d: Duration) -> String {
    clock(Duration::from_secs(d.as_secs()))
}

/// "1 day", "3 days": `n` and the word, plural unless one.
pub fn count(n: impl Into<u64>, word: &str) -> String {
    match n.into() {
        1 => format!("1 {word}"),
        n => format!("{n} {word}s"),
    }
}

/// "45 s", "1 min 30 s", "15 min", "1 h 5 min".
pub fn duration(secs: impl Into<u64>) -> String {
    let secs: u64 = secs.into();
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    match (h, m, s) {
        (0, 0, s) => format!("{s} s"),
        (0, m, 0) => format!("{m} min"),
        (0, m, s) => format!("{m} min {s} s"),
        (h, 0, _) => format!("{h} h"),
        (h, m, _) => format!("{h} h {m} min"),
    }
}

/// Whole minutes, rounded to the nearest (at least 1).
pub fn minutes(secs: u64) -> u64 {
    (secs.saturating_add(30) / 60).max(1)
}

/// Pain before and after as "6 -> 4" ("6 -> -" when only one was answered); empty when
/// neither was.
pub fn pain_change(before: Option<u8>, after: Option<u8>) -> String {
    let p = |n: Option<u8>| n.map_or("-".to_owned(), |n| n.to_string());
    match (before, after) {
        (None, None) => String::new(),
        (before, after) => format!("{} -> {}", p(before), p(after)),
    }
}

/// The dosage in a few words: "Hold 30 s · 2 sets, 10 s rest · each side".
pub fn dosage_summary(ex: &Exercise) -> String {
    let mut parts = vec![match &ex.dosage {
        Dosage::Timed { seconds } => duration(*seconds),
        Dosage::Reps {
            reps,
            rep_seconds: Some(s),
        } => format!("{reps} reps, {s} s each"),
        Dosage::Reps {
            reps,
            rep_seconds: None,
        } => format!("{reps} reps at your own pace"),
        Dosage::Phases { phases, cycles } => {
            let one = phases
                .iter()
                .map(|p| u64::from(p.seconds))
                .fold(0, u64::saturating_add);
            let n = phases.len();
            let what = if n == 1 {
                "1 prompt".to_owned()
            } else {
                format!("{n} prompts")
            };
            if *cycles > 1 {
                format!("{cycles} rounds of {what}, {} each", duration(one))
            } else {
                format!("{what}, {}", duration(one))
            }
        }
        Dosage::Breath { breath, cycles } => {
            let mut b = vec![format!("in {}", breath.inhale)];
            if breath.hold > 0 {
                b.push(format!("hold {}", breath.hold));
            }
            b.push(format!("out {}", breath.exhale));
            if breath.hold_after > 0 {
                b.push(format!("hold {}", breath.hold_after));
            }
            format!("{cycles} breaths ({} s)", b.join(", "))
        }
    }];
    if ex.sets > 1 {
        if ex.set_rest > 0 {
            parts.push(format!("{} sets, {} rest", ex.sets, duration(ex.set_rest)));
        } else {
            parts.push(format!("{} sets", ex.sets));
        }
    }
    if ex.sides {
        parts.push("each side".to_owned());
    }
    parts.join(" · ")
}

/// How a table meets a narrow terminal.
#[derive(Debug, Clone, Copy)]
pub struct Fit<'a> {
    /// The terminal's width; `None` prints every cell whole (pipes, files).
    pub width: Option<usize>,
    /// Columns that may be cut short with "…", the first given cut last.
    pub shrink: &'a [usize],
    /// Columns of strategy ids (one, or a list joined by ", "), each id shown in its
    /// strategy's colour.
    pub strategies: &'a [usize],
}

impl Fit<'static> {
    /// Every cell whole, nothing coloured: for tables that are always narrow.
    pub const WHOLE: Fit<'static> = Fit {
        width: None,
        shrink: &[],
        strategies: &[],
    };
}

/// `text` in `style`. Renderers always write their styles; the stream `commands` gives them
/// drops the codes when colour is off, so a pipe, `NO_COLOR` or `--color never` gets plain
/// text.
pub fn paint(style: anstyle::Style, text: &str) -> String {
    format!("{style}{text}{style:#}")
}

/// Headings and names.
pub const BOLD: anstyle::Style = anstyle::Style::new().bold();

/// Cautions.
pub const WARN: anstyle::Style =
    anstyle::Style::new().fg_color(Some(anstyle::Color::Ansi(anstyle::AnsiColor::Yellow)));

/// A strategy's colour, as on the session screen.
pub fn strategy_style(s: Strategy) -> anstyle::Style {
    anstyle::Style::new().fg_color(Some(anstyle::Ansi256Color(theme::strategy_color(s)).into()))
}

/// The narrowest a shrinkable column gets.
const MIN_SHRUNK: usize = 8;

/// Left-aligned columns separated by two spaces; trailing space is trimmed. On a terminal
/// narrower than the table, the `shrink` columns are cut short with "…", and hidden if even
/// that is not enough.
pub fn table(
    out: &mut impl Write,
    header: &[&str],
    rows: &[Vec<String>],
    fit: Fit<'_>,
) -> io::Result<()> {
    table_from(out, header, fit, |each| {
        rows.iter().try_for_each(|row| each(row))
    })
}

/// Hands each row of a table to the function given: see [`table_from`].
pub type EachRow<'a> = &'a mut dyn FnMut(&[String]) -> io::Result<()>;

/// [`table`] over rows that `rows` hands, one at a time, to the function it is given. It
/// is called twice, once to measure the columns and once to print the rows, each time with
/// the same rows: a long table (`log -n 0`) is never held whole.
pub fn table_from(
    out: &mut impl Write,
    header: &[&str],
    fit: Fit<'_>,
    mut rows: impl FnMut(EachRow<'_>) -> io::Result<()>,
) -> io::Result<()> {
    let mut widths: Vec<usize> = header.iter().map(|h| h.width()).collect();
    rows(&mut |row| {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.width());
        }
        Ok(())
    })?;
    let mut hidden = vec![false; widths.len()];
    if let Some(max) = fit.width {
        let shown = |hidden: &[bool], w: &dyn Fn(usize) -> usize| -> usize {
            let cols: Vec<usize> = (0..widths.len()).filter(|&i| !hidden[i]).collect();
            cols.iter().map(|&i| w(i)).sum::<usize>() + 2 * cols.len().saturating_sub(1)
        };
        let shrinkable = |i: usize| fit.shrink.contains(&i);
        let narrowest = |i: usize| {
            if shrinkable(i) {
                widths[i].min(MIN_SHRUNK)
            } else {
                widths[i]
            }
        };
        // Hide shrinkable columns, the first to be cut first, until the rest can fit.
        for &col in fit.shrink.iter().rev() {
            if col < widths.len() && shown(&hidden, &narrowest) > max {
                hidden[col] = true;
            }
        }
        // Then cut the visible ones, the first to be cut first.
        let mut excess = shown(&hidden, &|i| widths[i]).saturating_sub(max);
        for &col in fit.shrink.iter().rev() {
            if col < widths.len() && !hidden[col] {
                let cut = excess.min(widths[col].saturating_sub(MIN_SHRUNK));
                widths[col] -= cut;
                excess -= cut;
            }
        }
    }
    let header: Vec<String> = header.iter().map(|h| (*h).to_owned()).collect();
    let mut write_row = |n: usize, row: &[String]| {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate().filter(|(i, _)| !hidden[*i]) {
            let shown = truncate(cell, widths[i]);
            let pad = " ".repeat(widths[i].saturating_sub(shown.width()) + 2);
            if n > 0 && fit.strategies.contains(&i) {
                line.push_str(&paint_strategies(cell, &shown));
            } else {
                line.push_str(&shown);
            }
            line.push_str(&pad);
        }
        let line = line.trim_end();
        if n == 0 {
            writeln!(out, "{}", paint(BOLD, line))
        } else {
            writeln!(out, "{line}")
        }
    };
    write_row(0, &header)?;
    rows(&mut |row| write_row(1, row))
}

/// `shown` (a list of strategy ids, perhaps cut short with "…", as `cell` is in full) with
/// each id in its strategy's colour: the pieces of `shown` are the pieces of `cell`, in
/// order, so a cut one keeps its colour. Anything that is not a strategy stays plain.
fn paint_strategies(cell: &str, shown: &str) -> String {
    const SEP: &str = ", ";
    shown
        .split(SEP)
        .zip(cell.split(SEP))
        .map(|(piece, id)| match Strategy::from_id(id) {
            Some(s) => paint(strategy_style(s), piece),
            None => piece.to_owned(),
        })
        .collect::<Vec<_>>()
        .join(SEP)
}

/// `cell` cut to `width` columns, ending in "…" when cut.
fn truncate(cell: &str, width: usize) -> std::borrow::Cow<'_, str> {
    if cell.width() <= width {
        return cell.into();
    }
    let mut out = String::new();
    let mut used = 0;
    for c in cell.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out.into()
}

/// `text` wrapped to `width`, each line starting with `indent` (the first with `first`).
pub fn wrap(text: &str, width: usize, first: &str, indent: &str) -> String {
    wrap_indented(text, width, first, indent).join("\n")
}

/// `text` as lines of at most `width` columns, broken at spaces only (never inside
/// "self-massage"): the one way text is wrapped, on the screens as in the output.
pub fn wrap_lines(text: &str, width: usize) -> Vec<String> {
    wrap_indented(text, width, "", "")
}

/// The same, the first line starting with `first` and the others with `indent`.
pub fn wrap_indented(text: &str, width: usize, first: &str, indent: &str) -> Vec<String> {
    let opts = textwrap::Options::new(width)
        .initial_indent(first)
        .subsequent_indent(indent)
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::wrap(text, opts)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The text without its styles, as a pipe gets it.
    fn plain(out: &[u8]) -> String {
        anstream::adapter::strip_str(&String::from_utf8_lossy(out)).to_string()
    }

    #[test]
    fn the_header_is_bold_and_strategies_are_in_colour() {
        let rows = vec![vec!["heat".to_owned(), "heat".to_owned()]];
        let mut out = Vec::new();
        let fit = Fit {
            width: None,
            shrink: &[],
            strategies: &[1],
        };
        table(&mut out, &["NAME", "STRATEGY"], &rows, fit).ok();
        let text = String::from_utf8_lossy(&out);
        assert!(text.starts_with("\x1b[1mNAME"), "{text:?}");
        // Only the strategy column is coloured, not a routine that happens to be named `heat`.
        assert!(text.contains("heat  \x1b[38;5;9mheat\x1b[0m"), "{text:?}");
        assert_eq!(plain(&out), "NAME  STRATEGY\nheat  heat\n");
    }

    /// Issue 12: `list` showed its STRATEGIES column plain: a list of strategies was not
    /// one id, so none was coloured. Each id in a list gets its colour, a cut one too.
    #[test]
    fn each_strategy_in_a_list_has_its_colour() {
        let rows = vec![vec!["heat, stretching, mind-body".to_owned()]];
        let fit = Fit {
            width: None,
            shrink: &[],
            strategies: &[0],
        };
        let mut out = Vec::new();
        table(&mut out, &["STRATEGIES"], &rows, fit).ok();
        let text = String::from_utf8_lossy(&out);
        let row = text.lines().nth(1).unwrap_or_default();
        assert_eq!(
            row,
            "\x1b[38;5;9mheat\x1b[0m, \x1b[38;5;10mstretching\x1b[0m, \x1b[38;5;14mmind-body\x1b[0m"
        );
        assert_eq!(
            paint_strategies("heat, stretching", "heat, str…"),
            "\x1b[38;5;9mheat\x1b[0m, \x1b[38;5;10mstr…\x1b[0m"
        );
        assert_eq!(paint_strategies("-", "-"), "-");
    }

    #[test]
    fn durations_read_naturally() {
        assert_eq!(duration(0_u64), "0 s");
        assert_eq!(duration(45_u64), "45 s");
        assert_eq!(duration(60_u64), "1 min");
        assert_eq!(duration(90_u64), "1 min 30 s");
        assert_eq!(duration(900_u64), "15 min");
        assert_eq!(duration(3600_u64), "1 h");
        assert_eq!(duration(3900_u64), "1 h 5 min");
    }

    #[test]
    fn pain_changes() {
        assert_eq!(pain_change(Some(6), Some(4)), "6 -> 4");
        assert_eq!(pain_change(Some(6), None), "6 -> -");
        assert_eq!(pain_change(None, Some(3)), "- -> 3");
        assert_eq!(pain_change(None, None), "");
    }

    #[test]
    fn minutes_round_to_nearest_but_never_zero() {
        assert_eq!(minutes(10), 1);
        assert_eq!(minutes(89), 1);
        assert_eq!(minutes(90), 2);
        assert_eq!(minutes(1230), 21);
    }

    #[test]
    fn table_aligns_by_display_width() {
        let mut out = Vec::new();
        let rows = vec![
            vec!["é".to_owned(), "x".to_owned()],
            vec!["abc".to_owned(), "y".to_owned()],
        ];
        table(&mut out, &["A", "B"], &rows, Fit::WHOLE).ok();
        assert_eq!(plain(&out), "A    B\né    x\nabc  y\n");
    }

    #[test]
    fn a_narrow_terminal_cuts_the_shrinkable_columns() {
        let rows = vec![vec![
            "name".to_owned(),
            "a long title here".to_owned(),
            "end".to_owned(),
        ]];
        let mut out = Vec::new();
        table(
            &mut out,
            &["N", "TITLE", "E"],
            &rows,
            Fit {
                width: Some(24),
                shrink: &[1],
                strategies: &[],
            },
        )
        .ok();
        let text = plain(&out);
        assert_eq!(text, "N     TITLE          E\nname  a long title…  end\n");
        assert!(text.lines().all(|l| l.width() <= 24));
        // Never below the minimum: a column that can't fit is hidden, and what is left
        // shown whole.
        let mut out = Vec::new();
        let fit = Fit {
            width: Some(12),
            shrink: &[1],
            strategies: &[],
        };
        table(&mut out, &["N", "TITLE", "E"], &rows, fit).ok();
        assert_eq!(plain(&out), "N     E\nname  end\n");
    }
}
