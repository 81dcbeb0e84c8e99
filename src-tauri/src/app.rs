// Without a console window on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

//! `dispatch-app`: the desktop window (and the same command line as
//! `dispatch`). `dispatch` without a command runs this binary.

fn main() -> std::process::ExitCode {
    dispatch_app::cli::main(dispatch_app::run_app)
}
