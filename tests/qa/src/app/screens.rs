//! The screen actions of `tamaru-qa app`: open one of the core's screens
//! (`tamaru_core::screens`), act on it as the member would, read its state, close it, so a
//! QA engineer can script a whole UI flow without a phone. Each answer is the screen's
//! state as JSON, exactly what a shell would draw (in the `--language` of the run).
//!
//! | action | arguments | `ok` |
//! |---|---|---|
//! | `screen_open` | `screen` | `{"screen", "state"}` (opening again starts that screen afresh) |
//! | `screen_act` | `screen`, `act`, the act's arguments | `{"screen", "state"}` after the act |
//! | `screen_state` | `screen` | `{"screen", "state"}` |
//! | `screen_close` | `screen` | `null` |
//!
//! Screens and their acts (arguments in brackets):
//!
//! - `entry`: `retry`, `choose` [`choice`: `sign_up`, `changed_phones`, `log_in`];
//! - `sign_up`: `set_login_id` [`text`], `set_password` [`text`], `set_email` [`text`], `submit`;
//! - `log_in` and `changed_phones` (the new-phone log-in): `set_login_id` [`text`],
//!   `set_password` [`text`], `submit`, `go_on`, and on `log_in` `forgot_password`;
//! - `cards`: `refresh`, `dismiss_notice` [`id`], `add_card`, `reload`;
//! - `card_registration`: `choose_type` [`card_type`], `set_number` [`text`],
//!   `answer_has_pin` [`yes`], `set_pin` [`text`], `answer_member_registered` [`yes`], `submit`;
//! - `member_code`: `tick`, `refresh`, `next_code`;
//! - `points`: `refresh`, `toggle_kind` [`kind`], `set_dates` [`from`?, `to`?],
//!   `clear_filters`, `load_more`;
//! - `mail_settings`: `refresh`, `set` [`setting`: `newsletter`|`postal`, `on`],
//!   `open_email_change`, `open_delivery_help`;
//! - `email_change`: `resume`, `set_email` [`text`], `request`, `set_code` [`text`], `confirm`;
//! - `delivery_help`: `load`, `switch_newsletter_on`, `change_email`;
//! - `password_change`: `set_current` [`text`], `set_new_password` [`text`], `submit`;
//! - `password_reset`: `set_login_id` [`text`], `request`, `set_code` [`text`],
//!   `set_new_password` [`text`], `confirm`;
//! - `withdrawal`: `load`, `set_understood` [`yes`], `set_password` [`text`], `withdraw`;
//! - `card_merge`: `choose_type` [`card_type`], `set_number` [`text`], `set_name` [`text`],
//!   `set_birth_date` [`text`], `submit`;
//! - `family`: `load`, `create`, `set_join_code` [`text`], `join`, `accept`
//!   [`invitation_id`], `set_invite_login_id` [`text`], `invite`, `choose_recipient`
//!   [`member_id`], `set_points` [`text`], `send`, `leave`.
//!
//! Acting on a screen that is not open is `{"code": "screen_not_open"}`; the app's
//! `restart` and `reinstall` close every screen (they went with the app).

use std::collections::BTreeMap;

use serde_json::{Map, Value, json};
use tamaru_core::app::MemberApp;
use tamaru_core::mail::{DeliveryAction, MailSetting};
use tamaru_core::points::PointEntryKind;
use tamaru_core::screens::{
    CardMergeScreen, CardRegistrationScreen, CardsScreen, DeliveryHelpScreen, EmailChangeScreen,
    EntryChoice, EntryScreen, FamilyScreen, HomeScreen, LogInScreen, MailSettingsScreen,
    MemberCodeScreen, PasswordChangeScreen, PasswordResetScreen, PointsScreen, SignUpScreen,
    WithdrawalScreen,
};

use super::output::{Failure, record};

/// Every screen name, for messages and the README check.
pub(crate) const SCREENS: &[&str] = &[
    "entry",
    "home",
    "sign_up",
    "log_in",
    "changed_phones",
    "cards",
    "card_registration",
    "member_code",
    "points",
    "mail_settings",
    "email_change",
    "delivery_help",
    "password_change",
    "password_reset",
    "withdrawal",
    "card_merge",
    "family",
];

/// A parsed screen action.
pub(crate) enum ScreenAction {
    Open(&'static str),
    Act(&'static str, Act),
    State(&'static str),
    Close(&'static str),
}

/// What the member does on a screen. Holds passwords on their way to the core: no `Debug`.
pub(crate) enum Act {
    Retry,
    Choose(EntryChoice),
    SetLoginId(String),
    SetPassword(String),
    SetEmail(String),
    Submit,
    GoOn,
    Refresh,
    DismissNotice(String),
    AddCard,
    Reload,
    ChooseType(String),
    SetNumber(String),
    AnswerHasPin(bool),
    SetPin(String),
    AnswerMemberRegistered(bool),
    Tick,
    NextCode,
    ToggleKind(PointEntryKind),
    SetDates(Option<String>, Option<String>),
    ClearFilters,
    LoadMore,
    SetMail(MailSetting, bool),
    OpenEmailChange,
    OpenDeliveryHelp,
    Resume,
    SetCode(String),
    Request,
    Confirm,
    Load,
    Delivery(DeliveryAction),
    ForgotPassword,
    SetCurrent(String),
    SetNewPassword(String),
    SetUnderstood(bool),
    Withdraw,
    SetName(String),
    SetBirthDate(String),
    Create,
    SetJoinCode(String),
    Join,
    Accept(String),
    SetInviteLoginId(String),
    Invite,
    ChooseRecipient(String),
    SetPoints(String),
    Send,
    Leave,
    LogOut,
}

/// The screens open in the running app, by name.
#[derive(Default)]
pub(crate) struct OpenScreens {
    open: BTreeMap<&'static str, Screen>,
}

enum Screen {
    Entry(EntryScreen),
    SignUp(SignUpScreen),
    LogIn(LogInScreen),
    Cards(CardsScreen),
    CardRegistration(CardRegistrationScreen),
    MemberCode(MemberCodeScreen),
    Points(PointsScreen),
    MailSettings(MailSettingsScreen),
    EmailChange(EmailChangeScreen),
    DeliveryHelp(DeliveryHelpScreen),
    PasswordChange(PasswordChangeScreen),
    PasswordReset(PasswordResetScreen),
    Withdrawal(WithdrawalScreen),
    CardMerge(CardMergeScreen),
    Family(FamilyScreen),
    Home(HomeScreen),
}

fn take_string(map: &mut Map<String, Value>, key: &str, action: &str) -> Result<String, String> {
    match map.remove(key) {
        Some(Value::String(s)) => Ok(s),
        Some(Value::Null) | None => Err(format!("{action}: missing argument {key:?} (a string)")),
        Some(_) => Err(format!("{action}: {key:?} must be a string")),
    }
}

fn take_opt_string(
    map: &mut Map<String, Value>,
    key: &str,
    action: &str,
) -> Result<Option<String>, String> {
    match map.remove(key) {
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Null) | None => Ok(None),
        Some(_) => Err(format!("{action}: {key:?} must be a string")),
    }
}

fn take_bool(map: &mut Map<String, Value>, key: &str, action: &str) -> Result<bool, String> {
    match map.remove(key) {
        Some(Value::Bool(b)) => Ok(b),
        Some(Value::Null) | None => Err(format!(
            "{action}: missing argument {key:?} (true or false)"
        )),
        Some(_) => Err(format!("{action}: {key:?} must be true or false")),
    }
}

fn screen_name(map: &mut Map<String, Value>, action: &str) -> Result<&'static str, String> {
    let name = take_string(map, "screen", action)?;
    SCREENS.iter().copied().find(|s| *s == name).ok_or_else(|| {
        format!(
            "{action}: unknown screen {name:?}; the screens are {}",
            SCREENS.join(", ")
        )
    })
}

/// Reads a screen action (`screen_open`, `screen_act`, `screen_state`, `screen_close`).
pub(crate) fn parse(action: &str, mut map: Map<String, Value>) -> Result<ScreenAction, String> {
    let screen = screen_name(&mut map, action)?;
    let parsed = match action {
        "screen_open" => ScreenAction::Open(screen),
        "screen_state" => ScreenAction::State(screen),
        "screen_close" => ScreenAction::Close(screen),
        "screen_act" => {
            let act = take_string(&mut map, "act", action)?;
            ScreenAction::Act(screen, parse_act(screen, &act, &mut map, action)?)
        }
        other => return Err(format!("{other}: not a screen action")),
    };
    if let Some(extra) = map.keys().next() {
        return Err(format!("{action}: unexpected argument {extra:?}"));
    }
    Ok(parsed)
}

fn parse_act(
    screen: &str,
    act: &str,
    map: &mut Map<String, Value>,
    action: &str,
) -> Result<Act, String> {
    let forms = matches!(
        screen,
        "sign_up" | "log_in" | "changed_phones" | "password_reset" | "withdrawal"
    );
    let parsed = match (screen, act) {
        ("entry", "retry") => Act::Retry,
        ("entry", "choose") => {
            let choice = take_string(map, "choice", action)?;
            Act::Choose(match choice.as_str() {
                "sign_up" => EntryChoice::SignUp,
                "changed_phones" => EntryChoice::ChangedPhones,
                "log_in" => EntryChoice::LogIn,
                _ => {
                    return Err(format!(
                        "{action}: \"choice\" must be sign_up, changed_phones or log_in, not {choice:?}"
                    ));
                }
            })
        }
        (_, "set_login_id") if forms && screen != "withdrawal" => {
            Act::SetLoginId(take_string(map, "text", action)?)
        }
        (_, "set_password") if forms && screen != "password_reset" => {
            Act::SetPassword(take_string(map, "text", action)?)
        }
        ("sign_up" | "email_change", "set_email") => {
            Act::SetEmail(take_string(map, "text", action)?)
        }
        (
            "sign_up" | "log_in" | "changed_phones" | "card_registration" | "password_change",
            "submit",
        ) => Act::Submit,
        ("log_in", "forgot_password") => Act::ForgotPassword,
        ("password_change", "set_current") => Act::SetCurrent(take_string(map, "text", action)?),
        ("password_change" | "password_reset", "set_new_password") => {
            Act::SetNewPassword(take_string(map, "text", action)?)
        }
        ("password_reset", "request") => Act::Request,
        ("password_reset", "confirm") => Act::Confirm,
        ("password_reset", "set_code") => Act::SetCode(take_string(map, "text", action)?),
        ("withdrawal", "load") => Act::Load,
        ("withdrawal", "set_understood") => Act::SetUnderstood(take_bool(map, "yes", action)?),
        ("withdrawal", "withdraw") => Act::Withdraw,
        ("card_merge", "choose_type") => Act::ChooseType(take_string(map, "card_type", action)?),
        ("card_merge", "set_number") => Act::SetNumber(take_string(map, "text", action)?),
        ("card_merge", "set_name") => Act::SetName(take_string(map, "text", action)?),
        ("card_merge", "set_birth_date") => Act::SetBirthDate(take_string(map, "text", action)?),
        ("card_merge", "submit") => Act::Submit,
        ("family", "load") => Act::Load,
        ("family", "create") => Act::Create,
        ("family", "set_join_code") => Act::SetJoinCode(take_string(map, "text", action)?),
        ("family", "join") => Act::Join,
        ("family", "accept") => Act::Accept(take_string(map, "invitation_id", action)?),
        ("family", "set_invite_login_id") => {
            Act::SetInviteLoginId(take_string(map, "text", action)?)
        }
        ("family", "invite") => Act::Invite,
        ("family", "choose_recipient") => {
            Act::ChooseRecipient(take_string(map, "member_id", action)?)
        }
        ("family", "set_points") => Act::SetPoints(take_string(map, "text", action)?),
        ("family", "send") => Act::Send,
        ("family", "leave") => Act::Leave,
        ("home", "log_out") => Act::LogOut,
        ("log_in" | "changed_phones", "go_on") => Act::GoOn,
        ("cards" | "member_code" | "points" | "mail_settings", "refresh") => Act::Refresh,
        ("mail_settings", "set") => {
            let setting = take_string(map, "setting", action)?;
            Act::SetMail(
                MailSetting::parse(&setting).ok_or_else(|| {
                    format!("{action}: \"setting\" must be newsletter or postal, not {setting:?}")
                })?,
                take_bool(map, "on", action)?,
            )
        }
        ("mail_settings", "open_email_change") => Act::OpenEmailChange,
        ("mail_settings", "open_delivery_help") => Act::OpenDeliveryHelp,
        ("email_change", "resume") => Act::Resume,
        ("email_change", "set_code") => Act::SetCode(take_string(map, "text", action)?),
        ("email_change", "request") => Act::Request,
        ("email_change", "confirm") => Act::Confirm,
        ("delivery_help", "load") => Act::Load,
        ("delivery_help", "switch_newsletter_on") => {
            Act::Delivery(DeliveryAction::SwitchNewsletterOn)
        }
        ("delivery_help", "change_email") => Act::Delivery(DeliveryAction::ChangeEmail),
        ("cards", "dismiss_notice") => Act::DismissNotice(take_string(map, "id", action)?),
        ("cards", "add_card") => Act::AddCard,
        ("cards", "reload") => Act::Reload,
        ("card_registration", "choose_type") => {
            Act::ChooseType(take_string(map, "card_type", action)?)
        }
        ("card_registration", "set_number") => Act::SetNumber(take_string(map, "text", action)?),
        ("card_registration", "answer_has_pin") => {
            Act::AnswerHasPin(take_bool(map, "yes", action)?)
        }
        ("card_registration", "set_pin") => Act::SetPin(take_string(map, "text", action)?),
        ("card_registration", "answer_member_registered") => {
            Act::AnswerMemberRegistered(take_bool(map, "yes", action)?)
        }
        ("member_code", "tick") => Act::Tick,
        ("member_code", "next_code") => Act::NextCode,
        ("points", "toggle_kind") => {
            let kind = take_string(map, "kind", action)?;
            Act::ToggleKind(PointEntryKind::parse(&kind).ok_or_else(|| {
                format!("{action}: \"kind\" must be earn, use, expire, adjust, transfer or merge, not {kind:?}")
            })?)
        }
        ("points", "set_dates") => Act::SetDates(
            take_opt_string(map, "from", action)?,
            take_opt_string(map, "to", action)?,
        ),
        ("points", "clear_filters") => Act::ClearFilters,
        ("points", "load_more") => Act::LoadMore,
        _ => return Err(format!("{action}: the {screen} screen has no act {act:?}")),
    };
    Ok(parsed)
}

impl OpenScreens {
    /// Every screen goes (the app was killed).
    pub(crate) fn close_all(&mut self) {
        self.open.clear();
    }

    pub(crate) async fn execute(
        &mut self,
        app: &MemberApp,
        action: ScreenAction,
    ) -> Result<Value, Failure> {
        match action {
            ScreenAction::Open(name) => {
                let screen = open(app, name);
                let state = screen.state()?;
                self.open.insert(name, screen);
                Ok(json!({ "screen": name, "state": state }))
            }
            ScreenAction::State(name) => {
                let state = self.get(name)?.state()?;
                Ok(json!({ "screen": name, "state": state }))
            }
            ScreenAction::Close(name) => {
                self.get(name)?;
                self.open.remove(name);
                Ok(Value::Null)
            }
            ScreenAction::Act(name, act) => {
                let state = self.get(name)?.act(act).await?;
                Ok(json!({ "screen": name, "state": state }))
            }
        }
    }

    fn get(&self, name: &'static str) -> Result<&Screen, Failure> {
        self.open.get(name).ok_or(Failure::Script {
            code: "screen_not_open",
            message: "open the screen first with screen_open",
        })
    }
}

fn open(app: &MemberApp, name: &str) -> Screen {
    match name {
        "entry" => Screen::Entry(EntryScreen::open(app)),
        "sign_up" => Screen::SignUp(SignUpScreen::open(app)),
        "log_in" => Screen::LogIn(LogInScreen::open(app, false)),
        "changed_phones" => Screen::LogIn(LogInScreen::open(app, true)),
        "cards" => Screen::Cards(CardsScreen::open(app)),
        "card_registration" => Screen::CardRegistration(CardRegistrationScreen::open(app)),
        "member_code" => Screen::MemberCode(MemberCodeScreen::open(app)),
        "mail_settings" => Screen::MailSettings(MailSettingsScreen::open(app)),
        "email_change" => Screen::EmailChange(EmailChangeScreen::open(app)),
        "delivery_help" => Screen::DeliveryHelp(DeliveryHelpScreen::open(app)),
        "password_change" => Screen::PasswordChange(PasswordChangeScreen::open(app)),
        "password_reset" => Screen::PasswordReset(PasswordResetScreen::open(app)),
        "withdrawal" => Screen::Withdrawal(WithdrawalScreen::open(app)),
        "card_merge" => Screen::CardMerge(CardMergeScreen::open(app)),
        "family" => Screen::Family(FamilyScreen::open(app)),
        "home" => Screen::Home(HomeScreen::open(app)),
        _ => Screen::Points(PointsScreen::open(app)),
    }
}

impl Screen {
    fn state(&self) -> Result<Value, Failure> {
        match self {
            Screen::Entry(s) => record(&s.state()),
            Screen::SignUp(s) => record(&s.state()),
            Screen::LogIn(s) => record(&s.state()),
            Screen::Cards(s) => record(&s.state()),
            Screen::CardRegistration(s) => record(&s.state()),
            Screen::MemberCode(s) => record(&s.state()),
            Screen::Points(s) => record(&s.state()),
            Screen::MailSettings(s) => record(&s.state()),
            Screen::EmailChange(s) => record(&s.state()),
            Screen::DeliveryHelp(s) => record(&s.state()),
            Screen::PasswordChange(s) => record(&s.state()),
            Screen::PasswordReset(s) => record(&s.state()),
            Screen::Withdrawal(s) => record(&s.state()),
            Screen::CardMerge(s) => record(&s.state()),
            Screen::Family(s) => record(&s.state()),
            Screen::Home(s) => record(&s.state()),
        }
    }

    /// Runs an act the parser matched to this screen's kind.
    async fn act(&self, act: Act) -> Result<Value, Failure> {
        match (self, act) {
            (Screen::Entry(s), Act::Retry) => record(&s.retry()),
            (Screen::Entry(s), Act::Choose(c)) => record(&s.choose(c)),
            (Screen::SignUp(s), Act::SetLoginId(t)) => record(&s.set_login_id(&t)),
            (Screen::SignUp(s), Act::SetPassword(t)) => record(&s.set_password(&t)),
            (Screen::SignUp(s), Act::SetEmail(t)) => record(&s.set_email(&t)),
            (Screen::SignUp(s), Act::Submit) => record(&s.submit().await),
            (Screen::LogIn(s), Act::SetLoginId(t)) => record(&s.set_login_id(&t)),
            (Screen::LogIn(s), Act::SetPassword(t)) => record(&s.set_password(&t)),
            (Screen::LogIn(s), Act::Submit) => record(&s.submit().await),
            (Screen::LogIn(s), Act::GoOn) => record(&s.go_on()),
            (Screen::Cards(s), Act::Refresh) => record(&s.refresh().await),
            (Screen::Cards(s), Act::DismissNotice(id)) => record(&s.dismiss_notice(&id)),
            (Screen::Cards(s), Act::AddCard) => record(&s.add_card()),
            (Screen::Cards(s), Act::Reload) => record(&s.reload()),
            (Screen::CardRegistration(s), Act::ChooseType(t)) => record(&s.choose_type(&t)),
            (Screen::CardRegistration(s), Act::SetNumber(t)) => record(&s.set_number(&t)),
            (Screen::CardRegistration(s), Act::AnswerHasPin(y)) => record(&s.answer_has_pin(y)),
            (Screen::CardRegistration(s), Act::SetPin(t)) => record(&s.set_pin(&t)),
            (Screen::CardRegistration(s), Act::AnswerMemberRegistered(y)) => {
                record(&s.answer_member_registered(y))
            }
            (Screen::CardRegistration(s), Act::Submit) => record(&s.submit().await),
            (Screen::MemberCode(s), Act::Tick) => record(&s.tick().await),
            (Screen::MemberCode(s), Act::Refresh) => record(&s.refresh().await),
            (Screen::MemberCode(s), Act::NextCode) => record(&s.next_code().await),
            (Screen::Points(s), Act::Refresh) => record(&s.refresh().await),
            (Screen::Points(s), Act::ToggleKind(k)) => record(&s.toggle_kind(k)),
            (Screen::Points(s), Act::SetDates(from, to)) => record(&s.set_dates(from, to)),
            (Screen::Points(s), Act::ClearFilters) => record(&s.clear_filters()),
            (Screen::Points(s), Act::LoadMore) => record(&s.load_more()),
            (Screen::MailSettings(s), Act::Refresh) => record(&s.refresh().await),
            (Screen::MailSettings(s), Act::SetMail(setting, on)) => {
                record(&s.set(setting, on).await)
            }
            (Screen::MailSettings(s), Act::OpenEmailChange) => record(&s.open_email_change()),
            (Screen::MailSettings(s), Act::OpenDeliveryHelp) => record(&s.open_delivery_help()),
            (Screen::EmailChange(s), Act::Resume) => record(&s.resume().await),
            (Screen::EmailChange(s), Act::SetEmail(t)) => record(&s.set_email(&t)),
            (Screen::EmailChange(s), Act::SetCode(t)) => record(&s.set_code(&t)),
            (Screen::EmailChange(s), Act::Request) => record(&s.request().await),
            (Screen::EmailChange(s), Act::Confirm) => record(&s.confirm().await),
            (Screen::DeliveryHelp(s), Act::Load) => record(&s.load().await),
            (Screen::DeliveryHelp(s), Act::Delivery(a)) => record(&s.act(a).await),
            (Screen::LogIn(s), Act::ForgotPassword) => record(&s.forgot_password()),
            (Screen::PasswordChange(s), Act::SetCurrent(t)) => record(&s.set_current(&t)),
            (Screen::PasswordChange(s), Act::SetNewPassword(t)) => record(&s.set_new_password(&t)),
            (Screen::PasswordChange(s), Act::Submit) => record(&s.submit().await),
            (Screen::PasswordReset(s), Act::SetLoginId(t)) => record(&s.set_login_id(&t)),
            (Screen::PasswordReset(s), Act::SetCode(t)) => record(&s.set_code(&t)),
            (Screen::PasswordReset(s), Act::SetNewPassword(t)) => record(&s.set_new_password(&t)),
            (Screen::PasswordReset(s), Act::Request) => record(&s.request().await),
            (Screen::PasswordReset(s), Act::Confirm) => record(&s.confirm().await),
            (Screen::Withdrawal(s), Act::Load) => record(&s.load().await),
            (Screen::Withdrawal(s), Act::SetUnderstood(y)) => record(&s.set_understood(y)),
            (Screen::Withdrawal(s), Act::SetPassword(t)) => record(&s.set_password(&t)),
            (Screen::Withdrawal(s), Act::Withdraw) => record(&s.withdraw().await),
            (Screen::CardMerge(s), Act::ChooseType(t)) => record(&s.choose_type(&t)),
            (Screen::CardMerge(s), Act::SetNumber(t)) => record(&s.set_number(&t)),
            (Screen::CardMerge(s), Act::SetName(t)) => record(&s.set_name(&t)),
            (Screen::CardMerge(s), Act::SetBirthDate(t)) => record(&s.set_birth_date(&t)),
            (Screen::CardMerge(s), Act::Submit) => record(&s.submit().await),
            (Screen::Family(s), Act::Load) => record(&s.load().await),
            (Screen::Family(s), Act::Create) => record(&s.create().await),
            (Screen::Family(s), Act::SetJoinCode(t)) => record(&s.set_join_code(&t)),
            (Screen::Family(s), Act::Join) => record(&s.join().await),
            (Screen::Family(s), Act::Accept(id)) => record(&s.accept(&id).await),
            (Screen::Family(s), Act::SetInviteLoginId(t)) => record(&s.set_invite_login_id(&t)),
            (Screen::Family(s), Act::Invite) => record(&s.invite().await),
            (Screen::Family(s), Act::ChooseRecipient(id)) => record(&s.choose_recipient(&id)),
            (Screen::Family(s), Act::SetPoints(t)) => record(&s.set_points(&t)),
            (Screen::Family(s), Act::Send) => record(&s.send().await),
            (Screen::Family(s), Act::Leave) => record(&s.leave().await),
            (Screen::Home(s), Act::LogOut) => record(&s.log_out().await),
            // The parser pairs acts with screens; a pair it lets through that lands here is
            // a QA bug, said as one.
            _ => Err(Failure::Script {
                code: "act_not_on_screen",
                message: "this act does not belong to this screen",
            }),
        }
    }
}
