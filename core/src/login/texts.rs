//! Member-facing texts of signing up, logging in, the session, password change and reset,
//! and withdrawal (SPEC §2), in Japanese and English side by side.
//!
//! Each function words one `TamaruError` variant of this capability; `TamaruError::message`
//! delegates here in an exhaustive match, so a new variant without its texts does not
//! compile. Texts of the policy's own violations live with the policy (`policy/`).

use crate::language::Language;
use crate::texts::japan_time;

pub(crate) fn password_policy(problems: usize, lang: Language) -> String {
    match lang {
        Language::Ja => "パスワードが条件を満たしていません。".into(),
        Language::En => {
            format!("The password does not meet the policy ({problems} problem(s)).")
        }
    }
}

pub(crate) fn invalid_login_id(problems: usize, lang: Language) -> String {
    match lang {
        Language::Ja => "ログインIDの形式が正しくありません。".into(),
        Language::En => format!("The login ID is not valid ({problems} problem(s))."),
    }
}

pub(crate) fn login_id_taken(lang: Language) -> String {
    lang.pick(
        "このログインIDはすでに登録されています。",
        "This login ID already has an account.",
    )
}

pub(crate) fn wrong_password(attempts_left: Option<u32>, lang: Language) -> String {
    match (lang, attempts_left) {
        (Language::Ja, Some(n)) => {
            format!("パスワードが正しくありません。あと{n}回失敗するとロックされます。")
        }
        (Language::Ja, None) => "パスワードが正しくありません。".into(),
        (Language::En, Some(n)) => {
            format!("Wrong password. {n} more failed attempt(s) will lock the account.")
        }
        (Language::En, None) => "Wrong password.".into(),
    }
}

pub(crate) fn unknown_account(lang: Language) -> String {
    lang.pick(
        "このログインIDのアカウントは見つかりません。",
        "No account has this login ID.",
    )
}

pub(crate) fn account_locked(retry_at: &str, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "ログインに続けて失敗したため、ロックされています。{}以降に再度お試しください。",
            japan_time(retry_at)
        ),
        Language::En => format!(
            "Too many failed logins: the account is locked. Try again after {} (Japan time).",
            japan_time(retry_at)
        ),
    }
}

pub(crate) fn account_withdrawn(lang: Language) -> String {
    lang.pick(
        "このアカウントは退会済みです。",
        "This account has withdrawn.",
    )
}

pub(crate) fn not_signed_in(lang: Language) -> String {
    lang.pick("ログインしてください。", "Please log in.")
}

pub(crate) fn session_expired(lang: Language) -> String {
    lang.pick(
        "ログインの有効期限が切れました。再度ログインしてください。",
        "The session has ended; log in again.",
    )
}

pub(crate) fn signed_in_elsewhere(lang: Language) -> String {
    lang.pick(
        "別の端末でログインされたため、ログアウトしました。再度ログインしてください。",
        "Signed in on another device; log in again to use this one.",
    )
}

pub(crate) fn external_support_page(url: &str, lang: Language) -> String {
    match lang {
        Language::Ja => format!("会員サポートページでお手続きください: {url}"),
        Language::En => format!("Continue on the external member support page: {url}."),
    }
}

pub(crate) fn wrong_old_password(lang: Language) -> String {
    lang.pick(
        "現在のパスワードが正しくありません。",
        "The current password does not match.",
    )
}

pub(crate) fn password_unchanged(lang: Language) -> String {
    lang.pick(
        "新しいパスワードが現在のパスワードと同じです。",
        "The new password is the same as the current one.",
    )
}

pub(crate) fn invalid_reset_code(lang: Language) -> String {
    lang.pick(
        "確認コードが正しくありません。メールに記載のコードを入力してください。",
        "The reset code does not match. Enter the code from the mail.",
    )
}

pub(crate) fn reset_code_expired(lang: Language) -> String {
    lang.pick(
        "確認コードの有効期限が切れました。もう一度コードを送信してください。",
        "The reset code has expired; ask for a new one.",
    )
}
