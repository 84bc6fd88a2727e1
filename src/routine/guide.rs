//! What backcoach tells people about knots, the six strategies, when to see a clinician, who
//! should ask one first, and when to stop an exercise. Facts and sources follow
//! `shared/CONTENT.md`; the words are ours. `backcoach strategies` prints all of it; the safety
//! screen before the first session shows the most urgent part.

use crate::routine::strategy::Strategy;

pub const KNOTS_TITLE: &str = "What a knot is";

pub const KNOTS: &str = "Many people with back pain have small, tight, tender spots in the muscles \
beside the spine and in the buttocks, often called knots or trigger points. The tender spots are \
real and common, but why they form is debated: examiners often disagree about where the trigger \
points are (Lucas 2009), and the theory behind them is disputed (Quintner 2015). Common ideas \
about the cause, such as lifting with a rounded back, are not proven (Saraceni 2020). What is well \
established: most back pain is not serious, pain does not mean damage, it usually settles within \
a few weeks, and staying active helps (NICE NG59). The six strategies below can ease pain and \
help you keep moving; none of them is a cure.";

/// Why each strategy helps, in a few sentences.
pub fn why(s: Strategy) -> &'static str {
    match s {
        Strategy::Stretching => {
            "Gentle stretches and movement ease stiffness and make it easier to keep moving, \
             which helps back pain more than rest does. Move into mild tension, never pain, and \
             do not bounce. A static stretch is held 20-30 s, two to four times (ACSM). Cat-cow, \
             child's pose and cobra are classics for the lower back; in the first hour after \
             getting up, prefer walking and gentle backward bends to deep forward bends."
        }
        Strategy::SelfMassage => {
            "Steady pressure on a tender spot can ease it for a while: lean in, breathe out, and \
             wait 20-30 s (up to 90 s). For the muscles beside the spine, use only a tennis ball \
             against a wall (the floor once the wall is easy); use a massage stick or a foam \
             roller on the buttocks and outer hips, and the roller on the upper back. Never the \
             spine itself or the soft waist. Move off at once if it tingles, burns or sends pain \
             down a leg. Massage helps as part of a plan with exercise, not instead of it (NICE \
             NG59). Go gently with blood thinners, and leave out the foam roller with blood \
             thinners or osteoporosis."
        }
        Strategy::Heat => {
            "Warmth can ease pain and stiffness: the American College of Physicians recommends \
             superficial heat for recent low back pain (2017). Lie on your front or side with the \
             heat resting on you: never lie or sit on a bottle or pad. Pregnant? Lie on your side, \
             and keep heat off the bump. Put cloth between heat and skin; use a medium setting \
             and a pad with auto shut-off; never fall asleep with it. Not on numb, tingly or \
             broken skin, or a bruise or swelling under 3 days old; not after alcohol or sedating \
             medicine; never with heat rubs or patches. Stop if the skin looks mottled. At most \
             15-20 minutes on one area, and 20 minutes of heat in one routine. A hot water \
             bottle: let boiled water cool first, fill it two-thirds at most, squeeze out the \
             air, and use one under 2 years old."
        }
        Strategy::Posture => {
            "No posture is \"correct\", and there is no agreement that posture causes back pain \
             (Swain 2020). What helps is not staying still for too long: change position often, \
             get up and walk a little, and sit or stand in whatever way is comfortable now. \
             `backcoach start desk-break` is a three-minute change of position."
        }
        Strategy::Strengthening => {
            "Exercise is recommended for long-lasting back pain (NICE NG59; American College of \
             Physicians 2017), and stronger core, back and hip muscles can make everyday movement \
             easier. Bridges, bird-dogs and planks are gentle ways to start. Start small (knees down for a plank, about five repetitions), add one or two \
             every few days, keep breathing during holds, and stop if pain worsens or new pain \
             starts (NHS inform)."
        }
        Strategy::MindBody => {
            "Stress and pain feed each other. Slow breathing, a body scan and progressive muscle \
             relaxation can calm both. The American College of Physicians (2017) recommends \
             mindfulness-based stress reduction (moderate evidence) and progressive relaxation \
             (low evidence) for long-lasting low back pain; a short scan here is not the 8-week \
             course that was studied. If slow breathing makes you light-headed or tingly, \
             breathe normally."
        }
    }
}

pub const RED_FLAGS_TITLE: &str = "When to stop and get medical help";

/// What to do about the urgent red flags, said before them.
pub const URGENT_HEADING: &str =
    "Go to an emergency department now (don't drive yourself) if you have:";

/// Go to an emergency department now: the signs of cauda equina syndrome, a fracture, or
/// something that is not the back at all.
pub const URGENT: &[&str] = &[
    "numbness around your genitals, buttocks or inner thighs, or a changed feeling when you \
     wipe after the toilet",
    "new trouble passing urine, or losing control of your bladder or bowels",
    "new problems with sex: loss of feeling during sex, or trouble with erection or ejaculation",
    "weakness, numbness or pain in both legs",
    "a leg getting weaker, a foot that drops or drags, or difficulty walking",
    "back pain after a serious fall or accident",
    "back pain with chest pain, or pain high up between your shoulder blades",
];

pub const SOON_HEADING: &str = "See a doctor soon if you have:";

/// See a doctor soon.
pub const SOON: &[&str] = &[
    "a fever, or feeling generally unwell, with back pain",
    "weight loss you can't explain",
    "a history of cancer",
    "long-term use of steroids, or osteoporosis (for example a bone broken in a minor fall)",
    "a weak immune system",
    "a lump, or a change in the shape of your back",
    "pain that rest doesn't ease and that is worse at night",
    "pain that gets worse when you cough, sneeze or open your bowels",
    "pain that is no better after a few weeks (most back pain eases within 2 weeks and passes \
     in 4-6)",
];

pub const RED_FLAGS_SOURCE: &str = "Source: NHS guidance, NICE guideline NG59 and UK cauda equina guidance, as summarised by NHS trusts.";

pub const ASK_FIRST_TITLE: &str = "Who should ask a clinician first";

/// Said before the people who should ask first.
pub const ASK_FIRST_HEADING: &str = "Ask a doctor or physiotherapist before you start if you:";

/// Someone who should ask a clinician before starting, and what to take care with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AskFirst {
    /// Who, short enough for one line of the safety screen ("are pregnant").
    pub who: &'static str,
    /// What to take care with, for `backcoach strategies`.
    pub care: &'static str,
}

pub const ASK_FIRST: &[AskFirst] = &[
    AskFirst {
        who: "are pregnant",
        care: "later on, no lying face down and no front planks; after about 20 weeks, no long \
               spells lying on your back; no heat on the bump, and a warm rather than hot bath; \
               pain around the pelvis needs a physiotherapist",
    },
    AskFirst {
        who: "had recent surgery (spine, hip replacement, belly)",
        care: "after spine surgery, follow your surgeon's plan; after a hip replacement, knee to \
               chest, child's pose and knee rolls can break your hip precautions; after surgery \
               on your belly, no planks or curl-ups until you are cleared",
    },
    AskFirst {
        who: "have osteoporosis or a spinal fracture",
        care: "no forceful, held or loaded bending forward or twisting, and no rolling on your \
               ribs (Royal Osteoporosis Society)",
    },
    AskFirst {
        who: "take blood thinners",
        care: "go easy on self-massage, and leave out the foam roller",
    },
    AskFirst {
        who: "have high blood pressure",
        care: "keep breathing during holds and while you tense; never hold your breath",
    },
];

pub const WHEN_TO_STOP_TITLE: &str = "When to stop an exercise";

pub const WHEN_TO_STOP: &[&str] = &[
    "A stretch or a mild ache is fine.",
    "Stop if pain goes below the knee, or a leg gets pins and needles, numbness or weakness.",
    "Worse the next morning? Go back a level: an easier version, fewer repetitions.",
];

/// Where the whole of this is printed, for screens that have room for only part of it.
pub const FULL_LISTS: &str = "All of it, and when to see a doctor soon: backcoach strategies";

/// The short form, for the safety screen: the first sentence alone when there is no room
/// for the rest.
pub const COACH: &str = "backcoach is a coach, not a clinician.";
pub const COACH_MORE: &str =
    "It cannot examine you. When in doubt, ask a doctor or physiotherapist.";

/// Said once, plainly, where people read it.
pub const NOT_A_CLINICIAN: &str = "backcoach is a coach, not a clinician. It can walk you through \
exercises and keep track, but it cannot examine you. Stop any exercise that makes pain spread or \
worsen, or that brings new pain, and ask a doctor or physiotherapist when in doubt.";

/// The gentler routine for a bad day, offered when pain before is high.
pub const FLARE_ROUTINE: &str = "flare";
/// Pain from which the urgent red flags are shown (and, before a session, the flare routine
/// offered).
pub const FLARE_AT: u8 = 8;
/// Pain after a session this many points higher than before is said to be worse.
pub const WORSE_BY: u8 = 2;

/// How many points higher pain is after than before, when that is `WORSE_BY` or more.
pub fn worse_by(before: Option<u8>, after: Option<u8>) -> Option<u8> {
    let rise = after?.checked_sub(before?)?;
    (rise >= WORSE_BY).then_some(rise)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn worse_means_2_points_or_more_higher() {
        assert_eq!(worse_by(Some(3), Some(5)), Some(2));
        assert_eq!(worse_by(Some(0), Some(10)), Some(10));
        assert_eq!(worse_by(Some(3), Some(4)), None, "1 point is not worse");
        assert_eq!(worse_by(Some(6), Some(2)), None, "better is not worse");
        assert_eq!(worse_by(None, Some(9)), None);
        assert_eq!(worse_by(Some(1), None), None);
    }
}
