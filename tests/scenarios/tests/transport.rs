//! Transport security end to end: the real core against the sandbox behind an HTTPS front
//! with a self-signed certificate made at run time (rcgen, tokio-rustls). Refused with a
//! typed error unless the app's config trusts the certificate; pins checked after trust.
//! (Plain http to a non-loopback host is refused before any request: `http.rs`' tests.)

use std::sync::Arc;

use base64::Engine as _;
use sha2::{Digest, Sha256};
use tamaru_core::error::TamaruError;
use tamaru_core::http::tls::{TransportSecurity, spki_pin_of_pem};
use tamaru_core::profile::Profile;
use tamaru_sandbox::Sandbox;
use tamaru_scenarios::{Install, Phone, sandbox, uuid_like};
use tokio::net::{TcpListener, TcpStream};
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls;

/// A self-signed certificate for `localhost`: its PEM and its key's SPKI pin.
struct SelfSigned {
    cert_pem: String,
    pin: String,
    acceptor: TlsAcceptor,
}

fn self_signed() -> SelfSigned {
    self_signed_offering(
        rustls::crypto::ring::default_provider(),
        rustls::DEFAULT_VERSIONS,
    )
}

/// A self-signed server (ECDSA P-256 key) that offers only these suites and versions.
fn self_signed_offering(
    provider: rustls::crypto::CryptoProvider,
    versions: &[&'static rustls::SupportedProtocolVersion],
) -> SelfSigned {
    let key = rcgen::KeyPair::generate().expect("key");
    let params =
        rcgen::CertificateParams::new(vec!["localhost".to_owned()]).expect("certificate params");
    let cert = params.self_signed(&key).expect("self-signed");
    // The pin computed here from the key itself, independently of the core's helper.
    let pin = format!(
        "sha256/{}",
        base64::engine::general_purpose::STANDARD.encode(Sha256::digest(
            rcgen::PublicKeyData::subject_public_key_info(&key)
        ))
    );
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(provider))
        .with_protocol_versions(versions)
        .expect("protocol versions")
        .with_no_client_auth()
        .with_single_cert(
            vec![cert.der().clone()],
            rustls::pki_types::PrivateKeyDer::Pkcs8(key.serialize_der().into()),
        )
        .expect("server config");
    SelfSigned {
        cert_pem: cert.pem(),
        pin,
        acceptor: TlsAcceptor::from(Arc::new(config)),
    }
}

/// Serves HTTPS on a loopback port and passes the decrypted bytes to the sandbox; returns
/// the port. The task ends with the test's runtime.
async fn https_front(sandbox: &Sandbox, acceptor: TlsAcceptor) -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("addr").port();
    let backend = sandbox
        .url()
        .trim_start_matches("http://")
        .trim_end_matches('/')
        .to_owned();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let acceptor = acceptor.clone();
            let backend = backend.clone();
            tokio::spawn(async move {
                // A refused handshake ends here: the client saw the certificate and hung up.
                let Ok(mut tls) = acceptor.accept(socket).await else {
                    return;
                };
                let Ok(mut plain) = TcpStream::connect(&backend).await else {
                    return;
                };
                let _ = tokio::io::copy_bidirectional(&mut tls, &mut plain).await;
            });
        }
    });
    port
}

fn app(port: u16, transport: TransportSecurity) -> Result<Phone, TamaruError> {
    let profile = Profile::builtin("wester").expect("profile");
    let install = Install::new(profile, format!("https://localhost:{port}/wester/"))
        .expect("a temporary data directory")
        .with_config(|config| config.transport = transport);
    Phone::start(install)
}

async fn sign_up(phone: &Phone) -> Result<(), TamaruError> {
    let login_id = format!("tls{}@example.jp", uuid_like().replace('-', ""));
    phone
        .app
        .account()
        .sign_up(&login_id, "Tamaru#2026", None)
        .await
        .map(|_| ())
}

#[tokio::test]
async fn a_self_signed_server_is_refused_unless_the_config_trusts_it() {
    let sandbox = sandbox().await;
    let cert = self_signed();
    let port = https_front(&sandbox, cert.acceptor.clone()).await;

    let untrusting = app(port, TransportSecurity::default()).expect("app builds");
    assert_eq!(
        sign_up(&untrusting).await,
        Err(TamaruError::UntrustedCertificate)
    );
    assert_eq!(sandbox.stats().logins, 0, "nothing reached the server");

    let trusting = app(
        port,
        TransportSecurity {
            trusted_roots_pem: vec![cert.cert_pem.clone()],
            spki_sha256_pins: vec![],
        },
    )
    .expect("app builds");
    sign_up(&trusting).await.expect("signs up over HTTPS");
    assert!(trusting.app.is_signed_in().expect("session"));
    assert_eq!(sandbox.stats().logins, 1, "through the HTTPS front");
}

#[tokio::test]
async fn a_pinned_key_is_required_once_pins_are_set() {
    let sandbox = sandbox().await;
    let cert = self_signed();
    let other = self_signed();
    let port = https_front(&sandbox, cert.acceptor.clone()).await;
    assert_eq!(
        spki_pin_of_pem(&cert.cert_pem).expect("pin of the PEM"),
        cert.pin,
        "the core's pin helper agrees with the key's own SPKI"
    );
    let trusted = |pins: Vec<String>| TransportSecurity {
        trusted_roots_pem: vec![cert.cert_pem.clone()],
        spki_sha256_pins: pins,
    };

    // A matching pin (beside a backup pin for the next key) connects.
    let pinned = app(port, trusted(vec![other.pin.clone(), cert.pin.clone()])).expect("app");
    sign_up(&pinned).await.expect("the pinned key connects");

    // Only a wrong pin: refused, with its own error, though the certificate is trusted.
    let wrong = app(port, trusted(vec![other.pin.clone()])).expect("app");
    assert_eq!(
        sign_up(&wrong).await,
        Err(TamaruError::CertificatePinMismatch)
    );

    // A pin does not make an untrusted certificate trusted.
    let pin_only = app(
        port,
        TransportSecurity {
            trusted_roots_pem: vec![],
            spki_sha256_pins: vec![cert.pin.clone()],
        },
    )
    .expect("app");
    assert_eq!(
        sign_up(&pin_only).await,
        Err(TamaruError::UntrustedCertificate)
    );
}

/// The core offers AES-GCM only (http/crypto_provider.rs, docs/SECURITY.md): a server of
/// either TLS version that speaks AES-GCM connects; one that speaks only ChaCha20-Poly1305
/// is refused before any request.
#[tokio::test]
async fn aes_gcm_servers_connect_over_tls_1_2_and_1_3_and_chacha_only_ones_do_not() {
    use rustls::crypto::ring::{cipher_suite as suite, default_provider};
    let sandbox = sandbox().await;
    let only = |suites: Vec<rustls::SupportedCipherSuite>| rustls::crypto::CryptoProvider {
        cipher_suites: suites,
        ..default_provider()
    };
    let cases = [
        (
            "TLS 1.3, AES-128-GCM",
            only(vec![suite::TLS13_AES_128_GCM_SHA256]),
            &rustls::version::TLS13,
            true,
        ),
        (
            "TLS 1.2, ECDHE-ECDSA AES-128-GCM",
            only(vec![suite::TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256]),
            &rustls::version::TLS12,
            true,
        ),
        (
            "TLS 1.3, ChaCha20 only",
            only(vec![suite::TLS13_CHACHA20_POLY1305_SHA256]),
            &rustls::version::TLS13,
            false,
        ),
        (
            "TLS 1.2, ChaCha20 only",
            only(vec![suite::TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256]),
            &rustls::version::TLS12,
            false,
        ),
    ];
    for (what, provider, version, connects) in cases {
        let cert = self_signed_offering(provider, &[version]);
        let port = https_front(&sandbox, cert.acceptor.clone()).await;
        let phone = app(
            port,
            TransportSecurity {
                trusted_roots_pem: vec![cert.cert_pem.clone()],
                spki_sha256_pins: vec![],
            },
        )
        .expect("app builds");
        let logins_before = sandbox.stats().logins;
        let answer = sign_up(&phone).await;
        if connects {
            answer.unwrap_or_else(|e| panic!("{what}: {e:?}"));
            assert_eq!(sandbox.stats().logins, logins_before + 1, "{what}");
        } else {
            assert!(answer.is_err(), "{what}: connected");
            assert_eq!(
                sandbox.stats().logins,
                logins_before,
                "{what}: reached the server"
            );
        }
    }
}

#[tokio::test]
async fn unusable_transport_settings_are_a_config_error() {
    let bad_pin = app(
        1,
        TransportSecurity {
            trusted_roots_pem: vec![],
            spki_sha256_pins: vec!["sha256/not-a-hash".into()],
        },
    );
    assert!(
        matches!(bad_pin, Err(TamaruError::InvalidConfig { .. })),
        "{:?}",
        bad_pin.err()
    );
    let bad_root = app(
        1,
        TransportSecurity {
            trusted_roots_pem: vec![
                "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n".into(),
            ],
            spki_sha256_pins: vec![],
        },
    );
    assert!(
        matches!(bad_root, Err(TamaruError::InvalidConfig { .. })),
        "{:?}",
        bad_root.err()
    );
}
