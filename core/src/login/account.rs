//! Password change and reset (SPEC §2.3), and withdrawal (SPEC §2.5).
//!
//! A linked `wester` account changes its password and withdraws on the external member
//! support page (SPEC §2.4): the core answers [`LoginError::ExternalSupportPage`] with the
//! page's address instead of acting, before any change is sent.

use reqwest::Method;
use serde::Serialize;

use super::api;
use super::error::{LoginError, SessionError};
use super::policy::{check_login_id, check_password};
use super::service::{ExternalIdStatus, fetch_account};
use crate::context::Context;

/// A consequence of withdrawing, for the member to confirm.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct Notice {
    /// Stable code (`points_deleted`, `cards_withdrawn`, `postal_mail`, `external_page`).
    pub code: String,
    pub text_ja: String,
    pub text_en: String,
}

/// What withdrawing means for this member, shown before they confirm (SPEC §2.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct WithdrawalPreview {
    /// False for a linked account: it withdraws on `external_page`, not in the app.
    pub possible_in_app: bool,
    /// Every consequence, in the order to show them.
    pub consequences: Vec<Notice>,
    /// Services to cancel first (linked accounts: SMART ICOCA, mobile ICOCA, J-WEST card).
    pub blockers: Vec<String>,
    pub external_page: Option<String>,
    /// Points that will be deleted (the balance read from the server just now).
    pub points_to_lose: u64,
    /// Registered cards that will be withdrawn with the account.
    pub cards_to_withdraw: u32,
}

/// The external support page of a linked account, or `None` when the app may act itself.
async fn external_page_if_linked(ctx: &Context) -> Result<Option<String>, LoginError> {
    let Some(rules) = &ctx.profile.external_id else {
        return Ok(None);
    };
    let account = fetch_account(&ctx.session).await?;
    Ok((account.external_id == ExternalIdStatus::Linked).then(|| rules.support_page.clone()))
}

pub(crate) async fn change_password(
    ctx: &Context,
    old_password: &str,
    new_password: &str,
) -> Result<(), LoginError> {
    let check = check_password(&ctx.profile.password, new_password);
    if !check.valid {
        return Err(LoginError::PasswordPolicy(check.violations));
    }
    if old_password == new_password {
        return Err(LoginError::PasswordUnchanged);
    }
    if let Some(url) = external_page_if_linked(ctx).await? {
        return Err(LoginError::ExternalSupportPage { url });
    }
    let secrets = serde_json::to_value(api::PasswordChangeBody {
        old_password,
        new_password,
    })
    .map_err(SessionError::from)?;
    // Keyed like every write; the passwords are sent, never stored (`pending.rs`).
    let answer = crate::pending::submit::<serde_json::Value>(
        ctx,
        "password_change",
        api::PASSWORD,
        serde_json::Value::Null,
        Some(secrets),
    )
    .await?;
    answer.map_err(|e| api::password_change_refusal(&ctx.profile, e))?;
    tracing::info!("password changed");
    Ok(())
}

pub(crate) async fn request_password_reset(
    ctx: &Context,
    login_id: &str,
) -> Result<(), LoginError> {
    let id = check_login_id(&ctx.profile.login, login_id);
    if !id.valid {
        return Err(LoginError::InvalidLoginId(id.violations));
    }
    ctx.api
        .send::<serde_json::Value>(
            Method::POST,
            api::PASSWORD_RESET,
            Some(&api::ResetRequestBody {
                login_id: login_id.trim(),
            }),
            None,
        )
        .await
        .map(|_| ())
        .map_err(|e| api::reset_request_refusal(&ctx.profile, e))
}

pub(crate) async fn confirm_password_reset(
    ctx: &Context,
    login_id: &str,
    code: &str,
    new_password: &str,
) -> Result<(), LoginError> {
    let check = check_password(&ctx.profile.password, new_password);
    if !check.valid {
        return Err(LoginError::PasswordPolicy(check.violations));
    }
    let code = code.trim();
    if code.is_empty() || !code.chars().all(|c| c.is_ascii_digit()) {
        return Err(LoginError::InvalidResetCode {
            attempts_left: None,
        });
    }
    let body = api::ResetConfirmBody {
        login_id: login_id.trim(),
        code,
        new_password,
    };
    ctx.api
        .send::<serde_json::Value>(Method::POST, api::PASSWORD_RESET_CONFIRM, Some(&body), None)
        .await
        .map_err(|e| api::reset_confirm_refusal(&ctx.profile, e))?;
    tracing::info!("password reset");
    Ok(())
}

/// The consequences to confirm before withdrawing, with the member's current balance and
/// card count.
pub(crate) async fn withdrawal_preview(
    ctx: &Context,
    points: u64,
    cards: u32,
) -> Result<WithdrawalPreview, LoginError> {
    let external_page = external_page_if_linked(ctx).await?;
    let mut consequences = vec![
        Notice {
            code: "points_deleted".into(),
            text_ja: format!("これまで積み立てた全てのポイント（{points}ポイント）が消滅します。"),
            text_en: format!("All the points you have collected ({points} points) will be deleted."),
        },
        Notice {
            code: "cards_withdrawn".into(),
            text_ja: format!(
                "登録しているすべてのポイントカード（{cards}枚）も退会となり、ご利用いただけなくなります。"
            ),
            text_en: format!(
                "Every registered point card ({cards}) is withdrawn too and can no longer be used."
            ),
        },
        Notice {
            code: "postal_mail".into(),
            text_ja: "アプリを削除しても退会にはなりません。ダイレクトメールは退会または設定変更まで届きます。".into(),
            text_en: "Deleting the app is not withdrawing: postal mail continues until you withdraw or change the setting.".into(),
        },
    ];
    let blockers = match (&external_page, &ctx.profile.external_id) {
        (Some(url), Some(rules)) => {
            consequences.push(Notice {
                code: "external_page".into(),
                text_ja: format!(
                    "ID連携済みのため、会員サポートページで退会手続きをしてください（{}をお持ちの方は先にそれぞれのサービスを退会してください）: {url}",
                    rules.withdrawal_blockers.join("・")
                ),
                text_en: format!(
                    "Your account is linked: withdraw on the member support page (cancel {} first if you have them): {url}",
                    rules.withdrawal_blockers.join(", ")
                ),
            });
            rules.withdrawal_blockers.clone()
        }
        _ => Vec::new(),
    };
    Ok(WithdrawalPreview {
        possible_in_app: external_page.is_none(),
        consequences,
        blockers,
        external_page,
        points_to_lose: points,
        cards_to_withdraw: cards,
    })
}

/// Withdraws, then wipes the phone: tokens, device secret and every cached row.
pub(crate) async fn withdraw(ctx: &Context, password: &str) -> Result<(), LoginError> {
    if let Some(url) = external_page_if_linked(ctx).await? {
        return Err(LoginError::ExternalSupportPage { url });
    }
    ctx.session
        .call_detailed::<serde_json::Value>(
            Method::DELETE,
            api::ACCOUNT,
            Some(&api::WithdrawBody { password }),
        )
        .await?
        .map_err(|e| api::withdraw_refusal(&ctx.profile, e))?;
    ctx.session.clear()?;
    ctx.storage.wipe()?;
    crate::install::forget_member_seen(&ctx.data_dir)?;
    tracing::info!("withdrawn; phone wiped");
    Ok(())
}
