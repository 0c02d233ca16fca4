import Foundation
import Testing

/// Shell completion scripts (README "Shell completion") and the `version` object of `next --format json`.
@Suite(.enabled(if: TriageProcess.binary != nil)) struct CompletionAndNextVersionTests {
    @Test(arguments: [
        ("bash", "complete -o filenames -F _triage triage"), ("zsh", "#compdef triage"),
        ("fish", "complete -c 'triage'")
    ])
    func completionScriptForEachShell(shell: String, marker: String) throws {
        let run = try TriageProcess.run(["--generate-completion-script", shell])
        #expect(run.status == 0)
        #expect(run.out.contains(marker), "\(run.out.suffix(300))")
        // Every subcommand is offered, fleet included.
        for command in ["analyze", "next", "fleet", "explain", "evidence", "code", "rules", "test"] {
            #expect(run.out.contains(command), "\(shell): \(command)")
        }
    }

    @Test func nextJSONCarriesTheSameVersionAsAnalyze() throws {
        let next = try TriageProcess.run(["next", "--format", "json", "Tests/Cases/CAS-07397"])
        #expect(next.status == 0)
        let object = try JSONSerialization.jsonObject(with: Data(next.out.utf8)) as! [String: Any]
        let version = object["version"] as! [String: Any]
        let analyze = try TriageProcess.run([
            "analyze", "--format", "json", "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"
        ])
        let analyzeVersion =
            (try JSONSerialization.jsonObject(with: Data(analyze.out.utf8)) as! [String: Any])["version"]
            as! [String: Any]
        #expect(version["tool"] as? String == "0.14.0")
        #expect(version["knowledge"] as? String == analyzeVersion["knowledge"] as? String)
        #expect(version["knowledgeFiles"] as? Int == analyzeVersion["knowledgeFiles"] as? Int)
        #expect(object["case"] != nil && object["report"] != nil)
    }
}
