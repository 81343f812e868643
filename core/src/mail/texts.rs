//! Member-facing texts of the e-mail address and its change (SPEC §6), Japanese and English
//! side by side; `TamaruError::message` delegates here in an exhaustive match.

use crate::language::Language;
use crate::login::policy::LoginIdViolation;
use crate::profile::SupportContacts;

pub(crate) fn invalid_email(violations: &[LoginIdViolation], lang: Language) -> String {
    match (lang, violations.first()) {
        (Language::Ja, Some(first)) => {
            format!(
                "メールアドレスの形式が正しくありません。{}",
                first.message_ja
            )
        }
        (Language::Ja, None) => "メールアドレスの形式が正しくありません。".into(),
        (Language::En, Some(first)) => {
            format!("The e-mail address is not valid. {}", first.message_en)
        }
        (Language::En, None) => "The e-mail address is not valid.".into(),
    }
}

pub(crate) fn email_taken(support: &SupportContacts, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "このメールアドレスは他のお客様が登録されています。登録された別のお客様がメールアドレスを誤って登録している可能性がございます。お手数をおかけいたしますが、フォーム（{}）もしくはお電話（{} 受付時間:{}）にお問い合わせください。",
            support.form_url, support.phone, support.phone_hours
        ),
        Language::En => format!(
            "Another member has registered this e-mail address, perhaps by mistake. Please contact us through the form ({}) or by phone ({}, {}).",
            support.form_url, support.phone, support.phone_hours
        ),
    }
}

pub(crate) fn email_unchanged(lang: Language) -> String {
    lang.pick(
        "現在ご登録のメールアドレスと同じです。",
        "This is already your registered e-mail address.",
    )
}

pub(crate) fn wrong_email_code(attempts_left: Option<u32>, lang: Language) -> String {
    match (lang, attempts_left) {
        (Language::Ja, Some(0)) => {
            "確認コードが正しくありません。もう一度コードを送信してください。".into()
        }
        (Language::Ja, Some(n)) => {
            format!("確認コードが正しくありません。あと{n}回入力できます。")
        }
        (Language::Ja, None) => {
            "確認コードが正しくありません。メールに記載の6桁の数字を入力してください。".into()
        }
        (Language::En, Some(0)) => "The code does not match. Ask for a new code.".into(),
        (Language::En, Some(n)) => format!("The code does not match. {n} attempt(s) left."),
        (Language::En, None) => "The code does not match. Enter the 6 digits from the mail.".into(),
    }
}

pub(crate) fn email_code_expired(lang: Language) -> String {
    lang.pick(
        "確認コードの有効期限が切れました。もう一度コードを送信してください。",
        "The confirmation code has expired; ask for a new one.",
    )
}

/// The address the server refused to register (`invalid_email`), as the one problem found.
pub(crate) fn refused_email() -> LoginIdViolation {
    LoginIdViolation {
        code: crate::login::policy::LoginIdViolationCode::InvalidEmail,
        character: None,
        position: None,
        message_en: "This e-mail address cannot be registered. Check it or use another address."
            .into(),
        message_ja: "このメールアドレスは登録できません。入力内容をご確認いただくか、別のメールアドレスをお試しください。".into(),
    }
}
