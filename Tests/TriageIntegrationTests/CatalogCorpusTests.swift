import Foundation
import Testing
import TriageCore
import TriageEvidence

/// Every failure code the extractors find at Error level in a CBS, DISM or WindowsUpdate log of the corpus is
/// in the catalog or in the "Seen and unexplained" table of docs/knowledge-base.md (what
/// scripts/corpus-error-codes.py checks by regex, here through the real readers).
@Suite(.enabled(if: Pipeline.corpus != nil, "../shared/corpus not found beside the repo; catalog corpus check skipped"))
struct CatalogCorpusTests {
    /// Codes of the docs table: rows that start with "| `0x…`" under "### Seen and unexplained".
    static func unexplained() throws -> Set<HRESULT> {
        let text = try String(contentsOfFile: Pipeline.repoRoot + "/docs/knowledge-base.md", encoding: .utf8)
        let section = try #require(text.components(separatedBy: "### Seen and unexplained").dropFirst().first)
        let body = section.components(separatedBy: "\n## ").first ?? section
        return Set(
            body.split(separator: "\n").compactMap { line -> HRESULT? in
                guard line.hasPrefix("| `0x") else { return nil }
                return HRESULT(parsing: line.dropFirst(3).prefix(10))
            })
    }

    @Test func everyErrorLineCodeIsCataloguedOrNoted() throws {
        let corpus = try #require(Pipeline.corpus)
        let catalog = Set(Pipeline.knowledge.errorCodes.map(\.code))
        let noted = try Self.unexplained()
        #expect(noted.count == 33)
        #expect(noted.isDisjoint(with: catalog), "a noted code is in the catalog: drop it from the docs table")
        let logs: Set<String> = [LogKind.cbs.rawValue, LogKind.dism.rawValue, LogKind.windowsUpdate.rawValue]
        var seen: [HRESULT: String] = [:]
        let files = FileManager.default.enumerator(atPath: corpus)?.compactMap { $0 as? String }.sorted() ?? []
        for file in files {
            let name = (file as NSString).lastPathComponent.lowercased()
            guard name.hasPrefix("cbs") || name.hasPrefix("dism") || name.hasPrefix("windowsupdate") else { continue }
            let evidence = try EvidenceReader(signatures: Pipeline.knowledge.signatures).read(paths: [
                corpus + "/" + file
            ])
            for fact in evidence.facts
            where fact.kind == FactKind.errorCode && logs.contains(fact["log"] ?? "")
                && (fact["level"] == "Error" || fact["level"] == "Fatal")
            {
                guard let code = fact["code"].flatMap({ HRESULT(parsing: $0) }), code.isFailure else { continue }
                if seen[code] == nil { seen[code] = "\(file):\(fact.provenance.line)" }
            }
        }
        let missing = seen.keys.filter { !catalog.contains($0) && !noted.contains($0) }.sorted()
        #expect(missing.isEmpty, "\(missing.map { "\($0.upperHex) (\(seen[$0]!))" })")
        #expect(seen.count >= 60)
    }
}
