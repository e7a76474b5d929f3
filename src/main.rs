//! The `hpkg` binary: all behaviour lives in the library.

fn main() -> std::process::ExitCode {
    hpkg::cli::main()
}
