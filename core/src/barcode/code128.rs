//! Code128 through `barcoders`, choosing the character sets for the shortest symbol.
//!
//! `barcoders` wants the data prefixed with a character-set selector (`À` A, `Ɓ` B, `Ć` C)
//! and every switch spelled out (TOOLCHAIN.md). We use set C (two digits per symbol) for
//! digit runs where it saves symbols and set B (all printable ASCII) for the rest; set A
//! (control characters) is never needed for member codes, so control characters are refused.

use barcoders::sym::code128::Code128;

use crate::profile::Symbology;

use super::error::BarcodeError;
use super::linear::check_characters;
use super::matrix::BarcodeMatrix;

const SET_B: char = 'Ɓ';
const SET_C: char = 'Ć';

pub(crate) fn encode(data: &str) -> Result<BarcodeMatrix, BarcodeError> {
    let symbology = Symbology::Code128;
    check_characters(symbology, data, |c| (' '..='~').contains(&c))?;
    let selected = with_character_sets(data);
    let code = Code128::new(&selected).map_err(|e| BarcodeError::Render {
        reason: format!("barcoders rejected {selected:?}: {e}"),
    })?;
    let bars = code.encode().into_iter().map(|b| b == 1).collect();
    Ok(BarcodeMatrix::linear(symbology, data.to_owned(), bars))
}

/// The data with `barcoders`' set selectors inserted (ASCII input only).
///
/// A run of `r` digits costs `r` symbols in set B. In set C it costs `r / 2` symbols, one
/// more for an odd digit left in set B, plus a switch into C (free at the start: it is the
/// start symbol) and one back to B when data follows (or, at the start, for the odd digit).
/// C is used only when strictly cheaper. The odd digit goes where set B already is: before
/// the run in the middle of the data, after it at the start.
pub(crate) fn with_character_sets(data: &str) -> String {
    let bytes = data.as_bytes();
    let n = bytes.len();
    let mut out = String::with_capacity(n + 4);
    let mut in_b = false;
    let mut i = 0;
    while i < n {
        let run = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
        let at_start = i == 0;
        let more_after = i + run < n;
        let odd = run % 2 == 1;
        let switches = usize::from(!at_start) + usize::from(more_after || (at_start && odd));
        let cost_c = run / 2 + usize::from(odd) + switches;
        if run >= 2 && cost_c < run {
            if odd && !at_start {
                out.push(bytes[i] as char);
                i += 1;
            }
            out.push(SET_C);
            in_b = false;
            let even = run - run % 2;
            out.extend(bytes[i..i + even].iter().map(|&b| b as char));
            i += even;
        } else {
            if !in_b {
                out.push(SET_B);
                in_b = true;
            }
            let end = if run > 0 {
                i + run
            } else {
                i + bytes[i..]
                    .iter()
                    .take_while(|b| !b.is_ascii_digit())
                    .count()
            };
            out.extend(bytes[i..end].iter().map(|&b| b as char));
            i = end;
        }
    }
    out
}
