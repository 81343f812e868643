//! The one error type the apps see. Each variant is a case the UI can switch on (Kotlin
//! `when`, Swift `switch`) and explain; none carries a token, password or secret.
//!
//! Services meet richer errors inside (HTTP, SQLite, keyring); they map them here, where the
//! member-facing meaning is decided once.

use crate::cards::input::CardInputError;
use crate::cards::types::{CardMismatch, PersonalDetailsProblem};
use crate::http::{ApiError, BaseUrlError, server_values, tls};
use crate::login::policy::{LoginIdViolation, PasswordViolation};
use crate::profile::ProfileError;
use crate::secure_store::SecureStoreError;

/// Every member-facing failure of the core, one variant per cause.
///
/// Serialised (for QA's `tamaru-qa app`) externally tagged by [`code`](Self::code):
/// `"login_id_taken"` for a variant without fields, `{"card_input": {"errors": [...]}}` for
/// one with fields. Nothing secret is in any field, so nothing secret is in the JSON.
#[derive(Debug, Clone, PartialEq, thiserror::Error, serde::Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Error))]
pub enum TamaruError {
    /// The app's configuration is unusable (bad URL, plain http to a non-loopback host, bad profile).
    #[error("invalid configuration: {detail}")]
    InvalidConfig { detail: String },
    /// The password breaks the program's policy; every violation is listed (checked offline).
    #[error("the password does not meet the policy ({} problem(s))", violations.len())]
    PasswordPolicy { violations: Vec<PasswordViolation> },
    /// The login ID is malformed (checked offline).
    #[error("the login ID is not valid ({} problem(s))", violations.len())]
    InvalidLoginId { violations: Vec<LoginIdViolation> },
    /// Sign-up with a login ID that already has an account.
    #[error("this login ID already has an account")]
    LoginIdTaken,
    /// The password did not match. `attempts_left` before the account locks, where the server says.
    #[error("wrong password")]
    WrongPassword { attempts_left: Option<u32> },
    /// No account has this login ID.
    #[error("no account has this login ID")]
    UnknownAccount,
    /// Too many failed logins: try again at `retry_at` (RFC 3339), in `retry_after_seconds`.
    #[error("account locked; try again at {retry_at}")]
    AccountLocked {
        retry_at: String,
        retry_after_seconds: u64,
    },
    /// The account withdrew; it cannot log in again.
    #[error("this account has withdrawn")]
    AccountWithdrawn,
    /// The call needs a signed-in member.
    #[error("not signed in")]
    NotSignedIn,
    /// The session ended (refresh token expired or revoked); the member must log in again.
    #[error("the session has ended; log in again")]
    SessionExpired,
    /// Another device signed in beyond the program's device cap and this one was signed out.
    #[error("signed in on another device; log in again to use this one")]
    SignedInElsewhere,
    /// A linked account does this on the external member support page instead.
    #[error("continue on the external member support page: {url}")]
    ExternalSupportPage { url: String },
    /// Password change: the current password given does not match.
    #[error("the current password does not match")]
    WrongOldPassword,
    /// Password change: the new password is the current one.
    #[error("the new password is the same as the current one")]
    PasswordUnchanged,
    /// Password reset: the code from the mail does not match.
    #[error("the reset code does not match")]
    InvalidResetCode { attempts_left: Option<u32> },
    /// Password reset: the code expired or was tried too often; ask for a new one.
    #[error("the reset code has expired; ask for a new one")]
    ResetCodeExpired,
    /// Mail: the e-mail address is malformed (checked offline, before any request); every
    /// problem is listed with its ja/en sentence.
    #[error("the e-mail address is not valid ({} problem(s))", violations.len())]
    InvalidEmail { violations: Vec<LoginIdViolation> },
    /// Mail: another member has registered this address. It may be their typing mistake, so
    /// the member is pointed to the program's support form and phone line (SPEC §6).
    #[error("another member has registered this e-mail address")]
    EmailTaken {
        support: crate::profile::SupportContacts,
    },
    /// Mail: the new address is the one already registered.
    #[error("this is already your registered e-mail address")]
    EmailUnchanged,
    /// Mail: the code for the new address does not match. `attempts_left` where known; at 0
    /// a new code must be requested. `None` also for text that cannot be a code (refused
    /// offline, no attempt used).
    #[error("the confirmation code does not match")]
    WrongEmailCode { attempts_left: Option<u32> },
    /// Mail: the code expired, was used up, or none was requested; ask for a new one.
    #[error("the confirmation code has expired; ask for a new one")]
    EmailCodeExpired,
    /// No answer from the server (offline, timeout, connection refused).
    #[error("network problem: {detail}")]
    Network { detail: String },
    /// A write was sent but no answer came back, so whether it applied is not known yet.
    /// It is kept on the phone with its idempotency key: pressing again with the same
    /// details sends it again (applied once however often), and
    /// `MemberApp::resolve_pending_writes` asks the server what became of it.
    #[error("no answer to a write; its outcome is being checked: {detail}")]
    WriteOutcomeUnknown { detail: String },
    /// The server's answer was not what the API promises.
    #[error("unexpected answer from the server: {detail}")]
    MalformedResponse { detail: String },
    /// The server's certificate is not trusted (self-signed, an unknown CA, an intercepting
    /// proxy on the network): nothing was sent. Not a signal problem, so not "try again".
    #[error("the server's certificate is not trusted")]
    UntrustedCertificate,
    /// The server's certificate is valid but carries none of the keys pinned in the app's
    /// configuration: nothing was sent.
    #[error("the server's certificate does not match the pinned keys")]
    CertificatePinMismatch,
    /// A bug: the core failed where it should not (a panic caught at the FFI). Nothing was
    /// lost that an earlier call had saved; the app can carry on and the member try again.
    #[error("internal error: {detail}")]
    Internal { detail: String },
    /// The server refused for a reason this version of the core does not know.
    #[error("server error {status} {code}: {reason}")]
    Server {
        status: u16,
        code: String,
        reason: String,
    },
    /// The secure store (keychain/keystore) failed.
    #[error("secure store: {detail}")]
    SecureStore { detail: String },
    /// The on-device data directory or cache failed.
    #[error("storage: {detail}")]
    Storage { detail: String },
    // --- Cards (SPEC §4) -------------------------------------------------------------------
    /// The card number or PIN was refused offline, before any request; every problem is
    /// listed, each with its own code and texts (SPEC §4.1, §4.2).
    #[error("the card details are not valid ({} problem(s))", errors.len())]
    CardInput { errors: Vec<CardInputError> },
    /// The details entered do not match the card: the number, the PIN (or whether there is
    /// one), or the answer about the member registration at the issuing shop (SPEC §4.3).
    #[error("the details entered do not match the card")]
    CardDetailsMismatch { mismatches: Vec<CardMismatch> },
    /// The card has expired (`expired_on`, `YYYY-MM-DD`) or is not valid (invalidated,
    /// lapsed, or the old number of a reissued card).
    #[error("the card has expired or is not valid")]
    CardExpiredOrInvalid { expired_on: Option<String> },
    /// The card's PIN was entered wrong too often: the server takes no registration of this
    /// card until `retry_at` (RFC 3339), in `retry_after_seconds` (like `AccountLocked`).
    #[error("too many wrong PINs; try again at {retry_at}")]
    CardPinLocked {
        retry_at: String,
        retry_after_seconds: u64,
    },
    /// The card belongs to someone else (a family member's or a friend's).
    #[error("the card belongs to someone else")]
    CardOfAnotherPerson,
    /// The card is already registered to another account.
    #[error("the card is registered to another account")]
    CardRegisteredToAnotherAccount,
    /// The account holds the most cards it may (`limit` in all).
    #[error("at most {limit} cards can be registered")]
    CardLimitReached { limit: u32 },
    /// The account holds the most cards of this type it may.
    #[error("at most {limit} cards of this type can be registered")]
    CardTypeLimitReached { card_type: String, limit: u32 },
    /// A second credit card, by registration or merge (`waon`'s case `6213`; `server_code`
    /// is the server's number when it refused, `None` when the core knew offline).
    #[error("only one credit card can be registered")]
    SecondCreditCard { server_code: Option<String> },
    /// An e-money card built into a credit card cannot be registered on its own: it comes
    /// with the credit card.
    #[error("this e-money card comes with its credit card: register the credit card")]
    BuiltInEmoneyCard,
    /// The program does not merge point accounts.
    #[error("this program does not merge point accounts")]
    MergeNotOffered,
    /// No point account holds a card with the number entered.
    #[error("no point account holds a card with this number")]
    MergeAccountNotFound,
    /// The card named is already in the signed-in account.
    #[error("the card is already in this account")]
    MergeSameAccount,
    /// The personal details entered, or the two accounts' details, do not match.
    #[error("the personal details do not match")]
    MergeDetailsMismatch,
    /// The merged account would hold `total` cards, more than `limit`.
    #[error("the merged account would hold {total} cards; at most {limit}")]
    MergeCardLimitExceeded { limit: u32, total: u32 },
    /// The personal details entered are not usable (checked offline).
    #[error("the personal details are not valid ({} problem(s))", problems.len())]
    InvalidPersonalDetails {
        problems: Vec<PersonalDetailsProblem>,
    },
    // --- Points (SPEC §5) ------------------------------------------------------------------
    /// Using points needs an account linked to the external member ID (SPEC §2.4, `wester`):
    /// `url` is the support page where the member links it.
    #[error("using points needs a linked external member ID: {url}")]
    PointsNeedLinkedId { url: String },
    /// Fewer points are held than asked for; `available` is what the member holds now.
    #[error("{requested} points asked for, {available} available")]
    InsufficientPoints { requested: u64, available: u64 },
    /// An amount of points no operation takes (0, or absurdly many); checked before any request.
    #[error("not a valid number of points: {detail}")]
    InvalidPointAmount { detail: String },
    /// A history query the app cannot answer (a bad date, a range the wrong way round, a
    /// cursor it did not give, a page size out of range).
    #[error("invalid history query: {detail}")]
    InvalidHistoryQuery { detail: String },
    /// Balance or history asked for offline before the first sync of this member.
    #[error("the points have not been loaded yet")]
    PointsNotSynced,
    /// The program has no family sharing.
    #[error("this program has no family sharing")]
    FamilyNotAvailable,
    /// The family group already holds `max_members` IDs, its creator included.
    #[error("a family group holds at most {max_members} IDs")]
    FamilyFull { max_members: u32 },
    /// IDs of the square-member login kind may create a family group but not join one.
    #[error("square-member IDs cannot join a family group")]
    SquareMemberCannotJoin,
    /// The account (the member's own, or the one invited) is already in a family group.
    #[error("already in a family group")]
    AlreadyInFamily,
    /// The member is in no family group.
    #[error("not in a family group")]
    NotInFamily,
    /// Only the group's creator invites.
    #[error("only the family group's creator can invite")]
    NotFamilyOwner,
    /// The recipient of points is not a member of the member's family group.
    #[error("the recipient is not in your family group")]
    RecipientNotInFamily,
    /// Points cannot be sent to oneself.
    #[error("points cannot be sent to yourself")]
    CannotSendToSelf,
    /// No family group has this invite code.
    #[error("no family group has this invite code")]
    InvalidInviteCode,
    /// The invitation is gone (withdrawn, the group dissolved, or already used).
    #[error("the family invitation is no longer valid")]
    FamilyInvitationNotFound,
    /// The card behind the member code (the AEON card) was already changed today (a Japan
    /// day): the next change is allowed from `allowed_from` (RFC 3339, the next Japan midnight).
    #[error("the card behind the member code can be changed again from {allowed_from}")]
    CodeCardChangeLimited { allowed_from: String },
    /// There is no card behind the member code to change: the program has none, or no such
    /// card (credit card) is registered yet (register one first).
    #[error("no card behind the member code to change")]
    NoCodeCard,
    /// The card given is the one already behind the member code.
    #[error("this card is already the one behind the member code")]
    CodeCardUnchanged,
    /// This card type can only be linked in the app on another platform: `platforms` names
    /// where (`android`, `ios`), `card_name`/`card_name_ja` the card type.
    #[error("{card_name} can be linked only in the app on {}", platforms.join(", "))]
    NotOnThisPlatform {
        card_type: String,
        card_name: String,
        card_name_ja: String,
        platforms: Vec<String>,
    },
}

impl TamaruError {
    /// A short stable code for logs, QA output and analytics.
    pub fn code(&self) -> &'static str {
        match self {
            Self::InvalidConfig { .. } => "invalid_config",
            Self::PasswordPolicy { .. } => "password_policy",
            Self::InvalidLoginId { .. } => "invalid_login_id",
            Self::LoginIdTaken => "login_id_taken",
            Self::WrongPassword { .. } => "wrong_password",
            Self::UnknownAccount => "unknown_account",
            Self::AccountLocked { .. } => "account_locked",
            Self::AccountWithdrawn => "account_withdrawn",
            Self::NotSignedIn => "not_signed_in",
            Self::SessionExpired => "session_expired",
            Self::SignedInElsewhere => "signed_in_elsewhere",
            Self::ExternalSupportPage { .. } => "external_support_page",
            Self::WrongOldPassword => "wrong_old_password",
            Self::PasswordUnchanged => "password_unchanged",
            Self::InvalidResetCode { .. } => "invalid_reset_code",
            Self::ResetCodeExpired => "reset_code_expired",
            Self::InvalidEmail { .. } => "invalid_email",
            Self::EmailTaken { .. } => "email_taken",
            Self::EmailUnchanged => "email_unchanged",
            Self::WrongEmailCode { .. } => "wrong_email_code",
            Self::EmailCodeExpired => "email_code_expired",
            Self::Network { .. } => "network",
            Self::WriteOutcomeUnknown { .. } => "write_outcome_unknown",
            Self::MalformedResponse { .. } => "malformed_response",
            Self::Internal { .. } => "internal",
            Self::UntrustedCertificate => "untrusted_certificate",
            Self::CertificatePinMismatch => "certificate_pin_mismatch",
            Self::Server { .. } => "server",
            Self::SecureStore { .. } => "secure_store",
            Self::Storage { .. } => "storage",
            Self::CardInput { .. } => "card_input",
            Self::CardDetailsMismatch { .. } => "card_details_mismatch",
            Self::CardExpiredOrInvalid { .. } => "card_expired_or_invalid",
            Self::CardPinLocked { .. } => "card_pin_locked",
            Self::CardOfAnotherPerson => "card_of_another_person",
            Self::CardRegisteredToAnotherAccount => "card_registered_to_another_account",
            Self::CardLimitReached { .. } => "card_limit_reached",
            Self::CardTypeLimitReached { .. } => "card_type_limit_reached",
            Self::SecondCreditCard { .. } => "second_credit_card",
            Self::BuiltInEmoneyCard => "built_in_emoney_card",
            Self::MergeNotOffered => "merge_not_offered",
            Self::MergeAccountNotFound => "merge_account_not_found",
            Self::MergeSameAccount => "merge_same_account",
            Self::MergeDetailsMismatch => "merge_details_mismatch",
            Self::MergeCardLimitExceeded { .. } => "merge_card_limit_exceeded",
            Self::CodeCardChangeLimited { .. } => "code_card_change_limited",
            Self::NoCodeCard => "no_code_card",
            Self::CodeCardUnchanged => "code_card_unchanged",
            Self::NotOnThisPlatform { .. } => "not_on_this_platform",
            Self::InvalidPersonalDetails { .. } => "invalid_personal_details",
            Self::PointsNeedLinkedId { .. } => "points_need_linked_id",
            Self::InsufficientPoints { .. } => "insufficient_points",
            Self::InvalidPointAmount { .. } => "invalid_point_amount",
            Self::InvalidHistoryQuery { .. } => "invalid_history_query",
            Self::PointsNotSynced => "points_not_synced",
            Self::FamilyNotAvailable => "family_not_available",
            Self::FamilyFull { .. } => "family_full",
            Self::SquareMemberCannotJoin => "square_member_cannot_join",
            Self::AlreadyInFamily => "already_in_family",
            Self::NotInFamily => "not_in_family",
            Self::NotFamilyOwner => "not_family_owner",
            Self::RecipientNotInFamily => "recipient_not_in_family",
            Self::CannotSendToSelf => "cannot_send_to_self",
            Self::InvalidInviteCode => "invalid_invite_code",
            Self::FamilyInvitationNotFound => "family_invitation_not_found",
        }
    }

    /// The member-facing text in Japanese (the apps show the core's text).
    pub fn message_ja(&self) -> String {
        match self {
            Self::InvalidConfig { .. } => "アプリの設定に問題があります。".into(),
            Self::PasswordPolicy { .. } => "パスワードが条件を満たしていません。".into(),
            Self::InvalidLoginId { .. } => "ログインIDの形式が正しくありません。".into(),
            Self::LoginIdTaken => "このログインIDはすでに登録されています。".into(),
            Self::WrongPassword {
                attempts_left: Some(n),
            } => {
                format!("パスワードが正しくありません。あと{n}回失敗するとロックされます。")
            }
            Self::WrongPassword {
                attempts_left: None,
            } => "パスワードが正しくありません。".into(),
            Self::UnknownAccount => "このログインIDのアカウントは見つかりません。".into(),
            Self::WrongOldPassword => "現在のパスワードが正しくありません。".into(),
            Self::PasswordUnchanged => "新しいパスワードが現在のパスワードと同じです。".into(),
            Self::InvalidResetCode { .. } => {
                "確認コードが正しくありません。メールに記載のコードを入力してください。".into()
            }
            Self::ResetCodeExpired => {
                "確認コードの有効期限が切れました。もう一度コードを送信してください。".into()
            }
            Self::AccountLocked { retry_at, .. } => {
                format!(
                    "ログインに続けて失敗したため、ロックされています。{}以降に再度お試しください。",
                    japan_time(retry_at)
                )
            }
            Self::AccountWithdrawn => "このアカウントは退会済みです。".into(),
            Self::NotSignedIn => "ログインしてください。".into(),
            Self::SessionExpired => {
                "ログインの有効期限が切れました。再度ログインしてください。".into()
            }
            Self::SignedInElsewhere => {
                "別の端末でログインされたため、ログアウトしました。再度ログインしてください。"
                    .into()
            }
            Self::ExternalSupportPage { url } => {
                format!("会員サポートページでお手続きください: {url}")
            }
            Self::InvalidEmail { violations } => match violations.first() {
                Some(first) => format!("メールアドレスの形式が正しくありません。{}", first.message_ja),
                None => "メールアドレスの形式が正しくありません。".into(),
            },
            Self::EmailTaken { support } => format!(
                "このメールアドレスは他のお客様が登録されています。登録された別のお客様がメールアドレスを誤って登録している可能性がございます。お手数をおかけいたしますが、フォーム（{}）もしくはお電話（{} 受付時間:{}）にお問い合わせください。",
                support.form_url, support.phone, support.phone_hours
            ),
            Self::EmailUnchanged => "現在ご登録のメールアドレスと同じです。".into(),
            Self::WrongEmailCode {
                attempts_left: Some(0),
            } => "確認コードが正しくありません。もう一度コードを送信してください。".into(),
            Self::WrongEmailCode {
                attempts_left: Some(n),
            } => format!("確認コードが正しくありません。あと{n}回入力できます。"),
            Self::WrongEmailCode {
                attempts_left: None,
            } => "確認コードが正しくありません。メールに記載の6桁の数字を入力してください。"
                .into(),
            Self::EmailCodeExpired => {
                "確認コードの有効期限が切れました。もう一度コードを送信してください。".into()
            }
            Self::Network { .. } => {
                "通信できませんでした。電波の良い所で再度お試しください。".into()
            }
            Self::WriteOutcomeUnknown { .. } => {
                "通信が途切れたため、手続きが完了したか確認中です。同じ内容でもう一度押すと確認できます（二重に処理されることはありません）。".into()
            }
            Self::MalformedResponse { .. } | Self::Server { .. } => {
                "サーバーでエラーが発生しました。時間をおいて再度お試しください。".into()
            }
            Self::Internal { .. } => {
                "アプリ内部でエラーが発生しました。お手数ですが、もう一度お試しください。".into()
            }
            Self::UntrustedCertificate | Self::CertificatePinMismatch => {
                "安全に接続できませんでした。公衆無線LANなどをお使いの場合は、別のネットワークでお試しください。".into()
            }
            Self::SecureStore { .. } | Self::Storage { .. } => {
                "端末のデータを読み書きできませんでした。".into()
            }
            Self::CardInput { errors } => errors
                .iter()
                .map(CardInputError::message_ja)
                .collect::<Vec<_>>()
                .join(""),
            Self::CardDetailsMismatch { mismatches } => format!(
                "カード情報と入力内容が異なっています{}。カードをお確かめの上、再度入力してください。",
                listed(mismatches.iter().map(|m| m.text_ja()), "（", "、", "）")
            ),
            Self::CardExpiredOrInvalid { expired_on } => match expired_on {
                Some(date) => format!(
                    "有効期限（{date}）が切れているため、このカードは登録できません。"
                ),
                None => "有効期限が切れているなど、無効なカードのため登録できません。".into(),
            },
            Self::CardPinLocked { retry_at, .. } => format!(
                "暗証番号の入力誤りが続いたため、このカードは一時的に登録できません。{}以降に再度お試しください。",
                japan_time(retry_at)
            ),
            Self::CardOfAnotherPerson => {
                "ご本人様以外のカードは登録できません。ご家族・ご友人のカードは、ご本人様のアカウントでご登録ください。"
                    .into()
            }
            Self::CardRegisteredToAnotherAccount => {
                "このカードはすでに他のアカウントに登録されています。".into()
            }
            Self::CardLimitReached { limit } => {
                format!("登録できるカードは{limit}枚までです。これ以上カードを登録できません。")
            }
            Self::CardTypeLimitReached { limit, .. } => {
                format!("この種類のカードは{limit}枚まで登録できます。")
            }
            Self::SecondCreditCard { server_code } => format!(
                "1つのアカウントに登録できるクレジットカードは1枚のみのため、このカードは登録・統合できません。{}",
                server_code
                    .as_deref()
                    .map(|c| format!("({c})"))
                    .unwrap_or_default()
            ),
            Self::BuiltInEmoneyCard => {
                "クレジットカード付帯の電子マネーは単独では登録できません。クレジットカードを登録すると、同時に登録されます。"
                    .into()
            }
            Self::MergeNotOffered => "このプログラムではポイント口座の統合はできません。".into(),
            Self::MergeAccountNotFound => {
                "入力されたカード番号のポイント口座が見つかりません。カード番号をお確かめください。"
                    .into()
            }
            Self::MergeSameAccount => {
                "このカードはすでにログイン中のアカウントに登録されています。".into()
            }
            Self::MergeDetailsMismatch => {
                "ご登録のお客様情報（お名前・生年月日）が一致しないため、統合できません。".into()
            }
            Self::MergeCardLimitExceeded { limit, total } => format!(
                "統合するとカードが{total}枚になり、上限の{limit}枚を超えるため統合できません。"
            ),
            Self::InvalidPersonalDetails { problems } => problems
                .iter()
                .map(|p| p.text_ja())
                .collect::<Vec<_>>()
                .join(""),
            Self::PointsNeedLinkedId { url } => format!(
                "ポイントのご利用には外部会員ID（WESTER IDなど）の移行・登録手続きが必要です。会員サポートページでお手続きください: {url}"
            ),
            Self::InsufficientPoints {
                requested,
                available,
            } => format!(
                "ポイントが足りません（ご利用{requested}ポイント、保有{available}ポイント）。"
            ),
            Self::InvalidPointAmount { .. } => "ポイント数が正しくありません。1ポイント以上を指定してください。".into(),
            Self::InvalidHistoryQuery { .. } => "履歴の条件が正しくありません。".into(),
            Self::PointsNotSynced => {
                "ポイント情報をまだ取得していません。通信できる所で更新してください。".into()
            }
            Self::FamilyNotAvailable => "このプログラムでは家族でポイントをシェアできません。".into(),
            Self::FamilyFull { max_members } => format!(
                "家族グループは設定者を含め{max_members}人（ID{max_members}個）までです。"
            ),
            Self::SquareMemberCannotJoin => {
                "スクエアメンバーIDでログインしている方は家族グループに参加できません（グループの作成はできます）。".into()
            }
            Self::AlreadyInFamily => "すでに家族グループに参加しています。".into(),
            Self::NotInFamily => "家族グループに参加していません。".into(),
            Self::NotFamilyOwner => "家族の招待はグループの設定者のみができます。".into(),
            Self::RecipientNotInFamily => "送り先は家族グループのメンバーではありません。".into(),
            Self::CannotSendToSelf => "ご自身にポイントを送ることはできません。".into(),
            Self::InvalidInviteCode => "招待コードが正しくありません。".into(),
            Self::FamilyInvitationNotFound => "この招待は無効になりました。".into(),
            Self::CodeCardChangeLimited { allowed_from } => format!(
                "会員コードにひも付くイオンカードの変更は1日1回までです。{}以降に変更できます。",
                japan_time(allowed_from)
            ),
            Self::NoCodeCard => {
                "変更できるイオンカードが登録されていません。先にイオンカードを登録してください。"
                    .into()
            }
            Self::CodeCardUnchanged => "このカードはすでに会員コードにひも付いています。".into(),
            Self::NotOnThisPlatform {
                card_name_ja,
                platforms,
                ..
            } => format!(
                "{card_name_ja}のひも付けはこのアプリではできません。{}版のアプリでひも付けてください。",
                platforms
                    .iter()
                    .map(|p| platform_name(p))
                    .collect::<Vec<_>>()
                    .join("・")
            ),
        }
    }

    /// The member-facing text in English.
    pub fn message_en(&self) -> String {
        match self {
            Self::WrongPassword {
                attempts_left: Some(n),
            } => {
                format!("Wrong password. {n} more failed attempt(s) will lock the account.")
            }
            Self::AccountLocked { retry_at, .. } => format!(
                "Too many failed logins: the account is locked. Try again after {} (Japan time).",
                japan_time(retry_at)
            ),
            Self::InvalidEmail { violations } => match violations.first() {
                Some(first) => format!("The e-mail address is not valid. {}", first.message_en),
                None => "The e-mail address is not valid.".into(),
            },
            Self::EmailTaken { support } => format!(
                "Another member has registered this e-mail address, perhaps by mistake. Please contact us through the form ({}) or by phone ({}, {}).",
                support.form_url, support.phone, support.phone_hours
            ),
            Self::WrongEmailCode {
                attempts_left: Some(0),
            } => "The code does not match. Ask for a new code.".into(),
            Self::WrongEmailCode {
                attempts_left: Some(n),
            } => format!("The code does not match. {n} attempt(s) left."),
            Self::WrongEmailCode {
                attempts_left: None,
            } => "The code does not match. Enter the 6 digits from the mail.".into(),
            Self::Network { .. } => {
                "Could not reach the server. Try again where the signal is better.".into()
            }
            Self::WriteOutcomeUnknown { .. } => {
                "The connection broke, so it is not known yet whether this went through. Press again with the same details to check: it is never applied twice.".into()
            }
            Self::MalformedResponse { .. } | Self::Server { .. } => {
                "Something went wrong on the server. Please try again later.".into()
            }
            Self::Internal { .. } => "Something went wrong in the app. Please try again.".into(),
            Self::UntrustedCertificate | Self::CertificatePinMismatch => {
                "A secure connection to the server could not be made. If you are on public Wi-Fi, try another network.".into()
            }
            Self::CardInput { errors } => errors
                .iter()
                .map(CardInputError::message_en)
                .collect::<Vec<_>>()
                .join(" "),
            Self::CardDetailsMismatch { mismatches } => format!(
                "The details entered do not match the card{}. Check the card and enter them again.",
                listed(mismatches.iter().map(|m| m.text_en()), " (", "; ", ")")
            ),
            Self::CardExpiredOrInvalid { expired_on } => match expired_on {
                Some(date) => format!("The card expired on {date}; it cannot be registered."),
                None => "The card is not valid (for example, it has expired); it cannot be registered."
                    .into(),
            },
            Self::CardPinLocked { retry_at, .. } => format!(
                "The PIN was entered wrong too many times, so this card cannot be registered for now. Try again after {} (Japan time).",
                japan_time(retry_at)
            ),
            Self::CardOfAnotherPerson => {
                "Only your own cards can be registered. A family member's or friend's card belongs in their own account."
                    .into()
            }
            Self::CardRegisteredToAnotherAccount => {
                "This card is already registered to another account.".into()
            }
            Self::CardLimitReached { limit } => {
                format!("Up to {limit} cards can be registered; no more cards can be added.")
            }
            Self::CardTypeLimitReached { limit, .. } => {
                format!("Up to {limit} cards of this type can be registered.")
            }
            Self::SecondCreditCard { server_code } => format!(
                "Only one credit card can be registered to an account, so this card cannot be registered or merged.{}",
                server_code
                    .as_deref()
                    .map(|c| format!(" ({c})"))
                    .unwrap_or_default()
            ),
            Self::BuiltInEmoneyCard => {
                "E-money built into a credit card cannot be registered on its own: register the credit card and it comes along."
                    .into()
            }
            Self::MergeNotOffered => "This program does not merge point accounts.".into(),
            Self::MergeAccountNotFound => {
                "No point account was found for this card number. Check the number.".into()
            }
            Self::MergeSameAccount => {
                "This card is already registered to the account you are signed in to.".into()
            }
            Self::MergeDetailsMismatch => {
                "The personal details (name, birth date) of the two accounts do not match, so they cannot be merged."
                    .into()
            }
            Self::MergeCardLimitExceeded { limit, total } => format!(
                "Merging would leave {total} cards, more than the {limit} allowed, so the accounts cannot be merged."
            ),
            Self::InvalidPersonalDetails { problems } => problems
                .iter()
                .map(|p| p.text_en())
                .collect::<Vec<_>>()
                .join(" "),
            Self::PointsNeedLinkedId { url } => format!(
                "Using points needs your external member ID (such as WESTER ID) to be linked. Please link it on the member support page: {url}"
            ),
            Self::InsufficientPoints {
                requested,
                available,
            } => format!("Not enough points: {requested} asked for, {available} held."),
            Self::InvalidPointAmount { .. } => "Not a valid number of points: use 1 point or more.".into(),
            Self::PointsNotSynced => {
                "Your points have not been loaded yet. Update where you have a connection.".into()
            }
            Self::FamilyFull { max_members } => format!(
                "A family group holds up to {max_members} IDs, its creator included."
            ),
            Self::SquareMemberCannotJoin => {
                "Members signed in with a square-member ID cannot join a family group (they can create one).".into()
            }
            Self::CodeCardChangeLimited { allowed_from } => format!(
                "The AEON card behind the member code can be changed once a day. You can change it again from {} (Japan time).",
                japan_time(allowed_from)
            ),
            Self::NotOnThisPlatform {
                card_name,
                platforms,
                ..
            } => format!(
                "{card_name} cannot be linked in this app. Link it in the {} app.",
                platforms
                    .iter()
                    .map(|p| platform_name(p))
                    .collect::<Vec<_>>()
                    .join(" or ")
            ),
            other => {
                let text = other.to_string();
                let mut chars = text.chars();
                match chars.next() {
                    Some(first) => first.to_uppercase().chain(chars).collect::<String>() + ".",
                    None => text,
                }
            }
        }
    }
}

/// An RFC 3339 instant as a Japanese member reads it: `2026-11-22 16:50` in Japan time.
fn japan_time(rfc3339: &str) -> String {
    match chrono::DateTime::parse_from_rfc3339(rfc3339) {
        Ok(t) => {
            let jst = chrono::FixedOffset::east_opt(9 * 3600).expect("+09:00 is a valid offset");
            t.with_timezone(&jst).format("%Y-%m-%d %H:%M").to_string()
        }
        Err(_) => rfc3339.to_owned(),
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

/// `open` + the items joined by `separator` + `close`, or nothing for no items.
fn listed<'a>(
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

impl From<ApiError> for TamaruError {
    /// The generic mapping; services first pick out the codes that mean something to them.
    fn from(e: ApiError) -> Self {
        match e {
            ApiError::Network(detail) => Self::Network { detail },
            ApiError::Malformed(detail) => Self::MalformedResponse { detail },
            ApiError::Certificate(tls::CertificateProblem::Untrusted) => Self::UntrustedCertificate,
            ApiError::Certificate(tls::CertificateProblem::PinMismatch) => {
                Self::CertificatePinMismatch
            }
            ApiError::Server { status, code, .. } => match code.as_str() {
                "signed_in_elsewhere" => Self::SignedInElsewhere,
                "session_expired" | "invalid_refresh_token" => Self::SessionExpired,
                "not_signed_in" | "invalid_token" => Self::NotSignedIn,
                "account_withdrawn" => Self::AccountWithdrawn,
                // Neither the server's message nor a code that is not a protocol code goes
                // into the error: either may quote what the member sent (server_values).
                _ => Self::Server {
                    status,
                    code: server_values::protocol_code(&code)
                        .unwrap_or(server_values::UNRECOGNISED_CODE)
                        .to_owned(),
                    reason: format!("the server refused the request (HTTP {status})"),
                },
            },
        }
    }
}

impl From<SecureStoreError> for TamaruError {
    fn from(e: SecureStoreError) -> Self {
        Self::SecureStore { detail: e.detail }
    }
}

impl From<BaseUrlError> for TamaruError {
    fn from(e: BaseUrlError) -> Self {
        Self::InvalidConfig {
            detail: e.to_string(),
        }
    }
}

impl From<ProfileError> for TamaruError {
    fn from(e: ProfileError) -> Self {
        Self::InvalidConfig {
            detail: e.to_string(),
        }
    }
}

impl From<std::io::Error> for TamaruError {
    fn from(e: std::io::Error) -> Self {
        Self::Storage {
            detail: e.to_string(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_pin_lock_says_when_in_japan_time() {
        let e = TamaruError::CardPinLocked {
            retry_at: "2026-11-22T07:50:44+00:00".into(),
            retry_after_seconds: 900,
        };
        assert_eq!(e.code(), "card_pin_locked");
        assert!(
            e.message_ja().contains("2026-11-22 16:50"),
            "{}",
            e.message_ja()
        );
        assert!(
            e.message_en().contains("16:50 (Japan time)"),
            "{}",
            e.message_en()
        );
    }

    #[test]
    fn lockout_time_is_shown_in_japan_time() {
        let e = TamaruError::AccountLocked {
            retry_at: "2026-11-22T07:50:44+00:00".into(),
            retry_after_seconds: 900,
        };
        assert!(
            e.message_ja().contains("2026-11-22 16:50"),
            "{}",
            e.message_ja()
        );
        assert!(
            e.message_en().contains("16:50 (Japan time)"),
            "{}",
            e.message_en()
        );
    }

    #[test]
    fn card_change_and_platform_texts_say_when_and_where() {
        let limited = TamaruError::CodeCardChangeLimited {
            allowed_from: "2026-11-22T15:00:00Z".into(),
        };
        assert!(
            limited.message_ja().contains("2026-11-23 00:00"),
            "{}",
            limited.message_ja()
        );
        assert!(
            limited
                .message_en()
                .contains("2026-11-23 00:00 (Japan time)")
        );
        let platform = TamaruError::NotOnThisPlatform {
            card_type: "mobile_waon".into(),
            card_name: "Mobile WAON".into(),
            card_name_ja: "モバイルWAON".into(),
            platforms: vec!["android".into()],
        };
        assert!(
            platform.message_ja().contains("Android版のアプリ"),
            "{}",
            platform.message_ja()
        );
        assert!(platform.message_en().contains("Android app"));
    }

    #[test]
    fn every_error_has_a_code_and_both_texts() {
        let samples = [
            TamaruError::LoginIdTaken,
            TamaruError::WrongPassword {
                attempts_left: Some(2),
            },
            TamaruError::SignedInElsewhere,
            TamaruError::ExternalSupportPage {
                url: "https://example.jp".into(),
            },
            TamaruError::Network { detail: "x".into() },
            TamaruError::CodeCardChangeLimited {
                allowed_from: "2026-11-22T15:00:00Z".into(),
            },
            TamaruError::NoCodeCard,
            TamaruError::CodeCardUnchanged,
            TamaruError::NotOnThisPlatform {
                card_type: "mobile_waon".into(),
                card_name: "Mobile WAON".into(),
                card_name_ja: "モバイルWAON".into(),
                platforms: vec!["android".into()],
            },
        ];
        for e in samples {
            assert!(!e.code().is_empty());
            assert!(!e.message_ja().is_empty() && !e.message_en().is_empty());
        }
        assert_eq!(
            TamaruError::from(ApiError::Network("down".into())),
            TamaruError::Network {
                detail: "down".into()
            }
        );
    }
}
