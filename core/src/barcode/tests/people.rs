//! Human-readable digits and screen-reader labels.

use crate::barcode::{LabelLanguage, grouped_digits, spoken_label};

#[test]
fn digits_are_grouped_in_fours() {
    assert_eq!(grouped_digits("1091234567891234"), "1091 2345 6789 1234");
    assert_eq!(
        grouped_digits("43001234567890121234567890123456"),
        "4300 1234 5678 9012 1234 5678 9012 3456"
    );
    assert_eq!(grouped_digits("123456"), "1234 56");
    assert_eq!(grouped_digits("1234"), "1234");
    assert_eq!(grouped_digits(""), "");
}

#[test]
fn spoken_labels_read_digits_one_by_one_in_groups() {
    assert_eq!(
        spoken_label("10912345", LabelLanguage::En),
        "Member code: 1 0 9 1, 2 3 4 5"
    );
    assert_eq!(
        spoken_label("10912345", LabelLanguage::Ja),
        "会員コード 1 0 9 1、2 3 4 5"
    );
    assert_eq!(
        spoken_label("123456", LabelLanguage::En),
        "Member code: 1 2 3 4, 5 6"
    );
}
