//! # Screens
//!
//! Every screen of the member app as a view model owned by the core, above the
//! capabilities (the UniFFI-era crux idea: the core holds each screen's model and hands the
//! shell a view of it). A screen is an object with
//!
//! - a **state** record holding everything the screen shows, already decided and worded in
//!   the member's [`Language`] (chosen once in [`crate::app::AppConfig::language`]): labels,
//!   field problems, which questions are asked, which buttons can be pressed, dates as
//!   members read them in Japan time, points as `+300 pt`;
//! - **actions** for what the member does (type, choose, submit, refresh, retry), each
//!   returning the new state;
//! - **listeners** ([`StateListener`]) told about each new state, registered until their
//!   [`Subscription`] is dropped (Kotlin: a `callbackFlow` into a `StateFlow`; Swift: an
//!   `@Observable` model updated from the listener);
//! - **navigation**: a state's `navigate` ([`Destination`]) says where to go once a form is
//!   submitted or a session ended; [`session_end`] is the one place deciding which errors
//!   end a session.
//!
//! Screens reuse the capabilities' rules, texts and services; they add no rule. Their own
//! sentences are in [`text`](self) (ja and en, one exhaustive match).
//!
//! One file per screen: [`entry`] (first launch, returning member, signed out elsewhere),
//! [`home`] (tabs, settings list, log-out), [`sign_up`], [`log_in`] (also "I changed phones"), [`cards`], [`card_registration`],
//! [`member_code`], [`points`], [`mail_settings`], [`email_change`], [`delivery_help`], [`password_change`],
//! [`password_reset`], [`withdrawal`], [`card_merge`], [`family`].

pub mod card_merge;
pub mod card_registration;
pub mod cards;
pub mod delivery_help;
pub mod email_change;
pub mod entry;
pub mod family;
pub mod format;
pub mod home;
mod language;
mod listeners;
pub mod log_in;
pub mod mail_settings;
pub mod member_code;
mod navigation;
pub mod password_change;
mod password_field;
pub mod password_reset;
pub mod points;
pub mod sign_up;
mod text;
mod view;
pub mod withdrawal;

pub use card_merge::{CardMergeScreen, CardMergeState};
pub use card_registration::{CardRegistrationScreen, CardRegistrationState, QuestionView};
pub use cards::{CardNoticeView, CardRow, CardsScreen, CardsState};
pub use delivery_help::{DeliveryHelpScreen, DeliveryHelpState, DeliveryItemView};
pub use email_change::{EmailChangeScreen, EmailChangeState};
pub use entry::{EntryChoice, EntryKind, EntryScreen, EntryState};
pub use family::{FamilyInvitationRow, FamilyMemberRow, FamilyScreen, FamilyState};
pub use home::{HomeEntry, HomeLink, HomeScreen, HomeState};
pub use language::Language;
pub use listeners::{StateListener, Subscription};
pub use log_in::{LogInScreen, LogInState};
pub use mail_settings::{MailSettingsScreen, MailSettingsState, MailSwitchView};
pub use member_code::{CodeView, MemberCodeScreen, MemberCodeScreenState, PointCardView};
pub use navigation::{Destination, session_end};
pub use password_change::{PasswordChangeScreen, PasswordChangeState};
pub use password_field::ChecklistItem;
pub use password_reset::{PasswordResetScreen, PasswordResetState};
pub use points::{DateFilterView, ExpiryLine, HistoryRow, PointsScreen, PointsState};
pub use sign_up::{SignUpScreen, SignUpState};
pub use view::{ButtonView, FieldView, OptionView, ProblemView, SecretFieldView};
pub use withdrawal::{WithdrawalScreen, WithdrawalState};
