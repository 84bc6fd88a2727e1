//! The subcommands: the only place where I/O meets the core. Each reads what it needs
//! (settings, routines, the log), calls the pure core, and writes through `output` or `ui`.

pub mod add;
pub mod author;
pub mod nudge;
pub mod start;
