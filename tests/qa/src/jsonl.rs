//! JSON-lines plumbing shared by the `check` and `expiry` commands: one value per input
//! line, one object per output line, in order; a bad line gets `{"error": "..."}` and the
//! rest still run.
//!
//! Interpretations fixed here (README: "A line that cannot be read gets `{"error": "…"}`"):
//! - a line that is not valid UTF-8 cannot be read as JSON (RFC 8259 §8.1), so it is an error
//!   line; it is never decoded lossily (a password with a stray byte would otherwise be
//!   checked as if it held U+FFFD);
//! - a UTF-8 byte-order mark at the very start of the input (what some editors and PowerShell
//!   write) is skipped, not taken for part of the first line;
//! - blank lines (nothing but whitespace) are skipped and get no output line; `\r\n` endings
//!   are accepted.
//!
//! Answers are written with their fields in the order the README lists them (`valid` before
//! `violations`, `code` before `char` before `position`, ...): callers return typed structs,
//! whose serialisation keeps declaration order, rather than `serde_json::Value` maps, which
//! sort their keys.

use std::io::{self, BufRead, Write};

use serde::Serialize;
use serde_json::Value;

/// The UTF-8 byte-order mark.
const BOM: &[u8] = b"\xEF\xBB\xBF";

/// Calls `each` for every non-blank input line parsed as JSON, writing its `Ok` answer as one
/// line and an `Err(message)` as `{"error": message}`. Lines that are not UTF-8 or not JSON
/// get `{"error": "..."}` without `each` being called.
pub fn for_each_line<T: Serialize>(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    mut each: impl FnMut(Value) -> Result<T, String>,
) -> io::Result<()> {
    let mut first = true;
    loop {
        // Read raw bytes so that a line of invalid UTF-8 is one error line, not the end of the run.
        let mut bytes = Vec::new();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(());
        }
        let mut line: &[u8] = &bytes;
        if std::mem::take(&mut first) {
            line = line.strip_prefix(BOM).unwrap_or(line);
        }
        let result = match std::str::from_utf8(line) {
            Err(e) => Err(format!(
                "not UTF-8: invalid byte at offset {} of the line",
                e.valid_up_to()
            )),
            Ok(text) => {
                let text = text.trim_end_matches(['\n', '\r']);
                if text.trim().is_empty() {
                    continue;
                }
                match serde_json::from_str::<Value>(text) {
                    Ok(value) => each(value),
                    Err(e) => Err(format!("not JSON: {e}")),
                }
            }
        };
        let mut encoded = match result {
            Ok(answer) => serde_json::to_vec(&answer)
                .or_else(|e| serde_json::to_vec(&error(format!("cannot write the answer: {e}")))),
            Err(message) => serde_json::to_vec(&error(message)),
        }
        .map_err(io::Error::other)?;
        encoded.push(b'\n');
        output.write_all(&encoded)?;
    }
}

/// `{"error": message}`.
pub fn error(message: impl Into<String>) -> Value {
    serde_json::json!({ "error": message.into() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(input: &[u8]) -> String {
        let mut out = Vec::new();
        for_each_line(&mut &input[..], &mut out, |value| match value {
            Value::String(s) => Ok(s),
            _ => Err("not a string".to_owned()),
        })
        .expect("run");
        String::from_utf8(out).expect("UTF-8 output")
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        assert_eq!(run(b"\xEF\xBB\xBF\"a\"\r\n\"b\"\n"), "\"a\"\n\"b\"\n");
        // Only at the start of the input: later it is part of a line (and not JSON there).
        let out = run(b"\"a\"\n\xEF\xBB\xBF\"b\"\n");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines[0], "\"a\"");
        assert!(lines[1].starts_with("{\"error\":\"not JSON"), "{out}");
    }

    #[test]
    fn invalid_utf8_is_an_error_line_not_a_lossy_string() {
        let out = run(b"\"Abc\xFF1!\"\n\"ok\"\n");
        let lines: Vec<Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).expect("JSON"))
            .collect();
        assert_eq!(lines.len(), 2);
        let message = lines[0]["error"].as_str().expect("an error line");
        assert!(message.contains("UTF-8"), "{message}");
        assert!(!out.contains('\u{FFFD}'), "{out}");
        assert_eq!(lines[1], Value::String("ok".into()));
    }

    #[test]
    fn blank_lines_are_skipped_and_errors_are_objects() {
        assert_eq!(run(b"\n  \r\n\t\n42\n"), "{\"error\":\"not a string\"}\n");
    }
}
