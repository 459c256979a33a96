// swift-tools-version: 6.0
import PackageDescription

// The module graph follows the pipeline (each arrow: "is imported by"):
//   COpenBLAS → MsokoLinearAlgebra → MsokoStatistics → MsokoClustering
//   Yams → MsokoModel
//   MsokoModel + MsokoLinearAlgebra + MsokoStatistics + CMsokoZlib + ZIPFoundation + Crypto → MsokoIngest
//   MsokoModel + MsokoLinearAlgebra + MsokoStatistics + MsokoClustering → MsokoAnalysis
//   MsokoCharts (no dependencies)
//   MsokoModel + MsokoStatistics + MsokoAnalysis + MsokoCharts → MsokoReport
//   MsokoModel + MsokoIngest + GRDB (+ GRDBSQLite, the system libsqlite3) → MsokoStore
//   MsokoModel + MsokoStatistics + MsokoIngest + MsokoStore + MsokoAnalysis + MsokoReport → MsokoPipeline
//   MsokoPipeline + MsokoStore + MsokoIngest + MsokoModel + MsokoClustering + MsokoStatistics
//     + MsokoLinearAlgebra + ArgumentParser → msoko
//   RealModule (swift-numerics) → MsokoTestSupport (the test suites' shared helpers and fixtures, in no product)
// Only MsokoModel reads YAML; only MsokoIngest opens ZIP archives (XLSX, DOCX:
// read with ZIPFoundation, written with zlib)
// and hashes (SHA-256 of inputs and store contents, swift-crypto);
// only MsokoStore opens the SQLite history store (GRDB over the system libsqlite3).
// Every target's dependencies are exactly the modules its sources import
// (Tests/PackageTests compares them, in `make test`).
let package = Package(
    name: "msoko",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "msoko", targets: ["msoko"]),
        .library(name: "MsokoKit", targets: [
            "MsokoLinearAlgebra", "MsokoStatistics", "MsokoClustering", "MsokoModel",
            "MsokoIngest", "MsokoStore", "MsokoAnalysis", "MsokoCharts", "MsokoReport", "MsokoPipeline",
        ]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.19"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.0.0"),
        // SHA-256 of inputs (manifest.json) and store contents: BoringSSL's,
        // with the CPU's SHA instructions where it has them.
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        // Property-based tests only (Tests/PropertyTests).
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.0"),
        // The test suites' one tolerance rule (MsokoTestSupport): RealModule's `isApproximatelyEqual`.
        .package(url: "https://github.com/apple/swift-numerics", from: "1.1.1"),
        // API documentation only: `swift package generate-documentation` (`make docs`).
        .package(url: "https://github.com/swiftlang/swift-docc-plugin", from: "1.5.0"),
    ],
    targets: [
        // OpenBLAS (BLAS + LAPACK). Only MsokoLinearAlgebra imports it.
        .systemLibrary(
            name: "COpenBLAS",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapack-dev"])]
        ),
        .target(name: "MsokoLinearAlgebra", dependencies: ["COpenBLAS"]),
        // zlib: deflate and CRC-32 for the zip archives msoko writes (XLSX,
        // DOCX). Only MsokoIngest imports it.
        .systemLibrary(
            name: "CMsokoZlib",
            pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]
        ),
        .target(name: "MsokoStatistics", dependencies: ["MsokoLinearAlgebra"]),
        .target(name: "MsokoClustering", dependencies: ["MsokoLinearAlgebra", "MsokoStatistics"]),
        .target(name: "MsokoModel", dependencies: ["Yams"]),
        .target(name: "MsokoIngest", dependencies: [
            "MsokoModel", "MsokoLinearAlgebra", "MsokoStatistics", "CMsokoZlib", .product(name: "ZIPFoundation", package: "ZIPFoundation"),
            .product(name: "Crypto", package: "swift-crypto"),
        ]),
        .target(name: "MsokoStore", dependencies: [
            "MsokoModel", "MsokoIngest", .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ]),
        .target(name: "MsokoAnalysis", dependencies: [
            "MsokoModel", "MsokoLinearAlgebra", "MsokoStatistics", "MsokoClustering",
        ]),
        .target(name: "MsokoCharts"),
        .target(name: "MsokoReport", dependencies: ["MsokoModel", "MsokoAnalysis", "MsokoCharts", "MsokoStatistics"]),
        .target(
            name: "MsokoPipeline",
            dependencies: ["MsokoModel", "MsokoIngest", "MsokoStore", "MsokoAnalysis", "MsokoReport", "MsokoStatistics", "MsokoLinearAlgebra"],
            // The built-in default catalog and measures, for `msoko sample`; a
            // test keeps them byte-identical to those in Pipelines/.
            resources: [.embedInCode("Resources/indicators.yaml"), .embedInCode("Resources/measures.yaml")]
        ),
        .executableTarget(name: "msoko", dependencies: [
            "MsokoPipeline", "MsokoStore", "MsokoIngest", "MsokoModel", "MsokoClustering", "MsokoStatistics", "MsokoLinearAlgebra",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        .target(name: "MsokoTestSupport", dependencies: [.product(name: "RealModule", package: "swift-numerics")]),

        .testTarget(name: "LinearAlgebraTests", dependencies: ["MsokoLinearAlgebra", "MsokoTestSupport"]),
        .testTarget(name: "StatisticsTests", dependencies: ["MsokoStatistics", "MsokoLinearAlgebra", "MsokoTestSupport"]),
        // The test targets mirror the modules: each suite tests the module it is named for.
        .testTarget(name: "ClusteringTests", dependencies: [
            "MsokoClustering", "MsokoLinearAlgebra", "MsokoStatistics", "MsokoTestSupport",
        ]),
        .testTarget(name: "ModelTests", dependencies: ["MsokoModel", "MsokoTestSupport"]),
        .testTarget(name: "IngestTests", dependencies: [
            "MsokoIngest", "MsokoModel", "MsokoStatistics", "MsokoLinearAlgebra", "MsokoTestSupport",
        ], exclude: ["Fixtures"]),
        .testTarget(name: "AnalysisTests", dependencies: [
            "MsokoAnalysis", "MsokoModel", "MsokoStatistics", "MsokoClustering", "MsokoLinearAlgebra", "MsokoPipeline", "MsokoTestSupport",
        ]),
        .testTarget(name: "ReportTests", dependencies: ["MsokoReport", "MsokoModel"]),
        .testTarget(name: "StoreTests", dependencies: [
            "MsokoStore", "MsokoPipeline", "MsokoModel", "MsokoTestSupport", .product(name: "GRDB", package: "GRDB.swift"),
        ], exclude: ["Fixtures"]),
        .testTarget(name: "ChartsTests", dependencies: ["MsokoCharts", "MsokoTestSupport"]),
        .testTarget(name: "CommandTests", dependencies: [
            "msoko", "MsokoStore", "MsokoPipeline", "MsokoModel", "MsokoClustering", "MsokoTestSupport",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        // Replays Fuzz/corpus through Fuzz/FuzzEntryPoints.swift (a symlink here).
        .testTarget(name: "FuzzCorpusTests", dependencies: ["MsokoIngest", "MsokoModel", "MsokoAnalysis"]),
        .testTarget(name: "PropertyTests", dependencies: [
            "MsokoModel", "MsokoIngest", "MsokoAnalysis", "MsokoClustering", "MsokoStatistics", "MsokoLinearAlgebra", "MsokoTestSupport",
            .product(name: "PropertyBased", package: "swift-property-based"),
        ]),
        // Reads Package.swift and every target's imports: the graph above cannot drift.
        .testTarget(name: "PackageTests"),
        .testTarget(name: "PipelineTests", dependencies: ["MsokoPipeline", "MsokoModel", "MsokoIngest", "MsokoAnalysis",
                                                          "MsokoLinearAlgebra", "MsokoReport", "MsokoTestSupport"],
                    exclude: ["Fixtures"]),
    ]
)
