//! `dispatch`: the command line, and the window (through `dispatch-app`)
//! when no command is given.

fn main() -> std::process::ExitCode {
    dispatch_app::cli::main(dispatch_app::cli::exec_window_binary)
}
