//! Member-facing texts of registering, listing and merging cards (SPEC §4), Japanese and
//! English side by side; `TamaruError::message` delegates here in an exhaustive match.
//! The offline input problems word themselves (`input/error.rs`), as the password policy's do.

use super::input::CardInputError;
use super::types::{CardMismatch, PersonalDetailsProblem};
use crate::language::Language;
use crate::texts::{japan_time, listed};

pub(crate) fn card_input(errors: &[CardInputError], lang: Language) -> String {
    match lang {
        Language::Ja => errors
            .iter()
            .map(CardInputError::message_ja)
            .collect::<Vec<_>>()
            .join(""),
        Language::En => errors
            .iter()
            .map(CardInputError::message_en)
            .collect::<Vec<_>>()
            .join(" "),
    }
}

pub(crate) fn details_mismatch(mismatches: &[CardMismatch], lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "カード情報と入力内容が異なっています{}。カードをお確かめの上、再度入力してください。",
            listed(mismatches.iter().map(|m| m.text_ja()), "（", "、", "）")
        ),
        Language::En => format!(
            "The details entered do not match the card{}. Check the card and enter them again.",
            listed(mismatches.iter().map(|m| m.text_en()), " (", "; ", ")")
        ),
    }
}

pub(crate) fn expired_or_invalid(expired_on: Option<&str>, lang: Language) -> String {
    match (lang, expired_on) {
        (Language::Ja, Some(date)) => {
            format!("有効期限（{date}）が切れているため、このカードは登録できません。")
        }
        (Language::Ja, None) => {
            "有効期限が切れているなど、無効なカードのため登録できません。".into()
        }
        (Language::En, Some(date)) => {
            format!("The card expired on {date}; it cannot be registered.")
        }
        (Language::En, None) => {
            "The card is not valid (for example, it has expired); it cannot be registered.".into()
        }
    }
}

pub(crate) fn pin_locked(retry_at: &str, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "暗証番号の入力誤りが続いたため、このカードは一時的に登録できません。{}以降に再度お試しください。",
            japan_time(retry_at)
        ),
        Language::En => format!(
            "The PIN was entered wrong too many times, so this card cannot be registered for now. Try again after {} (Japan time).",
            japan_time(retry_at)
        ),
    }
}

pub(crate) fn of_another_person(lang: Language) -> String {
    lang.pick(
        "ご本人様以外のカードは登録できません。ご家族・ご友人のカードは、ご本人様のアカウントでご登録ください。",
        "Only your own cards can be registered. A family member's or friend's card belongs in their own account.",
    )
}

pub(crate) fn registered_to_another_account(lang: Language) -> String {
    lang.pick(
        "このカードはすでに他のアカウントに登録されています。",
        "This card is already registered to another account.",
    )
}

pub(crate) fn limit_reached(limit: u32, lang: Language) -> String {
    match lang {
        Language::Ja => {
            format!("登録できるカードは{limit}枚までです。これ以上カードを登録できません。")
        }
        Language::En => {
            format!("Up to {limit} cards can be registered; no more cards can be added.")
        }
    }
}

pub(crate) fn type_limit_reached(limit: u32, lang: Language) -> String {
    match lang {
        Language::Ja => format!("この種類のカードは{limit}枚まで登録できます。"),
        Language::En => format!("Up to {limit} cards of this type can be registered."),
    }
}

/// `server_code` is the program's published refusal number (`waon`'s `6213`), shown because
/// its FAQ tells members to quote it; it is a protocol code, never free text.
pub(crate) fn second_credit_card(server_code: Option<&str>, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "1つのアカウントに登録できるクレジットカードは1枚のみのため、このカードは登録・統合できません。{}",
            server_code.map(|c| format!("({c})")).unwrap_or_default()
        ),
        Language::En => format!(
            "Only one credit card can be registered to an account, so this card cannot be registered or merged.{}",
            server_code.map(|c| format!(" ({c})")).unwrap_or_default()
        ),
    }
}

pub(crate) fn built_in_emoney(lang: Language) -> String {
    lang.pick(
        "クレジットカード付帯の電子マネーは単独では登録できません。クレジットカードを登録すると、同時に登録されます。",
        "E-money built into a credit card cannot be registered on its own: register the credit card and it comes along.",
    )
}

pub(crate) fn merge_not_offered(lang: Language) -> String {
    lang.pick(
        "このプログラムではポイント口座の統合はできません。",
        "This program does not merge point accounts.",
    )
}

pub(crate) fn merge_account_not_found(lang: Language) -> String {
    lang.pick(
        "入力されたカード番号のポイント口座が見つかりません。カード番号をお確かめください。",
        "No point account was found for this card number. Check the number.",
    )
}

pub(crate) fn merge_same_account(lang: Language) -> String {
    lang.pick(
        "このカードはすでにログイン中のアカウントに登録されています。",
        "This card is already registered to the account you are signed in to.",
    )
}

pub(crate) fn merge_details_mismatch(lang: Language) -> String {
    lang.pick(
        "ご登録のお客様情報（お名前・生年月日）が一致しないため、統合できません。",
        "The personal details (name, birth date) of the two accounts do not match, so they cannot be merged.",
    )
}

pub(crate) fn merge_card_limit_exceeded(limit: u32, total: u32, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "統合するとカードが{total}枚になり、上限の{limit}枚を超えるため統合できません。"
        ),
        Language::En => format!(
            "Merging would leave {total} cards, more than the {limit} allowed, so the accounts cannot be merged."
        ),
    }
}

pub(crate) fn invalid_personal_details(
    problems: &[PersonalDetailsProblem],
    lang: Language,
) -> String {
    match lang {
        Language::Ja => problems
            .iter()
            .map(|p| p.text_ja())
            .collect::<Vec<_>>()
            .join(""),
        Language::En => problems
            .iter()
            .map(|p| p.text_en())
            .collect::<Vec<_>>()
            .join(" "),
    }
}

pub(crate) fn not_on_this_platform(
    card_name: &str,
    card_name_ja: &str,
    platforms: &[String],
    lang: Language,
) -> String {
    let names = platforms.iter().map(|p| platform_name(p));
    match lang {
        Language::Ja => format!(
            "{card_name_ja}のひも付けはこのアプリではできません。{}版のアプリでひも付けてください。",
            names.collect::<Vec<_>>().join("・")
        ),
        Language::En => format!(
            "{card_name} cannot be linked in this app. Link it in the {} app.",
            names.collect::<Vec<_>>().join(" or ")
        ),
    }
}

/// A platform ID of the profile (`android`, `ios`) as members know it.
fn platform_name(id: &str) -> &str {
    match id {
        "android" => "Android",
        "ios" => "iOS",
        other => other,
    }
}
