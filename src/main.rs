//! The `backcoach` binary: runs the library and turns the result into an exit code.

use std::process::ExitCode;

fn main() -> ExitCode {
    backcoach::cli::shell::complete_now();
    match backcoach::run(std::env::args_os()) {
        Ok(exit) => exit.into(),
        Err(err) => {
            err.report(&mut std::io::stderr().lock());
            err.exit().into()
        }
    }
}
