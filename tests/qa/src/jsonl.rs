//! JSON-lines plumbing shared by the `check` and `expiry` commands: one value per input
//! line, one object per output line, in order; a bad line gets `{"error": "..."}` and the
//! rest still run.

use std::io::{self, BufRead, Write};

use serde_json::Value;

/// Calls `each` for every non-empty input line parsed as JSON, writing what it returns as one
/// line. Lines that are not JSON get `{"error": "..."}`.
pub fn for_each_line(
    input: &mut dyn BufRead,
    output: &mut dyn Write,
    mut each: impl FnMut(Value) -> Value,
) -> io::Result<()> {
    let mut line = String::new();
    loop {
        line.clear();
        // Read raw bytes so that a line of invalid UTF-8 is one error line, not the end of the run.
        let mut bytes = Vec::new();
        if input.read_until(b'\n', &mut bytes)? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&bytes);
        let text = text.trim_end_matches(['\n', '\r']);
        if text.trim().is_empty() {
            continue;
        }
        let answer = match serde_json::from_str::<Value>(text) {
            Ok(value) => each(value),
            Err(e) => error(format!("not JSON: {e}")),
        };
        serde_json::to_writer(&mut *output, &answer)?;
        output.write_all(b"\n")?;
    }
}

/// `{"error": message}`.
pub fn error(message: impl Into<String>) -> Value {
    serde_json::json!({ "error": message.into() })
}
