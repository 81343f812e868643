import Foundation
import Tamaru
import TamaruKit
import TamaruModels
import TamaruTestSupport
import XCTest

/// The settings tab and what its menu opens: mail switches, the e-mail change by a mailed
/// code, the delivery help, password change, withdrawal and family sharing, through the
/// models, the router following the core.
final class SettingsFlowTests: XCTestCase {
    let sandbox = Sandbox.shared
    let password = "Tamaru#2026"

    @MainActor
    private func member(_ program: String, language: Language = .en) async throws -> (Phone, String) {
        let phone = try sandbox.screenPhone(program, language: language)
        let email = uniqueEmail()
        _ = try await phone.app.account().signUp(loginId: email, password: password, email: nil)
        return (phone, email)
    }

    @MainActor
    private func homeRouter(_ phone: Phone) async -> AppRouter {
        let router = AppRouter(core: TamaruCore { phone.app })
        await router.start()
        router.follow(.home)
        return router
    }

    @MainActor
    func testMailSwitchesAndTheAddressChangedByTheMailedCode() async throws {
        let (phone, _) = try await member("wester")
        let router = await homeRouter(phone)
        router.open(.settings)
        router.open(.mailSettings)
        XCTAssertEqual(router.tab, .settings)
        XCTAssertEqual(router.path, [.mailSettings])
        let mail = MailSettingsModel(app: phone.app)
        await mail.refresh()
        XCTAssertNil(mail.state.error)
        XCTAssertEqual(mail.state.switches.map(\.setting), [.newsletter, .postal])
        let newsletter = try XCTUnwrap(mail.state.switches.first { $0.setting == .newsletter })
        let was = try XCTUnwrap(newsletter.on, "known after a refresh")
        await mail.set(.newsletter, on: !was)
        XCTAssertNil(mail.state.error)
        XCTAssertEqual(mail.state.switches.first { $0.setting == .newsletter }?.on, !was)
        XCTAssertFalse(mail.state.postalNote.isEmpty)
        XCTAssertNotNil(mail.state.synced)

        mail.openEmailChange()
        XCTAssertEqual(mail.state.navigate, .emailChange)
        router.follow(mail.state.navigate)
        XCTAssertEqual(router.path, [.mailSettings, .emailChange])

        let change = EmailChangeModel(app: phone.app)
        XCTAssertFalse(change.state.request.enabled)
        XCTAssertNil(change.state.code)
        change.setEmail("member@@example.jp")
        XCTAssertFalse(change.state.email.problems.isEmpty)
        XCTAssertFalse(change.state.request.enabled)
        let address = uniqueEmail()
        change.setEmail(address)
        XCTAssertTrue(change.state.request.enabled)
        await change.request()
        XCTAssertNil(change.state.error)
        XCTAssertTrue(change.state.sent?.contains(address) ?? false)
        XCTAssertEqual(change.state.confirm?.enabled, false, "no code typed yet")
        change.setCode("000000")
        await change.confirm()
        XCTAssertEqual(change.state.error?.code, "wrong_email_code")
        change.setCode(try await sandbox.mailedCode(address, after: "確認コード: "))
        await change.confirm()
        XCTAssertNil(change.state.error)
        XCTAssertNotNil(change.state.done)
        XCTAssertEqual(change.state.navigate, .mailSettings)
        router.follow(change.state.navigate)
        XCTAssertEqual(router.path, [.mailSettings], "back on the switches")
        XCTAssertEqual(router.tab, .settings)
    }

    @MainActor
    func testTheDeliveryHelpSwitchesTheNewsletterOnAndLeadsToTheAddress() async throws {
        let (phone, _) = try await member("wester")
        _ = try await phone.app.mail().set(setting: .newsletter, on: false)
        let router = await homeRouter(phone)
        let mail = MailSettingsModel(app: phone.app)
        router.open(.mailSettings)
        mail.openDeliveryHelp()
        router.follow(mail.state.navigate)
        XCTAssertEqual(router.path, [.mailSettings, .deliveryHelp])

        let help = DeliveryHelpModel(app: phone.app)
        XCTAssertTrue(help.state.items.isEmpty, "nothing before loading")
        await help.load()
        XCTAssertNil(help.state.error)
        XCTAssertFalse(help.state.senderDomains.isEmpty)
        let off = try XCTUnwrap(help.state.items.first { $0.action == .switchNewsletterOn })
        XCTAssertTrue(off.needsAttention)
        XCTAssertEqual(off.actionButton?.enabled, true)
        await help.perform(.switchNewsletterOn)
        XCTAssertFalse(help.state.items.contains { $0.action == .switchNewsletterOn })
        await help.perform(.changeEmail)
        XCTAssertEqual(help.state.navigate, .emailChange)
        router.follow(help.state.navigate)
        XCTAssertEqual(router.path, [.mailSettings, .deliveryHelp, .emailChange])
    }

    @MainActor
    func testThePasswordChangesAfterTheChecklistAndAWrongCurrentOneIsSaid() async throws {
        let (phone, email) = try await member("waon")
        let router = await homeRouter(phone)
        router.open(.passwordChange)
        let change = PasswordChangeModel(app: phone.app)
        XCTAssertEqual(change.state.title, "Change your password")
        XCTAssertFalse(change.state.submit.enabled)
        change.setCurrent("Wrong#2026x")
        change.setNewPassword("abc")
        XCTAssertFalse(change.state.newPassword.problems.isEmpty)
        XCTAssertFalse(change.state.submit.enabled)
        let fresh = "Fresh#2027pw"
        change.setNewPassword(fresh)
        XCTAssertTrue(change.state.checklist.allSatisfy(\.met))
        await change.submit()
        XCTAssertEqual(change.state.error?.code, "wrong_old_password")
        XCTAssertNil(change.state.navigate)
        change.setCurrent(password)
        await change.submit()
        XCTAssertNil(change.state.error)
        XCTAssertNotNil(change.state.done)
        XCTAssertEqual(change.state.navigate, .home)
        router.follow(change.state.navigate)
        XCTAssertEqual(router.root, .home)
        XCTAssertEqual(router.path, [])
        try await phone.app.account().logOut()
        _ = try await phone.app.account().logIn(loginId: email, password: fresh)
    }

    @MainActor
    func testWithdrawalNeedsThePreviewTheConfirmationAndThePasswordThenStartsOver() async throws {
        let (phone, email) = try await member("waon")
        try await sandbox.awardPoints("waon", email, 1200, date: japanDate())
        let router = await homeRouter(phone)
        router.open(.withdrawal)
        XCTAssertEqual(router.path, [.withdrawal])
        let withdrawal = WithdrawalModel(app: phone.app)
        XCTAssertTrue(withdrawal.state.consequences.isEmpty, "nothing before loading")
        await withdrawal.load()
        XCTAssertNil(withdrawal.state.error)
        XCTAssertFalse(withdrawal.state.consequences.isEmpty)
        XCTAssertEqual(withdrawal.state.pointsLost, "1,200 pt will be deleted")
        XCTAssertEqual(withdrawal.state.understood, false)
        XCTAssertEqual(withdrawal.state.withdraw?.enabled, false)
        withdrawal.setPassword(password)
        XCTAssertEqual(withdrawal.state.withdraw?.enabled, false, "not before the member confirms")
        withdrawal.setUnderstood(true)
        withdrawal.setPassword("Wrong#2026x")
        await withdrawal.withdraw()
        XCTAssertEqual(withdrawal.state.error?.code, "wrong_password")
        XCTAssertNil(withdrawal.state.navigate)
        withdrawal.setPassword(password)
        await withdrawal.withdraw()
        XCTAssertNil(withdrawal.state.error)
        XCTAssertEqual(withdrawal.state.navigate, .welcome)
        router.follow(withdrawal.state.navigate)
        XCTAssertEqual(router.root, .entry)
        XCTAssertEqual(router.path, [])
        XCTAssertFalse(try phone.app.isSignedIn())
    }

    @MainActor
    func testAFamilyIsCreatedAndJoinedByItsCode() async throws {
        let (owner, _) = try await member("waon")
        let (second, _) = try await member("waon")
        let home = HomeModel(app: owner.app)
        XCTAssertTrue(home.state.settings.contains { $0.entry == .family }, "waon has family sharing")
        let family = FamilyModel(app: owner.app)
        await family.load()
        XCTAssertNil(family.state.error)
        XCTAssertNil(family.state.notOffered)
        XCTAssertTrue(family.state.members.isEmpty)
        XCTAssertEqual(family.state.join?.enabled, false, "no code typed")
        await family.create()
        XCTAssertEqual(family.state.members.count, 1)
        XCTAssertEqual(family.state.members.first?.isMe, true)
        let code = try XCTUnwrap(family.state.inviteCode)

        let joining = FamilyModel(app: second.app)
        await joining.load()
        joining.setJoinCode(code)
        XCTAssertEqual(joining.state.join?.enabled, true)
        await joining.join()
        XCTAssertNil(joining.state.error)
        XCTAssertEqual(joining.state.members.count, 2)
        XCTAssertNil(joining.state.invite, "only the creator invites")
        await joining.leave()
        XCTAssertNil(joining.state.error)
        XCTAssertTrue(joining.state.members.isEmpty)
    }

    @MainActor
    func testWesterOffersNoFamilyNorMergeWhereItsProfileHasNone() async throws {
        let (phone, _) = try await member("wester")
        let home = HomeModel(app: phone.app)
        let profile = try builtinProfile(id: "wester")
        XCTAssertEqual(home.state.settings.contains { $0.entry == .family }, profile.family != nil)
        let merge = CardMergeModel(app: phone.app)
        XCTAssertEqual(home.state.settings.contains { $0.entry == .cardMerge }, merge.state.notOffered == nil)
    }
}
