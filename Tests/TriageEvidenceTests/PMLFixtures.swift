import Foundation
import TriageCore
import TriageKnowledge

@testable import TriageEvidence

/// The PML fixtures of `Tests/Fixtures/pml/` as writer input. `PMLReaderTests.fixturesAreCurrent` checks the
/// files equal what the writer makes of these (set `TRIAGE_WRITE_FIXTURES=1` to rewrite them).
enum PMLFixtures {
    static let folder = ReaderFixtures.repoRoot.appendingPathComponent("Tests/Fixtures/pml").path
    /// The shipped knowledge base: its Process Monitor failure results (`procmon-results.xml`) go to the reader.
    static let knowledge = KnowledgeLoader.load(
        rulesDirectory: ReaderFixtures.repoRoot.appendingPathComponent("Rules").path,
        knowledgeDirectory: ReaderFixtures.repoRoot.appendingPathComponent("KnowledgeBase").path
    ).knowledgeBase
    static var limits: InputLimits {
        var limits = InputLimits()
        limits.procmonFailureResults = knowledge.procmonFailureCodes
        return limits
    }
    typealias E = PMLTestWriter.Event
    typealias P = PMLTestWriter.Process

    static func t(_ s: Int, ticks: UInt64 = 0) -> UInt64 { PMLTestWriter.fileTime(2024, 3, 12, 7, 41, s, ticks: ticks) }

    static let system = P(pid: 4, parentPID: 0, name: "System", image: "System")
    static let trustedInstaller = P(
        pid: 1104, parentPID: 672, name: "TrustedInstaller.exe",
        image: "C:\\Windows\\servicing\\TrustedInstaller.exe",
        description: "Windows Modules Installer")
    static let tiWorker = P(
        pid: 2260, parentPID: 812, name: "TiWorker.exe",
        image:
            "C:\\Windows\\WinSxS\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.3990_none_7e1b4bfd47f0e5d2\\TiWorker.exe",
        description: "Windows Modules Installer Worker")
    static let antivirus = P(
        pid: 1880, parentPID: 672, name: "cavsvc.exe",
        image: "C:\\Program Files\\Contoso\\Antivirus\\cavsvc.exe",
        company: "Contoso Security Ltd.", description: "Contoso Antivirus Service")

    static let pending = "C:\\Windows\\WinSxS\\pending.xml"

    /// boot_log.pml: at boot the antivirus opens pending.xml and TiWorker is denied it (twice), then cannot
    /// rename a WinSxS file (sharing violation); the usual NAME NOT FOUND noise around it.
    static var blocked: PMLTestWriter {
        var w = PMLTestWriter()
        w.processes = [system, trustedInstaller, tiWorker, antivirus]
        w.events = [
            E(process: 1, detail: .processStart, time: t(2)),
            E(process: 3, detail: .file(operation: 20), path: pending, time: t(3)),
            E(process: 1, detail: .processCreate(childPID: 2260), path: tiWorker.image, time: t(4)),
            E(process: 2, detail: .processStart, time: t(4, ticks: 100)),
            E(
                process: 2, detail: .registry(operation: 0), path: "HKLM\\COMPONENTS\\PendingXmlIdentifier",
                result: PMLTestWriter.nameNotFound, time: t(5)),
            E(process: 2, detail: .file(operation: 20), path: pending, result: PMLTestWriter.accessDenied, time: t(6)),
            E(process: 2, detail: .file(operation: 20), path: pending, result: PMLTestWriter.accessDenied, time: t(7)),
            E(
                process: 2, detail: .file(operation: 26, sub: 0x0a),
                path: "C:\\Windows\\WinSxS\\Temp\\PendingRenames\\5f1c.cdf-ms", result: PMLTestWriter.sharingViolation,
                time: t(8)),
            E(
                process: 2, detail: .file(operation: 20), path: "C:\\Windows\\servicing\\Sessions\\Sessions.xml",
                time: t(9)),
            E(process: 2, detail: .processExit, time: t(12))
        ]
        return w
    }

    /// clean_boot_log.pml: TiWorker processes pending.xml at boot without a failure (32-bit capture).
    static var clean: PMLTestWriter {
        var w = PMLTestWriter()
        w.is64Bit = false
        w.processes = [system, trustedInstaller, tiWorker]
        w.events = [
            E(process: 1, detail: .processStart, time: t(2)),
            E(process: 2, detail: .processStart, time: t(4)),
            E(process: 2, detail: .file(operation: 20), path: pending, time: t(6)),
            E(process: 2, detail: .file(operation: 23), path: pending, time: t(6, ticks: 5_000)),
            E(process: 2, detail: .registry(operation: 1), path: "HKLM\\COMPONENTS\\PendingXmlIdentifier", time: t(7)),
            E(process: 2, detail: .processExit, time: t(30))
        ]
        return w
    }

    static let all: [(name: String, writer: PMLTestWriter)] = [("boot_log.pml", blocked), ("clean_boot_log.pml", clean)]
}
