import Foundation
import Testing

/// `triage test --record` on a folder holding only `bundles/` starts the case: a `case.xml` with one
/// submission and one recorded expectation per bundle, which then passes.
@Suite(.enabled(if: TriageProcess.binary != nil)) struct RecordNewCaseTests {
    func scratch() throws -> URL {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("triage-record-\(UUID().uuidString)")
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("new-case/bundles"),
            withIntermediateDirectories: true)
        return root
    }

    @Test func startsACaseFromBundlesAlone() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        let source = TriageProcess.repo.appendingPathComponent(
            "Tests/Cases/pending-reboot/bundles/2023-05-19-OPS-WS0077")
        try FileManager.default.copyItem(
            at: source,
            to: root.appendingPathComponent("new-case/bundles/2023-05-19-OPS-WS0077"))
        let folder = root.appendingPathComponent("new-case").path
        let record = try TriageProcess.run(["test", "--record", folder])
        #expect(record.status == 0, "\(record.out)\(record.err)")
        #expect(record.out.hasPrefix("started \(folder)/case.xml with 1 bundle(s)\n"))
        let xml = try String(contentsOfFile: folder + "/case.xml", encoding: .utf8)
        #expect(xml.contains("<case id=\"new-case\""))
        #expect(xml.contains("<submission id=\"b1\" date=\"2023-05-19\" bundle=\"bundles/2023-05-19-OPS-WS0077\"/>"))
        #expect(
            xml.contains("<expect date=\"2023-05-19\" name=\"bundle 1\">\n      <top hypothesis=\"pending-reboot\"/>"))
        #expect(xml.contains("<firstStep procedure=\"complete-pending-reboot\"/>"))
        let again = try TriageProcess.run(["test", folder])
        #expect(again.status == 0)
        #expect(again.out.hasSuffix("1 passed, 0 failed\n"), "\(again.out)")
    }

    @Test func anUndatedBundleIsRefusedWithItsName() throws {
        let root = try scratch()
        defer { try? FileManager.default.removeItem(at: root) }
        try FileManager.default.createDirectory(
            at: root.appendingPathComponent("new-case/bundles/PC-017"),
            withIntermediateDirectories: true)
        let run = try TriageProcess.run(["test", "--record", root.appendingPathComponent("new-case").path])
        #expect(run.status == 65)
        #expect(run.err.contains("bundle 'PC-017' must be named YYYY-MM-DD-… (the date of the submission)"))
        #expect(!FileManager.default.fileExists(atPath: root.appendingPathComponent("new-case/case.xml").path))
    }
}
