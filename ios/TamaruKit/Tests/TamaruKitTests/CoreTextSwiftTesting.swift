import Foundation
import Tamaru
import TamaruKit
import Testing

/// Swift Testing runs beside XCTest (scripts/swift-test.sh counts both): the core's texts in
/// both languages for every built-in program's name.
@Test(arguments: ["wester", "waon"])
func profileNamesComeFromTheCoreInBothLanguages(program: String) throws {
    let profile = try builtinProfile(id: program)
    #expect(profile.displayName(.ja) == profile.nameJa)
    #expect(profile.displayName(.en) == profile.name)
    #expect(!profile.nameJa.isEmpty && !profile.name.isEmpty)
}
