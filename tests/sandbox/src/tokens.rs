//! Random tokens, device numbers and secrets.

/// `n` random bytes as lowercase hex.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A random number of `digits` decimal digits, not starting with 0.
pub fn random_digits(digits: usize) -> String {
    let mut bytes = vec![0u8; digits];
    getrandom::fill(&mut bytes).expect("the OS random source works");
    bytes
        .iter()
        .enumerate()
        .map(|(i, b)| {
            let d = if i == 0 { 1 + b % 9 } else { b % 10 };
            char::from(b'0' + d)
        })
        .collect()
}
