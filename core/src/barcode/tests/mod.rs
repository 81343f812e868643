//! Tests of the barcode module. The round trips render PNGs and decode them back with
//! independent decoders; the rest pin errors, layout, labels and the offline code.

mod countdown;
mod decode;
mod encode_errors;
mod layout;
mod offline;
mod people;
mod roundtrip;
mod text_outputs;
