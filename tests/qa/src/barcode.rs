//! `tamaru-qa barcode --symbology qr|code128|ean13|itf|nw7 --data DATA --width PX --out FILE`
//!
//! Renders one barcode to `FILE.png` (whole-pixel modules, `PX` wide) or `FILE.svg`
//! (`PX` wide, scalable), chosen by the extension (case-insensitive). On success prints one
//! JSON line on stdout:
//!
//! ```json
//! {"symbology":"qr","data":"...","encoded":"...","format":"png","width":600,"height":600,
//!  "modules":29,"module_px":20,"out":"code.png"}
//! ```
//!
//! `data` is the input, `encoded` what the symbol carries (JAN/EAN-13 with its check digit,
//! NW-7 with start/stop); `modules` is the symbol's width in modules including both quiet
//! zones; `module_px` is the pixel size of a module (`null` for SVG, which scales). SVG gets
//! the same width check as PNG: a width under 2 px per module is refused for both.
//!
//! Exit codes: 0 written; 2 bad data, width or extension (message on stderr, with the
//! error's stable code in brackets, e.g. `[odd_length]`); 1 the file could not be written.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::ValueEnum;
use serde::Serialize;
use tamaru_core::barcode::{self, BarcodeError, Symbology};

#[derive(clap::Args, Debug)]
pub struct BarcodeArgs {
    /// Symbology to encode.
    #[arg(long, value_enum)]
    pub symbology: SymbologyArg,
    /// Data to encode (digits for the member codes).
    #[arg(long)]
    pub data: String,
    /// Image width in pixels.
    #[arg(long)]
    pub width: u32,
    /// Output file: `.png` or `.svg`.
    #[arg(long)]
    pub out: PathBuf,
}

/// The symbologies, as the command line spells them (the profile IDs).
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SymbologyArg {
    Qr,
    Code128,
    Ean13,
    Itf,
    Nw7,
}

impl From<SymbologyArg> for Symbology {
    fn from(arg: SymbologyArg) -> Self {
        match arg {
            SymbologyArg::Qr => Symbology::Qr,
            SymbologyArg::Code128 => Symbology::Code128,
            SymbologyArg::Ean13 => Symbology::Ean13,
            SymbologyArg::Itf => Symbology::Itf,
            SymbologyArg::Nw7 => Symbology::Nw7,
        }
    }
}

/// The JSON line printed on success.
#[derive(Debug, Serialize)]
pub struct Summary {
    pub symbology: &'static str,
    pub data: String,
    pub encoded: String,
    pub format: &'static str,
    pub width: u32,
    pub height: u32,
    pub modules: u32,
    pub module_px: Option<u32>,
    pub out: String,
}

/// Why the command failed, and with which exit code.
#[derive(Debug)]
pub struct Failure {
    pub exit: u8,
    pub message: String,
}

impl Failure {
    fn input(message: String) -> Self {
        Failure { exit: 2, message }
    }
}

impl From<BarcodeError> for Failure {
    fn from(e: BarcodeError) -> Self {
        Failure::input(format!("{e} [{}]", e.code()))
    }
}

#[derive(Clone, Copy)]
enum Format {
    Png,
    Svg,
}

fn format_of(path: &Path) -> Result<Format, Failure> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("png") => Ok(Format::Png),
        Some("svg") => Ok(Format::Svg),
        _ => Err(Failure::input(format!(
            "--out {}: the extension must be .png or .svg [bad_extension]",
            path.display()
        ))),
    }
}

/// Does the work without printing, so tests can look at the result.
pub fn execute(args: &BarcodeArgs) -> Result<Summary, Failure> {
    let format = format_of(&args.out)?;
    let symbology = Symbology::from(args.symbology);
    let matrix = barcode::encode(symbology, &args.data)?;
    // The layout gives the height and module size printed in the summary (and refuses a
    // width under 2 px per module, as both renderers do).
    let layout = barcode::layout(&matrix, args.width)?;
    let (bytes, height, module_px) = match format {
        Format::Png => (
            barcode::render_png(&matrix, args.width)?,
            layout.height_px,
            Some(layout.module_px),
        ),
        Format::Svg => {
            let svg = barcode::render_svg(&matrix, args.width)?;
            let height = svg_height(&svg).unwrap_or(layout.height_px);
            (svg.into_bytes(), height, None)
        }
    };
    std::fs::write(&args.out, bytes).map_err(|e| Failure {
        exit: 1,
        message: format!("cannot write {}: {e}", args.out.display()),
    })?;
    Ok(Summary {
        symbology: barcode::symbology_id(symbology),
        data: args.data.clone(),
        encoded: matrix.data.clone(),
        format: match format {
            Format::Png => "png",
            Format::Svg => "svg",
        },
        width: args.width,
        height,
        modules: matrix.total_width(),
        module_px,
        out: args.out.display().to_string(),
    })
}

/// The `height` attribute of the SVG root, as written by the core.
fn svg_height(svg: &str) -> Option<u32> {
    let start = svg.find(" height=\"")? + " height=\"".len();
    let end = start + svg[start..].find('"')?;
    svg[start..end].parse().ok()
}

pub fn run(args: &BarcodeArgs) -> ExitCode {
    match execute(args) {
        Ok(summary) => match serde_json::to_string(&summary) {
            Ok(line) => {
                println!("{line}");
                ExitCode::SUCCESS
            }
            Err(e) => {
                eprintln!("tamaru-qa barcode: {e}");
                ExitCode::FAILURE
            }
        },
        Err(failure) => {
            eprintln!("tamaru-qa barcode: {}", failure.message);
            ExitCode::from(failure.exit)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct TestCli {
        #[command(flatten)]
        args: BarcodeArgs,
    }

    /// `name` in a temporary directory removed when the guard goes.
    fn temp_path(name: &str) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join(name);
        (dir, path)
    }

    fn args(symbology: SymbologyArg, data: &str, width: u32, out: &Path) -> BarcodeArgs {
        BarcodeArgs {
            symbology,
            data: data.to_owned(),
            width,
            out: out.to_owned(),
        }
    }

    #[test]
    fn command_line_spells_the_profile_ids() {
        for (name, expected) in [
            ("qr", SymbologyArg::Qr),
            ("code128", SymbologyArg::Code128),
            ("ean13", SymbologyArg::Ean13),
            ("itf", SymbologyArg::Itf),
            ("nw7", SymbologyArg::Nw7),
        ] {
            let cli = TestCli::try_parse_from([
                "t",
                "--symbology",
                name,
                "--data",
                "1",
                "--width",
                "9",
                "--out",
                "x.png",
            ])
            .expect("parses");
            assert_eq!(cli.args.symbology, expected);
            assert_eq!(barcode::symbology_id(expected.into()), name);
        }
        assert!(
            TestCli::try_parse_from([
                "t",
                "--symbology",
                "ean8",
                "--data",
                "1",
                "--width",
                "9",
                "--out",
                "x"
            ])
            .is_err()
        );
    }

    #[test]
    fn writes_png_and_summarises() {
        let (_temp, out) = temp_path("qr.png");
        let summary = execute(&args(
            SymbologyArg::Qr,
            "43001234567890121234567890123456",
            600,
            &out,
        ))
        .expect("ok");
        assert_eq!(
            (
                summary.symbology,
                summary.format,
                summary.width,
                summary.height
            ),
            ("qr", "png", 600, 600)
        );
        assert_eq!((summary.modules, summary.module_px), (29, Some(20)));
        let bytes = std::fs::read(&out).expect("file");
        assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n");
        let json = serde_json::to_value(&summary).expect("json");
        assert_eq!(json["out"], out.display().to_string());
    }

    #[test]
    fn writes_svg_by_extension() {
        let (_temp, out) = temp_path("ean.SVG");
        let summary = execute(&args(SymbologyArg::Ean13, "490123456789", 400, &out)).expect("ok");
        assert_eq!(
            (summary.format, summary.encoded.as_str(), summary.module_px),
            ("svg", "4901234567894", None)
        );
        assert_eq!(summary.modules, 95 + 22);
        let text = std::fs::read_to_string(&out).expect("file");
        assert!(text.contains("<svg") && text.contains("width=\"400\""));
        assert_eq!(summary.height, svg_height(&text).expect("height"));
    }

    #[test]
    fn bad_input_exits_2_with_the_error_code() {
        let (_temp, out) = temp_path("bad.png");
        let cases = [
            (
                args(SymbologyArg::Itf, "1234567", 600, &out),
                "[odd_length]",
            ),
            (
                args(SymbologyArg::Ean13, "4901234567890", 600, &out),
                "[check_digit]",
            ),
            (
                args(SymbologyArg::Qr, "1091234567891234", 50, &out),
                "[too_narrow]",
            ),
            (
                args(SymbologyArg::Nw7, "12X4", 600, &out),
                "[invalid_character]",
            ),
            (
                args(SymbologyArg::Qr, "1", 600, &temp_path("bad.jpg").1),
                "[bad_extension]",
            ),
            (
                args(SymbologyArg::Qr, "1", 600, &temp_path("no_extension").1),
                "[bad_extension]",
            ),
            (
                args(
                    SymbologyArg::Code128,
                    "1091234567891234",
                    100,
                    &temp_path("narrow.svg").1,
                ),
                "[too_narrow]",
            ),
        ];
        for (args, code) in cases {
            let failure = execute(&args).expect_err("fails");
            assert_eq!(failure.exit, 2, "{}", failure.message);
            assert!(failure.message.ends_with(code), "{}", failure.message);
        }
    }

    #[test]
    fn unwritable_output_exits_1() {
        let (_temp, missing) = temp_path("missing-dir");
        let out = missing.join("deeper").join("x.png");
        let failure = execute(&args(SymbologyArg::Qr, "1", 600, &out)).expect_err("fails");
        assert_eq!(failure.exit, 1);
    }
}
