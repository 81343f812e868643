//! The one error type the apps see. Each variant is a case the UI can switch on (Kotlin
//! `when`, Swift `switch`) and explain; none carries a token, password or secret.
//!
//! Services meet richer errors inside (HTTP, SQLite, keyring); they map them here, where the
//! member-facing meaning is decided once.

use crate::cards::input::CardInputError;
use crate::cards::types::{CardMismatch, PersonalDetailsProblem};
use crate::language::Language;
use crate::login::policy::{LoginIdViolation, PasswordViolation};
use crate::profile::ProfileError;

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
        self.message(Language::Ja)
    }

    /// The member-facing text in English.
    pub fn message_en(&self) -> String {
        self.message(Language::En)
    }

    /// The member-facing text in `lang`, worded by the capability the error belongs to
    /// (`<capability>/texts.rs`). Exhaustive, with no catch-all: a new variant without its
    /// texts does not compile. No arm passes an internal `detail`, a server's code or reason
    /// on: the member reads what happened and what to do, never how the core failed.
    pub fn message(&self, lang: Language) -> String {
        use crate::{barcode, cards, http, login, mail, points, texts};
        match self {
            Self::InvalidConfig { .. } => texts::invalid_config(lang),
            Self::Internal { .. } => texts::internal(lang),
            Self::SecureStore { .. } => texts::secure_store(lang),
            Self::Storage { .. } => texts::storage(lang),
            Self::Network { .. } => http::texts::network(lang),
            Self::WriteOutcomeUnknown { .. } => http::texts::write_outcome_unknown(lang),
            Self::MalformedResponse { .. } | Self::Server { .. } => {
                http::texts::server_trouble(lang)
            }
            Self::UntrustedCertificate | Self::CertificatePinMismatch => {
                http::texts::certificate_refused(lang)
            }
            Self::PasswordPolicy { violations } => {
                login::texts::password_policy(violations.len(), lang)
            }
            Self::InvalidLoginId { violations } => {
                login::texts::invalid_login_id(violations.len(), lang)
            }
            Self::LoginIdTaken => login::texts::login_id_taken(lang),
            Self::WrongPassword { attempts_left } => {
                login::texts::wrong_password(*attempts_left, lang)
            }
            Self::UnknownAccount => login::texts::unknown_account(lang),
            Self::AccountLocked { retry_at, .. } => login::texts::account_locked(retry_at, lang),
            Self::AccountWithdrawn => login::texts::account_withdrawn(lang),
            Self::NotSignedIn => login::texts::not_signed_in(lang),
            Self::SessionExpired => login::texts::session_expired(lang),
            Self::SignedInElsewhere => login::texts::signed_in_elsewhere(lang),
            Self::ExternalSupportPage { url } => login::texts::external_support_page(url, lang),
            Self::WrongOldPassword => login::texts::wrong_old_password(lang),
            Self::PasswordUnchanged => login::texts::password_unchanged(lang),
            Self::InvalidResetCode { .. } => login::texts::invalid_reset_code(lang),
            Self::ResetCodeExpired => login::texts::reset_code_expired(lang),
            Self::InvalidEmail { violations } => mail::texts::invalid_email(violations, lang),
            Self::EmailTaken { support } => mail::texts::email_taken(support, lang),
            Self::EmailUnchanged => mail::texts::email_unchanged(lang),
            Self::WrongEmailCode { attempts_left } => {
                mail::texts::wrong_email_code(*attempts_left, lang)
            }
            Self::EmailCodeExpired => mail::texts::email_code_expired(lang),
            Self::CardInput { errors } => cards::texts::card_input(errors, lang),
            Self::CardDetailsMismatch { mismatches } => {
                cards::texts::details_mismatch(mismatches, lang)
            }
            Self::CardExpiredOrInvalid { expired_on } => {
                cards::texts::expired_or_invalid(expired_on.as_deref(), lang)
            }
            Self::CardPinLocked { retry_at, .. } => cards::texts::pin_locked(retry_at, lang),
            Self::CardOfAnotherPerson => cards::texts::of_another_person(lang),
            Self::CardRegisteredToAnotherAccount => {
                cards::texts::registered_to_another_account(lang)
            }
            Self::CardLimitReached { limit } => cards::texts::limit_reached(*limit, lang),
            Self::CardTypeLimitReached { limit, .. } => {
                cards::texts::type_limit_reached(*limit, lang)
            }
            Self::SecondCreditCard { server_code } => {
                cards::texts::second_credit_card(server_code.as_deref(), lang)
            }
            Self::BuiltInEmoneyCard => cards::texts::built_in_emoney(lang),
            Self::MergeNotOffered => cards::texts::merge_not_offered(lang),
            Self::MergeAccountNotFound => cards::texts::merge_account_not_found(lang),
            Self::MergeSameAccount => cards::texts::merge_same_account(lang),
            Self::MergeDetailsMismatch => cards::texts::merge_details_mismatch(lang),
            Self::MergeCardLimitExceeded { limit, total } => {
                cards::texts::merge_card_limit_exceeded(*limit, *total, lang)
            }
            Self::InvalidPersonalDetails { problems } => {
                cards::texts::invalid_personal_details(problems, lang)
            }
            Self::NotOnThisPlatform {
                card_name,
                card_name_ja,
                platforms,
                ..
            } => cards::texts::not_on_this_platform(card_name, card_name_ja, platforms, lang),
            Self::PointsNeedLinkedId { url } => points::texts::need_linked_id(url, lang),
            Self::InsufficientPoints {
                requested,
                available,
            } => points::texts::insufficient(*requested, *available, lang),
            Self::InvalidPointAmount { .. } => points::texts::invalid_amount(lang),
            Self::InvalidHistoryQuery { .. } => points::texts::invalid_history_query(lang),
            Self::PointsNotSynced => points::texts::not_synced(lang),
            Self::FamilyNotAvailable => points::texts::family_not_available(lang),
            Self::FamilyFull { max_members } => points::texts::family_full(*max_members, lang),
            Self::SquareMemberCannotJoin => points::texts::square_member_cannot_join(lang),
            Self::AlreadyInFamily => points::texts::already_in_family(lang),
            Self::NotInFamily => points::texts::not_in_family(lang),
            Self::NotFamilyOwner => points::texts::not_family_owner(lang),
            Self::RecipientNotInFamily => points::texts::recipient_not_in_family(lang),
            Self::CannotSendToSelf => points::texts::cannot_send_to_self(lang),
            Self::InvalidInviteCode => points::texts::invalid_invite_code(lang),
            Self::FamilyInvitationNotFound => points::texts::invitation_not_found(lang),
            Self::CodeCardChangeLimited { allowed_from } => {
                barcode::texts::code_card_change_limited(allowed_from, lang)
            }
            Self::NoCodeCard => barcode::texts::no_code_card(lang),
            Self::CodeCardUnchanged => barcode::texts::code_card_unchanged(lang),
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

    /// The internal detail planted in every field a member must never read.
    const MARKER: &str = "INTERNAL-DETAIL-7f3a";

    /// One example of every variant. The macro also writes an exhaustive match over the
    /// same list, with no catch-all, so a variant added to `TamaruError` and not listed here
    /// does not compile.
    macro_rules! every_variant {
        ($($variant:ident $({ $($field:ident : $value:expr),* $(,)? })?),* $(,)?) => {{
            #[allow(dead_code)]
            fn listed(e: &TamaruError) {
                match e {
                    $(TamaruError::$variant { .. } => {})*
                }
            }
            vec![$(TamaruError::$variant $({ $($field: $value),* })?),*]
        }};
    }

    fn every_variant() -> Vec<TamaruError> {
        let retry_at = || "2026-11-22T07:50:44+00:00".to_owned();
        every_variant![
            InvalidConfig {
                detail: MARKER.into()
            },
            PasswordPolicy { violations: vec![] },
            InvalidLoginId { violations: vec![] },
            LoginIdTaken,
            WrongPassword {
                attempts_left: Some(2)
            },
            UnknownAccount,
            AccountLocked {
                retry_at: retry_at(),
                retry_after_seconds: 900
            },
            AccountWithdrawn,
            NotSignedIn,
            SessionExpired,
            SignedInElsewhere,
            ExternalSupportPage {
                url: "https://example.jp/support".into()
            },
            WrongOldPassword,
            PasswordUnchanged,
            InvalidResetCode {
                attempts_left: Some(1)
            },
            ResetCodeExpired,
            InvalidEmail { violations: vec![] },
            EmailTaken {
                support: crate::profile::SupportContacts {
                    form_url: "https://example.jp/form".into(),
                    phone: "0120-000-000".into(),
                    phone_hours: "9:00-18:00".into(),
                },
            },
            EmailUnchanged,
            WrongEmailCode {
                attempts_left: Some(3)
            },
            EmailCodeExpired,
            Network {
                detail: MARKER.into()
            },
            WriteOutcomeUnknown {
                detail: MARKER.into()
            },
            MalformedResponse {
                detail: MARKER.into()
            },
            UntrustedCertificate,
            CertificatePinMismatch,
            Internal {
                detail: MARKER.into()
            },
            Server {
                status: 500,
                code: MARKER.into(),
                reason: MARKER.into()
            },
            SecureStore {
                detail: MARKER.into()
            },
            Storage {
                detail: MARKER.into()
            },
            CardInput {
                errors: vec![CardInputError::BadCheckDigit]
            },
            CardDetailsMismatch {
                mismatches: vec![CardMismatch::Number]
            },
            CardExpiredOrInvalid {
                expired_on: Some("2026-01-31".into())
            },
            CardPinLocked {
                retry_at: retry_at(),
                retry_after_seconds: 900
            },
            CardOfAnotherPerson,
            CardRegisteredToAnotherAccount,
            CardLimitReached { limit: 50 },
            CardTypeLimitReached {
                card_type: "icoca".into(),
                limit: 5
            },
            SecondCreditCard {
                server_code: Some("6213".into())
            },
            BuiltInEmoneyCard,
            MergeNotOffered,
            MergeAccountNotFound,
            MergeSameAccount,
            MergeDetailsMismatch,
            MergeCardLimitExceeded {
                limit: 50,
                total: 51
            },
            InvalidPersonalDetails {
                problems: vec![PersonalDetailsProblem::NameMissing]
            },
            PointsNeedLinkedId {
                url: "https://example.jp/member/".into()
            },
            InsufficientPoints {
                requested: 300,
                available: 120
            },
            InvalidPointAmount {
                detail: MARKER.into()
            },
            InvalidHistoryQuery {
                detail: MARKER.into()
            },
            PointsNotSynced,
            FamilyNotAvailable,
            FamilyFull { max_members: 5 },
            SquareMemberCannotJoin,
            AlreadyInFamily,
            NotInFamily,
            NotFamilyOwner,
            RecipientNotInFamily,
            CannotSendToSelf,
            InvalidInviteCode,
            FamilyInvitationNotFound,
            CodeCardChangeLimited {
                allowed_from: "2026-11-22T15:00:00Z".into()
            },
            NoCodeCard,
            CodeCardUnchanged,
            NotOnThisPlatform {
                card_type: "mobile_waon".into(),
                card_name: "Mobile WAON".into(),
                card_name_ja: "モバイルWAON".into(),
                platforms: vec!["android".into()],
            },
        ]
    }

    #[test]
    fn every_error_has_its_own_code_and_both_texts() {
        let all = every_variant();
        let codes: std::collections::BTreeSet<_> = all.iter().map(TamaruError::code).collect();
        assert_eq!(
            codes.len(),
            all.len(),
            "every variant has a code of its own"
        );
        for e in &all {
            let (ja, en) = (e.message_ja(), e.message_en());
            assert!(!ja.is_empty() && !en.is_empty(), "{}", e.code());
            assert!(
                !ja.is_ascii(),
                "{}: the Japanese text is Japanese: {ja}",
                e.code()
            );
            assert!(en.is_ascii() || en.contains("WAON"), "{}: {en}", e.code());
            assert_ne!(ja, en, "{}", e.code());
            assert_eq!(e.message(Language::Ja), ja);
            assert_eq!(e.message(Language::En), en);
        }
    }

    #[test]
    fn no_text_shows_an_internal_detail() {
        for e in every_variant() {
            for text in [e.message_ja(), e.message_en()] {
                assert!(!text.contains(MARKER), "{}: {text}", e.code());
                for word in [
                    "storage:",
                    "secure store",
                    "invalid configuration",
                    "internal error",
                    "network:",
                    "HTTP",
                ] {
                    assert!(!text.contains(word), "{}: {text}", e.code());
                }
            }
        }
    }

    #[test]
    fn a_network_failure_keeps_its_detail_for_logs_only() {
        let e = TamaruError::from(crate::http::ApiError::Network("down".into()));
        assert_eq!(
            e,
            TamaruError::Network {
                detail: "down".into()
            }
        );
        assert!(e.to_string().contains("down"), "the log line keeps it");
        assert!(!e.message_en().contains("down") && !e.message_ja().contains("down"));
    }
}
