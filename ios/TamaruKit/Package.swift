// swift-tools-version: 5.10
// TamaruKit: the Rust core for the iOS app, one package for Apple systems and Linux.
//
// - `TamaruFFI`: the core's C interface. On Apple systems the binary target
//   TamaruFFI.xcframework (static libraries made by ../build-xcframework.sh, not committed).
//   On Linux (and wherever TAMARU_FFI_SYSTEM_LIBRARY=1, e.g. `swift test` on a Mac) a system
//   library: one module map declaring both FFI modules (TamaruFFI, TamaruCoreFFI) over the
//   generated headers, linking the host build of `libtamaru_ffi` (scripts/swift-test.sh).
// - `Tamaru`: both generated UniFFI Swift files in one module (the façade's file refers to
//   the core's types without importing them).
// - `TamaruKit`: the thin Swift helpers (TamaruCore actor, AsyncStreams, CoreText; the
//   Keychain store only where Security exists).
// - `TamaruModels`: the app's screen models on Observation, no SwiftUI/UIKit, so they
//   compile and are tested on Linux too; the SwiftUI app only draws them.
import Foundation
import PackageDescription

#if os(Linux)
let systemFFI = true
#else
let systemFFI = ProcessInfo.processInfo.environment["TAMARU_FFI_SYSTEM_LIBRARY"] == "1"
#endif

let ffi: Target = systemFFI
    ? .systemLibrary(name: "TamaruFFI", path: "Sources/TamaruFFISystem")
    : .binaryTarget(name: "TamaruFFI", path: "TamaruFFI.xcframework")

let package = Package(
    name: "TamaruKit",
    platforms: [.iOS(.v17), .macOS(.v14)],
    products: [
        .library(name: "TamaruKit", targets: ["TamaruKit", "Tamaru"]),
        .library(name: "TamaruModels", targets: ["TamaruModels"]),
    ],
    targets: [
        ffi,
        .target(
            name: "Tamaru",
            dependencies: ["TamaruFFI"],
            path: "Sources/Tamaru",
            exclude: ["README.md"]
        ),
        .target(
            name: "TamaruKit",
            dependencies: ["Tamaru"],
            path: "Sources/TamaruKit"
        ),
        .target(
            name: "TamaruModels",
            dependencies: ["Tamaru", "TamaruKit"],
            path: "Sources/TamaruModels"
        ),
        // The tests' sandbox client (admin HTTP endpoints), Swift secure stores and phones.
        .target(
            name: "TamaruTestSupport",
            dependencies: ["Tamaru", "TamaruKit"],
            path: "Tests/TamaruTestSupport"
        ),
        // Against a real sandbox (`tamaru-qa serve`, its URL in TAMARU_SANDBOX_URL).
        .testTarget(
            name: "TamaruKitTests",
            dependencies: ["Tamaru", "TamaruKit", "TamaruTestSupport"],
            path: "Tests/TamaruKitTests"
        ),
        .testTarget(
            name: "TamaruModelsTests",
            dependencies: ["Tamaru", "TamaruKit", "TamaruModels", "TamaruTestSupport"],
            path: "Tests/TamaruModelsTests"
        ),
    ]
)
