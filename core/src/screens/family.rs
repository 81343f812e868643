//! Family sharing (SPEC §5.4, where the program has it): the group with its members and
//! invite code, creating one, inviting by login ID (the creator), joining by code or
//! accepting an invitation, sending points to a member, and leaving (the creator leaving
//! dissolves the group). The rules (15 IDs, square members, who may invite) are the points
//! capability's; refusals come back as its errors, worded.

use std::sync::Arc;

use serde::Serialize;

use crate::app::MemberApp;
use crate::cards::input::normalize;
use crate::error::TamaruError;
use crate::points::{FamilyStatus, PointEntry};
use crate::profile::Profile;

use super::Language;
use super::format;
use super::listeners::{ScreenCell, StateListener, Subscription};
use super::navigation::{Destination, session_end};
use super::text::Text;
use super::view::{ButtonView, FieldView, OptionView, ProblemView};

/// One member of the group.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyMemberRow {
    pub member_id: String,
    pub login_id: String,
    /// "Creator" or "Member", and "(you)".
    pub role: String,
    pub is_me: bool,
    pub joined: String,
}

/// An invitation the member received.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyInvitationRow {
    /// What [`FamilyScreen::accept`] takes.
    pub id: String,
    pub text: String,
    pub accept: ButtonView,
}

/// What the family screen shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct FamilyState {
    pub title: String,
    /// The program has no family sharing: said instead of everything else.
    pub not_offered: Option<String>,
    pub members: Vec<FamilyMemberRow>,
    /// "3 of 15 IDs".
    pub capacity: Option<String>,
    /// The code others join with.
    pub invite_code: Option<String>,
    pub invitations: Vec<FamilyInvitationRow>,
    /// No group yet: create one, or join one by its code.
    pub create: Option<ButtonView>,
    pub join_code: Option<FieldView>,
    pub join: Option<ButtonView>,
    /// The creator invites by login ID.
    pub invite_login_id: Option<FieldView>,
    pub invite: Option<ButtonView>,
    /// Sending points: to whom (the other members) and how many.
    pub recipients: Vec<OptionView>,
    pub send_points: Option<FieldView>,
    pub send: Option<ButtonView>,
    /// "Leave the group", or "Dissolve the group" for its creator.
    pub leave: Option<ButtonView>,
    /// What the last action did ("Invited …", "300 pt sent to …").
    pub notice: Option<String>,
    pub busy: bool,
    pub error: Option<ProblemView>,
    pub navigate: Option<Destination>,
}

struct Model {
    language: Language,
    profile: Arc<Profile>,
    status: Option<FamilyStatus>,
    join_code: String,
    invite_login_id: String,
    recipient: Option<String>,
    points: String,
    notice: Option<String>,
    busy: bool,
    error: Option<TamaruError>,
}

impl Model {
    fn offered(&self) -> bool {
        self.profile.family.is_some()
    }

    /// The points typed as a number (full-width digits and separators are fine).
    fn amount(&self) -> Option<u64> {
        normalize(&self.points).ok()?.parse().ok()
    }
}

/// What an action of the family screen brings back.
enum Done {
    Status(FamilyStatus),
    Invited(String),
    Sent(PointEntry, String),
    Left,
}

/// The family sharing screen.
pub struct FamilyScreen {
    app: MemberApp,
    cell: Arc<ScreenCell<Model, FamilyState>>,
}

impl FamilyScreen {
    /// Empty until [`load`](Self::load).
    pub fn open(app: &MemberApp) -> Self {
        let model = Model {
            language: app.language(),
            profile: app.profile().clone(),
            status: None,
            join_code: String::new(),
            invite_login_id: String::new(),
            recipient: None,
            points: String::new(),
            notice: None,
            busy: false,
            error: None,
        };
        FamilyScreen {
            app: app.clone(),
            cell: Arc::new(ScreenCell::new(model, view)),
        }
    }

    pub fn state(&self) -> FamilyState {
        self.cell.state()
    }

    /// Runs one request with the screen busy, then shows what it did.
    async fn run(
        &self,
        request: impl std::future::Future<Output = Result<Done, TamaruError>>,
    ) -> FamilyState {
        let (_, go) = self.cell.update(|m| {
            let go = m.offered() && !m.busy;
            if go {
                m.busy = true;
                m.error = None;
                m.notice = None;
            }
            go
        });
        if !go {
            return self.state();
        }
        let result = request.await;
        // Whatever happened, the group as the server has it now.
        let status = match &result {
            Ok(Done::Status(s)) => Ok(s.clone()),
            _ => self.app.points().family().await,
        };
        self.cell.change(|m| {
            m.busy = false;
            let lang = m.language;
            match result {
                Ok(Done::Status(_)) => {}
                Ok(Done::Invited(login_id)) => {
                    m.notice = Some(Text::Invited(login_id).word(lang));
                    m.invite_login_id.clear();
                }
                Ok(Done::Sent(entry, to)) => {
                    m.notice = Some(
                        Text::PointsSent(format::points(entry.points.unsigned_abs()), to)
                            .word(lang),
                    );
                    m.points.clear();
                }
                Ok(Done::Left) => m.notice = Some(Text::LeftFamily.word(lang)),
                Err(e) => m.error = Some(e),
            }
            match status {
                Ok(s) => m.status = Some(s),
                Err(e) => {
                    if m.error.is_none() {
                        m.error = Some(e);
                    }
                }
            }
        })
    }

    pub async fn load(&self) -> FamilyState {
        let points = self.app.points();
        self.run(async move { points.family().await.map(Done::Status) })
            .await
    }

    pub async fn create(&self) -> FamilyState {
        let points = self.app.points();
        self.run(async move { points.create_family().await.map(Done::Status) })
            .await
    }

    pub fn set_join_code(&self, text: &str) -> FamilyState {
        self.cell.change(|m| m.join_code = text.to_owned())
    }

    pub async fn join(&self) -> FamilyState {
        let code = self.cell.read(|m| m.join_code.clone());
        let points = self.app.points();
        self.run(async move { points.join_family_by_code(&code).await.map(Done::Status) })
            .await
    }

    pub async fn accept(&self, invitation_id: &str) -> FamilyState {
        let id = invitation_id.to_owned();
        let points = self.app.points();
        self.run(async move { points.accept_family_invitation(&id).await.map(Done::Status) })
            .await
    }

    pub fn set_invite_login_id(&self, text: &str) -> FamilyState {
        self.cell.change(|m| m.invite_login_id = text.to_owned())
    }

    pub async fn invite(&self) -> FamilyState {
        let login_id = self.cell.read(|m| m.invite_login_id.clone());
        let points = self.app.points();
        self.run(async move {
            points
                .invite_to_family(&login_id)
                .await
                .map(|_| Done::Invited(login_id))
        })
        .await
    }

    /// Chooses who receives points (a `member_id` from `recipients`).
    pub fn choose_recipient(&self, member_id: &str) -> FamilyState {
        self.cell
            .change(|m| m.recipient = Some(member_id.to_owned()))
    }

    pub fn set_points(&self, text: &str) -> FamilyState {
        self.cell.change(|m| m.points = text.to_owned())
    }

    pub async fn send(&self) -> FamilyState {
        let (to, amount, login) = self.cell.read(|m| {
            let login = m
                .status
                .as_ref()
                .and_then(|s| s.group.as_ref())
                .and_then(|g| {
                    g.members
                        .iter()
                        .find(|x| Some(&x.member_id) == m.recipient.as_ref())
                })
                .map(|x| x.login_id.clone())
                .unwrap_or_default();
            (m.recipient.clone(), m.amount(), login)
        });
        let (Some(to), Some(amount)) = (to, amount) else {
            return self.state();
        };
        let points = self.app.points();
        self.run(async move {
            points
                .send_points(&to, amount)
                .await
                .map(|entry| Done::Sent(entry, login))
        })
        .await
    }

    pub async fn leave(&self) -> FamilyState {
        let points = self.app.points();
        self.run(async move { points.leave_family().await.map(|()| Done::Left) })
            .await
    }

    pub fn subscribe(&self, listener: Arc<dyn StateListener<FamilyState>>) -> Subscription {
        self.cell.subscribe(listener)
    }
}

fn view(m: &Model) -> FamilyState {
    let lang = m.language;
    let idle = !m.busy;
    let mut state = FamilyState {
        title: Text::FamilyTitle.word(lang),
        not_offered: None,
        members: Vec::new(),
        capacity: None,
        invite_code: None,
        invitations: Vec::new(),
        create: None,
        join_code: None,
        join: None,
        invite_login_id: None,
        invite: None,
        recipients: Vec::new(),
        send_points: None,
        send: None,
        leave: None,
        notice: m.notice.clone(),
        busy: m.busy,
        error: m.error.as_ref().map(|e| ProblemView::of(e, lang)),
        navigate: m.error.as_ref().and_then(session_end),
    };
    if !m.offered() {
        state.not_offered = Some(lang.pick(
            TamaruError::FamilyNotAvailable.message_ja(),
            TamaruError::FamilyNotAvailable.message_en(),
        ));
        return state;
    }
    let Some(status) = &m.status else {
        return state;
    };
    state.invitations = status
        .invitations
        .iter()
        .map(|i| FamilyInvitationRow {
            id: i.id.clone(),
            text: Text::InvitedBy(i.owner_login_id.clone()).word(lang),
            accept: ButtonView::new(
                Text::AcceptButton.word(lang),
                idle && status.group.is_none(),
            ),
        })
        .collect();
    match &status.group {
        None => {
            state.create = Some(ButtonView::new(Text::CreateFamilyButton.word(lang), idle));
            state.join_code = Some(FieldView {
                label: Text::InviteCodeLabel.word(lang),
                value: m.join_code.clone(),
                problems: Vec::new(),
            });
            state.join = Some(ButtonView::new(
                Text::JoinButton.word(lang),
                idle && !m.join_code.trim().is_empty(),
            ));
        }
        Some(group) => {
            state.members = group
                .members
                .iter()
                .map(|x| FamilyMemberRow {
                    member_id: x.member_id.clone(),
                    login_id: x.login_id.clone(),
                    role: match (x.owner, x.is_me) {
                        (true, true) => Text::CreatorYou,
                        (true, false) => Text::Creator,
                        (false, true) => Text::MemberYou,
                        (false, false) => Text::Member,
                    }
                    .word(lang),
                    is_me: x.is_me,
                    joined: format::date_time_text(&x.joined_at, lang)
                        .map(|t| Text::JoinedAt(t).word(lang))
                        .unwrap_or_default(),
                })
                .collect();
            state.capacity =
                Some(Text::Capacity(group.members.len(), group.max_members).word(lang));
            state.invite_code = Some(group.invite_code.clone());
            if group.i_am_owner {
                state.invite_login_id = Some(FieldView {
                    label: Text::InviteLoginIdLabel.word(lang),
                    value: m.invite_login_id.clone(),
                    problems: Vec::new(),
                });
                state.invite = Some(ButtonView::new(
                    Text::InviteButton.word(lang),
                    idle && !group.full && !m.invite_login_id.trim().is_empty(),
                ));
            }
            state.recipients = group
                .members
                .iter()
                .filter(|x| !x.is_me)
                .map(|x| OptionView {
                    id: x.member_id.clone(),
                    label: x.login_id.clone(),
                    chosen: m.recipient.as_deref() == Some(x.member_id.as_str()),
                })
                .collect();
            if !state.recipients.is_empty() {
                let typed = !m.points.is_empty();
                state.send_points = Some(FieldView {
                    label: Text::PointsToSendLabel.word(lang),
                    value: m.points.clone(),
                    problems: if typed && m.amount().is_none() {
                        vec![Text::PointsNotANumber.word(lang)]
                    } else {
                        Vec::new()
                    },
                });
                let chosen = state.recipients.iter().any(|r| r.chosen);
                state.send = Some(ButtonView::new(
                    Text::SendPointsButton.word(lang),
                    idle && chosen && m.amount().is_some_and(|n| n > 0),
                ));
            }
            state.leave = Some(ButtonView::new(
                if group.i_am_owner {
                    Text::DissolveButton
                } else {
                    Text::LeaveButton
                }
                .word(lang),
                idle,
            ));
        }
    }
    state
}
