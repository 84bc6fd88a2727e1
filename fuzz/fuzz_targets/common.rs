//! What every refusal must look like, whichever parser made it: at least one diagnostic, at
//! most the cap and the "and N more" line, each on a line of the text, with a snippet of at
//! most a hundred columns, printing with no control character but line breaks and no line
//! longer than the cap of a message line.

use backcoach::routine::diag::{Diagnostic, MESSAGE_CHARS};
use backcoach::routine::parse::limits;
use unicode_width::UnicodeWidthStr;

/// Lines as a diagnostic counts them: a line feed, CR LF or a lone CR ends one.
fn lines(src: &str) -> usize {
    let bytes = src.as_bytes();
    let breaks = bytes
        .iter()
        .enumerate()
        .filter(|&(i, &b)| b == b'\n' || (b == b'\r' && bytes.get(i + 1) != Some(&b'\n')))
        .count();
    breaks + 1
}

pub fn check(src: &str, diags: &[Diagnostic]) {
    assert!(!diags.is_empty(), "an error with no diagnostic");
    assert!(
        diags.len() <= limits::DIAGNOSTICS + 1,
        "{} diagnostics",
        diags.len()
    );
    let lines = lines(src);
    for d in diags {
        if let Some(at) = &d.at {
            assert!(at.line >= 1 && at.line <= lines, "line {} of {lines}", at.line);
            if let Some(s) = &at.snippet {
                assert!(s.text.width() <= 100, "a snippet of {} columns", s.text.width());
                assert!(s.pad <= s.text.width(), "the caret starts past the snippet");
            }
        }
        let text = d.to_string();
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "a control character reached the output: {text:?}"
        );
        for line in text.lines() {
            assert!(
                line.chars().count() <= MESSAGE_CHARS + 80,
                "a line of {} characters",
                line.chars().count()
            );
        }
    }
}
