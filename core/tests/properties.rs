//! Property tests (proptest) of the core's parsers and checks against hostile input: the
//! password check, card-number normalisation, profile parsing and barcode data. Each
//! property runs a bounded number of cases (`CASES`) so the whole binary finishes in
//! seconds under `cargo nextest`; the fuzz targets in `fuzz/` go further (docs/FUZZING.md).
//! Server-answer parsing is private to `http` and is tested beside it
//! (`core/src/http/tests/hostile.rs`).

mod properties {
    pub mod barcode;
    pub mod cards;
    pub mod password;
    pub mod profile;

    /// Cases per property: enough to find the shallow bugs every run, few enough for seconds.
    pub const CASES: u32 = 256;
}
