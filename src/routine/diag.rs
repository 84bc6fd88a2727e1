//! Diagnostics for bad routine files: what is wrong, where (file:line:col, with the part of
//! the line around it), and what to write instead. One diagnostic per problem; the printer
//! is in `error`. A diagnostic keeps at most a hundred columns of its line, escaped, however
//! long the line is.

use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

use crate::untrusted;

/// One problem in one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    /// The file as the user knows it: a path, or `built-in:evening.toml`.
    pub origin: String,
    /// 1-based line and column (in characters); `None` for a problem with the whole file.
    pub at: Option<Location>,
    pub message: String,
    pub hint: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Location {
    pub line: usize,
    pub col: usize,
    /// The part of the line shown under the message; `None` when the file's text must not
    /// be echoed (a symlink out of the routines folder).
    pub snippet: Option<Box<Snippet>>,
}

/// At most [`SNIPPET_COLUMNS`] columns of a line around the place of a problem, escaped, with
/// where the underline goes. Only this is kept, never the whole line: a line can be a
/// megabyte long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    /// The text shown; "…" where the line was cut.
    pub text: String,
    /// Columns before the underline.
    pub pad: usize,
    /// How many columns the underline spans (at least 1, never past the text).
    pub width: usize,
}

/// The widest a snippet is, and how much of the line before the place it keeps when the
/// place is far along a long line.
const SNIPPET_COLUMNS: usize = 100;
const CONTEXT_COLUMNS: usize = 40;

impl Location {
    /// The place of a byte range in `src`. Out-of-range spans are clamped, never a panic.
    /// A line ends at `\n`, `\r\n` or a lone `\r`.
    pub fn of(src: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let bytes = src.as_bytes();
        let breaks = bytes[..start]
            .iter()
            .enumerate()
            .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
            .count();
        let is_break = |c: char| c == '\n' || c == '\r';
        let line_start = src[..start].rfind(is_break).map_or(0, |i| i + 1);
        let line_end = src[start..].find(is_break).map_or(src.len(), |i| start + i);
        let before = &src[line_start..start];
        Location {
            line: breaks + 1,
            col: before.chars().count() + 1,
            snippet: Some(Box::new(Snippet::of(
                before,
                &src[start..line_end],
                end.min(line_end) - start,
            ))),
        }
    }
}

impl Snippet {
    /// `before` is the line up to the place, `rest` the line from it; the underline covers
    /// `underlined` bytes of `rest`.
    fn of(before: &str, rest: &str, underlined: usize) -> Snippet {
        let mut text = String::new();
        // The line before the place: all of it when it is short, else "…" and its end.
        let from = match tail(before, SNIPPET_COLUMNS - CONTEXT_COLUMNS) {
            0 => 0,
            _ => {
                text.push('…');
                tail(before, CONTEXT_COLUMNS - 1)
            }
        };
        before[from..]
            .chars()
            .for_each(|c| push_shown(&mut text, c));
        let pad = text.width();
        // Then the line from the place, as far as there is room.
        let (mut used, mut width) = (pad, 0);
        for (i, c) in rest.char_indices() {
            let w = columns(c);
            if used + w > SNIPPET_COLUMNS - 1 {
                text.push('…');
                break;
            }
            push_shown(&mut text, c);
            used += w;
            if i < underlined {
                width += w;
            }
        }
        Snippet {
            text,
            pad,
            width: width.max(1),
        }
    }
}

/// Where the last `max` columns of `s` (as shown) begin: 0 when all of it fits.
fn tail(s: &str, max: usize) -> usize {
    let mut from = s.len();
    let mut cols = 0;
    for (i, c) in s.char_indices().rev() {
        cols += columns(c);
        if cols > max {
            break;
        }
        from = i;
    }
    from
}

/// The most characters of one line of a message or a hint that are printed.
pub const MESSAGE_CHARS: usize = 240;

/// `text` with each line cut at [`MESSAGE_CHARS`] characters, ending in "…" where cut.
fn clip_lines(text: &str) -> std::borrow::Cow<'_, str> {
    if text.lines().all(|l| l.len() <= MESSAGE_CHARS) {
        return text.into();
    }
    let clip = |line: &str| match line.char_indices().nth(MESSAGE_CHARS) {
        Some((at, _)) => format!("{}…", &line[..at]),
        None => line.to_owned(),
    };
    text.split('\n')
        .map(clip)
        .collect::<Vec<_>>()
        .join("\n")
        .into()
}

/// `c` as it is shown: escaped when it is a control character.
fn push_shown(out: &mut String, c: char) {
    let mut buf = [0; 4];
    out.push_str(&untrusted::escape(c.encode_utf8(&mut buf)));
}

/// Columns `c` takes as shown.
fn columns(c: char) -> usize {
    let mut buf = [0; 4];
    untrusted::escape(c.encode_utf8(&mut buf)).width()
}

fn floor_char_boundary(s: &str, mut i: usize) -> usize {
    while i > 0 && !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

impl Diagnostic {
    pub fn new(origin: &str, message: impl Into<String>) -> Diagnostic {
        Diagnostic {
            origin: origin.to_owned(),
            at: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn at(mut self, src: &str, span: Range<usize>) -> Diagnostic {
        self.at = Some(Location::of(src, span));
        self
    }

    /// The same, with no line of the file shown under it: for a file whose text is not to
    /// be echoed. The line and column stay.
    pub fn without_snippet(mut self) -> Diagnostic {
        if let Some(at) = &mut self.at {
            at.snippet = None;
        }
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Diagnostic {
        self.hint = Some(hint.into());
        self
    }

    /// A TOML syntax or type error from the parser, reworded where we can say more;
    /// `format` names the README section that describes the file, for errors with no
    /// better hint.
    pub fn from_toml(origin: &str, src: &str, err: &toml::de::Error, format: &str) -> Diagnostic {
        let raw = err.message().trim();
        let (message, hint) = explain_toml_error(raw, format);
        let mut d = Diagnostic::new(origin, message);
        d.hint = hint;
        if let Some(span) = err.span() {
            d = d.at(src, span);
        }
        d
    }
}

/// Turns serde's and toml's wording into ours: unknown keys get a "did you mean", type
/// errors get an example of what to write.
fn explain_toml_error(raw: &str, format: &str) -> (String, Option<String>) {
    explain(raw, None, format)
}

/// [`explain_toml_error`] for the value under `key`, when it is known: the example in the
/// hint is then of that key (`sets = 2` for a bad `sets`, not `seconds = 30`).
pub fn explain(raw: &str, key: Option<&str>, format: &str) -> (String, Option<String>) {
    if let Some((key, expected)) = parse_unknown_field(raw) {
        let expected: Vec<&str> = expected.iter().map(String::as_str).collect();
        return (
            format!("unknown key `{key}`"),
            Some(unknown_key_hint(&key, &expected)),
        );
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return (format!("missing key {rest}"), None);
    }
    if raw.contains("far too large") {
        let like = key.and_then(example).unwrap_or("seconds = 30");
        return (
            raw.to_owned(),
            Some(format!("write a whole number in its bounds, like `{like}`")),
        );
    }
    if raw.starts_with("invalid type:") || raw.starts_with("invalid value:") {
        let like = |fallback: &str| match key.and_then(example) {
            Some(e) => format!("`{e}`"),
            None => fallback.to_owned(),
        };
        let whole = raw.contains("expected a whole number") || raw.contains("expected i64");
        let hint = if whole && raw.contains("floating point") {
            format!(
                "write a whole number, with no decimal point, like {}",
                like("`seconds = 30`")
            )
        } else if whole && raw.starts_with("invalid type: integer") {
            // A whole number, but too large for any bound (past 64 bits).
            format!(
                "write a whole number in its bounds, like {}",
                like("`seconds = 30`")
            )
        } else if whole {
            format!(
                "write a whole number without quotes, like {}",
                like("`seconds = 30`")
            )
        } else if raw.contains("expected a string") {
            format!(
                "text goes in double quotes, like {}",
                like("`name = \"Cat-cow\"`")
            )
        } else if raw.contains("expected a boolean") {
            "write `true` or `false`, without quotes".to_owned()
        } else if raw.contains("expected a sequence") || raw.contains("expected a list") {
            format!(
                "a list goes in square brackets, like {}",
                like("`cues = [\"First\", \"Then\"]`")
            )
        } else if raw.contains("expected struct") || raw.contains("expected a map") {
            match (key.and_then(example), key) {
                (Some(e), _) => format!("this is a table of its own, like `{e}`"),
                (None, Some(k)) => format!(
                    "this is a table of its own: `[{k}]` on a line, then its keys on the lines below"
                ),
                (None, None) => "this is a table of its own, with keys of its own".to_owned(),
            }
        } else {
            match key.and_then(example) {
                Some(e) => format!("write it like `{e}`"),
                None => "check the value's type: numbers bare, text in double quotes, lists in [ ]"
                    .to_owned(),
            }
        };
        return (without_type_names(raw), Some(hint));
    }
    (
        raw.to_owned(),
        Some(format!("see {format} in `man backcoach` or README.md")),
    )
}

/// serde's "expected struct RawEntry" in the words of the file: "expected a table".
fn without_type_names(raw: &str) -> String {
    match raw.split_once("expected struct ") {
        Some((before, after)) => {
            let rest = after.split_once(' ').map_or("", |(_, r)| r);
            format!(
                "{before}expected a table{}{rest}",
                if rest.is_empty() { "" } else { " " }
            )
        }
        None => raw.to_owned(),
    }
}

/// "did you mean" the closest of the keys `allowed`, or the list of them.
pub fn unknown_key_hint(key: &str, allowed: &[&str]) -> String {
    match did_you_mean(key, allowed.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None if allowed.is_empty() => "this table takes no keys".to_owned(),
        None => format!("the keys allowed here are: {}", allowed.join(", ")),
    }
}

/// A good line for `key`, in a routine, the catalogue or the config file: what a hint shows
/// as the thing to write. The numbers are the catalogue's own defaults where it has them.
pub fn example(key: &str) -> Option<&'static str> {
    Some(match key {
        // A routine.
        "title" => "title = \"My evening\"",
        "summary" => "summary = \"What it is for, in a line\"",
        "for" => "for = \"a bad day\"",
        "when" => "when = \"evening\"",
        "equipment" => "equipment = [\"mat\", \"heating pad\"]",
        "rest" => "rest = 10",
        "step" => "[[step]]",
        // A step or a catalogue entry.
        "exercise" => "exercise = \"cat-cow\"",
        "name" => "name = \"Knee rolls\"",
        "strategy" => "strategy = \"stretching\"",
        "cues" => "cues = [\"Lie on your back\", \"Let both knees fall to one side\"]",
        "caution" => "caution = \"Stop if it brings on leg pain\"",
        "source" => "source = \"NHS back exercises\"",
        "say" => "say = \"Lift your hips; keep breathing\"",
        "prepare" => "prepare = \"Fetch the heating pad and a towel\"",
        "position" => "position = \"on hands and knees\"",
        "figure" => "figure = [[' ● ', '╱│╲', '╱ ╲']]",
        "get_ready" => "get_ready = 10",
        "heat_off" => "heat_off = \"Heat off: move it away and check your skin\"",
        "seconds" => "seconds = 30",
        "minutes" => "minutes = 5",
        "reps" => "reps = 10",
        "rep_seconds" => "rep_seconds = 6",
        "phases" => {
            "phases = [{ say = \"Tense\", seconds = 7 }, { say = \"Let go\", seconds = 15 }]"
        }
        "breath" => "breath = { inhale = 4, exhale = 6 }",
        "cycles" => "cycles = 10",
        "sets" => "sets = 2",
        "set_rest" => "set_rest = 15",
        "sides" => "sides = true",
        "optional" => "optional = true",
        "inhale" => "inhale = 4",
        "hold" => "hold = 4",
        "exhale" => "exhale = 6",
        "hold_after" => "hold_after = 4",
        // The config file.
        "lead_in" => "lead_in = 5",
        "bell" => "bell = false",
        "voice" => "voice = true",
        "voice_command" => "voice_command = [\"espeak-ng\", \"-s\", \"150\"]",
        "color" => "color = \"never\"",
        "week_start" => "week_start = \"sunday\"",
        "data_dir" => "data_dir = \"~/Documents/backcoach\"",
        _ => return None,
    })
}

/// Parses serde's "unknown field `x`, expected one of `a`, `b`" (and its variants).
fn parse_unknown_field(msg: &str) -> Option<(String, Vec<String>)> {
    let rest = msg.strip_prefix("unknown field `")?;
    let (key, rest) = rest.split_once('`')?;
    let expected = rest
        .split('`')
        .enumerate()
        .filter(|(i, _)| i % 2 == 1)
        .map(|(_, s)| s.to_owned())
        .collect();
    Some((key.to_owned(), expected))
}

/// The closest of `candidates` to `word`, if any is close enough to be what was meant.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    // No key, name or id is this long, and comparing a megabyte-long word with each
    // candidate would take a while for nothing.
    if word.len() > 100 {
        return None;
    }
    let lower = word.to_lowercase();
    candidates
        .into_iter()
        .map(|c| (strsim::jaro_winkler(&lower, c), c))
        .filter(|(score, _)| *score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

impl fmt::Display for Diagnostic {
    /// ```text
    /// mine.toml:3:1: unknown key `sconds`
    ///     3 | sconds = 4
    ///       | ^^^^^^
    ///   hint: did you mean `seconds`?
    /// ```
    /// The file name, the message and the hint may carry text from the file (a key, a
    /// name): every control character in them is escaped, as it is in the snippet, and each
    /// line of the message and the hint is cut at [`MESSAGE_CHARS`], so that a key a megabyte
    /// long is not printed whole.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let origin = untrusted::escape(&self.origin);
        let message = untrusted::escape_lines(&self.message);
        let message = clip_lines(&message);
        match &self.at {
            Some(at) => {
                write!(f, "{origin}:{}:{}: {message}", at.line, at.col)?;
                if let Some(snippet) = &at.snippet {
                    let gutter = at.line.to_string().len().max(4);
                    write!(f, "\n{:>gutter$} | {}", at.line, snippet.text)?;
                    // The snippet is at most a hundred columns, so the padding always fits
                    // a format width (an error at column 70,000 once panicked here).
                    let pad = " ".repeat(snippet.pad);
                    let width = snippet
                        .width
                        .min(snippet.text.width().saturating_sub(snippet.pad))
                        .max(1);
                    write!(f, "\n{:>gutter$} | {pad}{}", "", "^".repeat(width))?;
                }
            }
            None => write!(f, "{origin}: {message}")?,
        }
        if let Some(hint) = &self.hint {
            write!(
                f,
                "\n  hint: {}",
                clip_lines(&untrusted::escape_lines(hint))
            )?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn snippet(at: &Location) -> (&str, usize, usize) {
        let s = at.snippet.as_ref().expect("a snippet");
        (s.text.as_str(), s.pad, s.width)
    }

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "a = 1\nnäme = \"x\"\n";
        let at = Location::of(src, 14..17);
        assert_eq!((at.line, at.col), (2, 8));
        assert_eq!(snippet(&at), ("näme = \"x\"", 7, 3));
    }

    #[test]
    fn location_clamps_bad_spans() {
        let at = Location::of("ab", 10..20);
        assert_eq!((at.line, at.col), (1, 3));
        assert_eq!(snippet(&at), ("ab", 2, 1));
        // A span inside a multi-byte character does not panic.
        let at = Location::of("é", 1..2);
        assert_eq!((at.line, at.col), (1, 1));
    }

    #[test]
    fn cr_only_line_endings_count_as_lines() {
        // Old Mac line endings: a lone CR ends a line; CRLF is one break, not two.
        let at = Location::of("a = 1\rb = 2\rsconds = 4\r", 12..18);
        assert_eq!((at.line, at.col), (3, 1));
        assert_eq!(snippet(&at).0, "sconds = 4");
        let at = Location::of("a = 1\r\nb = 2\r\nsconds = 4\r\n", 14..20);
        assert_eq!((at.line, at.col), (3, 1));
        assert_eq!(snippet(&at).0, "sconds = 4");
    }

    #[test]
    fn an_error_at_column_70000_does_not_panic() {
        // Found by the adversarial review: the caret's padding went past what a format
        // width can hold (65,535) and the printer panicked.
        let src = format!("title = \"{}\" x\n", "a".repeat(70_000));
        let at = src.len() - 2;
        let d = Diagnostic::new("long.toml", "expected a newline").at(&src, at..at + 1);
        let loc = d.at.clone().expect("located");
        assert_eq!((loc.line, loc.col), (1, 70_012));
        let text = d.to_string();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "long.toml:1:70012: expected a newline");
        // Only the end of the line is kept and shown, with the caret under the `x`.
        assert!(lines[1].starts_with("   1 | …aaaa"), "{text}");
        assert!(lines[1].ends_with("aaa\" x"), "{text}");
        let column = |line: &str, mark: char| line.chars().position(|c| c == mark);
        assert_eq!(column(lines[1], 'x'), column(lines[2], '^'), "{text}");
        assert!(
            text.len() < 400,
            "the snippet is bounded: {} bytes",
            text.len()
        );
    }

    #[test]
    fn a_long_line_is_cut_after_the_place_too() {
        let src = format!("sconds = \"{}\"", "b".repeat(10_000));
        let at = Location::of(&src, 0..src.len());
        let (text, pad, width) = snippet(&at);
        assert_eq!(pad, 0);
        assert!(
            text.ends_with('…') && text.width() == SNIPPET_COLUMNS,
            "{text}"
        );
        assert_eq!(
            width,
            SNIPPET_COLUMNS - 1,
            "the caret stops where the text does"
        );
    }

    #[test]
    fn unknown_field_messages_are_parsed() {
        assert_eq!(
            parse_unknown_field("unknown field `sconds`, expected `exercise` or `seconds`"),
            Some(("sconds".into(), vec!["exercise".into(), "seconds".into()]))
        );
        assert_eq!(
            parse_unknown_field("unknown field `x`, there are no fields"),
            Some(("x".into(), vec![]))
        );
        assert_eq!(parse_unknown_field("invalid type"), None);
    }

    /// Issue 12: a hint fits its key: `sets = "3"` is shown `sets = 2`, not `seconds = 30`,
    /// and a number too large for any bound is not told to drop its quotes.
    #[test]
    fn type_hints_show_the_key_they_are_under() {
        let hint = |raw, key| explain(raw, key, "the routine format").1;
        assert_eq!(
            hint(
                "invalid type: string \"3\", expected a whole number",
                Some("sets")
            )
            .as_deref(),
            Some("write a whole number without quotes, like `sets = 2`")
        );
        assert_eq!(
            hint("invalid type: string \"3\", expected a whole number", None).as_deref(),
            Some("write a whole number without quotes, like `seconds = 30`")
        );
        assert_eq!(
            hint(
                "invalid type: integer `99999999999999999999` as i128, expected a whole number",
                Some("reps")
            )
            .as_deref(),
            Some("write a whole number in its bounds, like `reps = 10`")
        );
        assert_eq!(
            hint("this number is far too large", Some("cycles")).as_deref(),
            Some("write a whole number in its bounds, like `cycles = 10`")
        );
        assert_eq!(
            hint(
                "invalid type: string \"mat\", expected a sequence",
                Some("equipment")
            )
            .as_deref(),
            Some("a list goes in square brackets, like `equipment = [\"mat\", \"heating pad\"]`")
        );
        assert_eq!(
            hint(
                "invalid type: integer `5`, expected a string",
                Some("week_start")
            )
            .as_deref(),
            Some("text goes in double quotes, like `week_start = \"sunday\"`")
        );
        assert_eq!(
            explain(
                "invalid type: integer `3`, expected struct RawEntry",
                None,
                ""
            )
            .0,
            "invalid type: integer `3`, expected a table"
        );
        assert_eq!(
            hint(
                "invalid type: integer `3`, expected struct RawEntry",
                Some("foo")
            )
            .as_deref(),
            Some("this is a table of its own: `[foo]` on a line, then its keys on the lines below")
        );
    }

    #[test]
    fn unknown_key_suggests_the_closest() {
        let (msg, hint) = explain_toml_error(
            "unknown field `sconds`, expected one of `seconds`, `sets`, `sides`",
            "the routine format",
        );
        assert_eq!(msg, "unknown key `sconds`");
        assert_eq!(hint.as_deref(), Some("did you mean `seconds`?"));
    }

    #[test]
    fn unknown_key_far_from_all_lists_them() {
        let (_, hint) = explain_toml_error(
            "unknown field `zzz`, expected `title` or `summary`",
            "the routine format",
        );
        assert_eq!(
            hint.as_deref(),
            Some("the keys allowed here are: title, summary")
        );
    }

    #[test]
    fn did_you_mean_needs_similarity() {
        assert_eq!(
            did_you_mean("evenign", ["evening", "morning"]),
            Some("evening")
        );
        assert_eq!(
            did_you_mean("Stretching", ["stretching"]),
            Some("stretching")
        );
        assert_eq!(did_you_mean("xyz", ["evening"]), None);
    }

    #[test]
    fn a_control_character_in_the_line_never_reaches_the_terminal() {
        let src = "title = \"\u{1b}]0;PWNED\u{7}\" x\nsconds = 4\n";
        let d = Diagnostic::new("mi\u{1b}[2Jne.toml", "a control \u{9b}character")
            .at(src, 21..22)
            .hint("one\ntwo\u{7}");
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert_eq!(
            text,
            format!(
                "mi\\u001b[2Jne.toml:1:22: a control \\u009bcharacter\n   \
                 1 | title = \"\\u001b]0;PWNED\\u0007\" x\n     | {}^\n  hint: one\ntwo\\u0007",
                " ".repeat(31)
            )
        );
    }

    #[test]
    fn a_key_a_megabyte_long_is_not_printed_whole() {
        let key = "k".repeat(1 << 20);
        let d = Diagnostic::new("x.toml", format!("unknown key `{key}`"))
            .hint(format!("short\nlike `[{key}]`"));
        let text = d.to_string();
        assert!(text.len() < 600, "{} bytes", text.len());
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3);
        assert!(lines[0].starts_with("x.toml: unknown key `kkk") && lines[0].ends_with("k…"));
        assert_eq!(lines[1], "  hint: short");
        assert!(lines[2].starts_with("like `[kkk") && lines[2].ends_with("k…"));
    }

    #[test]
    fn without_snippet_keeps_the_place_only() {
        let d = Diagnostic::new("x.toml", "bad").at("a = 1\nsecret = 2\n", 6..12);
        assert_eq!(
            d.without_snippet().to_string(),
            "x.toml:2:1: bad",
            "no line of the file"
        );
    }

    #[test]
    fn renders_with_snippet_and_hint() {
        let src = "title = \"x\"\nsconds = 4\n";
        let d = Diagnostic::new("mine.toml", "unknown key `sconds`")
            .at(src, 12..18)
            .hint("did you mean `seconds`?");
        assert_eq!(
            d.to_string(),
            "mine.toml:2:1: unknown key `sconds`\n   2 | sconds = 4\n     | ^^^^^^\n  hint: did you mean `seconds`?"
        );
    }
}
