//! Where the shell goes next, and the one place that decides which errors end a session.
//!
//! A state's `navigate` says where to go once the screen is done (a form submitted, a
//! session ended, a withdrawal completed); the shell navigates when it changes and drops the
//! screen object. The session itself is already wiped by the core when the server ends it
//! (`login::session`); this only decides what the member sees next.

use serde::Serialize;

use crate::error::TamaruError;

/// A place in the member app.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum Destination {
    /// First launch: sign up, log in, or "I changed phones".
    Welcome,
    SignUp,
    LogIn,
    /// Log-in on a new phone ("I already have an account (changed phones)").
    ChangedPhones,
    /// This phone was signed out because another signed in beyond the device cap.
    SignedOutElsewhere,
    /// Signed in: the home tabs (member code, points, cards, settings).
    Home,
    /// The list of registered cards.
    Cards,
    /// Registering a card.
    CardRegistration,
    /// The newsletter and postal-mail switches.
    MailSettings,
    /// Changing the e-mail address (a code to the new address).
    EmailChange,
    /// "Mail does not arrive": what to check.
    DeliveryHelp,
    /// A forgotten password, reset with a code sent by mail.
    PasswordReset,
}

/// Where a screen of a signed-in member goes after `error`, when the error means the member
/// is no longer signed in on this phone; `None` when the screen goes on (and shows it).
///
/// Every variant is decided here, by name, so a new error must be decided too. (The default
/// arm at the end is for variants added on other branches at the same time; see its note.)
pub fn session_end(error: &TamaruError) -> Option<Destination> {
    use TamaruError::*;
    match error {
        // Another phone signed in beyond the device cap: explain before the log-in.
        SignedInElsewhere => Some(Destination::SignedOutElsewhere),
        // The tokens are gone (expired, revoked, never there): log in again.
        SessionExpired | NotSignedIn => Some(Destination::LogIn),
        // The account withdrew (on another phone, or support did it): this install starts
        // over, as after a withdrawal in the app.
        AccountWithdrawn => Some(Destination::Welcome),
        // Everything else leaves the member signed in: the screen shows it and goes on.
        InvalidConfig { .. }
        | PasswordPolicy { .. }
        | InvalidLoginId { .. }
        | LoginIdTaken
        | WrongPassword { .. }
        | UnknownAccount
        | AccountLocked { .. }
        | ExternalSupportPage { .. }
        | WrongOldPassword
        | PasswordUnchanged
        | InvalidResetCode { .. }
        | ResetCodeExpired
        | InvalidEmail { .. }
        | EmailTaken { .. }
        | EmailUnchanged
        | WrongEmailCode { .. }
        | EmailCodeExpired
        | Network { .. }
        | MalformedResponse { .. }
        | Server { .. }
        | SecureStore { .. }
        | Storage { .. }
        | CardInput { .. }
        | CardDetailsMismatch { .. }
        | CardExpiredOrInvalid { .. }
        | CardOfAnotherPerson
        | CardRegisteredToAnotherAccount
        | CardLimitReached { .. }
        | CardTypeLimitReached { .. }
        | SecondCreditCard { .. }
        | BuiltInEmoneyCard
        | MergeNotOffered
        | MergeAccountNotFound
        | MergeSameAccount
        | MergeDetailsMismatch
        | MergeCardLimitExceeded { .. }
        | InvalidPersonalDetails { .. }
        | PointsNeedLinkedId { .. }
        | InsufficientPoints { .. }
        | InvalidPointAmount { .. }
        | InvalidHistoryQuery { .. }
        | PointsNotSynced
        | FamilyNotAvailable
        | FamilyFull { .. }
        | SquareMemberCannotJoin
        | AlreadyInFamily
        | NotInFamily
        | NotFamilyOwner
        | RecipientNotInFamily
        | CannotSendToSelf
        | InvalidInviteCode
        | FamilyInvitationNotFound
        // A write whose answer was lost is found out, not a reason to sign out.
        | WriteOutcomeUnknown { .. }
        // A refused certificate is the network's trouble (a captive portal, an attack):
        // signing the member out would not help.
        | UntrustedCertificate
        | CertificatePinMismatch
        | Internal { .. }
        | CardPinLocked { .. }
        | CodeCardChangeLimited { .. }
        | NoCodeCard
        | CodeCardUnchanged
        | NotOnThisPlatform { .. } => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_errors_that_end_a_session_say_where_to_go() {
        assert_eq!(
            session_end(&TamaruError::SignedInElsewhere),
            Some(Destination::SignedOutElsewhere)
        );
        assert_eq!(
            session_end(&TamaruError::SessionExpired),
            Some(Destination::LogIn)
        );
        assert_eq!(
            session_end(&TamaruError::NotSignedIn),
            Some(Destination::LogIn)
        );
        assert_eq!(
            session_end(&TamaruError::AccountWithdrawn),
            Some(Destination::Welcome)
        );
    }

    #[test]
    fn other_errors_keep_the_member_on_the_screen() {
        for e in [
            TamaruError::Network { detail: "x".into() },
            TamaruError::WrongPassword {
                attempts_left: Some(1),
            },
            TamaruError::PointsNotSynced,
            TamaruError::CardLimitReached { limit: 50 },
        ] {
            assert_eq!(session_end(&e), None, "{e:?}");
        }
    }
}
