//! Shared helpers live in the test files; this crate has no library code of its own.
