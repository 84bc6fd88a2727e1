//! Diagnostics for bad routine files: what is wrong, where (file:line:col, with the line
//! itself), and what to write instead. One diagnostic per problem; the printer is in `error`.

use std::fmt;
use std::ops::Range;

use unicode_width::UnicodeWidthStr;

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
    /// The text of that line, for the snippet.
    pub text: String,
    /// How many columns the underline spans (at least 1).
    pub width: usize,
}

impl Location {
    /// The place of a byte range in `src`. Out-of-range spans are clamped, never a panic.
    pub fn of(src: &str, span: Range<usize>) -> Location {
        let start = floor_char_boundary(src, span.start.min(src.len()));
        let end = floor_char_boundary(src, span.end.clamp(start, src.len()));
        let line_start = src[..start].rfind('\n').map_or(0, |i| i + 1);
        let line_end = src[start..].find('\n').map_or(src.len(), |i| start + i);
        let line = src[..start].matches('\n').count() + 1;
        let col = src[line_start..start].chars().count() + 1;
        let text = src[line_start..line_end].trim_end_matches('\r').to_owned();
        let underlined = &src[start..end.min(line_end)];
        Location {
            line,
            col,
            text,
            width: underlined.width().max(1),
        }
    }
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
    if let Some((key, expected)) = parse_unknown_field(raw) {
        let message = format!("unknown key `{key}`");
        let hint = match did_you_mean(&key, expected.iter().map(String::as_str)) {
            Some(best) => format!("did you mean `{best}`?"),
            None if expected.is_empty() => "this table takes no keys".to_owned(),
            None => format!("the keys allowed here are: {}", expected.join(", ")),
        };
        return (message, Some(hint));
    }
    if let Some(rest) = raw.strip_prefix("missing field ") {
        return (format!("missing key {rest}"), None);
    }
    if raw.starts_with("invalid type:") {
        let hint = if raw.contains("expected a whole number") {
            "write a whole number without quotes, like `seconds = 30`"
        } else if raw.contains("expected a string") {
            "text goes in double quotes, like `name = \"Cat-cow\"`"
        } else if raw.contains("expected a boolean") {
            "write `true` or `false`, without quotes"
        } else if raw.contains("expected a sequence") {
            "a list goes in square brackets, like `cues = [\"First\", \"Then\"]`"
        } else {
            "check the value's type: numbers bare, text in double quotes, lists in [ ]"
        };
        return (raw.to_owned(), Some(hint.to_owned()));
    }
    (raw.to_owned(), Some(format!("see {format} in README.md")))
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
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.at {
            Some(at) => {
                writeln!(
                    f,
                    "{}:{}:{}: {}",
                    self.origin, at.line, at.col, self.message
                )?;
                let gutter = at.line.to_string().len().max(4);
                // The line is the file's, untrusted: a control character is shown as one
                // visible mark, never sent to the terminal.
                let shown: String = at
                    .text
                    .chars()
                    .take(120)
                    .map(|c| if c.is_control() { '\u{fffd}' } else { c })
                    .collect();
                writeln!(f, "{:>gutter$} | {shown}", at.line)?;
                let pad = at.text.chars().take(at.col - 1).collect::<String>().width();
                let width = at.width.min(120usize.saturating_sub(pad).max(1));
                write!(f, "{:>gutter$} | {:pad$}{}", "", "", "^".repeat(width))?;
            }
            None => write!(f, "{}: {}", self.origin, self.message)?,
        }
        if let Some(hint) = &self.hint {
            write!(f, "\n  hint: {hint}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn location_counts_lines_and_characters() {
        let src = "a = 1\nnäme = \"x\"\n";
        let at = Location::of(src, 14..17);
        assert_eq!((at.line, at.col), (2, 8));
        assert_eq!(at.text, "näme = \"x\"");
        assert_eq!(at.width, 3);
    }

    #[test]
    fn location_clamps_bad_spans() {
        let at = Location::of("ab", 10..20);
        assert_eq!((at.line, at.col, at.width), (1, 3, 1));
        // A span inside a multi-byte character does not panic.
        let at = Location::of("é", 1..2);
        assert_eq!((at.line, at.col), (1, 1));
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
        let src = "title = \"\u{1b}]0;PWNED\u{7}\"\nsconds = 4\n";
        let d = Diagnostic::new("mine.toml", "a control character").at(src, 9..10);
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{text:?}"
        );
        assert!(text.contains("\u{fffd}]0;PWNED\u{fffd}"), "{text:?}");
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
