import Foundation
import Testing
import TriageCore

@testable import TriageKnowledge

/// `triage rules docs`: the generated part of the rules index, exactly, from the rules alone.
@Suite struct RulesDocumentTests {
    func rule(_ id: String, _ title: String, source: String?, effects: [Conclusion.Effect]) -> Rule {
        var rule = Rule(
            id: id, area: String(id.split(separator: "/")[0]), title: LocalizedText(en: title),
            summary: LocalizedText(), condition: Condition(.all([]), at: SourceLocation(file: "r", line: 1, column: 1)),
            conclusions: effects.map { Conclusion($0, at: SourceLocation(file: "r", line: 1, column: 1)) },
            examples: [], location: SourceLocation(file: "r", line: 1, column: 1))
        rule.source = source
        return rule
    }

    @Test func theGeneratedPartComesFromTheRulesAndKeepsTheAreaDescriptions() throws {
        var kb = KnowledgeBase()
        kb.rules = [
            rule(
                "wsus/b", "B | pipe", source: nil, effects: [.opposes(hypothesis: "payload-corrupt", strength: .weak)]),
            rule(
                "cbs/a", "A", source: "seed case",
                effects: [
                    .supports(hypothesis: "payload-corrupt", strength: .strong),
                    .recommends(procedure: "offline-install-with-hash")
                ])
        ]
        let document = """
            # Rules index
            \(RulesDocument.begin)
            ## cbs — Component-based servicing (9)
            stale
            \(RulesDocument.end)
            ## Notes
            """
        let updated = try RulesDocument.update(document, with: kb)
        #expect(
            updated == """
                # Rules index
                \(RulesDocument.begin)

                ## cbs — Component-based servicing (1)

                | id | detects | hypotheses | recommends | source |
                |---|---|---|---|---|
                | `cbs/a` | A | +payload-corrupt (strong) | `offline-install-with-hash` | seed case |

                ## wsus (1)

                | id | detects | hypotheses | recommends | source |
                |---|---|---|---|---|
                | `wsus/b` | B \\| pipe | \u{2212}payload-corrupt (weak) | — | — |

                ## Coverage

                2 rules.

                Hypotheses supported by at least one rule: `payload-corrupt`.

                Procedures recommended by at least one rule: `offline-install-with-hash`.

                ## Codes each rule tests

                The status codes a rule reasons about (tested with `equals`/`oneOf` outside `<not>`/`<absent>`), as
                `triage rules list` shows them in its CODES column. Every `failure` code of the catalog appears here at
                least once, and the rule's `<fires>` example cites a line with it (checked by `triage rules lint`).

                | rule | codes |
                |---|---|

                \(RulesDocument.end)
                ## Notes
                """)
        #expect(throws: RulesDocument.Failure.self) { try RulesDocument.update("# no markers", with: kb) }
    }
}
