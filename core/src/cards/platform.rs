//! Card types limited to some platforms (SPEC §4.6: in iAEON only the Android app links
//! mobile WAON). The profile says where (`cards.types[].platforms`), the app config says
//! where the app runs; elsewhere the member is told where it can be done.

use super::error::CardsError;
use crate::profile::{CardTypeRule, Platform, Profile};

/// [`CardsError::NotOnThisPlatform`] when an app on `platform` may not link `card_type`;
/// `Ok` for every other case (an unknown type is the input check's to report).
pub fn refuse_elsewhere(
    profile: &Profile,
    card_type: &str,
    platform: Option<Platform>,
) -> Result<(), CardsError> {
    let Some(rule) = profile.card_type(card_type) else {
        return Ok(());
    };
    if rule.allowed_on(platform) {
        return Ok(());
    }
    Err(CardsError::NotOnThisPlatform {
        card_type: rule.id.clone(),
        card_name: rule.name.clone(),
        card_name_ja: rule.name_ja.clone(),
        platforms: rule
            .platforms
            .iter()
            .flatten()
            .map(|p| p.as_str().to_owned())
            .collect(),
    })
}

/// The card types an app on `platform` may link, in the profile's order: what a
/// registration screen offers (the others are linked in the app on another platform).
pub fn linkable_types(
    profile: &Profile,
    platform: Option<Platform>,
) -> impl Iterator<Item = &CardTypeRule> {
    profile
        .cards
        .types
        .iter()
        .filter(move |t| t.allowed_on(platform))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::TamaruError;

    #[test]
    fn mobile_waon_links_on_android_only() {
        let waon = Profile::builtin("waon").expect("waon");
        let refuse_elsewhere = |card_type: &str, platform: Option<Platform>| {
            super::refuse_elsewhere(&waon, card_type, platform).map_err(TamaruError::from)
        };
        assert_eq!(
            waon.card_type("mobile_waon")
                .and_then(|t| t.platforms.clone()),
            Some(vec![Platform::Android])
        );
        assert_eq!(
            refuse_elsewhere("mobile_waon", Some(Platform::Android)),
            Ok(())
        );
        let refused = refuse_elsewhere("mobile_waon", Some(Platform::Ios)).expect_err("not on iOS");
        assert_eq!(
            refused,
            TamaruError::NotOnThisPlatform {
                card_type: "mobile_waon".into(),
                card_name: "Mobile WAON".into(),
                card_name_ja: "モバイルWAON".into(),
                platforms: vec!["android".into()],
            }
        );
        assert!(refused.message_ja().contains("Android版"));
        // Card types without a limit, and runs that are not a phone app, are never refused.
        for platform in [Some(Platform::Ios), Some(Platform::Android), None] {
            assert_eq!(refuse_elsewhere("waon_point_card", platform), Ok(()));
            assert_eq!(refuse_elsewhere("aeon_card", platform), Ok(()));
        }
        assert_eq!(refuse_elsewhere("mobile_waon", None), Ok(()));
        assert_eq!(refuse_elsewhere("nanaco", Some(Platform::Ios)), Ok(()));
    }

    #[test]
    fn an_app_is_offered_only_the_types_it_may_link() {
        let waon = Profile::builtin("waon").expect("waon");
        let ids = |platform| {
            linkable_types(&waon, platform)
                .map(|t| t.id.as_str())
                .collect::<Vec<_>>()
        };
        assert!(ids(Some(Platform::Android)).contains(&"mobile_waon"));
        assert!(!ids(Some(Platform::Ios)).contains(&"mobile_waon"));
        assert_eq!(ids(Some(Platform::Ios)).len() + 1, waon.cards.types.len());
        assert_eq!(ids(None).len(), waon.cards.types.len());
    }

    #[test]
    fn an_unknown_platform_in_a_profile_is_refused_naming_the_field() {
        let text = include_str!("../../profiles/waon.toml").replacen(
            "platforms = [\"android\"]",
            "platforms = [\"windows_phone\"]",
            1,
        );
        match Profile::from_toml(&text) {
            Err(crate::profile::ProfileError::InvalidField { field, .. }) => {
                assert_eq!(field, "cards.types[3].platforms[0]")
            }
            other => panic!("expected InvalidField, got {other:?}"),
        }
    }
}
