import Foundation
import Testing
import TriageCore
import TriageKnowledge

@testable import TriageEvidence

/// Bounded memory by design (issue 16 item 2): for every fact kind, past the per-file cap, facts equal but
/// for their instance attributes (`instance="true"` in `fact-kinds.xml`) are counted on one kept fact, and
/// past 5,000 distinct ones they are only counted in the source's notes; the extractors' own state is
/// bounded the same way. Each input is generated here, far larger than the cap it is read with.
@Suite struct BoundedMemoryTests {
    static let knowledge = KnowledgeLoader.load(
        rulesDirectory: ReaderFixtures.repoRoot.appendingPathComponent("Rules").path,
        knowledgeDirectory: ReaderFixtures.repoRoot.appendingPathComponent("KnowledgeBase").path
    ).knowledgeBase

    static var limits: InputLimits { EvidenceReader(knowledge: knowledge).limits }

    /// Every kind an extractor can emit (observations come from the engineer, not from a file).
    static let kinds = knowledge.factKinds.map(\.id).filter { $0 != FactKind.observation }

    @Test func everyKindTheExtractorsNameIsDeclared() {
        #expect(Self.kinds.count >= 18)
        #expect(
            Self.knowledge.factKind(FactKind.installAttempt)?.instanceAttributes == ["id", "started", "ended", "also"])
        #expect(Self.knowledge.factKind(FactKind.errorCode)?.instanceAttributes == [])
    }

    /// Per kind: 50 facts kept as they come; 250 more equal but for their instance attributes counted on the
    /// 51st; then 5,004 distinct ones, of which 4,999 are kept and 5 only counted in the note.
    @Test(arguments: kinds) func pastTheCapAKindIsCountedNotStored(kind: String) throws {
        let spec = try #require(Self.knowledge.factKind(kind))
        let instance = spec.instanceAttributes
        let varying = try #require(spec.attributes.first { !instance.contains($0) && $0 != "repeats" })
        var context = ExtractionContext(
            file: "big.log", kind: .cbs, lineFactCap: 50, instanceAttributes: Self.limits.instanceAttributes)
        var line = 0
        func emit(_ value: String) {
            line += 1
            var attributes: [String: String] = [:]
            for name in spec.attributes where name != "repeats" {
                attributes[name] = instance.contains(name) ? "#\(line)" : name == varying ? value : "v"
            }
            context.emit(
                Fact(kind: kind, attributes: attributes, provenance: Provenance(file: "big.log", line: line)))
        }
        for _ in 0..<300 { emit("same") }
        for k in 0..<5_004 { emit("distinct \(k)") }
        context.closeFolds()
        let facts = context.facts.filter { $0.kind == kind }
        #expect(facts.count == 50 + 1 + 4_999)
        let folded = facts.filter { $0["repeats"] != nil }
        #expect(folded.count == 1)
        #expect(folded.first?["repeats"] == "249")
        #expect(folded.first?.provenance.line == 51)
        #expect(folded.first?.provenance.endLine == 300)
        // The kept fact keeps the first occurrence's instance attributes.
        for name in instance { #expect(folded.first?[name] == "#51") }
        let isLine = kind == FactKind.errorCode || kind == FactKind.signature
        let expected =
            isLine
            ? "5304 error-code and signature facts: past the first 50, 249 identical facts counted on 5000 kept "
                + "(attribute repeats); past 5000 distinct, 5 \(kind) facts counted only"
            : "5304 \(kind) facts: past the first 50, 249 "
                + (instance.isEmpty ? "identical" : "equal but for \(instance.sorted().joined(separator: "/"))")
                + " counted on 5000 kept (attribute repeats); past 5000 distinct, 5 counted only"
        #expect(context.notes == [expected])
    }

    /// Facts that differ in whether an instance attribute is there at all are not equal.
    @Test func anInstanceAttributeStillCountsByItsPresence() {
        var context = ExtractionContext(
            file: "a.log", kind: .cbs, lineFactCap: 1, instanceAttributes: Self.limits.instanceAttributes)
        for (line, ended) in [(1, "x"), (2, "y"), (3, "z"), (4, nil)] as [(Int, String?)] {
            var attributes = ["id": "cbs:\(line)", "result": "failed"]
            if let ended { attributes["ended"] = ended }
            context.emit(
                Fact(
                    kind: FactKind.installAttempt, attributes: attributes,
                    provenance: Provenance(file: "a.log", line: line)))
        }
        context.closeFolds()
        #expect(context.facts.map { "\($0["id"]!) \($0["repeats"] ?? "-")" } == ["cbs:1 -", "cbs:2 1", "cbs:4 -"])
    }

    /// Facts with long values spend the byte budget before the count cap: past it, a fact is kept only when
    /// it is counted on one already kept, the rest counted in a note.
    @Test func theByteBudgetBoundsFactsWithLongValues() {
        var context = ExtractionContext(file: "a.log", kind: .cbs, lineFactCap: 20_000, factByteBudget: 1 << 20)
        let long = String(repeating: "x", count: 4_000)
        for line in 1...1_000 {
            context.emit(
                Fact(
                    kind: FactKind.rollback, attributes: ["trigger": "\(line) " + long, "phase": "startup"],
                    provenance: Provenance(file: "a.log", line: line, text: long)))
        }
        context.closeFolds()
        // Each fact costs about 8.3 KB (its value, its citation, the record): 127 fit in 1 MiB.
        #expect(context.facts.count == 127)
        #expect(
            context.notes == [
                "facts kept reached 1 MiB at line 127: past it, 873 rollback facts not equal to a kept one counted only"
            ])
    }

    // MARK: - Generated CBS logs, read end to end

    static func at(_ second: Int, _ level: String, _ text: String) -> String {
        let stamp = String(
            format: "2022-10-%02d %02d:%02d:%02d", 1 + second / 86_400, second / 3600 % 24, second / 60 % 60,
            second % 60)
        return "\(stamp), \(level.padding(toLength: 22, withPad: " ", startingAt: 0))CBS    \(text)"
    }

    /// One servicing session of `package`, finalized unless `open`.
    static func session(_ n: Int, package: String, open: Bool = false) -> [String] {
        let sid = "3100_\(n)"
        var lines = [
            at(n * 10, "Info", "Session: \(sid) initialized by client WindowsUpdateAgent"),
            at(
                n * 10 + 1, "Info",
                "Exec: Processing started.  Client: WindowsUpdateAgent, Session: \(sid), Package: \(package), Identifier: KB5012170, Rollback: False"
            )
        ]
        if !open {
            lines += [
                at(n * 10 + 2, "Info", "Exec: Processing complete.  Session: \(sid), Package: \(package) (Success)"),
                at(n * 10 + 3, "Info", "Session: \(sid) finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]")
            ]
        }
        return lines
    }

    func read(_ lines: [String], cap: Int) throws -> EvidenceSet {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(Array((lines.joined(separator: "\r\n") + "\r\n").utf8), to: folder + "/CBS.log")
        var limits = Self.limits
        limits.maxLineFactsPerSource = cap
        return try EvidenceReader(limits: limits, signatures: Self.knowledge.signatures).read(paths: [folder])
    }

    static let package = "Package_for_KB5012170~31bf3856ad364e35~amd64~~19041.1880.1.0"

    /// 2,000 identical install sessions read with a cap of 100: 100 attempts kept, the rest counted on the
    /// 101st (their ids and times differ, nothing else does); the extractor follows at most 20 at once.
    @Test func installAttemptsPastTheCapAreCounted() throws {
        let set = try read((0..<2_000).flatMap { Self.session($0, package: Self.package) }, cap: 100)
        let attempts = set.facts.filter { $0.kind == FactKind.installAttempt }
        #expect(attempts.count == 101)
        #expect(attempts.allSatisfy { $0["result"] == "succeeded" && $0["kb"] == "KB5012170" })
        let folded = try #require(attempts.first { $0["repeats"] != nil })
        #expect(folded["repeats"] == "1899")
        #expect(folded.provenance.line == 402)
        #expect(folded.provenance.endLine == 7_998)
        #expect(
            set.sources[0].notes == [
                "2000 error-code and signature facts: past the first 100, 1899 identical facts counted on 1 kept (attribute repeats)",
                "2000 install-attempt facts: past the first 100, 1899 equal but for also/ended/id/started counted on 1 kept (attribute repeats)"
            ])
    }

    /// 200 sessions that never end, each of another package, read with a cap of 100: the extractor holds
    /// at most 20 attempts and closes the oldest early, saying so; no attempt is lost.
    @Test func openSessionsAreNotHeldWithoutBound() throws {
        let lines = (0..<200).flatMap {
            Self.session($0, package: "Package_for_KB\(5_000_000 + $0)~31bf3856ad364e35~amd64~~19041.1.1.0", open: true)
        }
        let set = try read(lines, cap: 100)
        let attempts = set.facts.filter { $0.kind == FactKind.installAttempt }
        #expect(attempts.count == 200)
        #expect(Set(attempts.compactMap { $0["package"] }).count == 200)
        #expect(attempts.allSatisfy { $0["result"] == "unknown" && $0["repeats"] == nil })
        #expect(
            set.sources[0].notes == [
                "200 error-code and signature facts: past the first 100, 99 identical facts counted on 1 kept (attribute repeats)",
                "200 install-attempt facts: past the first 100, 0 equal but for also/ended/id/started counted on 100 kept (attribute repeats)",
                "187 install attempts still open closed early, past 20 held at once"
            ])
    }

    /// A failure code stays tied to its attempt's outcome when the attempt is handed over before the end.
    @Test func codesOfAttemptsHandedOverEarlyKeepTheirOutcome() throws {
        var lines: [String] = []
        for n in 0..<25 {
            let package = "Package_for_KB\(5_000_000 + n)~31bf3856ad364e35~amd64~~19041.1.1.0"
            let sid = "3100_\(n)"
            lines += [
                Self.at(n * 10, "Info", "Session: \(sid) initialized by client WindowsUpdateAgent"),
                Self.at(
                    n * 10 + 1, "Info",
                    "Exec: Processing started.  Client: WindowsUpdateAgent, Session: \(sid), Package: \(package), Identifier: KB\(5_000_000 + n), Rollback: False"
                ),
                Self.at(
                    n * 10 + 2, "Error",
                    "Failed to execute advanced installer. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"),
                Self.at(
                    n * 10 + 3, "Info",
                    "Exec: Processing complete.  Session: \(sid), Package: \(package) [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
                ),
                Self.at(
                    n * 10 + 4, "Info",
                    "Session: \(sid) finalized. Reboot required: no [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]")
            ]
        }
        let set = try read(lines, cap: 100)
        let attempts = set.facts.filter { $0.kind == FactKind.installAttempt }
        #expect(attempts.count == 25)
        #expect(attempts.allSatisfy { $0["result"] == "failed" && $0["hresult"] == "0x800f0922" })
        let codes = set.facts.filter { $0.kind == FactKind.errorCode && $0["level"] == "Error" }
        #expect(codes.count == 25)
        #expect(codes.allSatisfy { $0["attempt-result"] == "failed" && $0["attempt"] != nil && $0["kb"] != nil })
        #expect(set.sources[0].notes.allSatisfy { !$0.contains("held at once") })
    }

    /// 5,000 identical boot-time rollback lines read with a cap of 10: ten rollbacks kept, the rest on one.
    @Test func rollbacksPastTheCapAreCounted() throws {
        let rollback =
            "Startup: Rolling back the operations of the pending transaction because drivers failed. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]"
        let lines = (0..<5_000).map { Self.at($0, "Info", rollback) }
        let set = try read(lines, cap: 10)
        let rollbacks = set.facts.filter { $0.kind == FactKind.rollback }
        #expect(rollbacks.count == 11)
        #expect(rollbacks.last?["repeats"] == "4989")
        #expect(rollbacks.last?["trigger"] == "drivers failed")
        #expect(
            set.sources[0].notes.contains(
                "5000 rollback facts: past the first 10, 4989 identical counted on 1 kept (attribute repeats)"))
    }
}
