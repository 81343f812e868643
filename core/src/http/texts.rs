//! Member-facing texts of talking to the server: no answer, an answer that makes no sense,
//! a refusal this core does not know, a certificate refused, a write whose answer was lost.
//!
//! They say what happened and what the member can do; never the transport's reason, the
//! server's code or body (which may quote what the member sent).

use crate::language::Language;

/// No answer (`TamaruError::Network`).
pub(crate) fn network(lang: Language) -> String {
    match lang {
        Language::Ja => "通信できませんでした。電波の良い所で再度お試しください。".into(),
        Language::En => "Could not reach the server. Try again where the signal is better.".into(),
    }
}

/// A write sent whose answer was lost (`TamaruError::WriteOutcomeUnknown`).
pub(crate) fn write_outcome_unknown(lang: Language) -> String {
    match lang {
        Language::Ja => {
            "通信が途切れたため、手続きが完了したか確認中です。同じ内容でもう一度押すと確認できます（二重に処理されることはありません）。"
                .into()
        }
        Language::En => {
            "The connection broke, so it is not known yet whether this went through. Press again with the same details to check: it is never applied twice."
                .into()
        }
    }
}

/// An answer not as the API promises, or a refusal this core does not know
/// (`TamaruError::MalformedResponse`, `TamaruError::Server`).
pub(crate) fn server_trouble(lang: Language) -> String {
    match lang {
        Language::Ja => "サーバーでエラーが発生しました。時間をおいて再度お試しください。".into(),
        Language::En => "Something went wrong on the server. Please try again later.".into(),
    }
}

/// The server's certificate was refused (`TamaruError::UntrustedCertificate`,
/// `TamaruError::CertificatePinMismatch`): nothing was sent.
pub(crate) fn certificate_refused(lang: Language) -> String {
    match lang {
        Language::Ja => {
            "安全に接続できませんでした。公衆無線LANなどをお使いの場合は、別のネットワークでお試しください。"
                .into()
        }
        Language::En => {
            "A secure connection to the server could not be made. If you are on public Wi-Fi, try another network."
                .into()
        }
    }
}
