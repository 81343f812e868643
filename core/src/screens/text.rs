//! Every sentence and label the screens add, in Japanese and English, in one exhaustive
//! match (no catch-all: a new text cannot ship in one language only). Errors, rule problems
//! and notices keep the capabilities' own texts (`message_ja`/`message_en`, `text_ja`/
//! `text_en`); this holds only what the screens themselves say.

use super::Language;

/// A screen text, with what it needs filled in (already formatted numbers and dates).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Text {
    // Common
    RetryButton,
    RefreshButton,
    GoOnButton,
    Yes,
    No,
    /// A formatted instant.
    UpdatedAt(String),
    // Home (its tabs reuse the screens' titles)
    SettingsTab,
    LogOutButton,
    // Entry
    WelcomeTitle,
    WelcomeMessage,
    SignUpButton,
    ChangedPhonesButton,
    LogInButton,
    SignedOutElsewhereTitle,
    SignedOutElsewhereMessage,
    // Sign-up and log-in
    SignUpTitle,
    LogInTitle,
    ChangedPhonesTitle,
    LoginIdEmailLabel,
    LoginIdEmailOrWebIdLabel,
    EmailOptionalLabel,
    PasswordLabel,
    RestoresPoints,
    RestoresCards,
    RestoresProfile,
    RestoresMail,
    NotRestoredPhoneSettings,
    NotRestoredSuffix,
    NothingOnOldPhone,
    RestoredCards(usize),
    RestoredCardsLater,
    /// Formatted points.
    RestoredPoints(String),
    RestoredPointsLater,
    RestoredMail,
    /// The new install suffix.
    NewSuffix(String),
    // Cards
    CardsTitle,
    NoCards,
    AddCardButton,
    CardLimitNote(u32),
    CardActive,
    CardExpired,
    CardInvalid,
    /// The partner card's type name and last 4 digits.
    CameWith(String, String),
    /// A formatted date.
    ExpiresOn(String),
    /// A formatted instant.
    RegisteredOn(String),
    CardRegistrationTitle,
    CardNumberLabel(u32),
    HasPinQuestion,
    PinLabel(u32),
    MemberRegisteredQuestion,
    RegisterButton,
    /// Type name and last 4 digits.
    Registered(String, String),
    AlreadyRegistered(String, String),
    /// The linked card's type name.
    RegisteredWith(String),
    // Member code
    MemberCodeTitle,
    /// `m:ss`.
    Countdown(String),
    /// A formatted instant.
    ValidUntil(String),
    CodesHeld(u32),
    PointCardInstead,
    NextCodeButton,
    // Points
    PointsTitle,
    BalanceLabel,
    /// Formatted points and the window in days.
    ExpiringSoon(String, u32),
    /// Formatted points and date.
    NextExpiry(String, String),
    ValidUntilDate(String),
    PointsNotLoaded,
    AsOf(String),
    KindEarn,
    KindUse,
    KindExpire,
    KindAdjust,
    KindTransfer,
    KindMerge,
    FromDate,
    ToDate,
    AnyDate,
    ClearFiltersButton,
    BadDateRange,
    NoEntries,
    NoEntriesForFilter,
    LoadMoreButton,
    // Mail
    MailSettingsTitle,
    MailPending,
    MailNotLoaded,
    /// The setting's label.
    MailChangeRefused(String),
    MailChangesWaiting,
    PostalNote,
    EmailChangeButton,
    DeliveryHelpButton,
    DeliveryHelpTitle,
    NewsletterOnButton,
    EmailChangeTitle,
    NewEmailLabel,
    SendCodeButton,
    ResendCodeButton,
    /// Address and a formatted instant.
    CodeSent(String, String),
    EmailCodeLabel,
    ConfirmButton,
    EmailChanged(String),
    EmailChangedWithLogin(String),
    // Account
    ForgotPasswordButton,
    PasswordChangeTitle,
    CurrentPasswordLabel,
    NewPasswordLabel,
    ChangePasswordButton,
    PasswordChanged,
    PasswordResetTitle,
    ResetCodeSent,
    ResetCodeLabel,
    ResetPasswordButton,
    PasswordReset,
    WithdrawalTitle,
    /// Formatted points.
    PointsLost(String),
    UnderstoodLabel,
    WithdrawButton,
    Withdrawn,
    // Card merge
    MergeTitle,
    MergeIntro,
    HolderNameLabel,
    BirthDateLabel,
    MergeButton,
    /// Cards moved.
    Merged(u32),
    /// Cards moved and the accrual start month, formatted.
    MergedWithMonth(u32, String),
    // Family
    FamilyTitle,
    Invited(String),
    /// Formatted points and the recipient's login ID.
    PointsSent(String, String),
    LeftFamily,
    InvitedBy(String),
    AcceptButton,
    CreateFamilyButton,
    InviteCodeLabel,
    JoinButton,
    Creator,
    CreatorYou,
    Member,
    MemberYou,
    JoinedAt(String),
    /// Members now and the most.
    Capacity(usize, u32),
    InviteLoginIdLabel,
    InviteButton,
    PointsToSendLabel,
    PointsNotANumber,
    SendPointsButton,
    DissolveButton,
    LeaveButton,
}

impl Text {
    /// The text in `language`.
    pub(crate) fn word(&self, language: Language) -> String {
        let (ja, en): (String, String) = match self {
            Text::RetryButton => ("再試行".into(), "Try again".into()),
            Text::RefreshButton => ("更新".into(), "Refresh".into()),
            Text::GoOnButton => ("はじめる".into(), "Continue".into()),
            Text::Yes => ("はい".into(), "Yes".into()),
            Text::No => ("いいえ".into(), "No".into()),
            Text::UpdatedAt(t) => (format!("{t} 更新"), format!("Updated {t}")),
            Text::SettingsTab => ("設定".into(), "Settings".into()),
            Text::LogOutButton => ("ログアウト".into(), "Log out".into()),
            Text::WelcomeTitle => ("ようこそ".into(), "Welcome".into()),
            Text::WelcomeMessage => (
                "はじめての方は新規登録、機種変更された方はお持ちのアカウントでログインしてください。".into(),
                "New here? Sign up. Changed phones? Log in with the account you have.".into(),
            ),
            Text::SignUpButton => ("新規登録".into(), "Sign up".into()),
            Text::ChangedPhonesButton => (
                "アカウントをお持ちの方（機種変更）".into(),
                "I already have an account (changed phones)".into(),
            ),
            Text::LogInButton => ("ログイン".into(), "Log in".into()),
            Text::SignedOutElsewhereTitle => (
                "ログアウトしました".into(),
                "You were logged out".into(),
            ),
            Text::SignedOutElsewhereMessage => (
                "別の端末でログインされたため、この端末はログアウトしました。この端末で使うには、もう一度ログインしてください。".into(),
                "You logged in on another device, so this one was logged out. Log in again to use it here.".into(),
            ),
            Text::SignUpTitle => ("新規登録".into(), "Sign up".into()),
            Text::LogInTitle => ("ログイン".into(), "Log in".into()),
            Text::ChangedPhonesTitle => (
                "機種変更された方".into(),
                "Changed phones".into(),
            ),
            Text::LoginIdEmailLabel => ("メールアドレス".into(), "E-mail address".into()),
            Text::LoginIdEmailOrWebIdLabel => (
                "メールアドレスまたはWEB ID".into(),
                "E-mail address or web ID".into(),
            ),
            Text::EmailOptionalLabel => (
                "メールアドレス（任意）".into(),
                "E-mail address (optional)".into(),
            ),
            Text::PasswordLabel => ("パスワード".into(), "Password".into()),
            Text::RestoresPoints => (
                "ポイント残高と履歴".into(),
                "Your point balance and history".into(),
            ),
            Text::RestoresCards => ("登録済みのカード".into(), "Your registered cards".into()),
            Text::RestoresProfile => ("会員情報".into(), "Your member details".into()),
            Text::RestoresMail => ("メール配信の設定".into(), "Your mail settings".into()),
            Text::NotRestoredPhoneSettings => (
                "以前の端末だけに保存していた設定は引き継がれません".into(),
                "Settings kept only on your old phone do not come back".into(),
            ),
            Text::NotRestoredSuffix => (
                "会員コードの末尾4桁は新しくなります".into(),
                "The last 4 digits of your member code change".into(),
            ),
            Text::NothingOnOldPhone => (
                "以前の端末での操作は必要ありません".into(),
                "Nothing needs doing on the old phone".into(),
            ),
            Text::RestoredCards(n) => (
                format!("カード{n}枚を引き継ぎました"),
                format!("{n} card(s) restored"),
            ),
            Text::RestoredCardsLater => (
                "カードは通信できる所で更新すると表示されます".into(),
                "Your cards show once you refresh with a connection".into(),
            ),
            Text::RestoredPoints(p) => (
                format!("ポイント残高 {p} を引き継ぎました"),
                format!("Point balance of {p} restored"),
            ),
            Text::RestoredPointsLater => (
                "ポイントは通信できる所で更新すると表示されます".into(),
                "Your points show once you refresh with a connection".into(),
            ),
            Text::RestoredMail => (
                "メール配信の設定を引き継ぎました".into(),
                "Mail settings restored".into(),
            ),
            Text::NewSuffix(s) => (
                format!("この端末の会員コードの末尾4桁は {s} です"),
                format!("Member codes on this phone end in {s}"),
            ),
            Text::CardsTitle => ("カード".into(), "Cards".into()),
            Text::NoCards => (
                "登録されたカードはありません。".into(),
                "No cards are registered.".into(),
            ),
            Text::AddCardButton => ("カードを登録".into(), "Register a card".into()),
            Text::CardLimitNote(limit) => (
                format!("登録できるカードは{limit}枚までです。"),
                format!("Up to {limit} cards can be registered."),
            ),
            Text::CardActive => ("利用可能".into(), "Active".into()),
            Text::CardExpired => ("有効期限切れ".into(), "Expired".into()),
            Text::CardInvalid => ("無効".into(), "Not valid".into()),
            Text::CameWith(name, last4) => (
                format!("{name}（末尾{last4}）と一緒に登録されたカードです"),
                format!("Came with the {name} ending {last4}"),
            ),
            Text::ExpiresOn(d) => (format!("有効期限 {d}"), format!("Expires {d}")),
            Text::RegisteredOn(t) => (format!("{t} 登録"), format!("Registered {t}")),
            Text::CardRegistrationTitle => ("カードの登録".into(), "Register a card".into()),
            Text::CardNumberLabel(digits) => (
                format!("カード番号（{digits}桁）"),
                format!("Card number ({digits} digits)"),
            ),
            Text::HasPinQuestion => (
                "カードに暗証番号はありますか？".into(),
                "Does the card have a PIN?".into(),
            ),
            Text::PinLabel(digits) => (
                format!("暗証番号（{digits}桁）"),
                format!("PIN ({digits} digits)"),
            ),
            Text::MemberRegisteredQuestion => (
                "発行店舗で会員登録済みですか？".into(),
                "Is the card already registered as a member at the shop that issued it?".into(),
            ),
            Text::RegisterButton => ("登録する".into(), "Register".into()),
            Text::Registered(name, last4) => (
                format!("{name}（末尾{last4}）を登録しました。"),
                format!("The {name} ending {last4} is registered."),
            ),
            Text::AlreadyRegistered(name, last4) => (
                format!("{name}（末尾{last4}）はすでに登録されています。"),
                format!("The {name} ending {last4} was already registered."),
            ),
            Text::RegisteredWith(name) => (
                format!("{name}も一緒に登録しました。"),
                format!(" Its {name} is registered with it."),
            ),
            Text::MemberCodeTitle => ("会員コード".into(), "Member code".into()),
            Text::Countdown(left) => (format!("残り {left}"), format!("Valid for {left} more")),
            Text::ValidUntil(t) => (format!("{t} まで有効"), format!("Valid until {t}")),
            Text::CodesHeld(n) => (
                format!("オフライン用のコードをあと{n}件保存しています"),
                format!("{n} more code(s) held for offline use"),
            ),
            Text::PointCardInstead => (
                "会員コードを表示できないため、登録済みのポイントカードのバーコードを表示しています。これは使い捨てのコードではありません。通信できるようになったら会員コードに戻ります。".into(),
                "Your member code cannot be shown, so your registered point card's barcode shows instead. It is not a one-time code; the member code comes back once you are online.".into(),
            ),
            Text::NextCodeButton => ("次のコードを表示".into(), "Show the next code".into()),
            Text::PointsTitle => ("ポイント".into(), "Points".into()),
            Text::BalanceLabel => ("保有ポイント".into(), "Points held".into()),
            Text::ExpiringSoon(p, days) => (
                format!("{days}日以内に失効するポイント {p}"),
                format!("{p} expire within {days} days"),
            ),
            Text::NextExpiry(p, d) => (
                format!("{d}に {p} が失効します"),
                format!("{p} expire on {d}"),
            ),
            Text::ValidUntilDate(d) => (format!("{d}まで有効"), format!("Valid until {d}")),
            Text::PointsNotLoaded => (
                "ポイント情報をまだ取得していません。通信できる所で更新してください。".into(),
                "Your points have not been loaded yet. Refresh where you have a connection.".into(),
            ),
            Text::AsOf(t) => (
                format!("通信できないため、{t} 時点の情報を表示しています"),
                format!("Offline: showing your points as of {t}"),
            ),
            Text::KindEarn => ("獲得".into(), "Earned".into()),
            Text::KindUse => ("利用".into(), "Used".into()),
            Text::KindExpire => ("失効".into(), "Expired".into()),
            Text::KindAdjust => ("調整".into(), "Adjusted".into()),
            Text::KindTransfer => ("家族間".into(), "Family transfer".into()),
            Text::KindMerge => ("統合".into(), "Merged".into()),
            Text::FromDate => ("開始日".into(), "From".into()),
            Text::ToDate => ("終了日".into(), "To".into()),
            Text::AnyDate => ("指定なし".into(), "Any".into()),
            Text::ClearFiltersButton => ("条件をクリア".into(), "Clear filters".into()),
            Text::BadDateRange => (
                "期間の指定が正しくありません。開始日は終了日以前にしてください。".into(),
                "The dates do not make a range: the start must be on or before the end.".into(),
            ),
            Text::NoEntries => ("履歴はありません。".into(), "No history yet.".into()),
            Text::NoEntriesForFilter => (
                "条件に合う履歴はありません。".into(),
                "No history matches these filters.".into(),
            ),
            Text::LoadMoreButton => ("さらに表示".into(), "Show more".into()),
            Text::MailSettingsTitle => ("メール配信設定".into(), "Mail settings".into()),
            Text::MailPending => (
                "送信待ち（通信できるようになると反映されます）".into(),
                "Waiting to be sent (applied once you are online)".into(),
            ),
            Text::MailNotLoaded => ("未取得".into(), "Not loaded yet".into()),
            Text::MailChangeRefused(label) => (
                format!("{label}の変更は受け付けられませんでした。現在の設定を表示しています。"),
                format!("Your change to {label} was not accepted; the setting in force is shown."),
            ),
            Text::MailChangesWaiting => (
                "通信できないため、変更は通信できるようになってから送信されます。".into(),
                "You are offline: your changes are sent once you are online.".into(),
            ),
            Text::PostalNote => (
                "アプリを削除しても郵送DMは届きます。停止するには郵送DMをオフにしてください。".into(),
                "Deleting the app does not stop postal mail: switch postal mail off to stop it.".into(),
            ),
            Text::EmailChangeButton => ("メールアドレスを変更".into(), "Change the e-mail address".into()),
            Text::DeliveryHelpButton => ("メールが届かない場合".into(), "Mail does not arrive".into()),
            Text::DeliveryHelpTitle => ("メールが届かない場合".into(), "Mail does not arrive".into()),
            Text::NewsletterOnButton => ("メールマガジンを受け取る".into(), "Switch the newsletter on".into()),
            Text::EmailChangeTitle => ("メールアドレスの変更".into(), "Change your e-mail address".into()),
            Text::NewEmailLabel => ("新しいメールアドレス".into(), "New e-mail address".into()),
            Text::SendCodeButton => ("確認コードを送信".into(), "Send a code".into()),
            Text::ResendCodeButton => ("確認コードを再送信".into(), "Send a new code".into()),
            Text::CodeSent(address, until) => (
                format!("{address} に確認コードを送信しました（{until}まで有効）。"),
                format!("A code was sent to {address} (valid until {until})."),
            ),
            Text::EmailCodeLabel => ("確認コード（6桁）".into(), "Code (6 digits)".into()),
            Text::ConfirmButton => ("確認する".into(), "Confirm".into()),
            Text::EmailChanged(address) => (
                format!("メールアドレスを {address} に変更しました。"),
                format!("Your e-mail address is now {address}."),
            ),
            Text::ForgotPasswordButton => (
                "パスワードをお忘れの方".into(),
                "Forgot your password?".into(),
            ),
            Text::PasswordChangeTitle => ("パスワードの変更".into(), "Change your password".into()),
            Text::CurrentPasswordLabel => ("現在のパスワード".into(), "Current password".into()),
            Text::NewPasswordLabel => ("新しいパスワード".into(), "New password".into()),
            Text::ChangePasswordButton => ("変更する".into(), "Change".into()),
            Text::PasswordChanged => (
                "パスワードを変更しました。".into(),
                "Your password is changed.".into(),
            ),
            Text::PasswordResetTitle => ("パスワードの再設定".into(), "Reset your password".into()),
            Text::ResetCodeSent => (
                "ご登録のメールアドレスに確認コードを送信しました。".into(),
                "A code was sent to your registered e-mail address.".into(),
            ),
            Text::ResetCodeLabel => ("確認コード".into(), "Code".into()),
            Text::ResetPasswordButton => ("再設定する".into(), "Reset".into()),
            Text::PasswordReset => (
                "パスワードを再設定しました。新しいパスワードでログインしてください。".into(),
                "Your password is reset. Log in with the new one.".into(),
            ),
            Text::WithdrawalTitle => ("退会".into(), "Withdraw".into()),
            Text::PointsLost(p) => (format!("{p} が消滅します"), format!("{p} will be deleted")),
            Text::UnderstoodLabel => (
                "上記の内容を確認しました".into(),
                "I have read the above".into(),
            ),
            Text::WithdrawButton => ("退会する".into(), "Withdraw".into()),
            Text::Withdrawn => (
                "退会しました。ご利用ありがとうございました。".into(),
                "You have withdrawn. Thank you for being a member.".into(),
            ),
            Text::MergeTitle => ("カードの統合".into(), "Merge a point account".into()),
            Text::MergeIntro => (
                "別のポイント口座のカードとご本人様の情報を入力すると、そのカードとポイントをこのアカウントにまとめます。ポイントの有効期限の起算月はこのアカウントのものが引き継がれます。".into(),
                "Enter a card of the other point account and its holder's details: its cards and points move into this account, which keeps its own accrual start month.".into(),
            ),
            Text::HolderNameLabel => ("お名前".into(), "Name".into()),
            Text::BirthDateLabel => ("生年月日".into(), "Date of birth".into()),
            Text::MergeButton => ("統合する".into(), "Merge".into()),
            Text::Merged(n) => (
                format!("{n}枚のカードを統合しました。"),
                format!("{n} card(s) merged into this account."),
            ),
            Text::MergedWithMonth(n, month) => (
                format!("{n}枚のカードを統合しました。ポイントの有効期限の起算月は{month}です。"),
                format!("{n} card(s) merged into this account. Points are counted from {month}."),
            ),
            Text::FamilyTitle => ("家族でポイントをシェア".into(), "Family sharing".into()),
            Text::Invited(login_id) => (
                format!("{login_id} さんを招待しました。"),
                format!("{login_id} is invited."),
            ),
            Text::PointsSent(p, to) => (
                format!("{to} さんに {p} を送りました。"),
                format!("{p} sent to {to}."),
            ),
            Text::LeftFamily => ("家族グループから抜けました。".into(), "You left the family group.".into()),
            Text::InvitedBy(owner) => (
                format!("{owner} さんから家族グループへの招待が届いています。"),
                format!("{owner} invited you to their family group."),
            ),
            Text::AcceptButton => ("参加する".into(), "Join".into()),
            Text::CreateFamilyButton => ("家族グループを作る".into(), "Create a family group".into()),
            Text::InviteCodeLabel => ("招待コード".into(), "Invite code".into()),
            Text::JoinButton => ("招待コードで参加".into(), "Join with the code".into()),
            Text::Creator => ("設定者".into(), "Creator".into()),
            Text::CreatorYou => ("設定者（あなた）".into(), "Creator (you)".into()),
            Text::Member => ("メンバー".into(), "Member".into()),
            Text::MemberYou => ("メンバー（あなた）".into(), "Member (you)".into()),
            Text::JoinedAt(t) => (format!("{t} 参加"), format!("Joined {t}")),
            Text::Capacity(n, max) => (
                format!("{n}人 / 最大{max}人"),
                format!("{n} of {max} IDs"),
            ),
            Text::InviteLoginIdLabel => (
                "招待する方のログインID".into(),
                "Login ID of the person to invite".into(),
            ),
            Text::InviteButton => ("招待する".into(), "Invite".into()),
            Text::PointsToSendLabel => ("送るポイント数".into(), "Points to send".into()),
            Text::PointsNotANumber => (
                "ポイント数は数字で入力してください。".into(),
                "Enter the points as a number.".into(),
            ),
            Text::SendPointsButton => ("ポイントを送る".into(), "Send points".into()),
            Text::DissolveButton => ("家族グループを解散".into(), "Dissolve the group".into()),
            Text::LeaveButton => ("家族グループから抜ける".into(), "Leave the group".into()),
            Text::EmailChangedWithLogin(address) => (
                format!("メールアドレスを {address} に変更しました。次回からこのアドレスでログインしてください。"),
                format!("Your e-mail address is now {address}; log in with it from now on."),
            ),
        };
        language.pick(ja, en)
    }
}
