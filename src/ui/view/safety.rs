//! What the safety screens say: the one before the first session (coach, not clinician; the
//! urgent red flags; who should ask a clinician first; when to stop), and the one after a
//! pain score of 8 or more (the urgent red flags and the offer of the `flare` routine); and,
//! paged the same way, the screen before a routine fitted to `--minutes` (what it changed). Pure
//! functions, like the rest of `view`: a frame fitted to the screen, or the same words as
//! plain text. When a screen is too small for everything, whole parts shrink to their
//! heading (marked `…`), most important last, and the screen always says where the full
//! lists are; nothing is cut off silently in the middle of a list.

use super::{Frame, Line, Style};
use crate::routine::guide;

/// The title of the safety screen.
pub const SAFETY_TITLE: &str = "Before you start: safety";

/// What the pain-8 screen offers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Offer<'a> {
    /// Switch to the flare routine (its title given), or go on with the planned one (its
    /// name given).
    Switch { flare: &'a str, planned: &'a str },
    /// The routine is the flare routine already.
    AlreadyFlare,
    /// There is no flare routine to offer (a routine file of the user's that is broken).
    Nothing,
}

/// A part of a screen: all of it, and the heading alone for when there is no room.
#[derive(Debug, Clone)]
struct Part {
    full: Vec<Line>,
    short: Vec<Line>,
}

/// `text` wrapped to `width` in `style`, the first line starting with `first` and the others
/// with `rest`.
fn wrapped(style: Style, text: &str, width: usize, first: &str, rest: &str) -> Vec<Line> {
    crate::output::wrap_indented(text, width.max(10), first, rest)
        .into_iter()
        .map(|l| Line::styled(style, l.to_string()))
        .collect()
}

/// A heading followed by `body`; shrunk, the heading with `…`.
fn part(style: Style, heading: &str, body: Vec<Line>, width: usize) -> Part {
    let mut full = wrapped(style, heading, width, "", "");
    let short = wrapped(style, &format!("{heading} …"), width, "", "");
    full.extend(body);
    Part { full, short }
}

/// A paragraph that starts with `lead` in `style` and goes on with `text`, wrapped as one;
/// shrunk, `lead` with `…`.
fn paragraph(style: Style, lead: &str, text: &str, width: usize) -> Part {
    let mut full = wrapped(Style::Plain, &format!("{lead} {text}"), width, "", "  ");
    // The lead is on the first line whenever the screen is wider than it; style it there.
    if let Some(first) = full.first_mut() {
        let line = first.text();
        if let Some(rest) = line.strip_prefix(lead) {
            *first = Line::styled(style, lead).then(Style::Plain, rest);
        }
    }
    let short = wrapped(style, &format!("{lead} …"), width, "", "");
    Part { full, short }
}

fn coach(width: usize) -> Part {
    let text = format!("{} {}", guide::COACH, guide::COACH_MORE);
    Part {
        full: wrapped(Style::Bold, &text, width, "", ""),
        short: wrapped(Style::Bold, guide::COACH, width, "", ""),
    }
}

fn urgent(width: usize) -> Part {
    let items = guide::URGENT
        .iter()
        .flat_map(|flag| wrapped(Style::Plain, flag, width, "  - ", "    "))
        .collect();
    part(Style::Warn, guide::URGENT_HEADING, items, width)
}

fn ask_first(width: usize) -> Part {
    let who: Vec<&str> = guide::ASK_FIRST.iter().map(|a| a.who).collect();
    let text = format!("{}.", who.join("; "));
    paragraph(Style::Bold, guide::ASK_FIRST_HEADING, &text, width)
}

fn when_to_stop(width: usize) -> Part {
    let lead = format!("{}:", guide::WHEN_TO_STOP_TITLE);
    paragraph(Style::Bold, &lead, &guide::WHEN_TO_STOP.join(" "), width)
}

fn full_lists(width: usize) -> Vec<Line> {
    wrapped(Style::Dim, guide::FULL_LISTS, width, "", "")
}

/// Lays out `title`, the parts and `end` in `room` rows. All of it, with as many blank rows
/// to set the parts apart as there is room for (between parts first); else every part shrunk
/// to its heading, then grown back whole, in order, while there is room.
fn fit(title: Line, parts: &[Part], end: Vec<Line>, room: usize) -> Vec<Line> {
    // Blocks, each of which may have a blank row before it: the parts, then the end.
    let mut blocks: Vec<&[Line]> = parts.iter().map(|p| p.full.as_slice()).collect();
    blocks.push(&end);
    let rows: usize = 1 + blocks.iter().map(|b| b.len()).sum::<usize>();
    if rows <= room {
        // Blank rows before the second block, the third, ..., then before the first.
        let spare = room - rows;
        let mut blank = vec![false; blocks.len()];
        for i in (1..blocks.len()).chain([0]).take(spare) {
            blank[i] = true;
        }
        let mut lines = vec![title];
        for (block, blank) in blocks.iter().zip(blank) {
            if blank {
                lines.push(Line::default());
            }
            lines.extend(block.iter().cloned());
        }
        return lines;
    }
    let mut grown = vec![false; parts.len()];
    let mut used = 1 + end.len() + parts.iter().map(|p| p.short.len()).sum::<usize>();
    for (i, p) in parts.iter().enumerate() {
        let more = p.full.len().saturating_sub(p.short.len());
        if used + more <= room {
            used += more;
            grown[i] = true;
        }
    }
    let mut lines = vec![title];
    for (p, grown) in parts.iter().zip(grown) {
        lines.extend(if grown { &p.full } else { &p.short }.iter().cloned());
    }
    lines.extend(end);
    lines
}

/// The key line, pinned to the bottom row.
fn with_keys(mut lines: Vec<Line>, keys: Line, height: usize) -> Vec<Line> {
    let room = height.saturating_sub(1);
    lines.truncate(room);
    lines.resize(room, Line::default());
    lines.push(keys);
    lines
}

/// Keys and what they do: `Enter: go on   q: cancel`; the first of `choices` that fits.
fn key_line(choices: &[&[(&str, &str)]], width: usize) -> Line {
    let line = |keys: &[(&str, &str)], gap: &str| {
        let mut line = Line::default();
        for (i, (key, what)) in keys.iter().enumerate() {
            if i > 0 {
                line = line.then(Style::Dim, gap);
            }
            line = line
                .then(Style::Bold, *key)
                .then(Style::Dim, format!(": {what}"));
        }
        line
    };
    for keys in choices {
        let wide = line(keys, "   ");
        if wide.width() <= width {
            return wide;
        }
        let narrow = line(keys, "  ");
        if narrow.width() <= width {
            return narrow;
        }
    }
    choices
        .last()
        .map_or_else(Line::default, |keys| line(keys, " "))
}

fn safety_parts(width: usize) -> Vec<Part> {
    vec![
        coach(width),
        urgent(width),
        ask_first(width),
        when_to_stop(width),
    ]
}

/// The safety screen, shown before the first session and with `start --safety`.
pub fn safety(width: usize, height: usize) -> Frame {
    let title = Line::styled(Style::Bold, SAFETY_TITLE);
    let lines = fit(
        title,
        &safety_parts(width),
        full_lists(width),
        height.saturating_sub(1),
    );
    let keys = key_line(
        &[
            &[("Enter or space", "go on"), ("q or Esc", "cancel")],
            &[("Enter", "go on"), ("q", "cancel")],
        ],
        width,
    );
    Frame::new(with_keys(lines, keys, height), width, height)
}

/// All of the safety screen's text, nothing shrunk: the title, each part, where the full
/// lists are.
fn safety_lines(width: usize) -> Vec<Line> {
    let mut lines = vec![Line::styled(Style::Bold, SAFETY_TITLE)];
    for p in safety_parts(width) {
        lines.push(Line::default());
        lines.extend(p.full);
    }
    lines.push(Line::default());
    lines.extend(full_lists(width));
    lines
}

/// Does the safety screen fit whole at this size (rows for the title, every part whole, the
/// pointer to the full lists, and the key line)?
fn safety_fits(width: usize, height: usize) -> bool {
    let parts: usize = safety_parts(width).iter().map(|p| p.full.len()).sum();
    1 + parts + full_lists(width).len() < height
}

/// How many pages the safety screen takes at this size: one where it fits whole (80x24 and
/// up); on a smaller screen, its whole text in pages, so that nothing is left unread before
/// it is remembered as shown.
pub fn safety_pages(width: usize, height: usize) -> usize {
    if safety_fits(width, height) {
        1
    } else {
        safety_lines(width)
            .len()
            .div_ceil(height.saturating_sub(1).max(1))
    }
}

/// Page `page` (from 0) of the safety screen.
pub fn safety_page(page: usize, width: usize, height: usize) -> Frame {
    if safety_pages(width, height) <= 1 {
        return safety(width, height);
    }
    let last = key_line(
        &[
            &[("Enter", "go on"), ("q or Esc", "cancel")],
            &[("Enter", "go on"), ("q", "cancel")],
        ],
        width,
    );
    paged(safety_lines(width), page, width, height, last)
}

/// Page `page` of `lines`, as many as fit above the key line: "Enter more (k of n)" on each
/// page but the last, which gets `last_keys`.
fn paged(lines: Vec<Line>, page: usize, width: usize, height: usize, last_keys: Line) -> Frame {
    let room = height.saturating_sub(1).max(1);
    let pages = lines.len().div_ceil(room).max(1);
    let page = page.min(pages - 1);
    let shown: Vec<Line> = lines.into_iter().skip(page * room).take(room).collect();
    let keys = if page + 1 < pages {
        let more = format!("more ({} of {pages})", page + 1);
        key_line(&[&[("Enter", &more), ("q", "cancel")]], width)
    } else {
        last_keys
    };
    Frame::new(with_keys(shown, keys, height), width, height)
}

/// The lines of the screen before a routine fitted to `--minutes`: its title, then what
/// fitting it changed.
fn fitted_lines(title: &str, report: &str, width: usize) -> Vec<Line> {
    let mut lines = vec![Line::styled(Style::Bold, title.to_owned()), Line::default()];
    lines.extend(wrapped(Style::Plain, report, width, "", ""));
    lines
}

/// How many pages the screen before a fitted routine takes (one, unless the screen is small).
pub fn fitted_pages(title: &str, report: &str, width: usize, height: usize) -> usize {
    let room = height.saturating_sub(1).max(1);
    fitted_lines(title, report, width)
        .len()
        .div_ceil(room)
        .max(1)
}

/// Page `page` (from 0) of the screen before a fitted routine; Enter on the last starts it.
pub fn fitted_page(page: usize, title: &str, report: &str, width: usize, height: usize) -> Frame {
    let keys = key_line(
        &[
            &[("Enter", "start"), ("q or Esc", "cancel")],
            &[("Enter", "start"), ("q", "cancel")],
        ],
        width,
    );
    paged(
        fitted_lines(title, report, width),
        page,
        width,
        height,
        keys,
    )
}

/// The safety screen as plain text, all of it, for plain mode.
pub fn safety_text(width: usize) -> String {
    text(&safety_lines(width))
}

fn pain_line(pain: u8, width: usize) -> Vec<Line> {
    wrapped(
        Style::Prompt,
        &format!("Your back is at {pain} out of 10 right now."),
        width,
        "",
        "",
    )
}

/// What a bad day calls for, and what the screen offers; with `new_pain`, first the word
/// on a pain that is new, severe or unlike the usual (left out only when space is short).
fn offer_text(offer: Offer<'_>, new_pain: bool) -> String {
    const NEW_PAIN: &str = "If this pain is new, severe or unlike your usual back pain, get \
        medical help rather than exercising. ";
    const BAD_DAY: &str = "On a bad day, keep moving gently, little and often, and skip core \
        work and deep massage today.";
    let lead = if new_pain { NEW_PAIN } else { "" };
    match offer {
        Offer::Switch { flare, .. } => {
            format!("{lead}{BAD_DAY} The flare routine is made for that: {flare}.")
        }
        Offer::AlreadyFlare => format!("{lead}{BAD_DAY} The flare routine is made for that."),
        Offer::Nothing => format!("{lead}{BAD_DAY}"),
    }
}

/// All of the pain-8 screen's text, nothing shrunk.
fn flare_lines(title: &str, pain: u8, offer: Offer<'_>, width: usize) -> Vec<Line> {
    let mut lines = vec![Line::styled(Style::Bold, title.to_owned())];
    lines.extend(pain_line(pain, width));
    lines.push(Line::default());
    lines.extend(urgent(width).full);
    lines.push(Line::default());
    lines.extend(wrapped(
        Style::Plain,
        &offer_text(offer, true),
        width,
        "",
        "",
    ));
    lines.push(Line::default());
    lines.extend(full_lists(width));
    lines
}

/// How many pages the pain-8 screen takes: one where its urgent red flags fit whole; on a
/// smaller screen, all of its text in pages, so that no red flag is cut.
pub fn flare_offer_pages(
    title: &str,
    pain: u8,
    offer: Offer<'_>,
    width: usize,
    height: usize,
) -> usize {
    let whole = 1
        + pain_line(pain, width).len()
        + urgent(width).full.len()
        + wrapped(Style::Plain, &offer_text(offer, false), width, "", "").len()
        + full_lists(width).len();
    if whole < height {
        1
    } else {
        flare_lines(title, pain, offer, width)
            .len()
            .div_ceil(height.saturating_sub(1).max(1))
    }
}

/// Page `page` (from 0) of the pain-8 screen; the keys that choose are on the last page.
pub fn flare_offer_page(
    page: usize,
    title: &str,
    pain: u8,
    offer: Offer<'_>,
    width: usize,
    height: usize,
) -> Frame {
    if flare_offer_pages(title, pain, offer, width, height) <= 1 {
        return flare_offer(title, pain, offer, width, height);
    }
    paged(
        flare_lines(title, pain, offer, width),
        page,
        width,
        height,
        flare_keys(offer, width),
    )
}

/// The screen after a pain score of 8 or more: the urgent red flags, and the offer of the
/// flare routine.
pub fn flare_offer(title: &str, pain: u8, offer: Offer<'_>, width: usize, height: usize) -> Frame {
    let title = Line::styled(Style::Bold, title.to_owned());
    let always = |lines: Vec<Line>| Part {
        short: lines.clone(),
        full: lines,
    };
    let parts = [
        always(pain_line(pain, width)),
        urgent(width),
        Part {
            full: wrapped(Style::Plain, &offer_text(offer, true), width, "", ""),
            short: wrapped(Style::Plain, &offer_text(offer, false), width, "", ""),
        },
    ];
    let lines = fit(title, &parts, full_lists(width), height.saturating_sub(1));
    Frame::new(
        with_keys(lines, flare_keys(offer, width), height),
        width,
        height,
    )
}

/// The keys of the pain-8 screen.
fn flare_keys(offer: Offer<'_>, width: usize) -> Line {
    match offer {
        Offer::Switch { planned, .. } => {
            let go_on = format!("go on with {planned}");
            key_line(
                &[
                    &[
                        ("f", "switch to flare"),
                        ("Enter", &go_on),
                        ("q or Esc", "cancel"),
                    ],
                    &[("f", "flare"), ("Enter", "go on"), ("q", "cancel")],
                ],
                width,
            )
        }
        Offer::AlreadyFlare | Offer::Nothing => key_line(
            &[
                &[("Enter", "go on"), ("q or Esc", "cancel")],
                &[("Enter", "go on"), ("q", "cancel")],
            ],
            width,
        ),
    }
}

/// The same as plain text, for plain mode, which reads no keys: it says what to run instead
/// and goes on as planned. With `flags_above` (the safety text was printed just before), the
/// urgent red flags are pointed to rather than printed a second time.
pub fn flare_text(pain: u8, offer: Offer<'_>, flags_above: bool, width: usize) -> String {
    let mut lines = pain_line(pain, width);
    if flags_above {
        const ABOVE: &str = "The signs that need an emergency department now are listed \
            above: if you have any of them, stop and get help rather than exercising.";
        lines.extend(wrapped(Style::Warn, ABOVE, width, "", ""));
    } else {
        lines.extend(urgent(width).full);
    }
    lines.push(Line::default());
    match offer {
        Offer::Switch { planned, .. } => {
            let say = format!(
                "{} The flare routine is made for that: backcoach start flare",
                offer_text(Offer::Nothing, true)
            );
            lines.extend(wrapped(Style::Plain, &say, width, "", ""));
            let go_on = format!("Going on with {planned} as planned.");
            lines.extend(wrapped(Style::Plain, &go_on, width, "", ""));
        }
        Offer::AlreadyFlare | Offer::Nothing => {
            lines.extend(wrapped(
                Style::Plain,
                &offer_text(offer, true),
                width,
                "",
                "",
            ));
        }
    }
    lines.extend(full_lists(width));
    text(&lines)
}

fn text(lines: &[Line]) -> String {
    let mut out = String::new();
    for l in lines {
        out.push_str(l.text().trim_end());
        out.push('\n');
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_width::UnicodeWidthStr;

    fn checked(frame: &Frame, w: usize, h: usize) -> String {
        assert_eq!(frame.lines.len(), h, "exactly {h} rows");
        for l in &frame.lines {
            assert!(
                l.text().width() <= w,
                "a row wider than {w}: {:?}",
                l.text()
            );
        }
        frame.text()
    }

    #[test]
    fn safety_80x24() {
        let screen = checked(&safety(80, 24), 80, 24);
        // Everything fits: every urgent flag, whole.
        for flag in guide::URGENT {
            let start: String = flag.chars().take(30).collect();
            assert!(screen.contains(&start), "{start:?} missing:\n{screen}");
        }
        assert!(!screen.contains('…'), "nothing shrunk:\n{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn safety_40x12() {
        let screen = checked(&safety(40, 12), 40, 12);
        // Too small for the lists: every heading, marked, and where the lists are.
        assert!(screen.contains("backcoach is a coach, not a"), "{screen}");
        assert!(screen.contains("emergency department"), "{screen}");
        assert!(screen.contains("backcoach strategies"), "{screen}");
        assert!(screen.contains("Enter or space: go on"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    /// Found by the issue-10 review: at 40x12 the pain-8 screen cut the urgent red flags to a
    /// heading and "…". On a small screen it comes in pages, every flag whole, and the keys
    /// that choose are on the last page.
    #[test]
    fn on_a_small_screen_the_pain_8_screen_comes_whole_in_pages() {
        let offer = Offer::Switch {
            flare: "Flare",
            planned: "evening",
        };
        assert_eq!(flare_offer_pages("Evening", 9, offer, 80, 24), 1);
        let pages = flare_offer_pages("Evening", 9, offer, 40, 12);
        assert!(pages > 1, "{pages}");
        let mut all = String::new();
        for page in 0..pages {
            let screen = checked(&flare_offer_page(page, "Evening", 9, offer, 40, 12), 40, 12);
            let lines: Vec<&str> = screen.lines().collect();
            let keys = lines[lines.len() - 1];
            if page + 1 < pages {
                assert!(keys.contains("more"), "{screen}");
            } else {
                assert!(keys.contains("f: flare"), "{screen}");
            }
            all.push_str(&lines[..lines.len() - 1].join("\n"));
            all.push('\n');
        }
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let all = words(&all);
        for flag in guide::URGENT {
            assert!(
                all.contains(&words(flag)),
                "{flag:?} missing from the pages"
            );
        }
        assert!(!all.contains('…'), "nothing shrunk: {all}");
    }

    #[test]
    fn on_a_small_screen_the_safety_text_comes_whole_in_pages() {
        // Found by a new user: at 40x12 the red flags showed as a heading and "…", and the
        // screen was then remembered as read.
        assert_eq!(safety_pages(80, 24), 1, "80x24 fits on one page");
        let pages = safety_pages(40, 12);
        assert!(pages > 1, "{pages}");
        let mut all = String::new();
        for page in 0..pages {
            let screen = checked(&safety_page(page, 40, 12), 40, 12);
            if page + 1 < pages {
                assert!(
                    screen.contains(&format!("Enter: more ({} of {pages})", page + 1)),
                    "{screen}"
                );
            } else {
                assert!(screen.contains("Enter: go on"), "{screen}");
            }
            // The text without its key line: a flag may go on over the page break.
            let lines: Vec<&str> = screen.lines().collect();
            all.push_str(&lines[..lines.len() - 1].join("\n"));
            all.push('\n');
        }
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        let all = words(&all);
        for flag in guide::URGENT {
            assert!(
                all.contains(&words(flag)),
                "{flag:?} missing from the pages"
            );
        }
        assert!(!all.contains('…'), "nothing shrunk: {all}");
        insta::assert_snapshot!(checked(&safety_page(0, 40, 12), 40, 12));
    }

    /// The screen before a routine fitted to `--minutes`: one page at 80x24 and at 40x12; on
    /// a screen smaller still, all of what fitting changed, in pages, with Enter starting it
    /// on the last.
    #[test]
    fn the_screen_before_a_fitted_routine_comes_whole() {
        let report = "Fitted to 10 min: about 9 min 56 s. Left out: Cat-cow, Knee rolls, Knee \
                      to chest. Shorter: Heating pad 10 min -> 5 min; Child's pose 2 x 30 s -> \
                      1 x 30 s; Slow deep breathing 10 breaths -> 7 breaths.";
        let title = "Evening: warm, stretch, release, breathe";
        assert_eq!(fitted_pages(title, report, 80, 24), 1);
        let screen = checked(&fitted_page(0, title, report, 80, 24), 80, 24);
        assert!(screen.starts_with(title), "{screen}");
        assert!(
            screen.ends_with("Enter: start   q or Esc: cancel"),
            "{screen}"
        );
        assert_eq!(fitted_pages(title, report, 40, 12), 1);
        let pages = fitted_pages(title, report, 40, 6);
        assert!(pages > 1, "{pages}");
        let mut all = String::new();
        for page in 0..pages {
            let screen = checked(&fitted_page(page, title, report, 40, 6), 40, 6);
            let lines: Vec<&str> = screen.lines().collect();
            all.push_str(&lines[..lines.len() - 1].join(" "));
            all.push(' ');
            let last = page + 1 == pages;
            assert_eq!(screen.contains("Enter: start"), last, "{screen}");
        }
        let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(words(&all).contains(&words(report)), "{all}");
    }

    #[test]
    fn a_list_is_never_cut_in_the_middle() {
        let first = guide::URGENT[0].split(',').next().unwrap_or_default();
        let last = guide::URGENT[guide::URGENT.len() - 1]
            .split(',')
            .next()
            .unwrap_or_default();
        for h in 8..40 {
            for w in [40, 60, 80, 100] {
                let screen = checked(&safety(w, h), w, h);
                let has = |s: &str| screen.replace('\n', " ").contains(s);
                assert_eq!(
                    has(first),
                    has(last),
                    "{w}x{h}: the urgent list is cut:\n{screen}"
                );
                if h >= 12 {
                    assert!(has("backcoach strategies"), "{w}x{h}:\n{screen}");
                }
            }
        }
    }

    #[test]
    fn safety_text_has_it_all() {
        let text = safety_text(80);
        for flag in guide::URGENT {
            let start: String = flag.chars().take(30).collect();
            assert!(text.contains(&start), "{start:?} missing:\n{text}");
        }
        assert!(text.contains(guide::COACH), "{text}");
        assert!(text.contains("When to stop an exercise:"), "{text}");
        assert!(text.contains("are pregnant"), "{text}");
        assert!(text.contains("backcoach strategies"), "{text}");
        assert!(!text.contains('…'), "{text}");
    }

    #[test]
    fn flare_offer_80x24() {
        let offer = Offer::Switch {
            flare: "Flare: gentle moves for a bad day",
            planned: "evening",
        };
        let screen = checked(
            &flare_offer("Evening: warm, stretch, release, breathe", 9, offer, 80, 24),
            80,
            24,
        );
        assert!(screen.contains("f: switch to flare"), "{screen}");
        assert!(screen.contains("Enter: go on with evening"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn flare_offer_40x12() {
        let offer = Offer::Switch {
            flare: "Flare: gentle moves for a bad day",
            planned: "evening",
        };
        let screen = checked(&flare_offer("Evening", 8, offer, 40, 12), 40, 12);
        assert!(screen.contains("8 out of 10"), "{screen}");
        assert!(screen.contains("backcoach strategies"), "{screen}");
        insta::assert_snapshot!(screen);
    }

    #[test]
    fn already_flare_has_no_switch() {
        let screen = flare_offer("Flare", 9, Offer::AlreadyFlare, 80, 24).text();
        assert!(!screen.contains("switch"), "{screen}");
        assert!(screen.contains("Enter: go on"), "{screen}");
        let text = flare_text(9, Offer::AlreadyFlare, false, 80);
        assert!(!text.contains("backcoach start flare"), "{text}");
    }

    #[test]
    fn flare_text_suggests_the_flare_routine() {
        let text = flare_text(
            9,
            Offer::Switch {
                flare: "Flare",
                planned: "evening",
            },
            false,
            80,
        );
        assert!(
            text.starts_with("Your back is at 9 out of 10 right now.\n"),
            "{text}"
        );
        assert!(text.contains(guide::URGENT_HEADING), "{text}");
        assert!(text.contains("backcoach start flare"), "{text}");
        insta::assert_snapshot!(text);
    }
}
