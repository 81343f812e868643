//! Barcode benchmarks (BENCHMARKS.md at the repository root has the table and the reading).
//!
//! `cargo bench -p tamaru-core --bench barcode -- --warm-up-time 1 --measurement-time 2`
//!
//! - `encode/*`, `encode_png_600/*`: each symbology, encode alone and encode + 600 px PNG.
//! - `qr32/*`: the 32-digit waon member code at level M, side by side with the fastest
//!   peers: `qrcode` and `fast_qr` (which our encoder uses for ASCII data), each alone and
//!   each feeding our PNG writer (the peers' own PNG paths go through the `image` crate or an
//!   SVG rasteriser; zxing-cpp is measured by `benches/zxing_cpp.py`).
//! - `time_to_barcode/*`: a fresh `tamaru-qa time-to-barcode` process opening a signed-in
//!   member's data and producing the PNG of a valid code, offline. Needs the release build
//!   of `tamaru-qa` (`cargo build --release -p tamaru-qa`, or `TAMARU_QA=path`); skipped
//!   with a note when it is missing.

use std::hint::black_box;
use std::path::PathBuf;
use std::process::Command;

use criterion::{Criterion, criterion_group, criterion_main};
use tamaru_core::barcode::{self, BarcodeMatrix, Symbology};

const QR_DATA: &str = "43009118954259401234567890125678";

fn samples() -> [(Symbology, &'static str); 5] {
    [
        (Symbology::Qr, QR_DATA),
        (Symbology::Code128, "1091234567891234"),
        (Symbology::Ean13, "490123456789"),
        (Symbology::Itf, "12345678901231"),
        (Symbology::Nw7, "1234567890123"),
    ]
}

fn symbologies(c: &mut Criterion) {
    for (symbology, data) in samples() {
        let name = barcode::symbology_id(symbology);
        c.bench_function(&format!("encode/{name}"), |b| {
            b.iter(|| barcode::encode(symbology, black_box(data)))
        });
        c.bench_function(&format!("encode_png_600/{name}"), |b| {
            b.iter(|| {
                let matrix = barcode::encode(symbology, black_box(data)).expect("encodes");
                barcode::render_png(&matrix, 600).expect("renders")
            })
        });
        let matrix = barcode::encode(symbology, data).expect("encodes");
        c.bench_function(&format!("png_600/{name}"), |b| {
            b.iter(|| barcode::render_png(black_box(&matrix), 600))
        });
        c.bench_function(&format!("svg_600/{name}"), |b| {
            b.iter(|| barcode::render_svg(black_box(&matrix), 600))
        });
    }
}

/// fast_qr's modules as our matrix (level M, the same as ours).
fn fast_qr_matrix(data: &str) -> BarcodeMatrix {
    let code = fast_qr::QRBuilder::new(data)
        .ecl(fast_qr::ECL::M)
        .build()
        .map_err(|_| "fast_qr failed")
        .expect("encodes");
    let size = code.size;
    BarcodeMatrix {
        symbology: Symbology::Qr,
        data: data.to_owned(),
        width: size as u32,
        height: size as u32,
        modules: code.data[..size * size].iter().map(|m| m.value()).collect(),
        quiet_zone: 4,
    }
}

/// qrcode's modules as our matrix (level M).
fn qrcode_matrix(data: &str) -> BarcodeMatrix {
    let code = qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M)
        .expect("encodes");
    let width = code.width() as u32;
    BarcodeMatrix {
        symbology: Symbology::Qr,
        data: data.to_owned(),
        width,
        height: width,
        modules: code
            .into_colors()
            .into_iter()
            .map(|c| c == qrcode::Color::Dark)
            .collect(),
        quiet_zone: 4,
    }
}

fn qr_peers(c: &mut Criterion) {
    // The encoders agree on the size (version 1, 21 x 21).
    assert_eq!(
        fast_qr_matrix(QR_DATA).width,
        barcode::encode(Symbology::Qr, QR_DATA)
            .expect("encodes")
            .width
    );
    c.bench_function("qr32/encode/tamaru", |b| {
        b.iter(|| barcode::encode(Symbology::Qr, black_box(QR_DATA)))
    });
    c.bench_function("qr32/encode/qrcode", |b| {
        b.iter(|| {
            qrcode::QrCode::with_error_correction_level(
                black_box(QR_DATA).as_bytes(),
                qrcode::EcLevel::M,
            )
        })
    });
    c.bench_function("qr32/encode/fast_qr", |b| {
        b.iter(|| {
            fast_qr::QRBuilder::new(black_box(QR_DATA))
                .ecl(fast_qr::ECL::M)
                .build()
        })
    });
    c.bench_function("qr32/png600/tamaru", |b| {
        b.iter(|| {
            let matrix = barcode::encode(Symbology::Qr, black_box(QR_DATA)).expect("encodes");
            barcode::render_png(&matrix, 600).expect("renders")
        })
    });
    c.bench_function("qr32/png600/qrcode+tamaru_png", |b| {
        b.iter(|| barcode::render_png(&qrcode_matrix(black_box(QR_DATA)), 600).expect("renders"))
    });
    c.bench_function("qr32/png600/fast_qr+tamaru_png", |b| {
        b.iter(|| barcode::render_png(&fast_qr_matrix(black_box(QR_DATA)), 600).expect("renders"))
    });
}

/// The release `tamaru-qa`, if built.
fn qa_binary() -> Option<PathBuf> {
    let path = std::env::var_os("TAMARU_QA")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/tamaru-qa")
        });
    path.exists().then_some(path)
}

fn time_to_barcode(c: &mut Criterion) {
    let Some(qa) = qa_binary() else {
        eprintln!(
            "time_to_barcode: skipped (build it: cargo build --release -p tamaru-qa, or set TAMARU_QA)"
        );
        return;
    };
    for program in ["waon", "wester"] {
        let dir = std::env::temp_dir().join(format!("tamaru-bench-ttb-{program}"));
        let dir_text = dir.display().to_string();
        let prepared = Command::new(&qa)
            .args(["time-to-barcode", "--prepare", "--program", program])
            .args(["--data-dir", &dir_text])
            .output()
            .expect("tamaru-qa runs");
        assert!(prepared.status.success(), "prepare: {prepared:?}");
        let run = || {
            Command::new(&qa)
                .args(["time-to-barcode", "--program", program])
                .args(["--data-dir", &dir_text])
                .output()
                .expect("tamaru-qa runs")
        };
        let once = run();
        assert!(once.status.success(), "measure: {once:?}");
        eprintln!(
            "time_to_barcode/{program}: phases {}",
            String::from_utf8_lossy(&once.stdout).trim()
        );
        c.bench_function(&format!("time_to_barcode/{program}/process"), |b| {
            b.iter(|| {
                let out = run();
                assert!(out.status.success());
                out
            })
        });
    }
}

criterion_group!(benches, symbologies, qr_peers, time_to_barcode);
criterion_main!(benches);
