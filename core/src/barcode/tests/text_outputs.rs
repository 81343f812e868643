//! SVG and terminal output.

use crate::barcode::{encode, render_svg, render_terminal};
use crate::profile::Symbology;

/// A minimal XML well-formedness check: one root, every tag closed in order, attributes
/// quoted. (No XML parser is a dependency; this catches the mistakes string building makes.)
fn assert_well_formed(xml: &str) {
    let body = xml
        .strip_prefix(r#"<?xml version="1.0" encoding="UTF-8"?>"#)
        .expect("XML declaration")
        .trim();
    let mut stack: Vec<String> = Vec::new();
    let mut rest = body;
    let mut roots = 0;
    while let Some(open) = rest.find('<') {
        assert!(
            rest[..open].trim().is_empty(),
            "text outside elements: {:?}",
            &rest[..open]
        );
        let close = rest[open..].find('>').expect("unclosed tag") + open;
        let tag = &rest[open + 1..close];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        if let Some(name) = tag.strip_prefix('/') {
            assert_eq!(stack.pop().as_deref(), Some(name), "mismatched </{name}>");
        } else {
            let name: String = tag
                .chars()
                .take_while(|c| !c.is_whitespace() && *c != '/')
                .collect();
            if stack.is_empty() {
                roots += 1;
            }
            if !tag.ends_with('/') {
                stack.push(name);
            }
        }
        rest = &rest[close + 1..];
    }
    assert!(rest.trim().is_empty());
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1);
}

#[test]
fn svg_is_well_formed_and_sized_in_modules() {
    for (symbology, data) in [
        (Symbology::Qr, "43001234567890121234567890123456"),
        (Symbology::Code128, "1091234567891234"),
        (Symbology::Ean13, "490123456789"),
        (Symbology::Itf, "1091234567891234"),
        (Symbology::Nw7, "1091234567891234"),
    ] {
        let matrix = encode(symbology, data).expect("encode");
        let svg = render_svg(&matrix, 600).expect("svg");
        assert_well_formed(&svg);
        assert!(svg.contains(r#"width="600""#), "{svg}");
        assert!(
            svg.contains(&format!(r#"viewBox="0 0 {} "#, matrix.total_width())),
            "{svg}"
        );
        // One rectangle per run of dark modules: count the bars of a linear code.
        if matrix.is_linear() {
            let runs = matrix.modules.windows(2).filter(|w| w[1] && !w[0]).count()
                + usize::from(matrix.modules[0]);
            assert_eq!(svg.matches('M').count(), runs, "{symbology:?}");
        }
    }
    let qr = render_svg(
        &encode(Symbology::Qr, "1091234567891234").expect("encode"),
        290,
    )
    .expect("svg");
    assert!(
        qr.contains(r#"width="290" height="290" viewBox="0 0 29 29""#),
        "{qr}"
    );
}

#[test]
fn terminal_output_has_quiet_zone_and_half_blocks() {
    let matrix = encode(Symbology::Qr, "1091234567891234").expect("encode");
    let text = render_terminal(&matrix);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 15); // 29 rows, two per line
    assert!(lines.iter().all(|l| l.chars().count() == 29));
    assert_eq!(lines[0], "█".repeat(29), "quiet zone is lit");
    assert!(text.contains('▀') || text.contains('▄'));
    let linear = render_terminal(&encode(Symbology::Itf, "123456").expect("encode"));
    let first = linear.lines().next().expect("line");
    assert!(first.starts_with(&"█".repeat(10)) && first.ends_with(&"█".repeat(10)));
}

#[test]
fn svg_refuses_a_matrix_with_less_than_the_scanners_quiet_zone_as_the_png_does() {
    // SPEC §7: at least 10 modules for linear codes, 4 for QR. Once the SVG renderer could
    // refuse, it stopped widening such a matrix silently: it refuses it as the PNG does.
    for (symbology, data) in [
        (Symbology::Qr, "43001234567890121234567890123456"),
        (Symbology::Code128, "1091234567891234"),
    ] {
        let matrix = encode(symbology, data).expect("encode");
        let good = render_svg(&matrix, 600).expect("svg");
        let first_bar_x = matrix.quiet_zone;
        assert!(good.contains(&format!(r#"d="M{first_bar_x} "#)), "{good}");
        let mut narrow = matrix.clone();
        narrow.quiet_zone = 0;
        let refused = render_svg(&narrow, 600).expect_err("refused");
        assert!(
            matches!(refused, crate::barcode::BarcodeError::InvalidMatrix { .. }),
            "{refused:?}"
        );
        assert_eq!(Err(refused), crate::barcode::render_png(&narrow, 600));
    }
}

#[test]
fn svg_refuses_a_width_that_would_not_scan_as_the_png_does() {
    let matrix = encode(Symbology::Qr, "1091234567891234").expect("encode");
    for width in [0, 1, 57, 10_001, u32::MAX] {
        let svg = render_svg(&matrix, width).expect_err("refused");
        assert_eq!(
            Err(svg),
            crate::barcode::render_png(&matrix, width),
            "{width}"
        );
    }
    assert!(render_svg(&matrix, 58).is_ok(), "29 modules at 2 px");
    let mut broken = matrix.clone();
    broken.modules.pop();
    assert!(matches!(
        render_svg(&broken, 600),
        Err(crate::barcode::BarcodeError::InvalidMatrix { .. })
    ));
}
