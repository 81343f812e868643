//! The core's rustls crypto provider: *ring*, with the AES-GCM cipher suites only and no
//! private-key loading.
//!
//! Why not `rustls::crypto::ring::default_provider()`: it lists every suite *ring* has, so
//! the ChaCha20-Poly1305 code (about 38 KB of *ring*'s assembly) and *ring*'s signing code
//! (RSA, ECDSA and Ed25519 signing, reached through its key provider) link into every
//! phone's library, although the core never offers ChaCha20 to a server it could not also
//! reach with AES-GCM and never signs anything. Building the provider from rustls's public
//! parts lets the linker drop both.
//!
//! The TLS policy this sets, written down in docs/SECURITY.md ("Transport"):
//! - TLS 1.3 with `TLS13_AES_256_GCM_SHA384` and `TLS13_AES_128_GCM_SHA256`. Every TLS 1.3
//!   server must support AES-128-GCM (RFC 8446 §9.1), so no server is lost.
//! - TLS 1.2 with ECDHE and AES-GCM (ECDSA or RSA certificates), the suites every TLS 1.2
//!   server of the last decade offers. CBC and static-RSA suites were never offered.
//! - Key exchange X25519, P-256 and P-384; certificate signatures as rustls verifies them
//!   with *ring* (ECDSA P-256/P-384, Ed25519, RSA PKCS#1 and PSS, 2048 to 8192 bits).
//! - Phones without AES instructions (old 32-bit ARM) run *ring*'s constant-time software
//!   AES: slower than ChaCha20 there, which costs microseconds on API-sized bodies.
//!
//! The member API uses no client certificates (`with_no_client_auth`), so the key provider
//! refuses every key.

use std::sync::Arc;

use rustls::SignatureScheme;
use rustls::crypto::ring::{cipher_suite, kx_group};
use rustls::crypto::{
    CryptoProvider, GetRandomFailed, KeyProvider, SecureRandom, WebPkiSupportedAlgorithms,
};
use rustls::pki_types::PrivateKeyDer;
use rustls::sign::SigningKey;
use webpki::ring as algs;

/// The provider every connection of the core uses (http/tls.rs).
pub(crate) fn provider() -> CryptoProvider {
    CryptoProvider {
        cipher_suites: vec![
            cipher_suite::TLS13_AES_256_GCM_SHA384,
            cipher_suite::TLS13_AES_128_GCM_SHA256,
            cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
            cipher_suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
            cipher_suite::TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,
            cipher_suite::TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
        ],
        kx_groups: vec![kx_group::X25519, kx_group::SECP256R1, kx_group::SECP384R1],
        signature_verification_algorithms: SIGNATURE_ALGORITHMS,
        secure_random: &SystemRandom,
        key_provider: &NoClientKeys,
    }
}

/// What rustls's own *ring* provider verifies, named from rustls-webpki's public *ring*
/// algorithms (the provider's list itself is private to rustls).
const SIGNATURE_ALGORITHMS: WebPkiSupportedAlgorithms = WebPkiSupportedAlgorithms {
    all: &[
        algs::ECDSA_P256_SHA256,
        algs::ECDSA_P256_SHA384,
        algs::ECDSA_P384_SHA256,
        algs::ECDSA_P384_SHA384,
        algs::ED25519,
        algs::RSA_PSS_2048_8192_SHA256_LEGACY_KEY,
        algs::RSA_PSS_2048_8192_SHA384_LEGACY_KEY,
        algs::RSA_PSS_2048_8192_SHA512_LEGACY_KEY,
        algs::RSA_PKCS1_2048_8192_SHA256,
        algs::RSA_PKCS1_2048_8192_SHA384,
        algs::RSA_PKCS1_2048_8192_SHA512,
        algs::RSA_PKCS1_2048_8192_SHA256_ABSENT_PARAMS,
        algs::RSA_PKCS1_2048_8192_SHA384_ABSENT_PARAMS,
        algs::RSA_PKCS1_2048_8192_SHA512_ABSENT_PARAMS,
    ],
    mapping: &[
        // For TLS 1.2 the curve is not fixed by the scheme; for TLS 1.3 it is.
        (
            SignatureScheme::ECDSA_NISTP384_SHA384,
            &[algs::ECDSA_P384_SHA384, algs::ECDSA_P256_SHA384],
        ),
        (
            SignatureScheme::ECDSA_NISTP256_SHA256,
            &[algs::ECDSA_P256_SHA256, algs::ECDSA_P384_SHA256],
        ),
        (SignatureScheme::ED25519, &[algs::ED25519]),
        (
            SignatureScheme::RSA_PSS_SHA512,
            &[algs::RSA_PSS_2048_8192_SHA512_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA384,
            &[algs::RSA_PSS_2048_8192_SHA384_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PSS_SHA256,
            &[algs::RSA_PSS_2048_8192_SHA256_LEGACY_KEY],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA512,
            &[algs::RSA_PKCS1_2048_8192_SHA512],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA384,
            &[algs::RSA_PKCS1_2048_8192_SHA384],
        ),
        (
            SignatureScheme::RSA_PKCS1_SHA256,
            &[algs::RSA_PKCS1_2048_8192_SHA256],
        ),
    ],
};

/// The operating system's random source, through `getrandom` (the crate *ring* itself
/// uses, already in the library).
#[derive(Debug)]
struct SystemRandom;

impl SecureRandom for SystemRandom {
    fn fill(&self, buf: &mut [u8]) -> Result<(), GetRandomFailed> {
        getrandom::fill(buf).map_err(|_| GetRandomFailed)
    }
}

/// The member API authenticates members with sessions, never with client certificates:
/// there is no key to load.
#[derive(Debug)]
struct NoClientKeys;

impl KeyProvider for NoClientKeys {
    fn load_private_key(
        &self,
        _key_der: PrivateKeyDer<'static>,
    ) -> Result<Arc<dyn SigningKey>, rustls::Error> {
        Err(rustls::Error::General(
            "the core uses no client certificates".into(),
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_aes_gcm_suites_are_offered_for_both_tls_versions() {
        let suites = provider().cipher_suites;
        let names: Vec<String> = suites.iter().map(|s| format!("{:?}", s.suite())).collect();
        assert!(names.iter().all(|n| n.contains("_GCM_")), "{names:?}");
        assert!(!names.iter().any(|n| n.contains("CHACHA")), "{names:?}");
        assert!(
            suites
                .iter()
                .any(|s| s.version() == &rustls::version::TLS13)
                && suites
                    .iter()
                    .any(|s| s.version() == &rustls::version::TLS12),
            "{names:?}"
        );
        // RFC 8446 §9.1: the suite every TLS 1.3 server must support is among them.
        assert!(names.contains(&"TLS13_AES_128_GCM_SHA256".to_owned()));
    }

    #[test]
    fn verifies_what_rustls_own_ring_provider_verifies() {
        let ours = provider().signature_verification_algorithms;
        let theirs = rustls::crypto::ring::default_provider().signature_verification_algorithms;
        assert_eq!(ours.supported_schemes(), theirs.supported_schemes());
        assert_eq!(ours.all.len(), theirs.all.len());
        let kx = |p: CryptoProvider| p.kx_groups.iter().map(|g| g.name()).collect::<Vec<_>>();
        assert_eq!(kx(provider()), kx(rustls::crypto::ring::default_provider()));
    }

    #[test]
    fn random_bytes_come_from_the_system() {
        let mut a = [0u8; 32];
        let mut b = [0u8; 32];
        SystemRandom.fill(&mut a).expect("random");
        SystemRandom.fill(&mut b).expect("random");
        assert_ne!(a, b);
    }

    #[test]
    fn no_private_key_is_ever_loaded() {
        let key = PrivateKeyDer::Pkcs8(vec![0u8; 16].into());
        assert!(NoClientKeys.load_private_key(key).is_err());
    }
}
