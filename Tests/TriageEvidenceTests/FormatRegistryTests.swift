import Foundation
import Testing
import TriageCore
import TriageKnowledge

@testable import TriageEvidence

/// `LogFormats.all` is the one list of log kinds: each registered format has its own kind, and every log kind
/// the shipped knowledge names (`in=`, `from=`, a signature file's `log=`, a procedure's yielded logs,
/// `<collected>`) is registered there; the loader rejects any other name.
@Suite struct FormatRegistryTests {
    static let rules = ReaderFixtures.repoRoot.appendingPathComponent("Rules").path
    static let knowledgeFolder = ReaderFixtures.repoRoot.appendingPathComponent("KnowledgeBase").path

    /// The shipped knowledge loaded without checking log kind names, so every name it uses is kept.
    static let unchecked = KnowledgeLoader.load(rulesDirectory: rules, knowledgeDirectory: knowledgeFolder)

    @Test func everyRegisteredFormatHasItsOwnKind() {
        let kinds = LogFormats.all.map(\.kind)
        var seen: [LogKind: Int] = [:]
        for kind in kinds { seen[kind, default: 0] += 1 }
        #expect(seen.filter { $0.value > 1 }.keys.map(\.rawValue).sorted() == [])
        #expect(!kinds.contains(.unknown))
        #expect(LogFormats.kinds.count == LogFormats.all.count)
        for kind in kinds {
            #expect(
                !kind.rawValue.isEmpty
                    && kind.rawValue.utf8.allSatisfy { ASCII.isDigit($0) || (0x61...0x7A).contains($0) || $0 == 0x2D },
                "kind '\(kind.rawValue)' is not a lower-case name")
        }
    }

    @Test func theRegistryNamesTheKindsThatShipped() {
        // The names are the stable ids of XML and JSON: a renamed kind breaks every rule and report that uses it.
        #expect(
            LogFormats.all.map(\.kind.rawValue) == [
                "cmtrace", "events-text", "events-csv", "setupdiag", "compatdata", "reportingevents", "windowsupdate",
                "cbs", "dism", "setupact", "setuperr", "poqexec", "setupapi", "collector-info", "evtx", "etl", "pml"
            ])
    }

    @Test func everyKindTheKnowledgeUsesIsRegistered() {
        #expect(!Self.unchecked.hasErrors)
        let used = Self.usedKinds(Self.unchecked.knowledgeBase)
        #expect(used.count > 10)
        let unregistered = used.keys.filter { !LogFormats.kinds.contains($0) }.map(\.rawValue).sorted()
        #expect(unregistered == [], "log kinds used by the knowledge base but registered by no LogFormat")
    }

    @Test func loadingRejectsAKindNoFormatRegisters() {
        // Without poqexec's registration, each place the knowledge names it is an error, and only those.
        let result = KnowledgeLoader.load(
            rulesDirectory: Self.rules, knowledgeDirectory: Self.knowledgeFolder,
            logKinds: LogFormats.kinds.subtracting([.poqexec]))
        let errors = result.diagnostics.filter { $0.id == KnowledgeDiagnosticID.unknownLogKind }
        let expected = Self.usedKinds(Self.unchecked.knowledgeBase)[.poqexec] ?? 0
        #expect(expected > 0)
        #expect(errors.count == expected)
        #expect(errors.allSatisfy { $0.message.hasPrefix("unknown log kind 'poqexec' (known: cbs cmtrace ") })
        #expect(result.diagnostics.filter { $0.severity == .error }.count == expected)
    }

    /// How many times the knowledge names each log kind.
    static func usedKinds(_ kb: KnowledgeBase) -> [LogKind: Int] {
        var used: [LogKind: Int] = [:]
        func note(_ kinds: [LogKind]) { for kind in kinds { used[kind, default: 0] += 1 } }
        func walk(_ condition: Condition) {
            switch condition.node {
            case .all(let parts), .any(let parts): parts.forEach(walk)
            case .not(let inner): walk(inner)
            case .fact(let pattern), .count(let pattern, _, _), .absent(let pattern): note(pattern.sources)
            case .before(let first, let then, _, _): note(first.sources + then.sources)
            case .collected(let kind): note([kind])
            case .observation: break
            }
        }
        for rule in kb.rules { walk(rule.condition) }
        for spec in kb.factKinds { note(spec.producedBy) }
        // A signature file names its log once (`<signatures log="cbs">`).
        var signatureFiles: [String: LogKind] = [:]
        for signature in kb.signatures { signatureFiles[signature.location.file] = signature.log }
        note(Array(signatureFiles.values))
        for procedure in kb.procedures { note(procedure.yields.logs) }
        return used
    }
}
