//! Member-facing texts of the card behind the member code (`waon`'s AEON card), Japanese
//! and English side by side; `TamaruError::message` delegates here in an exhaustive match.

use crate::language::Language;
use crate::texts::japan_time;

pub(crate) fn code_card_change_limited(allowed_from: &str, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "会員コードにひも付くイオンカードの変更は1日1回までです。{}以降に変更できます。",
            japan_time(allowed_from)
        ),
        Language::En => format!(
            "The AEON card behind the member code can be changed once a day. You can change it again from {} (Japan time).",
            japan_time(allowed_from)
        ),
    }
}

pub(crate) fn no_code_card(lang: Language) -> String {
    lang.pick(
        "変更できるイオンカードが登録されていません。先にイオンカードを登録してください。",
        "No card behind the member code to change: register the card first.",
    )
}

pub(crate) fn code_card_unchanged(lang: Language) -> String {
    lang.pick(
        "このカードはすでに会員コードにひも付いています。",
        "This card is already the one behind the member code.",
    )
}
