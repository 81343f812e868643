import Foundation
import Tamaru
import TamaruKit
import TamaruTestSupport
import XCTest

private let pngSignature: [UInt8] = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]

/// The width and height a PNG says in its IHDR chunk.
private func pngSize(_ png: Data) -> (width: Int, height: Int) {
    let bytes = [UInt8](png)
    func be32(_ at: Int) -> Int { bytes[at..<at + 4].reduce(0) { $0 << 8 | Int($1) } }
    return (be32(16), be32(20))
}

/// Barcodes from Swift: the member code scanned at the sandbox's till, the free rendering
/// functions, and their typed refusals caught as `BarcodeError` cases.
final class BarcodeTests: XCTestCase {
    let sandbox = Sandbox.shared

    func testTheWaonCodeRendersAndScansOnceAtTheTill() async throws {
        let phone = try sandbox.phone("waon")
        let account = try await phone.app.account().signUp(loginId: uniqueEmail(), password: "Tamaru#2026", email: nil)
        let session = phone.app.memberCode().session()
        guard case .ready(let code) = session.current() else { return XCTFail("no code after sign-up") }
        let png = try session.renderPng(symbology: nil, widthPx: 600)
        XCTAssertEqual(Array(png.prefix(8)), pngSignature)
        XCTAssertEqual(pngSize(png).width, 600)
        XCTAssertEqual(pngSize(png).height, 600, "QR is square")
        let scanned = try await sandbox.raw("POST", "/pos/scan", Data("{\"terminal_id\":\"swift-till\",\"code\":\"\(code.code)\",\"complete\":true}".utf8))
        XCTAssertTrue(scanned.contains("\"member_id\":\"\(account.memberId)\""), scanned)
        let again = try await sandbox.raw("POST", "/pos/scan", Data("{\"terminal_id\":\"swift-till\",\"code\":\"\(code.code)\"}".utf8))
        XCTAssertTrue(again.contains("code_used"), again)
    }

    func testSignedOutThereIsNothingToShowAndRenderingSaysWhy() throws {
        let phone = try sandbox.phone("wester")
        guard case .unavailable(let why) = phone.app.memberCode().current() else { return XCTFail("a code while signed out") }
        XCTAssertEqual(why.reason, .notSignedIn)
        XCTAssertNil(why.staticCard)
        do {
            _ = try phone.app.memberCode().session().renderPng(symbology: nil, widthPx: 600)
            XCTFail("rendered a code while signed out")
        } catch BarcodeError.NothingToShow(let reason) {
            XCTAssertEqual(reason, "not_signed_in")
        }
    }

    func testFreeFunctionsRenderAnyBarcodeAndRefuseTyped() throws {
        let qr = try renderBarcodePng(symbology: .qr, data: "43001234567890121234567890123456", widthPx: 600)
        XCTAssertEqual(Array(qr.prefix(8)), pngSignature)
        XCTAssertEqual(pngSize(qr).width, 600)
        XCTAssertEqual(pngSize(try renderBarcodePng(symbology: .ean13, data: "490123456789", widthPx: 468)).width, 468)
        XCTAssertTrue(try renderBarcodeSvg(symbology: .nw7, data: "1234567890", widthPx: 400).contains("width=\"400\""))
        XCTAssertEqual(groupedDigits(code: "1091234567891234"), "1091 2345 6789 1234")
        do {
            _ = try renderBarcodePng(symbology: .itf, data: "1234567", widthPx: 600)
            XCTFail("ITF took an odd length")
        } catch BarcodeError.OddLength(_, let length) {
            XCTAssertEqual(length, 7)
        }
        do {
            _ = try renderBarcodePng(symbology: .qr, data: "1091234567891234", widthPx: 50)
            XCTFail("a QR code 50 px wide")
        } catch BarcodeError.TooNarrow(let needed, let requested) {
            XCTAssertEqual(requested, 50)
            XCTAssertGreaterThan(needed, 50)
        }
    }
}
