import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Feeds bytes to an extractor the way the reader will: split on `\n`, strip one trailing `\r`,
/// number lines from 1. UTF-16 input (ReportingEvents.log) is transcoded here with Foundation (tests only).
enum Harness {
    static func run(_ kind: LogKind, bytes input: [UInt8], file: String = "test.log") -> ExtractionContext {
        var bytes = input
        if bytes.count >= 2, (bytes[0] == 0xFF && bytes[1] == 0xFE) || (bytes[0] == 0xFE && bytes[1] == 0xFF) {
            let enc: String.Encoding = bytes[0] == 0xFF ? .utf16LittleEndian : .utf16BigEndian
            let s = String(data: Data(bytes[2...]), encoding: enc) ?? ""
            bytes = Array(s.utf8)
        }
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { bytes.removeFirst(3) }
        var context = ExtractionContext(file: file, kind: kind)
        guard var extractor = Extractors.make(for: kind) else { return context }
        bytes.withLineBytes { all in
            var start = 0
            var number = 0
            while start < all.count || (start == all.count && number == 0 && !all.isEmpty) {
                var end = start
                while end < all.count, all[end] != 0x0A { end += 1 }
                number += 1
                var stop = end
                if stop > start, all[stop - 1] == 0x0D { stop -= 1 }
                extractor.consume(
                    LogLine(bytes: all.slice(from: start, to: stop), number: number),
                    into: &context)
                start = end + 1
                if end == all.count { break }
            }
        }
        extractor.finish(into: &context)
        return context
    }

    static func run(_ kind: LogKind, _ text: String, file: String = "test.log") -> ExtractionContext {
        run(kind, bytes: Array(text.utf8), file: file)
    }

    /// Repository root, from this file's path.
    static let repoRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func fixture(_ name: String) throws -> [UInt8] {
        let url = repoRoot.appendingPathComponent("Tests/Fixtures/extractors").appendingPathComponent(name)
        return [UInt8](try Data(contentsOf: url))
    }

    /// `../shared/corpus` next to the repository, or nil when absent. (Worktrees one level deeper,
    /// `/work/wt/<name>`, find it at `../../shared/corpus`.)
    static let corpus: URL? = {
        for up in ["../shared/corpus", "../../shared/corpus"] {
            let url = repoRoot.appendingPathComponent(up).standardizedFileURL
            if FileManager.default.fileExists(atPath: url.appendingPathComponent("SOURCES.md").path) { return url }
        }
        return nil
    }()

    /// A corpus log run through its extractor; callers are `.enabled(if: corpus != nil)`, so a missing corpus
    /// shows as skipped, and reading it here without one is an error, not a silent pass.
    static func corpusFile(_ kind: LogKind, _ path: String) throws -> ExtractionContext {
        let root = try #require(corpus, "../shared/corpus not found")
        let data = try Data(contentsOf: root.appendingPathComponent(path))
        return run(kind, bytes: [UInt8](data), file: path)
    }
}

extension ExtractionContext {
    func facts(_ kind: String, _ match: [String: String] = [:]) -> [Fact] {
        facts.filter { f in f.kind == kind && match.allSatisfy { f.attributes[$0.key] == $0.value } }
    }
}

extension Fact {
    /// `line kind k=v k=v` with sorted keys, for readable exact assertions.
    var summary: String {
        "\(provenance.line) \(kind) "
            + attributes.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }
            .joined(separator: " ")
    }
}
