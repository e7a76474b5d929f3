//! The integration tests, in one binary with one module per area (as
//! ripgrep's `tests/tests.rs` does): RocksDB is linked once, and the
//! read-only tests share one corpus store, built once per run
//! (`util::corpus`).
//!
//! Most tests drive the `hpkg` binary on a store in a temporary directory;
//! `fuzz` calls the library. Their data stays beside this directory:
//! `tests/bad-input`, `tests/golden`, `tests/extract`, `tests/interop` (the
//! Python checks) and `tests/screenshots`.
//!
//! Tiers: a plain `cargo test` runs the fast tier. The slow tier (the kill
//! test, the fuzz run, the headless-Chromium checks and anything else over
//! about 20 s) runs only with `HPKG_SLOW=1`, as `.ci/run` sets; without it
//! each slow test says it was skipped and passes.
//!
//! ```sh
//! cargo test --test it                     # the fast tier
//! HPKG_SLOW=1 bash tests/run.sh            # everything, as CI runs it
//! cargo test --test it -- server::         # one area
//! ```

mod util;

mod analytics;
mod bad_input;
mod crash;
mod export;
mod extract;
mod fuzz;
mod generate;
mod ingest;
mod injection;
mod interop;
mod profile;
mod query;
mod reliability;
mod request_parity;
mod server;
