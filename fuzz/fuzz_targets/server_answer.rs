//! Server answers: any status and body decode to a value or a typed error, and the
//! member-facing error never quotes the body (`http::fuzz_server_answer`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: (u16, &[u8])| {
    tamaru_core::http::fuzz_server_answer(data.0, data.1);
});
