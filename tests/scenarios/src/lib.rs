//! Shared helpers for the end-to-end scenarios live in `tests/common`.
