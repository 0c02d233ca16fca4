import Foundation
import TriageCore

@testable import TriageEvidence

/// Paths and helpers shared by the reader tests.
enum ReaderFixtures {
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let fixtures = repoRoot.appendingPathComponent("Tests/Fixtures/evidence").path
    /// `../shared/corpus` beside the repo (CI); `../../shared/corpus` for a worktree under `wt/`.
    static let corpus: String = {
        let candidates = ["../shared/corpus", "../../shared/corpus"].map {
            repoRoot.appendingPathComponent($0).standardized.path
        }
        return candidates.first { FileManager.default.fileExists(atPath: $0 + "/SOURCES.md") } ?? candidates[0]
    }()

    static func fixture(_ name: String) -> String { (fixtures as NSString).appendingPathComponent(name) }

    /// A fresh temporary folder, removed by the caller with `cleanUp`.
    static func temporaryFolder() throws -> String {
        let path = NSTemporaryDirectory() + "triage-evidence-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func cleanUp(_ path: String) { try? FileManager.default.removeItem(atPath: path) }

    static func write(_ bytes: [UInt8], to path: String) throws {
        try FileManager.default.createDirectory(
            atPath: (path as NSString).deletingLastPathComponent,
            withIntermediateDirectories: true)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    static func signature(
        _ id: String, _ log: LogKind, _ literals: [String], level: String? = nil,
        component: String? = nil, _ captures: [LineSignature.Capture] = []
    ) -> LineSignature {
        LineSignature(
            id: id, log: log, literals: literals, level: level, component: component, captures: captures,
            title: LocalizedText(en: id), location: SourceLocation(file: "test", line: 1, column: 1))
    }

    static let cbsLines = [
        "2022-10-27 10:15:01, Info                  CBS    Session: 30993620_1 initialized by client WindowsUpdateAgent, external staging directory: (null)",
        "2022-10-27 10:15:02, Info                  CSI    00000001 CSI Store 1 (0x0000000000000001) initialized",
        "2022-10-27 10:15:03, Error                 CBS    Failed to stage execution package: Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6 [HRESULT = 0x800f0821 - CBS_E_ABORT]",
        "2022-10-27 10:15:04, Info                  CBS    Trusted Installer is shutting down because: SHUTDOWN_REASON_AUTOSTOP"
    ]
}
