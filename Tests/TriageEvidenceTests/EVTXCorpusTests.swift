import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

let evtxCorpusExists = FileManager.default.fileExists(atPath: ReaderFixtures.corpus + "/SOURCES.md")

/// Every `.evtx` of the corpus is read with what `evtxexport` (libevtx-utils 20181227) recovers from it, recorded
/// here as literals so that the test needs only the corpus: the record count, the first and last record id,
/// a digest of every record's id, event id and written time in file order, and a digest of every record's
/// values (evtxexport's "strings": sorted, CR dropped, trimmed, joined with U+001F, records with U+001E). One
/// known evtxexport fault is undone in the recorded digests: it prints negative 32-bit integers in
/// sign-magnitude (`-540` as `-2147483108`).
@Suite(.enabled(if: evtxCorpusExists, "needs ../shared/corpus")) struct EVTXCorpusTests {
    static let expected:
        [(file: String, records: Int, first: UInt64, last: UInt64, records64: UInt64, values64: UInt64)] = [
            ("3gstudent-eventlogedit/Setup.evtx", 15, 1, 15, 0xe052_1013_69ca_83b6, 0x6a82_a19a_52b9_8517),
            ("aaronthopliss-helloworld/Setup.evtx", 4, 1, 4, 0x3d0d_1af8_a3a1_9624, 0x7a0d_798e_ddc4_50b5),
            ("anotherc0ne-addc/Setup.evtx", 32, 1, 32, 0x9397_a5a2_619c_63fc, 0xaa1b_5fe7_7acd_a79b),
            ("omerbenamram-evtx/2-vss_7-System.evtx", 1160, 1, 1422, 0xfb7f_2de2_5f61_5300, 0xa482_6484_7077_ce90),
            ("sdkeaglesoftware-demo/Setup.evtx", 2, 1, 2, 0x181a_cd75_b022_5fa8, 0xe14a_3577_e8b8_6303),
            (
                "tugix456-randaodcxjj/Microsoft-Windows-WindowsUpdateClient%4Operational.evtx", 91, 1, 91,
                0x39a4_31a6_e13b_a641, 0xbb58_90f8_dfe8_eb8c
            ),
            ("tugix456-randaodcxjj/Setup.evtx", 8, 1, 8, 0x3d78_426c_f149_d966, 0xcf7a_c276_d64d_8d82),
            ("windcludy-public/Setup.evtx", 2249, 1, 2249, 0x86ba_c283_b3ea_d03b, 0x11ca_64f3_d374_cb55),
            ("windcludy-public/System.evtx", 3915, 1, 3915, 0x5feb_ed81_313d_cd8f, 0x1447_7adc_00b4_441b)
        ]

    static func fnv(_ bytes: [UInt8]) -> UInt64 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }

    static func normalized(_ value: String) -> [UInt8] {
        let text = value.replacingOccurrences(of: "\r", with: "")
        return Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
    }

    @Test(arguments: expected.map(\.file)) func readsWhatEvtxexportReads(_ file: String) throws {
        let e = Self.expected.first { $0.file == file }!
        let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: ReaderFixtures.corpus + "/" + file)))
        let log = EVTXReader.read(bytes)
        #expect(log.failure == nil)
        #expect(log.notes == [])
        #expect(log.events.count == e.records)
        #expect(log.events.first?.recordID == e.first)
        #expect(log.events.last?.recordID == e.last)
        #expect(log.events.map(\.ordinal) == Array(1...e.records))
        let records = log.events.map { "\($0.recordID):\($0.eventID):\($0.written)" }.joined(separator: "\n")
        #expect(Self.fnv(Array(records.utf8)) == e.records64)
        var values: [UInt8] = []
        for (i, event) in log.events.enumerated() {
            if i > 0 { values.append(0x1E) }
            let sorted = event.data.map { Self.normalized($0.value) }.sorted { $0.lexicographicallyPrecedes($1) }
            for (k, v) in sorted.enumerated() {
                if k > 0 { values.append(0x1F) }
                values += v
            }
        }
        #expect(Self.fnv(values) == e.values64)
    }

    /// The decisive failures of two bundles are only in their event logs.
    @Test func servicingFailuresBecomeEvidence() throws {
        let set = try EvidenceReader().read(paths: [
            ReaderFixtures.corpus + "/tugix456-randaodcxjj",
            ReaderFixtures.corpus + "/3gstudent-eventlogedit/Setup.evtx"
        ])
        let failed = set.facts.filter { $0.kind == FactKind.installAttempt && $0["result"] == "failed" }
            .map {
                "\($0.provenance.file):\($0.provenance.line) \($0["kb"] ?? "-") \($0["hresult"] ?? "-") \($0["log"] ?? "-")"
            }
        #expect(
            failed == [
                "Setup.evtx:12 KB4093137 0x800f0816 evtx",
                "Setup.evtx:14 KB4091461 0x800f0816 evtx",
                "tugix456-randaodcxjj/Setup.evtx:2 KB5020683 0x800f0984 evtx"
            ])
        let sources = set.sources.map {
            "\($0.path) \($0.kind.rawValue) \($0.status.rawValue) \($0.lines) \($0.first ?? "-") \($0.last ?? "-")"
        }
        #expect(
            sources == [
                "Setup.evtx evtx parsed 15 2018-04-30T20:49:08 2018-07-24T00:28:49",
                "tugix456-randaodcxjj/Microsoft-Windows-WindowsUpdateClient%4Operational.evtx evtx parsed 91 2024-11-14T16:16:56 2024-11-15T15:56:34",
                "tugix456-randaodcxjj/Setup.evtx evtx parsed 8 2024-11-14T16:17:33 2024-11-15T14:28:43"
            ])
    }
}
