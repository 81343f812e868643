// swift-tools-version: 5.10
// TamaruKit: the Rust core for the iOS app. `Tamaru` is the generated UniFFI layer over the
// static libraries in TamaruFFI.xcframework (both made by ../build-xcframework.sh, not
// committed); `TamaruKit` adds the thin Swift helpers the app uses.
import PackageDescription

let package = Package(
    name: "TamaruKit",
    platforms: [.iOS(.v16)],
    products: [
        .library(name: "TamaruKit", targets: ["TamaruKit", "Tamaru"]),
    ],
    targets: [
        // Device and simulator static libraries of tamaru-ffi, with the C headers and one
        // module map declaring both FFI modules (TamaruFFI, TamaruCoreFFI).
        .binaryTarget(name: "TamaruFFI", path: "TamaruFFI.xcframework"),
        // Both generated Swift files (tamaru-ffi's and tamaru-core's types) in one module: the
        // façade's file refers to the core's types without importing them.
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
    ]
)
