import Testing
import TriageCore

@testable import TriageEvidence

/// Finishing install attempts writes their outcome onto the error codes that name them. The codes are found
/// through an index kept as facts are stored; an extractor that edits or replaces the facts itself makes the
/// index be rebuilt, so the codes are still found.
@Suite struct AttemptCodesTests {
    static func code(_ attempt: String?, line: Int) -> Fact {
        var attributes = ["code": "0x800f0922", "context": "install"]
        attributes["attempt"] = attempt
        return Fact(
            kind: FactKind.errorCode, attributes: attributes, provenance: Provenance(file: "CBS.log", line: line))
    }

    static func attempt(_ id: String, kb: String, result: AttemptResult) -> Attempt {
        var attempt = Array("x".utf8).withLineBytes {
            Attempt(id: id, line: LogLine(bytes: $0, number: 1), time: nil, started: nil)
        }
        attempt.kb = kb
        attempt.result = result
        return attempt
    }

    @Test(arguments: ["stored", "edited", "replaced"])
    func codesOfFinishedAttemptsGetTheirOutcome(history: String) {
        var context = ExtractionContext(file: "CBS.log", kind: .cbs)
        for (line, id) in ["a", "b", nil, "a", "c"].enumerated() { context.emit(Self.code(id, line: line + 1)) }
        switch history {
        case "edited": context.updateFacts { $0[1].attributes["attempt"] = "c" }
        case "replaced": context.replaceFacts(context.facts.reversed())
        default: break
        }
        context.finishAttempts([
            Self.attempt("a", kb: "KB1", result: .failed), Self.attempt("c", kb: "KB3", result: .succeeded)
        ])
        let codes = context.facts.filter { $0.kind == FactKind.errorCode }
        let expected: [String?] =
            switch history {
            case "edited": ["failed", "succeeded", nil, "failed", "succeeded"]
            case "replaced": ["succeeded", "failed", nil, nil, "failed"]
            default: ["failed", nil, nil, "failed", "succeeded"]
            }
        #expect(codes.map { $0["attempt-result"] } == expected)
        #expect(codes.map { $0["kb"] } == expected.map { $0 == "failed" ? "KB1" : $0 == "succeeded" ? "KB3" : nil })
        // The attempts themselves are facts now.
        #expect(context.facts.filter { $0.kind == FactKind.installAttempt }.map { $0["id"] } == ["a", "c"])
    }

    @Test func channelAndAppTestsIgnoreASCIICase() {
        #expect(Facts.channel(client: "WindowsUpdateAgent") == "windows-update")
        #expect(Facts.channel(client: "UpdateOrchestrator") == "windows-update")
        #expect(Facts.channel(client: "UPDATE;ws") == "windows-update")
        #expect(Facts.channel(client: "Dism Package Manager Provider") == "dism")
        #expect(Facts.channel(client: "WUSA") == "offline-msu")
        #expect(Facts.channel(client: "TrustedInstaller") == "unknown")
        #expect(Facts.channel(client: "") == "unknown")
        #expect(AppTarget.hasSuffixIgnoringASCIICase("Contoso_1.0_x64.AppX", ".appx"))
        #expect(!AppTarget.hasSuffixIgnoringASCIICase("appx", ".appx"))
        #expect(!AppTarget.hasSuffixIgnoringASCIICase("Contoso.appxé", ".appx"))
        // Not ASCII: compared as text, character by character, as before: a combining mark after a name, or a
        // mark joined to the dot, stops the match.
        #expect(Facts.channel(client: "WUSA\u{0301}.exe") == "unknown")
        #expect(Facts.channel(client: "Update;\u{0301}x") == "unknown")
        #expect(Facts.channel(client: "Überwachung DISM") == "dism")
        #expect(!AppTarget.isApp(package: "foo\u{0600}.appx", title: nil))
        #expect(AppTarget.isApp(package: "Ünïcode.APPX", title: nil))
    }
}
