//! "Mail does not arrive" (メールが届かない): the checklist of SPEC §6, built from the
//! program profile and what the phone knows of the member. Pure and offline; the service
//! fills in the address and the newsletter setting.
//!
//! The items follow the source FAQ's order: allow the sender domains (mail may be taken for
//! spam), look in the spam folder, check the registered address (shown masked, so a
//! shoulder-surfer learns little but the member recognises it), and whether the newsletter
//! is switched on (with the action to switch it on when it is off).

use serde::Serialize;

use crate::profile::Profile;

/// What an item asks the member to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum DeliveryCheck {
    /// Allow the program's sender domains in the mail app's or carrier's spam filter.
    AllowSenderDomains,
    /// Look in the spam (junk) folder.
    SpamFolder,
    /// The registered address may be wrong.
    RegisteredAddress,
    /// The newsletter is only sent when it is switched on.
    Newsletter,
}

/// Something the app can do for the member from the checklist.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "ffi", derive(uniffi::Enum))]
pub enum DeliveryAction {
    /// Switch the newsletter on (`mail().set(MailSetting::Newsletter, true)`).
    SwitchNewsletterOn,
    /// Open the e-mail change screen.
    ChangeEmail,
}

/// One item of the checklist.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DeliveryHelpItem {
    pub check: DeliveryCheck,
    pub text_ja: String,
    pub text_en: String,
    /// `false` when the phone knows this item is fine (the newsletter is on); the UI may
    /// show it ticked. `true` when the member should look.
    pub needs_attention: bool,
    pub action: Option<DeliveryAction>,
}

/// The checklist for "mail does not arrive".
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct DeliveryHelp {
    /// Domains to allow, from the profile (`wester`: `jrw-sc.jp`, `jr-odekake.net`, `wester`).
    pub sender_domains: Vec<String>,
    /// The registered address, masked (`t***@example.com`); `None` when none is registered
    /// or the phone has never learnt it.
    pub masked_address: Option<String>,
    /// Whether the newsletter is on (the member's latest choice, queued or not); `None`
    /// when not known yet.
    pub newsletter_on: Option<bool>,
    /// In the order to check them.
    pub items: Vec<DeliveryHelpItem>,
}

/// `taro@example.com` → `t***@example.com`: the first character of the local part, then
/// `***` whatever its length (so the length is not given away either), then the domain in
/// full (the member needs it to spot a typo such as `example.con`). Text without an `@` is
/// masked whole as `***`, so nothing unmasked ever reaches the screen.
pub fn mask_email(address: &str) -> String {
    match address.rsplit_once('@') {
        Some((local, domain)) => match local.chars().next() {
            Some(first) => format!("{first}***@{domain}"),
            None => format!("***@{domain}"),
        },
        None => "***".to_owned(),
    }
}

fn quoted_ja(domains: &[String]) -> String {
    domains.iter().map(|d| format!("「{d}」")).collect()
}

fn quoted_en(domains: &[String]) -> String {
    domains
        .iter()
        .map(|d| format!("“{d}”"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The checklist for `profile`, given the registered address and the newsletter setting as
/// far as the phone knows them.
pub fn delivery_help(
    profile: &Profile,
    email: Option<&str>,
    newsletter_on: Option<bool>,
) -> DeliveryHelp {
    let domains = profile.mail.sender_domains.clone();
    let masked = email.filter(|e| !e.is_empty()).map(mask_email);
    let mut items = Vec::with_capacity(4);

    items.push(DeliveryHelpItem {
        check: DeliveryCheck::AllowSenderDomains,
        text_ja: format!(
            "迷惑メールとして認識されている可能性があります。ドメイン{}の受信許可設定を行ってください。",
            quoted_ja(&domains)
        ),
        text_en: format!(
            "The mail may be treated as spam. Allow mail from the domain(s) {} in your mail app or carrier settings.",
            quoted_en(&domains)
        ),
        needs_attention: true,
        action: None,
    });
    items.push(DeliveryHelpItem {
        check: DeliveryCheck::SpamFolder,
        text_ja: "迷惑メールフォルダに振り分けられていないかご確認ください。".to_owned(),
        text_en: "Look in your spam (junk) folder.".to_owned(),
        needs_attention: true,
        action: None,
    });
    let (address_ja, address_en) = match &masked {
        Some(m) => (
            format!(
                "ご登録のメールアドレス（{m}）に誤りがないかご確認ください。誤りがない場合は、別のメールアドレスでのご登録もお試しください。"
            ),
            format!(
                "Check that your registered address ({m}) is right. If it is, try registering another address."
            ),
        ),
        None => (
            "メールアドレスが登録されていないか、確認できませんでした。登録内容をご確認ください。"
                .to_owned(),
            "No registered address could be found. Check your registration details.".to_owned(),
        ),
    };
    items.push(DeliveryHelpItem {
        check: DeliveryCheck::RegisteredAddress,
        text_ja: address_ja,
        text_en: address_en,
        needs_attention: true,
        action: Some(DeliveryAction::ChangeEmail),
    });
    let (text_ja, text_en, needs_attention, action) = match newsletter_on {
        Some(true) => (
            "メルマガ配信は「受け取る」に設定されています。".to_owned(),
            "The newsletter is switched on.".to_owned(),
            false,
            None,
        ),
        Some(false) => (
            "メルマガ配信が「受け取らない」に設定されています。「メルマガ・郵便物設定」で「受け取る」に変更してください。".to_owned(),
            "The newsletter is switched off. Switch it on in the mail settings to receive it.".to_owned(),
            true,
            Some(DeliveryAction::SwitchNewsletterOn),
        ),
        None => (
            "メルマガ配信を許可されていない可能性があります。「メルマガ・郵便物設定」で「受け取る」になっているかご確認ください。".to_owned(),
            "The newsletter may be switched off. Check that it is on in the mail settings.".to_owned(),
            true,
            None,
        ),
    };
    items.push(DeliveryHelpItem {
        check: DeliveryCheck::Newsletter,
        text_ja,
        text_en,
        needs_attention,
        action,
    });
    DeliveryHelp {
        sender_domains: domains,
        masked_address: masked,
        newsletter_on,
        items,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn masks_the_local_part_after_its_first_character() {
        assert_eq!(mask_email("taro@example.com"), "t***@example.com");
        assert_eq!(mask_email("t@example.com"), "t***@example.com");
        assert_eq!(mask_email("@example.com"), "***@example.com");
        assert_eq!(mask_email("no-at-sign"), "***");
        assert_eq!(mask_email("ü.ber@example.jp"), "ü***@example.jp");
    }

    #[test]
    fn wester_lists_its_three_domains_and_waon_its_own() {
        let wester = Profile::builtin("wester").unwrap();
        let help = delivery_help(&wester, Some("hanako@example.jp"), Some(true));
        assert_eq!(
            help.sender_domains,
            ["jrw-sc.jp", "jr-odekake.net", "wester"]
        );
        assert!(
            help.items[0]
                .text_ja
                .contains("「jrw-sc.jp」「jr-odekake.net」「wester」")
        );
        assert!(help.items[0].text_en.contains("“jr-odekake.net”"));

        let waon = Profile::builtin("waon").unwrap();
        let help = delivery_help(&waon, Some("hanako@example.jp"), Some(true));
        assert_eq!(help.sender_domains, ["aeon.co.jp"]);
        assert!(help.items[0].text_ja.contains("「aeon.co.jp」"));
        assert!(!help.items[0].text_ja.contains("jrw-sc.jp"));
    }

    #[test]
    fn the_address_is_masked_everywhere() {
        let p = Profile::builtin("wester").unwrap();
        let help = delivery_help(&p, Some("hanako@example.jp"), Some(true));
        assert_eq!(help.masked_address.as_deref(), Some("h***@example.jp"));
        let all = serde_json::to_string(&help).unwrap();
        assert!(!all.contains("hanako"), "{all}");
        assert!(help.items[2].text_ja.contains("h***@example.jp"));
        assert_eq!(help.items[2].action, Some(DeliveryAction::ChangeEmail));
    }

    #[test]
    fn a_newsletter_switched_off_comes_with_the_action_to_switch_it_on() {
        let p = Profile::builtin("wester").unwrap();
        let off = delivery_help(&p, None, Some(false));
        let item = &off.items[3];
        assert_eq!(item.check, DeliveryCheck::Newsletter);
        assert_eq!(item.action, Some(DeliveryAction::SwitchNewsletterOn));
        assert!(item.needs_attention);
        assert!(item.text_ja.contains("受け取らない"));

        let on = delivery_help(&p, None, Some(true));
        assert_eq!(on.items[3].action, None);
        assert!(!on.items[3].needs_attention);

        let unknown = delivery_help(&p, None, None);
        assert!(unknown.items[3].needs_attention);
        assert_eq!(unknown.masked_address, None);
        assert_eq!(
            unknown.items.iter().map(|i| i.check).collect::<Vec<_>>(),
            [
                DeliveryCheck::AllowSenderDomains,
                DeliveryCheck::SpamFolder,
                DeliveryCheck::RegisteredAddress,
                DeliveryCheck::Newsletter
            ]
        );
    }
}
