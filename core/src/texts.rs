//! Member-facing texts that belong to no one capability: the app's own failures (its
//! configuration, its data on the phone, a bug), and the wording helpers the capabilities'
//! `texts.rs` files share.
//!
//! None of these texts shows the internal detail an error keeps for logs (a SQLite message,
//! a keystore's reason, a bad profile field): the member learns what happened and what to
//! do, never how the core failed.

use crate::language::Language;

/// The app's configuration is unusable (`TamaruError::InvalidConfig`).
pub(crate) fn invalid_config(lang: Language) -> String {
    match lang {
        Language::Ja => "アプリの設定に問題があります。アプリを最新版に更新してください。".into(),
        Language::En => {
            "The app is not set up correctly. Please update the app to the latest version.".into()
        }
    }
}

/// A bug caught at the FFI (`TamaruError::Internal`).
pub(crate) fn internal(lang: Language) -> String {
    match lang {
        Language::Ja => {
            "アプリ内部でエラーが発生しました。お手数ですが、もう一度お試しください。".into()
        }
        Language::En => "Something went wrong in the app. Please try again.".into(),
    }
}

/// The keychain/keystore failed (`TamaruError::SecureStore`).
pub(crate) fn secure_store(lang: Language) -> String {
    match lang {
        Language::Ja => {
            "端末に保存したログイン情報を読み書きできませんでした。端末を再起動して、もう一度お試しください。"
                .into()
        }
        Language::En => {
            "The sign-in details kept on this phone could not be read or saved. Restart the phone and try again."
                .into()
        }
    }
}

/// The on-device data directory or cache failed (`TamaruError::Storage`).
pub(crate) fn storage(lang: Language) -> String {
    match lang {
        Language::Ja => {
            "端末のデータを読み書きできませんでした。端末の空き容量をご確認の上、もう一度お試しください。"
                .into()
        }
        Language::En => {
            "The app's data on this phone could not be read or saved. Check that the phone has free space and try again."
                .into()
        }
    }
}

/// An RFC 3339 instant as a Japanese member reads it: `2026-11-22 16:50` in Japan time.
pub(crate) fn japan_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
            t.with_timezone(&jst).format("%Y-%m-%d %H:%M").to_string()
        }
        Err(_) => rfc3339.to_owned(),
    }
}

/// `open` + the items joined by `separator` + `close`, or nothing for no items.
pub(crate) fn listed<'a>(
    items: impl Iterator<Item = &'a str>,
    open: &str,
    separator: &str,
    close: &str,
) -> String {
    let items: Vec<&str> = items.collect();
    if items.is_empty() {
        String::new()
    } else {
        format!("{open}{}{close}", items.join(separator))
    }
}
