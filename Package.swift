// swift-tools-version:6.0
import Foundation
import PackageDescription

let package = Package(
    name: "triage",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "triage", targets: ["triage"]),
        .library(name: "TriageEngine", targets: ["TriageEngine"])
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/weichsel/ZIPFoundation", from: "0.9.20")
    ],
    targets: [
        // C: libxml2 (used only by TriageXML) and byte-scanning helpers (memmem is a GNU extension).
        .systemLibrary(
            name: "CLibXML2", pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"]), .brew(["libxml2"])]),
        .target(name: "CShim", linkerSettings: [.linkedLibrary("z")]),
        // libmspack (cabinets: MSZIP, LZX, Quantum), used only by TriageEvidence's CabArchive.
        .systemLibrary(
            name: "CMSPack", pkgConfig: "libmspack", providers: [.apt(["libmspack-dev"]), .brew(["libmspack"])]),

        // Shared value types: facts, codes, diagnostics, knowledge model.
        .target(name: "TriageCore"),
        // The only Swift module that touches libxml2.
        .target(name: "TriageXML", dependencies: ["CLibXML2", "TriageCore"]),
        // Loads and lints Rules/ and KnowledgeBase/.
        .target(
            name: "TriageKnowledge", dependencies: ["TriageXML", "TriageCore"],
            resources: []),
        // Log bundles → sources + facts, scanned as bytes.
        .target(name: "TriageEvidence", dependencies: ["TriageCore", "CShim", "CMSPack"]),
        // Rule evaluation, ranking, next steps, explanation, reports; `TriagePipeline`, the facade over
        // load → read → analyse that every front end uses.
        .target(name: "TriageEngine", dependencies: ["TriageCore", "TriageEvidence", "TriageKnowledge"]),
        // Runs each rule's own examples (and their metamorphic variants) through the real pipeline.
        .target(name: "TriageExamples", dependencies: ["TriageCore", "TriageEngine"]),
        // Case folders, history-aware next steps, rank-aware regression.
        .target(name: "TriageCases", dependencies: ["TriageCore", "TriageXML", "TriageEvidence", "TriageEngine"]),
        .executableTarget(
            name: "triage",
            dependencies: [
                "TriageCore", "TriageKnowledge", "TriageEvidence", "TriageEngine", "TriageCases", "TriageExamples",
                .product(name: "ArgumentParser", package: "swift-argument-parser")
            ]),
        .executableTarget(
            name: "triage-bench",
            dependencies: [
                "TriageCore", "TriageKnowledge", "TriageEvidence", "TriageEngine"
            ]),

        .testTarget(name: "TriageCoreTests", dependencies: ["TriageCore"]),
        .testTarget(name: "TriageXMLTests", dependencies: ["TriageXML", "TriageCore"]),
        // TriageEvidence: the registered log kinds (`LogFormats.kinds`) the loader checks names against.
        .testTarget(name: "TriageKnowledgeTests", dependencies: ["TriageKnowledge", "TriageCore", "TriageEvidence"]),
        // ZIPFoundation writes deflated test archives (the reader decodes zips itself, through zlib).
        .testTarget(
            name: "TriageEvidenceTests",
            dependencies: [
                "TriageEvidence", "TriageCore", "TriageKnowledge",
                .product(name: "ZIPFoundation", package: "ZIPFoundation")
            ]),
        .testTarget(
            name: "TriageEngineTests",
            dependencies: ["TriageEngine", "TriageCore", "TriageEvidence", "TriageKnowledge"]),
        .testTarget(name: "TriageCasesTests", dependencies: ["TriageCases", "TriageCore", "TriageKnowledge"]),
        .testTarget(name: "TriageExamplesTests", dependencies: ["TriageExamples", "TriageKnowledge", "TriageCore"]),
        .testTarget(
            name: "TriageIntegrationTests",
            dependencies: [
                "TriageCore", "TriageKnowledge", "TriageEvidence",
                "TriageEngine", "TriageCases"
            ]),
        // Runs the built `triage` executable; imports no module of the package.
        .testTarget(name: "TriageCLITests")
    ]
)

// libFuzzer harnesses (Fuzz/<name>/main.swift): only with TRIAGE_FUZZ=1, built by scripts/fuzz.sh with
// `-sanitize=fuzzer,address` in its own scratch folder. A normal build never sees them.
if ProcessInfo.processInfo.environment["TRIAGE_FUZZ"] != nil {
    package.targets.append(.target(name: "FuzzDriver", path: "Fuzz/FuzzDriver"))
    let harnesses: [(String, [Target.Dependency])] = [
        ("fuzz-text-logs", ["TriageEvidence", "TriageKnowledge"]),
        ("fuzz-zip", ["TriageEvidence"]),
        ("fuzz-knowledge-xml", ["TriageKnowledge", "TriageXML"]),
        ("fuzz-cab", ["TriageEvidence"]),
        ("fuzz-etl", ["TriageEvidence"]),
        ("fuzz-evtx", ["TriageEvidence"]),
        ("fuzz-pml", ["TriageEvidence"])
    ]
    for (name, dependencies) in harnesses {
        package.targets.append(
            .executableTarget(
                name: name, dependencies: ["FuzzDriver"] + dependencies,
                path: "Fuzz/\(name)"))
    }
}
