//! TLS for the member API: rustls (the one reqwest already uses, on ring, with the core's
//! own AES-GCM-only provider: http/crypto_provider.rs) with the public
//! web roots, plus what an [`AppConfig`](crate::app::AppConfig) adds in
//! [`TransportSecurity`]: extra trusted root certificates (a private deployment's own CA,
//! a test's self-signed sandbox) and optional SPKI SHA-256 pins for the program's own
//! endpoints. A pin narrows trust, never widens it: the chain is verified first, then one
//! certificate of it must carry a pinned key.
//!
//! A refused certificate reaches the app as a typed error (`UntrustedCertificate`,
//! `CertificatePinMismatch`), not as a generic network failure: the member is told the
//! connection is not safe, and the app does not offer "try again" as if the signal were bad.

use std::sync::Arc;

use base64::Engine as _;
use rustls::client::WebPkiServerVerifier;
use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::pki_types::pem::PemObject as _;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};
use sha2::{Digest, Sha256};

/// How the core trusts the server, beyond the public web roots. The default adds nothing.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[cfg_attr(feature = "ffi", derive(uniffi::Record))]
pub struct TransportSecurity {
    /// Root certificates (PEM, one or more `CERTIFICATE` blocks each) trusted beside the
    /// public web roots: a private deployment's CA, or a test's self-signed sandbox.
    pub trusted_roots_pem: Vec<String>,
    /// SHA-256 pins of SubjectPublicKeyInfo (base64, as `sha256/…` or bare, the HPKP
    /// form): when any is set, the server's chain must hold a certificate whose key
    /// matches one. Keep a backup pin for the next key. Empty: no pinning.
    pub spki_sha256_pins: Vec<String>,
}

/// Why the transport settings are unusable (an `InvalidConfig` for the app).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TransportConfigError {
    #[error("trusted root {index} is not a PEM certificate")]
    BadRoot { index: usize },
    #[error("pin {index} is not the base64 of a SHA-256 hash")]
    BadPin { index: usize },
    #[error("TLS setup failed: {0}")]
    Setup(String),
}

/// How a certificate was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CertificateProblem {
    /// Not issued by a trusted root (self-signed, a private CA not configured, an
    /// intercepting proxy), or otherwise invalid for this host.
    Untrusted,
    /// Valid, but no certificate of the chain has a pinned key.
    PinMismatch,
}

/// The pin of a certificate (PEM): `sha256/` and the base64 SHA-256 of its SPKI. For
/// operators setting up pins, and for tests.
pub fn spki_pin_of_pem(pem: &str) -> Result<String, TransportConfigError> {
    let der = CertificateDer::from_pem_slice(pem.as_bytes())
        .map_err(|_| TransportConfigError::BadRoot { index: 0 })?;
    let hash = spki_sha256(&der).ok_or(TransportConfigError::BadRoot { index: 0 })?;
    Ok(format!(
        "sha256/{}",
        base64::engine::general_purpose::STANDARD.encode(hash)
    ))
}

/// The rustls configuration for [`TransportSecurity`].
pub(crate) fn client_config(
    security: &TransportSecurity,
) -> Result<rustls::ClientConfig, TransportConfigError> {
    let provider = Arc::new(super::crypto_provider::provider());
    let mut roots = RootCertStore::empty();
    roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
    for (index, pem) in security.trusted_roots_pem.iter().enumerate() {
        let mut added = 0;
        for der in CertificateDer::pem_slice_iter(pem.as_bytes()) {
            let der = der.map_err(|_| TransportConfigError::BadRoot { index })?;
            roots
                .add(der)
                .map_err(|_| TransportConfigError::BadRoot { index })?;
            added += 1;
        }
        if added == 0 {
            return Err(TransportConfigError::BadRoot { index });
        }
    }
    let pins = parse_pins(&security.spki_sha256_pins)?;
    let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), provider.clone())
        .build()
        .map_err(|e| TransportConfigError::Setup(e.to_string()))?;
    let verifier: Arc<dyn ServerCertVerifier> = if pins.is_empty() {
        webpki
    } else {
        Arc::new(PinningVerifier {
            inner: webpki,
            pins,
        })
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| TransportConfigError::Setup(e.to_string()))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

fn parse_pins(pins: &[String]) -> Result<Vec<[u8; 32]>, TransportConfigError> {
    pins.iter()
        .enumerate()
        .map(|(index, pin)| {
            let text = pin.trim();
            let text = text.strip_prefix("sha256/").unwrap_or(text);
            base64::engine::general_purpose::STANDARD
                .decode(text)
                .ok()
                .and_then(|bytes| <[u8; 32]>::try_from(bytes).ok())
                .ok_or(TransportConfigError::BadPin { index })
        })
        .collect()
}

fn spki_sha256(der: &CertificateDer<'_>) -> Option<[u8; 32]> {
    let parsed = rustls::server::ParsedCertificate::try_from(der).ok()?;
    Some(Sha256::digest(parsed.subject_public_key_info().as_ref()).into())
}

/// The web PKI check, then the pins.
#[derive(Debug)]
struct PinningVerifier {
    inner: Arc<WebPkiServerVerifier>,
    pins: Vec<[u8; 32]>,
}

impl ServerCertVerifier for PinningVerifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let verified = self.inner.verify_server_cert(
            end_entity,
            intermediates,
            server_name,
            ocsp_response,
            now,
        )?;
        let pinned = std::iter::once(end_entity)
            .chain(intermediates)
            .filter_map(spki_sha256)
            .any(|hash| self.pins.contains(&hash));
        if pinned {
            Ok(verified)
        } else {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls12_signature(message, cert, dss)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        self.inner.verify_tls13_signature(message, cert, dss)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.inner.supported_verify_schemes()
    }
}

/// The certificate problem behind a transport error, if that is what it is: rustls's error
/// sits somewhere down the source chain (hyper, an `io::Error`).
pub(crate) fn certificate_problem(
    error: &(dyn std::error::Error + 'static),
) -> Option<CertificateProblem> {
    let mut next = Some(error);
    while let Some(e) = next {
        match e.downcast_ref::<rustls::Error>() {
            Some(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            )) => return Some(CertificateProblem::PinMismatch),
            Some(rustls::Error::InvalidCertificate(_)) => {
                return Some(CertificateProblem::Untrusted);
            }
            _ => {}
        }
        // An `io::Error` wrapping another error reports that error's source as its own, so
        // step into the wrapped error itself (tokio-rustls wraps rustls's error, hyper wraps
        // that `io::Error` in another).
        next = match e.downcast_ref::<std::io::Error>() {
            Some(io) => io
                .get_ref()
                .map(|inner| inner as &(dyn std::error::Error + 'static)),
            None => e.source(),
        };
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_default_trusts_the_web_roots_and_pins_nothing() {
        assert!(client_config(&TransportSecurity::default()).is_ok());
    }

    #[test]
    fn bad_roots_and_pins_are_named() {
        let bad_root = TransportSecurity {
            trusted_roots_pem: vec!["not a certificate".into()],
            ..TransportSecurity::default()
        };
        assert_eq!(
            client_config(&bad_root).err(),
            Some(TransportConfigError::BadRoot { index: 0 })
        );
        for pin in ["sha256/short", "not base64!", ""] {
            let bad_pin = TransportSecurity {
                spki_sha256_pins: vec![
                    "sha256/47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=".into(),
                    pin.into(),
                ],
                ..TransportSecurity::default()
            };
            assert_eq!(
                client_config(&bad_pin).err(),
                Some(TransportConfigError::BadPin { index: 1 }),
                "{pin}"
            );
        }
    }

    #[test]
    fn rustls_errors_are_found_down_the_chain() {
        // As hyper hands it over: an io::Error around tokio-rustls's io::Error around rustls's.
        let pin = std::io::Error::other(std::io::Error::new(
            std::io::ErrorKind::InvalidData,
            rustls::Error::InvalidCertificate(CertificateError::ApplicationVerificationFailure),
        ));
        assert_eq!(
            certificate_problem(&pin),
            Some(CertificateProblem::PinMismatch)
        );
        let untrusted = rustls::Error::InvalidCertificate(CertificateError::UnknownIssuer);
        assert_eq!(
            certificate_problem(&untrusted),
            Some(CertificateProblem::Untrusted)
        );
        let other = std::io::Error::other("connection reset");
        assert_eq!(certificate_problem(&other), None);
    }
}
