import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// The whole-buffer literal search that picks the lines extractors and signatures look at: both engines
/// (Teddy where the CPU has it, Wu–Manber everywhere) must find exactly what a naive search finds.
@Suite struct LiteralScannerTests {
    static let literals = [
        "Startup:", " finalized", " (F) ", "Shtd:", "CBS_E_ABORT", "[HRESULT = ", "Exec: Processing complete",
        "Reporting package change completion for package: ", "abc", "xy", "Startup: Rolling back", "aaaa"
    ].map { Array($0.utf8) }

    /// Deterministic text: pieces of the literals, their prefixes, noise words and line ends.
    static func text(bytes: Int, seed: UInt64) -> [UInt8] {
        var state = seed
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        let noise = [
            "Info ", "CBS    ", "2022-10-27 08:00:00, ", "\r\n", "\n", "Package_for_RollupFix ", "0x800f0821 ",
            "0x0 ", "@0x1234 ", "0X8007000E ", "Exec: Processing package ", "Startu", "aaa", "a", "(F)", "Shtd", " ",
            "x"
        ]
        var out: [UInt8] = []
        while out.count < bytes {
            let r = next()
            if r % 5 == 0 {
                let literal = literals[Int(r / 5 % UInt64(literals.count))]
                // Whole literal, or all but its last byte (a near miss).
                out.append(contentsOf: r % 3 == 0 ? literal.dropLast() : literal[...])
            } else {
                out.append(contentsOf: noise[Int(r / 5 % UInt64(noise.count))].utf8)
            }
        }
        return out
    }

    static func naive(_ text: [UInt8], _ literals: [[UInt8]]) -> [String] {
        var found: [String] = []
        guard !text.isEmpty else { return found }
        for start in text.indices {
            for (l, literal) in literals.enumerated() where start + literal.count <= text.count {
                if text[start..<(start + literal.count)].elementsEqual(literal) { found.append("\(start):\(l)") }
            }
        }
        return found.sorted()
    }

    static func scanned(_ text: [UInt8], engine: LiteralScanner.Engine, statusCodes: Bool = false) -> [LiteralHit] {
        let scanner = text.withUnsafeBufferPointer {
            LiteralScanner(
                literals: literals, statusCodes: statusCodes,
                sample: UnsafeBufferPointer(rebasing: $0.prefix(8192)), engine: engine)
        }
        var hits: [LiteralHit] = []
        _ = text.withUnsafeBufferPointer { scanner.scan($0, into: &hits) }
        return hits
    }

    @Test(arguments: [LiteralScanner.Engine.automatic, .wuManber], [0, 1, 3, 17, 200, 5000, 70000])
    func findsWhatANaiveSearchFinds(engine: LiteralScanner.Engine, size: Int) {
        let text = Self.text(bytes: size, seed: UInt64(size) &+ 0x9E37_79B9)
        let hits = Self.scanned(text, engine: engine)
        #expect(hits.map { "\($0.offset):\($0.literal)" }.sorted() == Self.naive(text, Self.literals))
        #expect(hits.map(\.offset) == hits.map(\.offset).sorted(), "hits come ordered by offset")
    }

    /// Line ends and `0x`/`0X` pairs, found in the vector pass in batches (more than one batch's worth here),
    /// and line ends handed to the framer by the scanner exactly where they are.
    @Test func regionMarksFindEveryLineEndAndHexPair() {
        let text = Self.text(bytes: 2_000_000, seed: 11)
        let marks = RegionMarks()
        var newlines: [Int] = []
        var pairs: [Int] = []
        text.withUnsafeBufferPointer { p in
            marks.mark(p.baseAddress!, count: p.count, teddy: nil, lines: true, hexes: true) { _, _, ends, zeros in
                newlines += ends.map(Int.init)
                pairs += zeros.map(Int.init)
            }
        }
        #expect(newlines == text.indices.filter { text[$0] == 0x0A })
        #expect(newlines.count > 16384)
        #expect(pairs == text.indices.dropLast().filter { text[$0] == 0x30 && text[$0 + 1] | 0x20 == 0x78 })
        #expect(pairs.contains { text[$0 + 1] == 0x58 })

        let scanner = text.withUnsafeBufferPointer {
            LiteralScanner(
                literals: Self.literals, statusCodes: true, sample: UnsafeBufferPointer(rebasing: $0.prefix(8192)))
        }
        var hits: [LiteralHit] = []
        var lineEnds: [UInt32] = [7]
        let found = text.withUnsafeBufferPointer { p in
            withUnsafeMutablePointer(to: &lineEnds) { scanner.scan(p, into: &hits, lineEnds: $0) }
        }
        #expect(found == RegionMarks.isVectorised)
        #expect(lineEnds.map(Int.init) == (found ? newlines : [7]))
    }

    /// The pass at every vector width this CPU has (64 with AVX-512, 32 with AVX2, and the byte-at-a-time loop
    /// at 0) gives the same marks in the same order: line ends, `0x` pairs, and literal hits with their
    /// literals, over many batches and region sizes that leave every remainder of a 64- and 32-byte block.
    @Test(
        .enabled(if: RegionMarks.isVectorised, "no vector pass on this CPU"),
        arguments: [0, 1, 35, 66, 67, 131, 70_003, 1_000_000])
    func regionMarksAreTheSameAtEveryVectorWidth(size: Int) {
        let text = Self.text(bytes: size, seed: UInt64(size) &+ 41)
        // The scanner's literals and the noise words: enough for all 16 buckets to hold some.
        let words = [
            "Package_for_RollupFix", "0x800f0821", "Exec: Processing package", "2022-10-27", "CBS    ", "@0x1234",
            "0X8007000E", "Info ", "Shtd", "(F)a", "Startu", "aaa x", "\r\nCBS", "for_R", "10-27 08", "Rolling"
        ].map { Array($0.utf8) }
        let literals = (Self.literals + words).filter { $0.count >= TeddySearch.fingerprint }
        func marked(width: Int, teddy: TeddySearch?) -> [[Int]] {
            let marks = RegionMarks(literals: literals.count, width: width)
            var found: [[Int]] = [[], [], [], []]
            text.withUnsafeBufferPointer { p in
                guard let base = p.baseAddress else { return }
                marks.mark(base, count: p.count, teddy: teddy, lines: true, hexes: true) { hits, ids, ends, zeros in
                    found[0] += hits.map(Int.init)
                    found[1] += ids.map(Int.init)
                    found[2] += ends.map(Int.init)
                    found[3] += zeros.map(Int.init)
                }
            }
            return found
        }
        let teddy = text.withUnsafeBufferPointer {
            TeddySearch(literals: literals, members: Array(literals.indices), sample: $0)
        }
        let widest = marked(width: RegionMarks.vectorWidth, teddy: teddy)
        #expect(widest[2] == text.indices.filter { text[$0] == 0x0A })
        #expect(widest[0].count == widest[1].count && (size < 1000 || widest[0].count > 1000))
        for width in [32, 0] {
            #expect(marked(width: width, teddy: teddy) == widest, "width \(width)")
            #expect(marked(width: width, teddy: nil)[2...] == widest[2...], "width \(width), lines and pairs only")
        }
    }

    /// Lists sized for a small region (a small file's buffer) still mark a larger region completely, in more
    /// batches: the same line ends, `0x` pairs and literal hits as lists of the usual size.
    @Test(arguments: [1, 100, 5000])
    func regionMarksSizedForASmallRegionMarkEverything(regionBytes: Int) {
        let text = Self.text(bytes: 300_000, seed: 23)
        func marked(_ marks: RegionMarks) -> [[Int]] {
            var found: [[Int]] = [[], [], []]
            text.withUnsafeBufferPointer { p in
                marks.mark(p.baseAddress!, count: p.count, teddy: nil, lines: true, hexes: true) { _, _, ends, zeros in
                    found[0] += ends.map(Int.init)
                    found[1] += zeros.map(Int.init)
                }
            }
            return found
        }
        #expect(marked(RegionMarks(regionBytes: regionBytes)) == marked(RegionMarks()))
        let hits = text.withUnsafeBufferPointer { p in
            let scanner = LiteralScanner(
                literals: Self.literals, statusCodes: true, sample: UnsafeBufferPointer(rebasing: p.prefix(8192)),
                regionBytes: regionBytes)
            var hits: [LiteralHit] = []
            scanner.scan(p, into: &hits)
            return hits
        }
        #expect(
            hits.filter { $0.literal >= 0 }.map { "\($0.offset):\($0.literal)" }.sorted()
                == Self.naive(text, Self.literals))
        #expect(hits.count == Self.scanned(text, engine: .automatic, statusCodes: true).count)
    }

    /// A literal at every position: the vector search fills its hit buffer many times and resumes.
    @Test(arguments: [LiteralScanner.Engine.automatic, .wuManber])
    func denseMatchesAreAllReported(engine: LiteralScanner.Engine) {
        let text = [UInt8](repeating: 0x61, count: 50_000)
        let hits = Self.scanned(text, engine: engine)
        #expect(hits.count == 50_000 - 3)
        #expect(hits.map(\.offset) == Array(0..<(50_000 - 3)))
    }

    @Test(arguments: [LiteralScanner.Engine.automatic, .wuManber])
    func aLiteralCutByTheRegionEndIsNotReported(engine: LiteralScanner.Engine) {
        let text = Array("....CBS_E_ABORT ... CBS_E_ABO".utf8)
        #expect(Self.scanned(text, engine: engine).map(\.offset) == [4])
    }

    /// Every `0x…` token CodeScanner reads as a code is reported as a status-code hit (and `@0x…`
    /// addresses, success codes and long hex runs are not).
    @Test func statusCodeHitsCoverEveryCodeTheScannerReads() {
        let line = "x Error: 0x00000057 at @0x80070490 (0X800F0821) 0x0 0x1234567890 [0x8007000e]; 0xC1900101"
        let bytes = Array(line.utf8)
        let hits = Self.scanned(bytes, engine: .automatic, statusCodes: true).filter {
            $0.literal == LiteralScanner.statusCode
        }
        let codes = bytes.withLineBytes { CodeScanner.scan($0, forms: []) }
        #expect(Set(codes.map(\.offset)).isSubset(of: Set(hits.map(\.offset))))
        #expect(hits.map(\.offset) == [9, 36, 66, 79])
    }

    /// The literals the reader looks for in CBS logs (the extractor's triggers and the shipped signatures'
    /// anchors): on every real CBS log we have, both engines report the same hits.
    @Test(.enabled(if: Harness.corpus != nil, "../shared/corpus not found"))
    func enginesAgreeOnRealCBSLogs() throws {
        let corpus = try #require(Harness.corpus)
        let literals =
            (CBSExtractor.lineTriggers.literals + [
                "[HRESULT = ", "Failed to perform operation.", " (F) ", "Shtd: Failed", "CSI Payload Corrupt",
                "[SR] Repair", "[SR] Cannot repair member file", "Failed to commit", "ERROR_FAIL_REBOOT_REQUIRED",
                "CBS_E_STORE_CORRUPTION", "CBS_E_ABORT", "ERROR_DISK_FULL", "Operation result: ",
                "Reporting package change completion for package: ", "Trusted Installer is shutting down because: "
            ]).map { Array($0.utf8) }
        let all = FileManager.default.enumerator(atPath: corpus.path)?.compactMap { $0 as? String } ?? []
        let files = all.filter { ($0 as NSString).lastPathComponent.lowercased().hasPrefix("cbs") }.sorted()
        #expect(files.count >= 5)
        var total = 0
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(file)))
            var results: [[String]] = []
            for engine in [LiteralScanner.Engine.automatic, .wuManber] {
                let scanner = bytes.withUnsafeBufferPointer {
                    LiteralScanner(
                        literals: literals, statusCodes: true,
                        sample: UnsafeBufferPointer(rebasing: $0.prefix(8192)), engine: engine)
                }
                var hits: [LiteralHit] = []
                _ = bytes.withUnsafeBufferPointer { scanner.scan($0, into: &hits) }
                results.append(hits.map { "\($0.offset):\($0.literal)" })
            }
            #expect(results[0] == results[1], "\(file)")
            total += results[0].count
        }
        #expect(total > 1000)
    }

    /// A CBS log of many read buffers, with CRLF and LF, empty lines and lines far longer than the line
    /// limit: every line is counted and numbered as a plain split numbers it, and every code is found.
    @Test func manyRegionsKeepLineNumbers() throws {
        var text = ""
        var expectedCodes: [Int] = []
        var line = 0
        for i in 0..<40_000 {
            line += 1
            switch i % 97 {
            case 5: text += String(repeating: "x0", count: 3000) + "\n"  // longer than the limit
            case 9: text += "\r\n"
            case 13:
                text +=
                    "2022-10-27 10:15:\(String(format: "%02d", i % 60)), Error                 CBS    Failed [HRESULT = 0x800f0821 - CBS_E_ABORT]\r\n"
                expectedCodes.append(line)
            default:
                text +=
                    "2022-10-27 10:15:\(String(format: "%02d", i % 60)), Info                  CSI    00000001 Created NT transaction (seq \(i)) result 0x00000000, handle @0x1e4\n"
            }
        }
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(Array(text.utf8), to: folder + "/CBS.log")
        let set = try EvidenceReader(limits: InputLimits(maxLineBytes: 1024)).read(paths: [folder + "/CBS.log"])
        #expect(set.sources.first?.lines == 40_000)
        #expect(set.sources.first?.lineEnding == "mixed")
        #expect(set.sources.first?.notes.contains { $0.hasPrefix("413 lines longer than 1024 bytes") } == true)
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        #expect(codes.map(\.provenance.line) == expectedCodes)
        #expect(codes.allSatisfy { $0["code"] == "0x800f0821" })
    }

    /// A line cut at the line limit is consumed whatever the search saw past the cut: a code cut in the
    /// middle (`0x800f0821` then `9`), and a code at the cut of a line that spans read buffers (where the
    /// bytes after the kept part come from much later reads).
    @Test func codesAtTheCutOfALongLineAreKept() throws {
        let head = "2022-10-27 10:15:01, Info                  CBS    "
        func cutLine(_ tail: String, limit: Int) -> String {
            let code = " 0x800f0821"
            let pad = String(repeating: "a", count: limit - head.utf8.count - code.utf8.count)
            return head + pad + code + tail
        }
        var text = head + "Starting\n"
        text += cutLine("9 - CBS_E_ABORT]" + String(repeating: "b", count: 3000), limit: 1024) + "\n"  // line 2
        while text.utf8.count < 400_000 { text += head + "Info line without codes\n" }
        let long = text.split(separator: "\n").count + 1
        text += cutLine(" - CBS_E_ABORT]" + String(repeating: "c", count: 700_000), limit: 1024) + "\n"
        text += head + "Last\n"
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write(Array(text.utf8), to: folder + "/CBS.log")
        let set = try EvidenceReader(limits: InputLimits(maxLineBytes: 1024)).read(paths: [folder + "/CBS.log"])
        let codes = set.facts.filter { $0.kind == FactKind.errorCode }
        #expect(codes.map(\.provenance.line) == [2, long])
        #expect(codes.allSatisfy { $0["code"] == "0x800f0821" })
    }

    /// The CBS extractor sees only lines holding one of its triggers: on every CBS log we have, it must find
    /// exactly the facts it finds when it is handed every line.
    @Test func cbsTriggersLoseNoFact() throws {
        var files = [Harness.repoRoot.appendingPathComponent("Tests/Fixtures/extractors/cbs-install-failure.log").path]
        for name in ["CBS Win 10.log", "cbs-latin1.log", "cbs-mixed.log", "cbs-truncated.log", "cbs-utf8-lf.log"] {
            files.append(ReaderFixtures.fixture(name))
        }
        if let corpus = Harness.corpus {
            let all = FileManager.default.enumerator(atPath: corpus.path)?.compactMap { $0 as? String } ?? []
            files += all.filter { ($0 as NSString).lastPathComponent.lowercased().hasPrefix("cbs") }
                .sorted().map { corpus.appendingPathComponent($0).path }
        } else {
            print("cbsTriggersLoseNoFact: ../shared/corpus not found; fixtures only")
        }
        var compared = 0
        for file in files {
            let read = try EvidenceReader().read(paths: [file])
            guard read.sources.first?.kind == .cbs, read.sources.first?.status == .parsed else { continue }
            let everyLine = Harness.run(.cbs, bytes: [UInt8](try Data(contentsOf: URL(fileURLWithPath: file))))
            func summaries(_ facts: [Fact]) -> [String] {
                facts.filter { $0.kind != FactKind.sourceCollected }
                    .map { "\($0.summary) \($0.provenance.time ?? "") \($0.provenance.timestamp ?? "")" }.sorted()
            }
            #expect(summaries(read.facts) == summaries(everyLine.facts), "\(file)")
            #expect(read.sources.first?.first == everyLine.firstTimestamp, "\(file)")
            #expect(read.sources.first?.last == everyLine.lastTimestamp, "\(file)")
            compared += 1
        }
        #expect(compared >= 6)
    }
}
