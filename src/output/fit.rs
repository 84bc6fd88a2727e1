//! What a routine fitted to `--minutes` says about itself, in a paragraph: the time asked and
//! the time planned, the steps left out, and each step made shorter as written -> as fitted
//! ("Child's pose 2 x 30 s -> 1 x 30 s"). The same words head `show --minutes`, the screen
//! before a fitted session, and a plain session. Names come from files: they are escaped.

use super::duration;
use crate::fit::Fitted;
use crate::routine::length::PlanOptions;
use crate::routine::{Dosage, Exercise, SELF_PACED_REP_ESTIMATE};
use crate::untrusted::escape;

/// "Fitted to 10 min: about 9 min 50 s. Left out: ... Shorter: ...".
pub fn report(fitted: &Fitted, opts: &PlanOptions) -> String {
    let r = &fitted.routine;
    let about = if r.is_estimate() { "about " } else { "" };
    let planned = duration(r.extent(opts).seconds);
    let asked = duration(fitted.seconds);
    if !fitted.changed() {
        return format!("It fits in {asked} as it is: {about}{planned}.");
    }
    let mut text = format!("Fitted to {asked}: {about}{planned}.");
    if !fitted.left_out.is_empty() {
        let names: Vec<String> = fitted
            .left_out
            .iter()
            .map(|ex| escape(&ex.name).into_owned())
            .collect();
        // Names can have commas of their own ("Cat-cow, slow with pauses").
        text.push_str(&format!(" Left out: {}.", names.join("; ")));
    }
    if !fitted.shortened.is_empty() {
        let changes: Vec<String> = fitted
            .shortened
            .iter()
            .map(|(from, to)| {
                let sets = from.sets > 1 || to.sets > 1;
                format!(
                    "{} {} -> {}",
                    escape(&from.name),
                    dose(from, sets),
                    dose(to, sets)
                )
            })
            .collect();
        text.push_str(&format!(" Shorter: {}.", changes.join("; ")));
    }
    if r.self_paced() {
        text.push_str(&format!(
            " Reps at your own pace are counted at {} each, so the time is an estimate.",
            duration(SELF_PACED_REP_ESTIMATE)
        ));
    }
    text
}

/// What to say when `--minutes` is less than the routine can be made.
pub fn too_short(shortest: u64, estimate: bool) -> String {
    let about = if estimate { "about " } else { "" };
    format!("the shortest it can be is {about}{}", duration(shortest))
}

/// A step's dose in a few words, the part that fitting changes: "2 x 30 s", "5 rounds".
fn dose(ex: &Exercise, sets: bool) -> String {
    let one = match &ex.dosage {
        Dosage::Timed { seconds } => duration(*seconds),
        Dosage::Reps { reps, .. } => format!("{reps} reps"),
        Dosage::Phases { cycles, .. } => super::count(*cycles, "round"),
        Dosage::Breath { cycles, .. } => super::count(*cycles, "breath"),
    };
    if sets {
        format!("{} x {one}", ex.sets)
    } else {
        one
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fit::fit;
    use crate::routine::library::Library;

    fn evening() -> crate::routine::Routine {
        let lib = Library::load(None).expect("catalogue");
        lib.resolve("evening").expect("evening").routine
    }

    #[test]
    fn a_fitted_evening_says_what_it_left_out_and_shortened() {
        let opts = PlanOptions::default();
        let f = fit(&evening(), &opts, 600).expect("fits");
        let text = report(&f, &opts);
        assert!(text.starts_with("Fitted to 10 min: "), "{text}");
        let left_out = text.split(" Left out: ").nth(1).unwrap_or_default();
        assert!(left_out.contains("Knee to chest"), "{text}");
        assert!(
            text.contains("Tennis ball against a wall 30 s -> 25 s"),
            "{text}"
        );
        assert!(
            !text.contains("x 20 s -> 1 x"),
            "a stretch keeps 2 holds: {text}"
        );
        assert!(text.contains("Heating pad 10 min -> "), "{text}");
        assert!(!text.contains("estimate"), "no self-paced reps: {text}");
    }

    #[test]
    fn a_routine_that_fits_says_so() {
        let opts = PlanOptions::default();
        let f = fit(&evening(), &opts, 3600).expect("fits");
        assert_eq!(
            report(&f, &opts),
            format!(
                "It fits in 1 h as it is: about {}.",
                duration(evening().extent(&opts).seconds)
            )
        );
        assert_eq!(
            too_short(83, true),
            "the shortest it can be is about 1 min 23 s"
        );
    }

    /// Self-paced reps are counted at an estimate, and the paragraph says so.
    #[test]
    fn self_paced_reps_are_said_to_be_an_estimate() {
        let lib = Library::load(None).expect("catalogue");
        let src = "title = \"Mine\"\nsummary = \"S\"\n[[step]]\nexercise = \"bridge\"\nreps = 10\n";
        let mine = crate::routine::parse::routine("mine", "mine.toml", src, &lib.catalogue);
        let mut mine = mine.expect("valid");
        mine.steps[0].dosage = Dosage::Reps {
            reps: 10,
            rep_seconds: None,
        };
        let opts = PlanOptions::default();
        let f = fit(&mine, &opts, 40).expect("fits");
        assert_eq!(
            report(&f, &opts),
            "Fitted to 40 s: about 38 s. Shorter: Glute bridge 10 reps -> 7 reps. Reps at your own \
             pace are counted at 5 s each, so the time is an estimate."
        );
    }
}
