import Foundation
import Testing
import TriageCore

@testable import TriageCases

/// The committed case folders: every manifest loads cleanly and means what the seed says.
@Suite struct CaseFolderTests {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()
    static let cases = repo.appendingPathComponent("Tests/Cases").path

    static func caseFolders() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: cases)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: "\(cases)/\($0)/case.xml") }.sorted()
            .map { "\(cases)/\($0)" }
    }

    @Test func everyManifestLoadsWithoutDiagnostics() {
        let folders = Self.caseFolders()
        #expect(folders.count >= 21)
        for folder in folders {
            let r = CaseLoader.load(folder: folder)
            #expect(r.diagnostics.map(\.description) == [], "\(folder)")
            #expect(r.manifest?.id == (folder as NSString).lastPathComponent)
            #expect(r.manifest?.expectations.isEmpty == false, "\(folder) has no expectations")
        }
    }

    @Test func everyOwnBundleExistsAndCorpusBundlesAreSkippable() {
        for folder in Self.caseFolders() {
            guard let m = CaseLoader.load(folder: folder).manifest else { continue }
            for s in m.submissions {
                switch BundleLocator.locate(s, caseFolder: folder) {
                case .found: break
                case .missing(let reason, let skippable):
                    #expect(skippable, "\(reason)")
                }
            }
        }
    }

    @Test func seedManifestHasItsMoments() throws {
        let m = try #require(CaseLoader.load(folder: "\(Self.cases)/CAS-07397").manifest)
        #expect(m.kb == "KB5016623")
        #expect(m.problem[.zhCN] == "用户反馈系统安装更新补丁失败的问题，需要协助排查。")
        #expect(
            m.submissions.map(\.bundle) == [
                "bundles/2022-10-24-BR0101-PC017", "bundles/2022-10-28-BR0101-PC023.zip",
                "bundles/2022-11-08-BR0101-PC023"
            ])
        #expect(
            m.expectations.map(\.date.description) == [
                "2022-10-24", "2022-10-26", "2022-10-28", "2022-11-04",
                "2022-11-08", "2022-11-22"
            ])
        let moment3 = m.expectations[2]
        #expect(
            moment3.checks.contains(
                .finding(
                    "machine-mismatch",
                    attributes: [
                        "machine": "BR0101-PC023",
                        "previous": "BR0101-PC017"
                    ])))
        #expect(moment3.checks.contains(.firstStep(["offline-install-with-hash"])))
        #expect(m.expectations[1].checks.contains(.firstStep(["procmon-boot-logging", "wpr-boot-trace"])))
    }

    /// The history findings the seed's expectations ask for, computed from the manifest alone.
    @Test func seedHistoryFindingsHoldAtEachMoment() throws {
        let m = try #require(CaseLoader.load(folder: "\(Self.cases)/CAS-07397").manifest)
        for e in m.expectations {
            let state = CaseState(m, .before(e))
            let result = CaseResult(hypotheses: [], nextSteps: [], findings: state.findings)
            let historyChecks = e.checks.filter {
                switch $0 {
                case .finding(let id, _), .noFinding(let id):
                    id == CaseFinding.machineMismatch || id == CaseFinding.requestRepeated
                default: false
                }
            }
            let failures = Expectation(date: e.date, name: e.name, checks: historyChecks).failures(against: result)
            #expect(failures.flatMap(\.diffLines) == [], "\(e.name)")
        }
    }

    @Test func badManifestsGiveLocatedDiagnostics() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("case-\(UUID().uuidString)")
        let folder = dir.appendingPathComponent("X")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        try """
        <case id="X">
          <history>
            <request date="2022-13-40" procedure="collect-logs"/>
          </history>
        </case>
        """.write(to: folder.appendingPathComponent("case.xml"), atomically: true, encoding: .utf8)
        let noSchema = CaseLoader.load(folder: folder.path)
        #expect(noSchema.manifest == nil)
        #expect(
            noSchema.diagnostics.map(\.description) == [
                "\(folder.path)/case.xml:3:14: error: '2022-13-40' is not a date (YYYY-MM-DD[THH:MM]) [case-date]"
            ])
        try """
        <case id="X">
          <history>
            <meeting date="2022-10-24"/>
          </history>
        </case>
        """.write(to: folder.appendingPathComponent("case.xml"), atomically: true, encoding: .utf8)
        let withSchema = CaseLoader.load(folder: folder.path, schemaPath: "\(Self.cases)/case.xsd")
        #expect(withSchema.manifest == nil)
        #expect(withSchema.diagnostics.map(\.id) == ["schema"])
        #expect(withSchema.diagnostics.first?.location.line == 3)
    }
}
