//! Member-facing texts of points and family sharing (SPEC §5), Japanese and English side
//! by side; `TamaruError::message` delegates here in an exhaustive match.

use crate::language::Language;

pub(crate) fn need_linked_id(url: &str, lang: Language) -> String {
    match lang {
        Language::Ja => format!(
            "ポイントのご利用には外部会員ID（WESTER IDなど）の移行・登録手続きが必要です。会員サポートページでお手続きください: {url}"
        ),
        Language::En => format!(
            "Using points needs your external member ID (such as WESTER ID) to be linked. Please link it on the member support page: {url}"
        ),
    }
}

pub(crate) fn insufficient(requested: u64, available: u64, lang: Language) -> String {
    match lang {
        Language::Ja => {
            format!("ポイントが足りません（ご利用{requested}ポイント、保有{available}ポイント）。")
        }
        Language::En => format!("Not enough points: {requested} asked for, {available} held."),
    }
}

pub(crate) fn invalid_amount(lang: Language) -> String {
    lang.pick(
        "ポイント数が正しくありません。1ポイント以上を指定してください。",
        "Not a valid number of points: use 1 point or more.",
    )
}

pub(crate) fn invalid_history_query(lang: Language) -> String {
    lang.pick(
        "履歴の条件が正しくありません。",
        "The history conditions are not valid. Choose the dates again.",
    )
}

pub(crate) fn not_synced(lang: Language) -> String {
    lang.pick(
        "ポイント情報をまだ取得していません。通信できる所で更新してください。",
        "Your points have not been loaded yet. Update where you have a connection.",
    )
}

pub(crate) fn family_not_available(lang: Language) -> String {
    lang.pick(
        "このプログラムでは家族でポイントをシェアできません。",
        "This program has no family sharing.",
    )
}

pub(crate) fn family_full(max_members: u32, lang: Language) -> String {
    match lang {
        Language::Ja => {
            format!("家族グループは設定者を含め{max_members}人（ID{max_members}個）までです。")
        }
        Language::En => {
            format!("A family group holds up to {max_members} IDs, its creator included.")
        }
    }
}

pub(crate) fn square_member_cannot_join(lang: Language) -> String {
    lang.pick(
        "スクエアメンバーIDでログインしている方は家族グループに参加できません（グループの作成はできます）。",
        "Members signed in with a square-member ID cannot join a family group (they can create one).",
    )
}

pub(crate) fn already_in_family(lang: Language) -> String {
    lang.pick(
        "すでに家族グループに参加しています。",
        "Already in a family group.",
    )
}

pub(crate) fn not_in_family(lang: Language) -> String {
    lang.pick("家族グループに参加していません。", "Not in a family group.")
}

pub(crate) fn not_family_owner(lang: Language) -> String {
    lang.pick(
        "家族の招待はグループの設定者のみができます。",
        "Only the family group's creator can invite.",
    )
}

pub(crate) fn recipient_not_in_family(lang: Language) -> String {
    lang.pick(
        "送り先は家族グループのメンバーではありません。",
        "The recipient is not in your family group.",
    )
}

pub(crate) fn cannot_send_to_self(lang: Language) -> String {
    lang.pick(
        "ご自身にポイントを送ることはできません。",
        "Points cannot be sent to yourself.",
    )
}

pub(crate) fn invalid_invite_code(lang: Language) -> String {
    lang.pick(
        "招待コードが正しくありません。",
        "No family group has this invite code.",
    )
}

pub(crate) fn invitation_not_found(lang: Language) -> String {
    lang.pick(
        "この招待は無効になりました。",
        "The family invitation is no longer valid.",
    )
}
