//! The member-code QR (the 32-digit waon code, level M) encoded and written as a 600 px PNG:
//! the core's own path beside `fast_qr` and `qrcode` doing the same work, each feeding the
//! core's PNG writer (the peers' own PNG paths go through the `image` crate or an SVG
//! rasteriser, far heavier than writing 1-bit rows; BENCHMARKS.md). The peers are
//! dependencies of this crate only, never of the mobile library.

use std::hint::black_box;

use tamaru_core::barcode::{self, BarcodeMatrix, Symbology};

use super::report::{Figure, median, us};

/// A waon member code: `4300` + time code + device number.
pub const MEMBER_CODE: &str = "43009118954259401234567890125678";
const WIDTH: u32 = 600;

fn matrix(data: &str, width: usize, modules: Vec<bool>) -> BarcodeMatrix {
    BarcodeMatrix {
        symbology: Symbology::Qr,
        data: data.to_owned(),
        width: width as u32,
        height: width as u32,
        modules,
        quiet_zone: 4,
    }
}

fn fast_qr_png(data: &str) -> Option<Vec<u8>> {
    let code = fast_qr::QRBuilder::new(data)
        .ecl(fast_qr::ECL::M)
        .build()
        .ok()?;
    let size = code.size;
    let modules = code.data[..size * size].iter().map(|m| m.value()).collect();
    barcode::render_png(&matrix(data, size, modules), WIDTH).ok()
}

fn qrcode_png(data: &str) -> Option<Vec<u8>> {
    let code =
        qrcode::QrCode::with_error_correction_level(data.as_bytes(), qrcode::EcLevel::M).ok()?;
    let width = code.width();
    let modules = code
        .into_colors()
        .into_iter()
        .map(|c| c == qrcode::Color::Dark)
        .collect();
    barcode::render_png(&matrix(data, width, modules), WIDTH).ok()
}

fn tamaru_png(data: &str) -> Option<Vec<u8>> {
    let m = barcode::encode(Symbology::Qr, data).ok()?;
    barcode::render_png(&m, WIDTH).ok()
}

pub fn member_code_qr(runs: u32) -> Vec<Figure> {
    let peers: [(&'static str, &str, fn(&str) -> Option<Vec<u8>>); 3] = [
        (
            "qr.member_code_png.tamaru",
            "Tamaru (the core: fast_qr + its PNG writer)",
            tamaru_png,
        ),
        (
            "qr.member_code_png.fast_qr",
            "fast_qr 0.14 + the core's PNG writer",
            fast_qr_png,
        ),
        (
            "qr.member_code_png.qrcode",
            "qrcode 0.14 + the core's PNG writer",
            qrcode_png,
        ),
    ];
    let reference = tamaru_png(MEMBER_CODE);
    peers
        .into_iter()
        .map(|(id, who, f)| {
            let what = format!("member-code QR encode + 600 px PNG: {who}");
            match f(MEMBER_CODE) {
                Some(png) => {
                    let time = median(runs * 20, || {
                        black_box(f(black_box(MEMBER_CODE)));
                    });
                    Figure::measured(id, what, us(time), "µs")
                        .target("≤ the fastest peer")
                        .runs(runs * 20)
                        .detail(serde_json::json!({
                            "png_bytes": png.len(),
                            "same_png_as_tamaru": reference.as_ref() == Some(&png),
                        }))
                }
                None => Figure::missing(id, what, "µs", "did not encode"),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_three_encoders_make_the_same_member_code_png() {
        let figures = member_code_qr(1);
        assert_eq!(figures.len(), 3);
        for f in &figures {
            assert!(f.value.is_some(), "{}: {:?}", f.id, f.note);
            let detail = f.detail.as_ref().expect("detail");
            assert_eq!(detail["same_png_as_tamaru"], true, "{}", f.id);
        }
    }
}
