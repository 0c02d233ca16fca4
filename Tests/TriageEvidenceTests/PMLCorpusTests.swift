import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// The six Process Monitor captures of the corpus against the CSV Process Monitor exported from each: the same
/// events in the same order, with the same time of day, process, PID, operation, path and result.
@Suite struct PMLCorpusTests {
    static let corpusExists = FileManager.default.fileExists(
        atPath: ReaderFixtures.corpus + "/procmon-parser/UTC64Registry.zip")
    static let captures = [
        "Tests32bitUTC", "Tests64bitUTC", "UTC32Filesystem", "UTC64Filesystem", "UTC64Process",
        "UTC64Registry"
    ]
    /// Operations Process Monitor 3.60 added: the 3.53 that exported the CSVs prints them `<Unknown>`.
    static let newerOperations: Set<String> = [
        "SetStorageReservedIdInformation", "QuerySatLxInformation", "QueryCaseSensitiveInformation",
        "QueryLinkInformationEx", "QueryLinkInfomraitonBypassAccessCheck", "QueryStorageReservedIdInformation",
        "QueryCaseSensitiveInformationForceAccessCheck"
    ]

    /// The members of a corpus zip, by name.
    static func members(_ name: String) throws -> [String: Data] {
        let zip = try Data(contentsOf: URL(fileURLWithPath: ReaderFixtures.corpus + "/procmon-parser/\(name).zip"))
        let archive = try ArchiveSource(data: zip).open()
        let directory = try ZipDirectory(size: archive.size, maxEntries: 16) { try archive.read($0, $1) }
        var out: [String: Data] = [:]
        for record in directory.records {
            out[String(decoding: record.rawName, as: UTF8.self)] =
                try ZipMemberReader.readAll(archive, record, limits: InputLimits())
        }
        return out
    }

    /// Rows of a CSV export (quoted fields, `""` for a quote, newlines inside quotes), header first.
    static func csvRows(_ data: Data) -> [[String]] {
        var bytes = [UInt8](data)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        var rows: [[String]] = []
        var row: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if quoted {
                if c == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 {
                        field.append(0x22)
                        i += 1
                    } else {
                        quoted = false
                    }
                } else {
                    field.append(c)
                }
            } else if c == 0x22 {
                quoted = true
            } else if c == 0x2C {
                row.append(String(decoding: field, as: UTF8.self))
                field = []
            } else if c == 0x0A {
                row.append(String(decoding: field, as: UTF8.self))
                field = []
                rows.append(row)
                row = []
            } else if c != 0x0D {
                field.append(c)
            }
            i += 1
        }
        if !field.isEmpty || !row.isEmpty {
            row.append(String(decoding: field, as: UTF8.self))
            rows.append(row)
        }
        return rows
    }

    static let columns = ["Time of Day", "Process Name", "PID", "Operation", "Path", "Result"]

    /// Compares one capture with its CSV; returns the event count and the mismatches per column (with the first).
    static func compare(_ name: String) throws -> (csv: Int, pml: Int, mismatches: [String]) {
        let files = try members(name)
        let rows = csvRows(try #require(files[name + ".csv"]))
        let header = rows[0]
        let index = columns.map { c in header.firstIndex(of: c)! }
        let pml = [UInt8](try #require(files[name + ".PML"]))
        var count = 0
        var bad: [String: (Int, String)] = [:]
        let summary = PMLReader.forEach(pml) { e in
            count += 1
            guard e.ordinal < rows.count else { return }
            let row = rows[e.ordinal]
            let ours = [
                e.timeOfDay, e.process?.name ?? "", String(e.process?.pid ?? 0), e.operation, e.path,
                e.resultName
            ]
            for (k, column) in columns.enumerated() where ours[k] != row[index[k]] {
                if column == "Operation", row[index[k]] == PMLNames.unknown, newerOperations.contains(ours[k]) {
                    continue
                }
                let first = bad[column]?.1 ?? "#\(e.ordinal): ours \"\(ours[k])\", CSV \"\(row[index[k]])\""
                bad[column] = ((bad[column]?.0 ?? 0) + 1, first)
            }
        }
        #expect(summary.notes.isEmpty, "\(name): \(summary.notes)")
        return (
            rows.count - 1, count,
            bad.sorted { $0.key < $1.key }.map { "\(name) \($0.key): \($0.value.0) (\($0.value.1))" }
        )
    }

    /// The Detail column where the reader decodes it: per operation, events decoded and how many equal the CSV's
    /// Detail exactly, and the first difference.
    static func compareDetails(_ name: String) throws -> (counts: [String: (decoded: Int, equal: Int)], first: [String])
    {
        let files = try members(name)
        let rows = csvRows(try #require(files[name + ".csv"]))
        let column = try #require(rows[0].firstIndex(of: "Detail"))
        let pml = [UInt8](try #require(files[name + ".PML"]))
        var counts: [String: (decoded: Int, equal: Int)] = [:]
        var first: [String: String] = [:]
        PMLReader.forEach(pml) { e in
            guard let detail = e.detail, e.ordinal < rows.count else { return }
            let op = e.operation
            let same = detail == rows[e.ordinal][column]
            counts[op, default: (0, 0)].decoded += 1
            if same {
                counts[op]!.equal += 1
            } else if first[op] == nil {
                first[op] =
                    "#\(e.ordinal) \(op): ours \(String(reflecting: detail)), CSV \(String(reflecting: rows[e.ordinal][column]))"
            }
        }
        return (counts, first.sorted { $0.key < $1.key }.map(\.value))
    }

    @Test(.enabled(if: corpusExists), arguments: captures)
    func captureMatchesProcessMonitorCSV(_ name: String) throws {
        let (csv, pml, mismatches) = try Self.compare(name)
        #expect(pml == csv, "\(name): \(pml) events, CSV \(csv) rows")
        #expect(mismatches == [])
    }

    /// Every decoded Detail equals the CSV's, and the decoded operations are all there, by capture (CreateFile
    /// of an impersonating caller and RegQueryValue of binary and multi-string values are not decoded).
    static let decodedDetails: [String: String] = [
        "Tests32bitUTC":
            "CreateFile 928, Load Image 113, Process Create 2, Process Exit 6, Process Start 2, ReadFile 721, "
            + "RegCreateKey 64, RegOpenKey 10643, RegQueryValue 5445, Thread Create 27, Thread Exit 63, WriteFile 926",
        "Tests64bitUTC":
            "CreateFile 1051, Load Image 147, Process Create 3, Process Exit 2, Process Start 3, ReadFile 1381, "
            + "RegCreateKey 79, RegOpenKey 14177, RegQueryValue 7167, Thread Create 62, Thread Exit 36, WriteFile 301",
        "UTC32Filesystem": "WriteFile 74",
        "UTC64Filesystem": "WriteFile 5325",
        "UTC64Process":
            "Load Image 1952, Process Create 39, Process Exit 34, Process Start 44, Thread Create 720, Thread Exit 611",
        "UTC64Registry": "RegCreateKey 392, RegQueryValue 14469"
    ]

    @Test(.enabled(if: corpusExists), arguments: captures)
    func detailColumnMatchesTheCSV(_ name: String) throws {
        let (counts, first) = try Self.compareDetails(name)
        #expect(first == [])
        #expect(counts.values.allSatisfy { $0.equal == $0.decoded })
        #expect(
            counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value.decoded)" }.joined(separator: ", ")
                == Self.decodedDetails[name])
    }

    /// Through the evidence reader (the zip as a bundle): the PML is a parsed `pml` source with one line per
    /// event, and its ACCESS DENIED events are the 10 failures Process Monitor's CSV shows.
    @Test(.enabled(if: corpusExists)) func registryCaptureGivesItsAccessDeniedFailures() throws {
        let set = try EvidenceReader(knowledge: PMLFixtures.knowledge).read(paths: [
            ReaderFixtures.corpus + "/procmon-parser/UTC64Registry.zip"
        ])
        let source = try #require(set.sources.first { $0.kind == .pml })
        #expect(source.path == "UTC64Registry.zip/UTC64Registry.PML" && source.status == .parsed)
        #expect(source.lines == 28_240 && source.notes == [])
        #expect(source.first == "2020-07-31T07:27:31" && source.last == "2020-07-31T07:29:02")
        let failures = set.facts.filter { $0.kind == "procmon-failure" }
        #expect(failures.count == 10 && failures.allSatisfy { $0["result"] == "ACCESS DENIED" })
        #expect(
            failures.map(\.provenance.line) == [11065, 11075, 11107, 11117, 11173, 11183, 11238, 11248, 14666, 14676])
        let first = try #require(failures.first)
        #expect(
            first.attributes == [
                "process": "svchost.exe", "pid": "888", "operation": "RegCreateKey",
                "path": "HKLM\\Software\\Microsoft\\SecurityManager\\CapAuthz\\HasRepaired", "result": "ACCESS DENIED",
                "class": "Registry", "time": "2020-07-31T07:28:31.490077600Z", "count": "1", "first": "#11065",
                "last": "#11065", "image": "C:\\WINDOWS\\system32\\svchost.exe", "company": "Microsoft Corporation",
                "servicing-process": "false", "vendor": "microsoft", "denied": "true"
            ])
    }

    @Test(.enabled(if: corpusExists)) func everyCaptureIsAParsedSourceWithOneLinePerEvent() throws {
        let expected = [
            "Tests32bitUTC": 32_930, "Tests64bitUTC": 53_214, "UTC32Filesystem": 8_577,
            "UTC64Filesystem": 31_569, "UTC64Process": 3_400, "UTC64Registry": 28_240
        ]
        for name in Self.captures {
            let set = try EvidenceReader(knowledge: PMLFixtures.knowledge).read(paths: [
                ReaderFixtures.corpus + "/procmon-parser/\(name).zip"
            ])
            let source = try #require(set.sources.first { $0.kind == .pml })
            #expect(source.status == .parsed && source.lines == expected[name], "\(name)")
        }
        // Process starts and exits carry the image and company the capture recorded.
        let set = try EvidenceReader(knowledge: PMLFixtures.knowledge).read(paths: [
            ReaderFixtures.corpus + "/procmon-parser/UTC64Process.zip"
        ])
        let starts = set.facts.filter { $0.kind == "procmon-process-start" }
        let exits = set.facts.filter { $0.kind == "procmon-process-exit" }
        #expect(starts.count == 44 && exits.count == 34)
        let vm = try #require(starts.first)
        #expect(
            vm.provenance.line == 18 && vm["process"] == "vminstall.exe" && vm["pid"] == "6564"
                && vm["company"] == "VirtualKD-Redux")
        #expect(exits.first.map { "\($0.provenance.line) \($0["process"] ?? "")" } == "23 vminstall.exe")
    }
}
