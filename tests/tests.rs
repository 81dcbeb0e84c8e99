//! Integration tests of the `dispatch` binary on real archives. One test
//! binary; each module covers one area.

mod util;
mod webdriver;

mod cli;
mod consistency;
mod crash;
mod e2e;
mod endpoint;
mod io;
mod threads;
