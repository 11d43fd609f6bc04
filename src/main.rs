//! The `osteomir` binary: parse arguments, run, map the outcome to an exit code.

use std::process::ExitCode;

use clap::Parser;
use osteomir::cli::{run, Cli};

fn main() -> ExitCode {
    std::panic::set_hook(Box::new(|info| {
        eprintln!("osteomir: internal error (a bug, please report it): {info}");
    }));
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match std::panic::catch_unwind(|| run(cli)) {
        Ok(Ok(())) => ExitCode::SUCCESS,
        Ok(Err(err)) => {
            eprintln!("osteomir: error: {err}");
            ExitCode::from(err.exit_code())
        }
        Err(_) => ExitCode::from(1),
    }
}
