// Without a console window on Windows release builds; the command line
// still works there when started from a terminal.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() -> std::process::ExitCode {
    dispatch_app::cli::main()
}
