//! The actions of `tamaru-qa app`: one per capability of [`MemberApp`] and its services, each
//! a thin call of the core (no rule lives here), its result the core's record as JSON.
//!
//! Names and arguments (`?` optional; `null` counts as absent; any other argument is a bad
//! line, so a misspelt optional argument is not silently ignored):
//!
//! | action | arguments | `ok` |
//! |---|---|---|
//! | `start_screen` | | `{"screen": "first_launch"\|"signed_out"\|"signed_out_elsewhere"\|"signed_in", "member_id"?, "login_id"?}` |
//! | `is_signed_in` | | `true`/`false` (no request) |
//! | `check_password` | `password` | `{"valid", "violations"}` |
//! | `password_checklist` | `password` | `[{"rule", "met", "label_en", "label_ja"}]` |
//! | `check_login_id` | `login_id` | `{"valid", "violations"}` |
//! | `sign_up` | `login_id`, `password`, `email`? | the account (signed in) |
//! | `log_in` | `login_id`, `password` | the account |
//! | `log_out` / `account` | | `null` / the account, fresh |
//! | `change_password` | `old_password`, `new_password` | `null` |
//! | `request_password_reset` | `login_id` | `null` (the code goes to the mailbox) |
//! | `confirm_password_reset` | `login_id`, `code`, `new_password` | `null` |
//! | `withdrawal_preview` / `withdraw` | — / `password` | the preview / `null` |
//! | `restart` | | `null`: the app killed and started again (same data, same store) |
//! | `reinstall` | | `null`: the data directory deleted, the secure store kept |
//! | `pending_writes` | | `[{"kind", "created_at"}]`: writes whose answer was lost, kept with their keys |
//! | `resolve_pending_writes` | | `[{"kind", "outcome"}]`: asked the server (`applied`, `refused`, `not_applied`, `unknown`) |
//! | `cards_check` | `type`, `number`, `has_pin`?, `pin`?, `member_registered`? | `{"valid", "errors": [{"code", …, "message_en", "message_ja"}]}` |
//! | `cards_register` | same as `cards_check` | `{"card", "linked", "already_registered"}` |
//! | `cards_prepare` / `cards_submit` | same as `cards_check` / — | `{"display_number", "idempotency_key"}` / as `cards_register`, same key each time |
//! | `cards_list` / `cards_refresh` | | `{"cards", "synced_at"}` / `{"cards", "notices", "synced_at"}` |
//! | `cards_merge` | `card_type`, `card_number`, `name`, `birth_date` | `{"cards", "merged_cards", "first_award_date", "accrual_start_month", "merged_at"}` |
//! | `points_refresh` | | `{"new_entries", "changed", "requests", "last_synced"}` |
//! | `points_balance` | | the balance with its breakdown by expiry date |
//! | `points_history` | `kinds`? (array), `from`?, `to`?, `cursor`?, `limit`? (default 20) | `{"entries", "next_cursor", "last_synced"}` |
//! | `points_last_synced` | | RFC 3339 or `null` |
//! | `points_use` | `points`, `text`? | the history entry |
//! | `family` / `family_create` | | `{"group", "invitations"}` |
//! | `family_invite` | `login_id` | `{"invitation_id"}` |
//! | `family_join` / `family_accept` | `invite_code` / `invitation_id` | `{"group", "invitations"}` |
//! | `family_leave` | | `null` |
//! | `family_send` | `to_member_id`, `points` | the history entry |
//! | `mail_settings` / `mail_cached_settings` | | the settings view (fresh / the phone's copy) |
//! | `mail_set` | `setting` (`newsletter`\|`postal`), `on` | `{"applied", "pending", "offline", "overridden", "rejected", "settings"}` |
//! | `mail_sync` | | as `mail_set` |
//! | `check_email` | `email` | `{"valid", "violations"}` |
//! | `email_change_request` / `email_change_pending` | `email` / — | `{"new_email", "expires_at", "expires_in_seconds", "attempts_left"}` (pending: or `null`) |
//! | `email_change_confirm` | `code` | `{"email", "login_id", "login_id_changed"}` |
//! | `delivery_help` | | `{"sender_domains", "masked_address", "newsletter_on", "items"}` |
//! | `member_code` | | `{"state": "ready", "code": {…}}` or `{"state": "unavailable", "unavailable": {…}}` (offline) |
//! | `member_code_fetch` | | `{"live", "covered_until_unix"}` |
//! | `member_code_refresh` | | the state after a fetch, as `member_code` |
//! | `member_code_png` | `width`? (default 600), `symbology`? | `{"symbology", "width", "height", "png_bytes"}` (the image's size, not its bytes) |
//! | `code_card` | | `{"card_last4", "point_account_last4", "device_suffix", "exchange_source_last4", "last_changed_on", "next_change_from"}` |
//! | `code_card_change` | `number` | as `code_card`, after the change (once a Japan day) |
//! | `till_guide` | | `[{"terminal", "name", "name_ja", "accepts_member_code", "cards", "show_en", "show_ja", "receipt_en", "receipt_ja"}]` with the code's last 4 |

use serde_json::{Map, Value, json};
use tamaru_core::barcode::{Symbology, symbology_from_id};
use tamaru_core::cards::input::CardInput;
use tamaru_core::cards::{MergeRequest, PersonalDetails};
use tamaru_core::mail::MailSetting;
use tamaru_core::points::{HistoryQuery, PointEntryKind};

use super::Device;
use super::output::{Failure, card_input_errors, record};

/// Every action name, in the order of the table above.
pub(crate) const NAMES: &[&str] = &[
    "start_screen",
    "is_signed_in",
    "check_password",
    "password_checklist",
    "check_login_id",
    "sign_up",
    "log_in",
    "log_out",
    "account",
    "change_password",
    "request_password_reset",
    "confirm_password_reset",
    "withdrawal_preview",
    "withdraw",
    "restart",
    "reinstall",
    "pending_writes",
    "resolve_pending_writes",
    "cards_check",
    "cards_register",
    "cards_prepare",
    "cards_submit",
    "cards_list",
    "cards_refresh",
    "cards_merge",
    "points_refresh",
    "points_balance",
    "points_history",
    "points_last_synced",
    "points_use",
    "family",
    "family_create",
    "family_invite",
    "family_join",
    "family_accept",
    "family_leave",
    "family_send",
    "mail_settings",
    "mail_cached_settings",
    "mail_set",
    "mail_sync",
    "check_email",
    "email_change_request",
    "email_change_pending",
    "email_change_confirm",
    "delivery_help",
    "member_code",
    "member_code_fetch",
    "member_code_refresh",
    "member_code_png",
    "code_card",
    "code_card_change",
    "till_guide",
    "screen_open",
    "screen_act",
    "screen_state",
    "screen_close",
];

/// History entries per page when the script does not say.
const DEFAULT_HISTORY_LIMIT: u32 = 20;
/// Member-code PNG width when the script does not say (the one `time-to-barcode` uses).
const DEFAULT_PNG_WIDTH: u32 = 600;

/// One parsed action with its arguments. Holds passwords on their way to the core, so it
/// has no `Debug`: it is never printed.
pub(crate) enum Action {
    StartScreen,
    IsSignedIn,
    CheckPassword(String),
    PasswordChecklist(String),
    CheckLoginId(String),
    SignUp {
        login_id: String,
        password: String,
        email: Option<String>,
    },
    LogIn {
        login_id: String,
        password: String,
    },
    LogOut,
    Account,
    ChangePassword {
        old_password: String,
        new_password: String,
    },
    RequestPasswordReset(String),
    ConfirmPasswordReset {
        login_id: String,
        code: String,
        new_password: String,
    },
    WithdrawalPreview,
    Withdraw(String),
    Restart,
    PendingWrites,
    ResolvePendingWrites,
    Reinstall,
    CardsCheck(CardInput),
    CardsRegister(CardInput),
    CardsPrepare(CardInput),
    CardsSubmit,
    CardsList,
    CardsRefresh,
    CardsMerge(MergeRequest),
    PointsRefresh,
    PointsBalance,
    PointsHistory(HistoryQuery),
    PointsLastSynced,
    PointsUse {
        points: u64,
        text: String,
    },
    Family,
    FamilyCreate,
    FamilyInvite(String),
    FamilyJoin(String),
    FamilyAccept(String),
    FamilyLeave,
    FamilySend {
        to_member_id: String,
        points: u64,
    },
    MailSettings,
    MailCachedSettings,
    MailSet {
        setting: MailSetting,
        on: bool,
    },
    MailSync,
    CheckEmail(String),
    EmailChangeRequest(String),
    EmailChangePending,
    EmailChangeConfirm(String),
    DeliveryHelp,
    MemberCode,
    MemberCodeFetch,
    MemberCodeRefresh,
    MemberCodePng {
        width: u32,
        symbology: Option<Symbology>,
    },
    CodeCard,
    CodeCardChange(String),
    TillGuide,
    /// A screen action (`screen_open`, `screen_act`, …), see [`super::screens`].
    Screen(super::screens::ScreenAction),
}

/// Reads an action's arguments; the message says what is wrong with the line.
pub(crate) fn parse(name: &str, arguments: Map<String, Value>) -> Result<Action, String> {
    let mut a = Args {
        action: name,
        map: arguments,
    };
    let action = match name {
        "start_screen" => Action::StartScreen,
        "is_signed_in" => Action::IsSignedIn,
        "check_password" => Action::CheckPassword(a.string("password")?),
        "password_checklist" => Action::PasswordChecklist(a.string("password")?),
        "check_login_id" => Action::CheckLoginId(a.string("login_id")?),
        "sign_up" => Action::SignUp {
            login_id: a.string("login_id")?,
            password: a.string("password")?,
            email: a.opt_string("email")?,
        },
        "log_in" => Action::LogIn {
            login_id: a.string("login_id")?,
            password: a.string("password")?,
        },
        "log_out" => Action::LogOut,
        "account" => Action::Account,
        "change_password" => Action::ChangePassword {
            old_password: a.string("old_password")?,
            new_password: a.string("new_password")?,
        },
        "request_password_reset" => Action::RequestPasswordReset(a.string("login_id")?),
        "confirm_password_reset" => Action::ConfirmPasswordReset {
            login_id: a.string("login_id")?,
            code: a.string("code")?,
            new_password: a.string("new_password")?,
        },
        "withdrawal_preview" => Action::WithdrawalPreview,
        "withdraw" => Action::Withdraw(a.string("password")?),
        "restart" => Action::Restart,
        "reinstall" => Action::Reinstall,
        "pending_writes" => Action::PendingWrites,
        "resolve_pending_writes" => Action::ResolvePendingWrites,
        "cards_check" => Action::CardsCheck(a.card_input()?),
        "cards_register" => Action::CardsRegister(a.card_input()?),
        "cards_prepare" => Action::CardsPrepare(a.card_input()?),
        "cards_submit" => Action::CardsSubmit,
        "cards_list" => Action::CardsList,
        "cards_refresh" => Action::CardsRefresh,
        "cards_merge" => Action::CardsMerge(MergeRequest {
            card_type: a.string("card_type")?,
            card_number: a.string("card_number")?,
            holder: PersonalDetails {
                name: a.string("name")?,
                birth_date: a.string("birth_date")?,
            },
        }),
        "points_refresh" => Action::PointsRefresh,
        "points_balance" => Action::PointsBalance,
        "points_history" => Action::PointsHistory(HistoryQuery {
            kinds: a.kinds("kinds")?,
            from: a.opt_string("from")?,
            to: a.opt_string("to")?,
            cursor: a.opt_string("cursor")?,
            limit: a.opt_u32("limit")?.unwrap_or(DEFAULT_HISTORY_LIMIT),
        }),
        "points_last_synced" => Action::PointsLastSynced,
        "points_use" => Action::PointsUse {
            points: a.u64("points")?,
            text: a.opt_string("text")?.unwrap_or_default(),
        },
        "family" => Action::Family,
        "family_create" => Action::FamilyCreate,
        "family_invite" => Action::FamilyInvite(a.string("login_id")?),
        "family_join" => Action::FamilyJoin(a.string("invite_code")?),
        "family_accept" => Action::FamilyAccept(a.string("invitation_id")?),
        "family_leave" => Action::FamilyLeave,
        "family_send" => Action::FamilySend {
            to_member_id: a.string("to_member_id")?,
            points: a.u64("points")?,
        },
        "mail_settings" => Action::MailSettings,
        "mail_cached_settings" => Action::MailCachedSettings,
        "mail_set" => {
            let setting = a.string("setting")?;
            Action::MailSet {
                setting: MailSetting::parse(&setting).ok_or_else(|| {
                    format!(
                        "{name}: \"setting\" must be \"newsletter\" or \"postal\", not {setting:?}"
                    )
                })?,
                on: a.boolean("on")?,
            }
        }
        "mail_sync" => Action::MailSync,
        "check_email" => Action::CheckEmail(a.string("email")?),
        "email_change_request" => Action::EmailChangeRequest(a.string("email")?),
        "email_change_pending" => Action::EmailChangePending,
        "email_change_confirm" => Action::EmailChangeConfirm(a.string("code")?),
        "delivery_help" => Action::DeliveryHelp,
        "member_code" => Action::MemberCode,
        "member_code_fetch" => Action::MemberCodeFetch,
        "member_code_refresh" => Action::MemberCodeRefresh,
        "code_card" => Action::CodeCard,
        "code_card_change" => Action::CodeCardChange(a.string("number")?),
        "till_guide" => Action::TillGuide,
        "member_code_png" => Action::MemberCodePng {
            width: a.opt_u32("width")?.unwrap_or(DEFAULT_PNG_WIDTH),
            symbology: match a.opt_string("symbology")? {
                None => None,
                Some(id) => Some(symbology_from_id(&id).ok_or_else(|| {
                    format!("{name}: unknown symbology {id:?} (qr, code128, ean13, itf, nw7)")
                })?),
            },
        },
        "screen_open" | "screen_act" | "screen_state" | "screen_close" => {
            return super::screens::parse(name, a.map).map(Action::Screen);
        }
        _ => {
            return Err(format!(
                "unknown action {name:?}; the actions are {}",
                NAMES.join(", ")
            ));
        }
    };
    a.finish()?;
    Ok(action)
}

impl Device {
    /// Runs one action against the app.
    pub(crate) async fn execute(&mut self, action: Action) -> Result<Value, Failure> {
        match action {
            Action::Restart => {
                self.start()?;
                Ok(Value::Null)
            }
            Action::Reinstall => {
                self.reinstall()?;
                Ok(Value::Null)
            }
            Action::CardsPrepare(input) => {
                let registration = self.app()?.cards().prepare(&input)?;
                let answer = json!({
                    "display_number": registration.display_number(),
                    "idempotency_key": registration.idempotency_key(),
                });
                self.registration = Some(registration);
                Ok(answer)
            }
            Action::CardsSubmit => {
                let registration = self.registration.as_ref().ok_or(Failure::Script {
                    code: "nothing_prepared",
                    message: "cards_submit sends the card of the last cards_prepare since the app started; there is none",
                })?;
                record(&registration.submit().await?)
            }
            Action::MemberCodeRefresh => {
                let session = self.code_session()?;
                record(&session.refresh().await?)
            }
            Action::MemberCodePng { width, symbology } => {
                let session = self.code_session()?;
                let png = session.render_png(symbology, width)?;
                let (width, height) = png_size(&png);
                Ok(json!({
                    "symbology": symbology,
                    "width": width,
                    "height": height,
                    "png_bytes": png.len(),
                }))
            }
            Action::Screen(screen) => {
                let app = self.app()?.clone();
                self.screens.execute(&app, screen).await
            }
            other => self.execute_on_app(other).await,
        }
    }

    /// The actions that only call the running app.
    async fn execute_on_app(&mut self, action: Action) -> Result<Value, Failure> {
        let app = self.app()?;
        match action {
            Action::StartScreen => record(&app.start_screen()?),
            Action::IsSignedIn => Ok(json!(app.is_signed_in()?)),
            Action::PendingWrites => record(&app.pending_writes()?),
            Action::ResolvePendingWrites => record(&app.resolve_pending_writes().await?),
            Action::CheckPassword(password) => record(&app.account().check_password(&password)),
            Action::PasswordChecklist(password) => {
                record(&app.account().password_checklist(&password))
            }
            Action::CheckLoginId(login_id) => record(&app.account().check_login_id(&login_id)),
            Action::SignUp {
                login_id,
                password,
                email,
            } => record(
                &app.account()
                    .sign_up(&login_id, &password, email.as_deref())
                    .await?,
            ),
            Action::LogIn { login_id, password } => {
                record(&app.account().log_in(&login_id, &password).await?)
            }
            Action::LogOut => {
                app.account().log_out().await?;
                Ok(Value::Null)
            }
            Action::Account => record(&app.account().details().await?),
            Action::ChangePassword {
                old_password,
                new_password,
            } => {
                app.account()
                    .change_password(&old_password, &new_password)
                    .await?;
                Ok(Value::Null)
            }
            Action::RequestPasswordReset(login_id) => {
                app.account().request_password_reset(&login_id).await?;
                Ok(Value::Null)
            }
            Action::ConfirmPasswordReset {
                login_id,
                code,
                new_password,
            } => {
                app.account()
                    .confirm_password_reset(&login_id, &code, &new_password)
                    .await?;
                Ok(Value::Null)
            }
            Action::WithdrawalPreview => record(&app.account().withdrawal_preview().await?),
            Action::Withdraw(password) => {
                app.account().withdraw(&password).await?;
                Ok(Value::Null)
            }
            Action::CardsCheck(input) => {
                let errors = app.cards().check(&input);
                Ok(json!({
                    "valid": errors.is_empty(),
                    "errors": card_input_errors(&errors),
                }))
            }
            Action::CardsRegister(input) => record(&app.cards().register(&input).await?),
            Action::CardsList => record(&app.cards().list()?),
            Action::CardsRefresh => record(&app.cards().refresh().await?),
            Action::CardsMerge(request) => record(&app.cards().merge(&request).await?),
            Action::PointsRefresh => record(&app.points().refresh().await?),
            Action::PointsBalance => record(&app.points().balance()?),
            Action::PointsHistory(query) => record(&app.points().history(&query)?),
            Action::PointsLastSynced => record(&app.points().last_synced()?),
            Action::PointsUse { points, text } => {
                record(&app.points().use_points(points, &text).await?)
            }
            Action::Family => record(&app.points().family().await?),
            Action::FamilyCreate => record(&app.points().create_family().await?),
            Action::FamilyInvite(login_id) => {
                let id = app.points().invite_to_family(&login_id).await?;
                Ok(json!({ "invitation_id": id }))
            }
            Action::FamilyJoin(code) => record(&app.points().join_family_by_code(&code).await?),
            Action::FamilyAccept(id) => record(&app.points().accept_family_invitation(&id).await?),
            Action::FamilyLeave => {
                app.points().leave_family().await?;
                Ok(Value::Null)
            }
            Action::FamilySend {
                to_member_id,
                points,
            } => record(&app.points().send_points(&to_member_id, points).await?),
            Action::MailSettings => record(&app.mail().settings().await?),
            Action::MailCachedSettings => record(&app.mail().cached_settings()?),
            Action::MailSet { setting, on } => record(&app.mail().set(setting, on).await?),
            Action::MailSync => record(&app.mail().sync().await?),
            Action::CheckEmail(email) => record(&app.mail().check_email(&email)),
            Action::EmailChangeRequest(email) => {
                record(&app.mail().request_email_change(&email).await?)
            }
            Action::EmailChangePending => record(&app.mail().pending_email_change().await?),
            Action::EmailChangeConfirm(code) => {
                record(&app.mail().confirm_email_change(&code).await?)
            }
            Action::DeliveryHelp => record(&app.mail().delivery_help().await?),
            Action::MemberCode => record(&app.member_code().current()),
            Action::MemberCodeFetch => {
                let fetched = app.member_code().fetch().await?;
                Ok(json!({
                    "live": fetched.live,
                    "covered_until_unix": fetched.covered_until_unix,
                }))
            }
            Action::CodeCard => record(&app.member_code().code_card().await?),
            Action::CodeCardChange(number) => {
                record(&app.member_code().change_code_card(&number).await?)
            }
            Action::TillGuide => {
                let suffix = match app.member_code().current() {
                    tamaru_core::barcode::MemberCodeState::Ready { code } => Some(code.suffix),
                    _ => None,
                };
                record(&tamaru_core::till::till_guide(
                    app.profile(),
                    suffix.as_deref(),
                ))
            }
            Action::Restart
            | Action::Reinstall
            | Action::CardsPrepare(_)
            | Action::CardsSubmit
            | Action::MemberCodeRefresh
            | Action::Screen(_)
            | Action::MemberCodePng { .. } => {
                unreachable!("handled by Device::execute")
            }
        }
    }
}

/// Width and height from a PNG's header (IHDR), so the answer states the image's real size.
fn png_size(png: &[u8]) -> (Option<u32>, Option<u32>) {
    let be = |at: usize| {
        png.get(at..at + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    (be(16), be(20))
}

/// An action's arguments, each taken once; what is left at the end was not expected.
struct Args<'a> {
    action: &'a str,
    map: Map<String, Value>,
}

impl Args<'_> {
    /// The argument, `null` counting as absent.
    fn take(&mut self, key: &str) -> Option<Value> {
        self.map.remove(key).filter(|v| !v.is_null())
    }

    fn string(&mut self, key: &str) -> Result<String, String> {
        self.opt_string(key)?
            .ok_or_else(|| format!("{}: missing argument {key:?} (a string)", self.action))
    }

    fn opt_string(&mut self, key: &str) -> Result<Option<String>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(other) => Err(self.wrong(key, "a string", &other)),
        }
    }

    fn boolean(&mut self, key: &str) -> Result<bool, String> {
        self.opt_bool(key)?
            .ok_or_else(|| format!("{}: missing argument {key:?} (true or false)", self.action))
    }

    fn opt_bool(&mut self, key: &str) -> Result<Option<bool>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(Value::Bool(b)) => Ok(Some(b)),
            Some(other) => Err(self.wrong(key, "true or false", &other)),
        }
    }

    fn u64(&mut self, key: &str) -> Result<u64, String> {
        match self.take(key) {
            None => Err(format!(
                "{}: missing argument {key:?} (a whole number)",
                self.action
            )),
            Some(value) => value
                .as_u64()
                .ok_or_else(|| self.wrong(key, "a whole number, 0 or more", &value)),
        }
    }

    fn opt_u32(&mut self, key: &str) -> Result<Option<u32>, String> {
        match self.take(key) {
            None => Ok(None),
            Some(value) => value
                .as_u64()
                .and_then(|n| u32::try_from(n).ok())
                .map(Some)
                .ok_or_else(|| self.wrong(key, "a whole number, 0 or more", &value)),
        }
    }

    /// An array of history kinds (`earn`, `use`, `expire`, `adjust`, `transfer`, `merge`).
    fn kinds(&mut self, key: &str) -> Result<Vec<PointEntryKind>, String> {
        match self.take(key) {
            None => Ok(Vec::new()),
            Some(Value::Array(items)) => items
                .iter()
                .map(|item| {
                    item.as_str()
                        .and_then(PointEntryKind::parse)
                        .ok_or_else(|| {
                            self.wrong(
                                key,
                                "an array of earn, use, expire, adjust, transfer, merge",
                                item,
                            )
                        })
                })
                .collect(),
            Some(other) => Err(self.wrong(key, "an array of kinds", &other)),
        }
    }

    /// The card input fields, as `tamaru-qa check card` reads them.
    fn card_input(&mut self) -> Result<CardInput, String> {
        Ok(CardInput {
            card_type: self.string("type")?,
            number: self.string("number")?,
            has_pin: self.opt_bool("has_pin")?,
            pin: self.opt_string("pin")?,
            member_registered: self.opt_bool("member_registered")?,
        })
    }

    fn wrong(&self, key: &str, expected: &str, got: &Value) -> String {
        let kind = match got {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number(_) => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        };
        format!("{}: {key:?} must be {expected}, not {kind}", self.action)
    }

    /// Refuses arguments the action does not take (a misspelt optional one would otherwise
    /// be silently ignored).
    fn finish(self) -> Result<(), String> {
        let mut left: Vec<&String> = self.map.keys().collect();
        if left.is_empty() {
            return Ok(());
        }
        left.sort();
        Err(format!(
            "{}: unexpected argument(s) {}",
            self.action,
            left.iter()
                .map(|k| format!("{k:?}"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(value: Value) -> Map<String, Value> {
        match value {
            Value::Object(map) => map,
            _ => panic!("an object"),
        }
    }

    /// Every name in the list parses (with the arguments the table names), and nothing
    /// outside it does: the list, the table and the dispatch stay one.
    #[test]
    fn every_listed_action_parses() {
        let full = json!({
            "password": "p", "login_id": "l", "old_password": "a", "new_password": "b",
            "code": "123456", "type": "sc_point_card", "number": "1", "card_type": "t",
            "card_number": "1", "name": "n", "birth_date": "1990-04-01", "points": 1,
            "invite_code": "ABC", "invitation_id": "i", "to_member_id": "m",
            "setting": "postal", "on": true, "email": "a@example.jp",
            "screen": "points", "act": "load_more",
        });
        for name in NAMES {
            // Only the arguments the action takes: drop the rest by trying each alone.
            let mut map = args(full.clone());
            let taken = loop {
                match parse(name, map.clone()) {
                    Ok(_) => break true,
                    Err(message) if message.contains("unexpected argument") => {
                        let key = map
                            .keys()
                            .find(|k| message.contains(&format!("{k:?}")))
                            .cloned()
                            .expect("the message names the argument");
                        map.remove(&key);
                    }
                    Err(message) => panic!("{name}: {message}"),
                }
            };
            assert!(taken);
        }
        assert!(
            parse("fly", Map::new())
                .err()
                .is_some_and(|e| e.contains("unknown action"))
        );
    }

    #[test]
    fn arguments_are_checked() {
        let e = parse("log_in", args(json!({"login_id": "a@example.jp"}))).err();
        assert!(
            e.expect("refused")
                .contains("missing argument \"password\"")
        );
        let e = parse("mail_set", args(json!({"setting": "postal", "on": "yes"}))).err();
        assert!(e.expect("refused").contains("\"on\" must be true or false"));
        let e = parse("mail_set", args(json!({"setting": "fax", "on": true}))).err();
        assert!(e.expect("refused").contains("newsletter"));
        let e = parse("account", args(json!({"verbose": true}))).err();
        assert!(
            e.expect("refused")
                .contains("unexpected argument(s) \"verbose\"")
        );
        let e = parse("points_history", args(json!({"kinds": ["earn", "gift"]}))).err();
        assert!(e.expect("refused").contains("\"kinds\""));
        assert!(
            parse(
                "cards_check",
                args(json!({"type": "t", "number": "1", "pin": null}))
            )
            .is_ok()
        );
        match parse("points_history", args(json!({"kinds": ["use"]}))) {
            Ok(Action::PointsHistory(q)) => {
                assert_eq!(q.kinds, vec![PointEntryKind::Use]);
                assert_eq!(q.limit, DEFAULT_HISTORY_LIMIT);
            }
            _ => panic!("points_history"),
        }
    }

    /// The README documents every action, and the example script only uses real ones.
    #[test]
    fn the_readme_and_the_example_name_real_actions() {
        let readme = include_str!("../../../../README.md");
        for name in NAMES {
            assert!(
                readme.contains(&format!("`{name}`")),
                "README lacks `{name}`"
            );
        }
        let example = include_str!("../../examples/app-walkthrough.jsonl");
        let mut lines = 0;
        for line in example.lines().filter(|l| !l.trim().is_empty()) {
            let Value::Object(mut object) = serde_json::from_str(line).expect(line) else {
                panic!("{line}");
            };
            let Some(Value::String(name)) = object.remove("action") else {
                panic!("{line}");
            };
            parse(&name, object).unwrap_or_else(|e| panic!("{line}: {e}"));
            lines += 1;
        }
        assert!(lines > 10);
    }

    #[test]
    fn png_size_reads_the_header() {
        let matrix = tamaru_core::barcode::encode(Symbology::Qr, "4300").expect("qr");
        let png = tamaru_core::barcode::render_png(&matrix, 300).expect("png");
        let (width, height) = png_size(&png);
        assert_eq!(width, Some(300));
        assert!(height.is_some());
    }
}
