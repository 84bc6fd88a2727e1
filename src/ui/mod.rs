//! What a person sees, hears and presses: `view` says what a frame shows and `speech` what the
//! spoken coach says (both pure), `terminal` draws it,
//! reads keys and signals, and runs the loop.

pub mod speech;
pub mod terminal;
pub mod view;
