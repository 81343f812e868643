//! Hardening: random and hostile inputs give typed errors, never a panic, and consistent
//! results. A small deterministic PRNG keeps failures reproducible without new dependencies.

use super::*;

/// xorshift64* (Vigna): tiny, deterministic, good enough to pick test inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }

    fn chance(&mut self, one_in: usize) -> bool {
        self.below(one_in) == 0
    }
}

const DIGITS: &[char] = &['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];
const WIDE_DIGITS: &[char] = &['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];
const SEPARATORS: &[char] = &[
    ' ', '\t', '\u{3000}', '\u{00A0}', '-', '\u{2010}', '\u{2011}', '\u{2012}', '\u{2013}',
    '\u{2014}', '\u{2015}', '\u{2212}', '\u{FF0D}', '\u{FE63}', '\u{30FC}', '\u{FF70}', '\u{00AD}',
];
const HOSTILE: &[char] = &[
    '\u{0}',
    '\u{1}',
    '\u{7}',
    '\u{8}',
    '\n',
    '\r',
    '\u{1B}',
    '\u{7F}',
    '\u{85}',
    '\u{9F}', // controls
    '\u{0301}',
    '\u{0308}',
    '\u{20E3}',
    '\u{3099}',
    '\u{FE0F}',
    '\u{E0100}', // combining, selectors
    '\u{200E}',
    '\u{200F}',
    '\u{202A}',
    '\u{202E}',
    '\u{2066}',
    '\u{2067}',
    '\u{061C}', // direction marks
    '\u{200B}',
    '\u{200D}',
    '\u{2060}',
    '\u{FEFF}',
    '\u{2028}',
    '\u{2029}',
    '\u{2003}', // invisible
    '🙂',
    '👨',
    '🇯',
    '💳',
    '\u{1F3FB}', // emoji parts
    'a',
    'Z',
    'Ｘ',
    'ｶ',
    'カ',
    '漢',
    '١',
    '۳',
    '①',
    '⁴',
    '½',
    '.',
    ',',
    '/',
    '+',
    '_',
    '"',
    '\\', // look-alikes
    '\u{FFFD}',
    '\u{FFFF}',
    '\u{10FFFF}',
    '\u{E000}',
    '\u{D7FF}',
    '\u{E0041}', // edge code points
];

fn any_char(rng: &mut Rng) -> char {
    loop {
        // Mostly the BMP, sometimes anything up to U+10FFFF.
        let max = if rng.chance(4) { 0x11_0000 } else { 0x1_0000 };
        if let Some(c) = char::from_u32((rng.next() % max) as u32) {
            return c;
        }
    }
}

fn some_char(rng: &mut Rng) -> char {
    match rng.below(10) {
        0..=3 => rng.pick(DIGITS),
        4 => rng.pick(WIDE_DIGITS),
        5 | 6 => rng.pick(SEPARATORS),
        7 | 8 => rng.pick(HOSTILE),
        _ => any_char(rng),
    }
}

/// A random field: mostly short and number-like, sometimes ~10 kB, sometimes a valid number
/// with one hostile character slipped in.
fn some_text(rng: &mut Rng) -> String {
    match rng.below(20) {
        0 => {
            // ~10 kB of mixed characters.
            let mut s = String::new();
            while s.len() < 10_240 {
                s.push(some_char(rng));
            }
            s
        }
        1 => {
            // ~10 kB of digits and separators only: valid characters, absurd length.
            let mut s = String::new();
            while s.len() < 10_240 {
                s.push(if rng.chance(5) {
                    rng.pick(SEPARATORS)
                } else {
                    rng.pick(WIDE_DIGITS)
                });
            }
            s
        }
        2..=5 => {
            // A valid 16-digit number, maybe with one hostile character inserted.
            let partial: String = (0..15).map(|_| rng.pick(DIGITS)).collect();
            let check = luhn_check_digit(&partial).expect("digits");
            let mut chars: Vec<char> = format!("{partial}{check}").chars().collect();
            if rng.chance(2) {
                let at = rng.below(chars.len() + 1);
                chars.insert(at, rng.pick(HOSTILE));
            }
            chars.into_iter().collect()
        }
        6 => String::new(),
        _ => {
            let len = rng.below(40);
            (0..len).map(|_| some_char(rng)).collect()
        }
    }
}

fn some_card_type(rng: &mut Rng) -> String {
    const TYPES: &[&str] = &[
        "sc_point_card",
        "aeon_card",
        "waon_point_card",
        "waon_emoney",
        "",
        "SC_POINT_CARD",
        "sc_point_card\u{0}",
    ];
    if rng.chance(8) {
        some_text(rng)
    } else {
        rng.pick(TYPES).to_owned()
    }
}

fn some_answer(rng: &mut Rng) -> Option<bool> {
    rng.pick(&[None, Some(true), Some(false)])
}

/// An input a careful member might send: a card type of the profile, a PIN only when the
/// card type has one, an answer only when asked. Only the number is random.
fn plausible_input(rng: &mut Rng, profile: &Profile, number: String) -> CardInput {
    let types = &profile.cards.types;
    let rule = &types[rng.below(types.len())];
    let (has_pin, pin) = match rule.pin {
        PinRule::None => (rng.pick(&[None, Some(false)]), None),
        PinRule::MemberStates if rng.chance(2) => {
            let mut pin: String = (0..rule.pin_digits)
                .map(|_| rng.pick(WIDE_DIGITS))
                .collect();
            if rng.chance(4) {
                pin.push(rng.pick(HOSTILE));
            }
            (Some(true), Some(pin))
        }
        PinRule::MemberStates => (Some(false), None),
    };
    let member_registered = if rule.asks_member_registered {
        some_answer(rng)
    } else {
        None
    };
    CardInput {
        card_type: rule.id.clone(),
        number,
        has_pin,
        pin,
        member_registered,
    }
}

fn check_normalize_result(input: &str, result: &Result<String, CardInputError>) {
    match result {
        Ok(digits) => {
            assert!(!digits.is_empty());
            assert!(digits.bytes().all(|b| b.is_ascii_digit()));
            assert!(digits.len() <= input.chars().count());
        }
        Err(CardInputError::Empty) => {
            assert!(normalize_lossy(input).is_empty());
        }
        Err(CardInputError::InvalidCharacter {
            character,
            position,
        }) => {
            let at = input.chars().nth(*position as usize).map(String::from);
            assert_eq!(
                at.as_ref(),
                Some(character),
                "position points at the character"
            );
            assert_eq!(character.chars().count(), 1);
        }
        Err(other) => panic!("normalize gave {other:?}"),
    }
}

fn check_error(e: &CardInputError) {
    assert!(CardInputError::CODES.contains(&e.code()));
    let en = e.message_en();
    let ja = e.message_ja();
    assert!(!en.is_empty() && !ja.is_empty());
    // Messages stay short whatever the input was.
    assert!(en.chars().count() < 300 && ja.chars().count() < 300, "{en}");
    // Control characters never reach a message.
    assert!(
        !en.chars().chain(ja.chars()).any(char::is_control),
        "{en:?}"
    );
}

#[test]
fn ten_thousand_random_and_hostile_inputs_give_typed_errors() {
    let wester = Profile::builtin("wester").expect("wester");
    let waon = Profile::builtin("waon").expect("waon");
    let mut rng = Rng(0x5EED_CA4D_2025_0001);
    let mut accepted = 0;
    for _ in 0..10_000 {
        let number = some_text(&mut rng);
        let normalized = normalize(&number);
        check_normalize_result(&number, &normalized);
        let _ = normalize_lossy(&number);

        let profile = if rng.chance(2) { &wester } else { &waon };
        let input = if rng.chance(4) {
            plausible_input(&mut rng, profile, number)
        } else {
            CardInput {
                card_type: some_card_type(&mut rng),
                number,
                has_pin: some_answer(&mut rng),
                pin: if rng.chance(2) {
                    Some(some_text(&mut rng))
                } else {
                    None
                },
                member_registered: some_answer(&mut rng),
            }
        };
        let _ = format!("{input:?}");
        match precheck(profile, &input) {
            Ok(card) => {
                accepted += 1;
                let rule = profile.card_type(&card.card_type).expect("known type");
                assert_eq!(card.number.len(), rule.digits as usize);
                assert!(luhn_valid(&card.number));
                assert_eq!(normalize(&input.number).as_ref(), Ok(&card.number));
                if let Some(pin) = &card.pin {
                    assert_eq!(pin.len(), rule.pin_digits as usize);
                    assert!(pin.bytes().all(|b| b.is_ascii_digit()));
                }
            }
            Err(errors) => {
                assert!(!errors.is_empty());
                let mut codes: Vec<&str> = errors.iter().map(CardInputError::code).collect();
                codes.sort_unstable();
                let n = codes.len();
                codes.dedup();
                assert_eq!(codes.len(), n, "no error reported twice: {errors:?}");
                errors.iter().for_each(check_error);
            }
        }
    }
    // The generator does produce valid cards, so the accepting path was exercised too.
    assert!(accepted > 200, "only {accepted} accepted");
}

#[test]
fn huge_inputs_are_bounded_work() {
    let wester = Profile::builtin("wester").expect("wester");
    // 4 MB: an invalid first character stops at once; digits alone are read once.
    let junk = format!("x{}", "1".repeat(4 << 20));
    assert_eq!(
        normalize(&junk),
        Err(CardInputError::InvalidCharacter {
            character: "x".into(),
            position: 0
        })
    );
    let digits = "１".repeat(1 << 20);
    let errors =
        precheck(&wester, &CardInput::new("sc_point_card", digits)).expect_err("too many digits");
    assert_eq!(
        errors,
        vec![CardInputError::WrongDigitCount {
            given: 1 << 20,
            expected: 16
        }]
    );
    let late = format!("{}\u{0}", "-".repeat(1 << 20));
    assert_eq!(
        normalize(&late),
        Err(CardInputError::InvalidCharacter {
            character: "\u{0}".into(),
            position: 1 << 20
        })
    );
}
