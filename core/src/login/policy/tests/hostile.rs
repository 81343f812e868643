//! Generated hostile input: no panic, and the results keep their invariants.

use super::*;

/// A small deterministic generator (xorshift64*), so a failure is reproducible.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn char(&mut self) -> char {
        const POOL: &[char] = &[
            ' ',
            '\t',
            '\n',
            '\r',
            '\u{B}',
            '\u{C}',
            '\0',
            '\u{7F}',
            '\u{3000}',
            '\u{A0}',
            '@',
            '＠',
            '.',
            '_',
            '-',
            '!',
            '"',
            '\\',
            '¥',
            '￥',
            'ｱ',
            'ﾞ',
            'あ',
            'ア',
            '漢',
            '\u{3099}',
            '\u{301}',
            '\u{200B}',
            '\u{200D}',
            '\u{202E}',
            '\u{2066}',
            '\u{FEFF}',
            '\u{FE0F}',
            '😀',
            '👨',
            '\u{1F3FB}',
            '\u{E0041}',
            '\u{FFFD}',
            '\u{FFFF}',
            '\u{10FFFF}',
            '\u{D7FF}',
            '\u{E000}',
            '⦅',
            '｟',
            '～',
        ];
        match self.below(6) {
            0 => char::from(self.below(128) as u8),
            1 => char::from_u32(0xFF01 + self.below(0x5E) as u32).unwrap_or('?'),
            2 => char::from_u32(self.below(0x11_0000) as u32).unwrap_or('\u{FFFD}'),
            3 => char::from(b"aZ9!"[self.below(4)]),
            _ => POOL[self.below(POOL.len())],
        }
    }

    fn string(&mut self) -> String {
        let len = match self.below(20) {
            0 => 0,
            1 => 300 + self.below(700),
            _ => self.below(40),
        };
        (0..len).map(|_| self.char()).collect()
    }

    fn password_rules(&mut self) -> PasswordRules {
        match self.below(4) {
            0 => wester_pw(),
            1 => waon_pw(),
            _ => {
                let symbols: String = (0..self.below(10))
                    .map(|_| char::from(b" !#$%&@_-.~"[self.below(11)]))
                    .collect();
                PasswordRules {
                    min_length: self.below(12) as u32,
                    max_length: self.below(40) as u32,
                    require_digit: self.below(2) == 0,
                    require_upper: self.below(2) == 0,
                    require_lower: self.below(2) == 0,
                    require_letter: self.below(2) == 0,
                    require_symbol: self.below(2) == 0,
                    symbols,
                }
            }
        }
    }

    fn login_rules(&mut self) -> LoginRules {
        let id_kinds = match self.below(4) {
            0 => vec![LoginIdKind::Email],
            1 => vec![LoginIdKind::Email, LoginIdKind::WebId],
            2 => vec![LoginIdKind::WebId],
            _ => vec![],
        };
        LoginRules {
            id_kinds,
            web_id_min: self.below(10) as u32,
            web_id_max: self.below(30) as u32,
        }
    }
}

fn password_rank(code: P) -> usize {
    match code {
        P::TooShort => 0,
        P::TooLong => 1,
        P::MissingDigit => 2,
        P::MissingUpper => 3,
        P::MissingLower => 4,
        P::MissingLetter => 5,
        P::MissingSymbol => 6,
        P::DisallowedCharacter | P::FullWidthCharacter | P::LeadingOrTrailingSpace => 7,
    }
}

fn login_rank(code: L) -> usize {
    match code {
        L::Empty => 0,
        L::KindNotAccepted => 1,
        L::TooShort => 2,
        L::TooLong => 3,
        L::InvalidEmail => 4,
        L::DisallowedCharacter | L::FullWidthCharacter | L::LeadingOrTrailingSpace => 5,
    }
}

/// Messages never carry a raw control or bidirectional character (they name it instead).
fn clean(message: &str) -> bool {
    !message.is_empty()
        && !message
            .chars()
            .any(|c| c.is_control() || ('\u{202A}'..='\u{202E}').contains(&c))
}

#[test]
fn generated_passwords() {
    let mut rng = Rng(0x7A3A_12C0_FFEE_0001);
    for _ in 0..3_000 {
        let rules = rng.password_rules();
        let text = rng.string();
        let chars: Vec<char> = text.chars().collect();
        let check = check_password(&rules, &text);
        assert_eq!(check.valid, check.violations.is_empty(), "{text:?}");
        let mut last = (0, None);
        for v in &check.violations {
            assert!(clean(&v.message_en) && clean(&v.message_ja), "{v:?}");
            let rank = password_rank(v.code);
            assert!(rank >= last.0, "order {text:?}: {:?}", check.codes());
            if rank == 7 {
                let pos = v.position.expect("per-character code has a position");
                assert!(last.1.is_none_or(|p| p < pos), "positions ascend {text:?}");
                let ch = chars.get(pos as usize).expect("position inside the text");
                assert_eq!(v.character.as_deref(), Some(ch.to_string().as_str()));
                last.1 = Some(pos);
            } else {
                assert_eq!((v.character.as_ref(), v.position), (None, None));
            }
            last.0 = rank;
        }
        let list = rule_checklist(&rules, &text);
        assert_eq!(list.iter().all(|s| s.met), check.valid, "{text:?}");
        assert!(check.violations.len() <= chars.len() + 7);
    }
}

#[test]
fn generated_login_ids() {
    let mut rng = Rng(0x5EED_0000_1234_ABCD);
    for _ in 0..3_000 {
        let rules = rng.login_rules();
        let mut text = rng.string();
        if rng.below(3) == 0 {
            text.insert(
                text.len() / 2 * usize::from(text.is_char_boundary(text.len() / 2)),
                '@',
            );
        }
        let chars: Vec<char> = text.chars().collect();
        let check = check_login_id(&rules, &text);
        assert_eq!(check.valid, check.violations.is_empty(), "{text:?}");
        assert_eq!(
            check.kind.is_none(),
            check.codes().contains(&L::Empty),
            "{text:?}"
        );
        if let Some(kind) = check.kind {
            assert_eq!(
                rules.id_kinds.contains(&kind),
                !check.codes().contains(&L::KindNotAccepted)
            );
        }
        let mut last = (0, None);
        for v in &check.violations {
            assert!(clean(&v.message_en) && clean(&v.message_ja), "{v:?}");
            let rank = login_rank(v.code);
            assert!(rank >= last.0, "order {text:?}: {:?}", check.codes());
            if let Some(pos) = v.position {
                let ch = chars.get(pos as usize).expect("position inside the text");
                assert_eq!(v.character.as_deref(), Some(ch.to_string().as_str()));
            }
            if rank == 5 {
                let pos = v.position.expect("per-character code has a position");
                assert!(last.1.is_none_or(|p| p < pos), "positions ascend {text:?}");
                last.1 = Some(pos);
            }
            last.0 = rank;
        }
    }
}
