//! Reading rendered PNGs back, with decoders that share no code with the encoders.

use rxing::{BarcodeFormat, DecodeHints};

use crate::profile::Symbology;

/// A decoded PNG as 8-bit luma.
pub struct Luma {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

impl Luma {
    pub fn at(&self, x: u32, y: u32) -> u8 {
        self.pixels[(y * self.width + x) as usize]
    }
}

/// Reads a PNG with the `png` crate, expanding 1-bit greyscale to 8-bit.
pub fn png_to_luma(bytes: &[u8]) -> Luma {
    let mut decoder = png::Decoder::new(bytes);
    decoder.set_transformations(png::Transformations::EXPAND);
    let mut reader = decoder.read_info().expect("PNG header");
    let mut pixels = vec![0; reader.output_buffer_size()];
    let info = reader.next_frame(&mut pixels).expect("PNG data");
    assert_eq!(info.color_type, png::ColorType::Grayscale);
    assert_eq!(info.bit_depth, png::BitDepth::Eight, "expanded to 8 bits");
    pixels.truncate(info.buffer_size());
    Luma {
        pixels,
        width: info.width,
        height: info.height,
    }
}

fn rxing_format(symbology: Symbology) -> BarcodeFormat {
    match symbology {
        Symbology::Qr => BarcodeFormat::QR_CODE,
        Symbology::Code128 => BarcodeFormat::CODE_128,
        Symbology::Ean13 => BarcodeFormat::EAN_13,
        Symbology::Itf => BarcodeFormat::ITF,
        Symbology::Nw7 => BarcodeFormat::CODABAR,
    }
}

/// Decodes with `rxing` (a ZXing port), restricted to the expected format. NW-7 start/stop
/// characters are kept so they can be compared too.
pub fn rxing_decode(luma: &Luma, symbology: Symbology) -> Result<String, String> {
    let mut hints = DecodeHints {
        ReturnCodabarStartEnd: Some(true),
        ..Default::default()
    };
    rxing::helpers::detect_in_luma_with_hints(
        luma.pixels.clone(),
        luma.width,
        luma.height,
        Some(rxing_format(symbology)),
        &mut hints,
    )
    .map(|result| {
        let text = result.getText();
        if symbology == Symbology::Nw7 && text.chars().all(|c| (c as u32) < 20) {
            // rxing 0.9.3 bug: with `ReturnCodabarStartEnd` it returns its alphabet table
            // offsets instead of the characters; translate them as it does without the hint.
            const CODABAR_ALPHABET: &[u8; 20] = b"0123456789-$:/.+ABCD";
            text.chars()
                .map(|c| char::from(CODABAR_ALPHABET[c as usize]))
                .collect()
        } else {
            text.to_owned()
        }
    })
    .map_err(|e| format!("rxing: {e}"))
}

/// Decodes a QR code with `rqrr` (a quirc port).
pub fn rqrr_decode(luma: &Luma) -> Result<String, String> {
    let width = luma.width as usize;
    let mut image =
        rqrr::PreparedImage::prepare_from_greyscale(width, luma.height as usize, |x, y| {
            luma.pixels[y * width + x]
        });
    let grids = image.detect_grids();
    let grid = grids
        .first()
        .ok_or_else(|| "rqrr: no QR code found".to_owned())?;
    grid.decode()
        .map(|(_, content)| content)
        .map_err(|e| format!("rqrr: {e}"))
}
