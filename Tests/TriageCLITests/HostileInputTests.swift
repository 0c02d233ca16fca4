import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// The defects of the reliability issue, each rebuilt here as the hostile input that showed it, and run as a
/// user runs triage: the built executable, its exit status and what it prints.
@Suite(.enabled(if: TriageProcess.binary != nil, "build triage first (swift build)"))
final class HostileInputTests {
    let dir: String
    let seedBundle = "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023"

    init() throws {
        dir = NSTemporaryDirectory() + "triage-hostile-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: dir) }

    func triage(_ args: [String], stdout: FileHandle? = nil) throws -> TriageProcess.Run {
        try TriageProcess.run(args, stdout: stdout)
    }

    /// A copy of the shipped Rules/ and KnowledgeBase/ to tamper with.
    func knowledgeCopy() throws -> (rules: String, knowledge: String) {
        let rules = dir + "/Rules"
        let knowledge = dir + "/KnowledgeBase"
        try FileManager.default.copyItem(atPath: TriageProcess.repo.path + "/Rules", toPath: rules)
        try FileManager.default.copyItem(atPath: TriageProcess.repo.path + "/KnowledgeBase", toPath: knowledge)
        return (rules, knowledge)
    }

    // MARK: 1. File disclosure through the schemas

    @Test func aCraftedSchemaCannotDiscloseALocalFile() throws {
        let secret = dir + "/passwd"
        try "root:x:0:0:SECRET-LINE".write(toFile: secret, atomically: true, encoding: .utf8)
        let (rules, knowledge) = try knowledgeCopy()
        try """
        <?xml version="1.0"?>
        <!DOCTYPE xs:schema [<!ENTITY leak SYSTEM "file://\(secret)">]>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:element name="rule" type="xs:string"/>
        <xs:element name="x" type="xs:string" default="&leak;"/></xs:schema>
        """.write(toFile: rules + "/rule.xsd", atomically: true, encoding: .utf8)
        try """
        <?xml version="1.0"?>
        <xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema"><xs:include schemaLocation="\(secret)"/></xs:schema>
        """.write(toFile: knowledge + "/hypothesis.xsd", atomically: true, encoding: .utf8)
        for args in [
            ["rules", "lint", "--rules", rules, "--knowledge", knowledge],
            ["rules", "lint", "--format", "json", "--rules", rules, "--knowledge", knowledge],
            ["analyze", seedBundle, "--rules", rules, "--knowledge", knowledge]
        ] {
            let run = try triage(args)
            #expect(!run.out.contains("SECRET-LINE") && !run.err.contains("SECRET-LINE"))
            #expect(run.status == 65)
            #expect((run.out + run.err).contains("DOCTYPE declarations are not allowed"))
            #expect((run.out + run.err).contains("<xs:include> is refused: schemas must be self-contained"))
        }
    }

    // MARK: 2. Memory

    /// About 720 bytes per fact used to be kept for every error line (13 GB for 10 million lines); past the
    /// per-file cap identical facts are counted, so an error-dense log stays within the documented bound.
    @Test func anErrorDenseLogStaysWithinTheMemoryBound() throws {
        let bundle = dir + "/dense"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let line =
            "2022-10-27 10:41:12, Error                 CBS    Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]\r\n"
        try String(repeating: line, count: 150_000).write(
            toFile: bundle + "/CBS.log", atomically: false, encoding: .utf8)
        let run = try triage(["evidence", bundle])
        #expect(run.status == 0)
        #expect(run.out.contains("0x800f0821 CBS_E_ABORT  ×150000  in cbs  first at CBS.log:1\n"))
        #expect(
            run.out.contains(
                "[300000 error-code and signature facts: past the first 20000, 279998 identical facts counted on 2 kept (attribute repeats)]"
            ))
        for command in ["evidence", "analyze"] {
            let measured = try TriageProcess.peakMemory([command, bundle])
            #expect(measured.status == 0)
            // 1.3 KB per line (two facts) before the cap: about 200 MB here. About 70 MB with a cap of 50,000.
            #expect(measured.maxRSSKiB < 120_000, "\(command): peak RSS \(measured.maxRSSKiB) KiB")
        }
    }

    /// Half a million error lines, each second of log time a hundred of them (79 MB): each repeated line is
    /// counted on the facts of the line before it, so the command stays far under 200 MB and counts them all.
    @Test func aLargeErrorLogIsCountedWithinTwoHundredMegabytes() throws {
        let bundle = dir + "/large"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        var text = ""
        text.reserveCapacity(600_000 * 128)
        for second in 0..<5_000 {
            let stamp = "2022-10-27 \(10 + second / 3600):\(String(format: "%02d:%02d", second / 60 % 60, second % 60))"
            let line =
                stamp
                + ", Error                 CBS    Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]\r\n"
            for _ in 0..<100 { text += line }
        }
        try text.write(toFile: bundle + "/CBS.log", atomically: false, encoding: .utf8)
        let run = try triage(["evidence", bundle])
        #expect(run.status == 0)
        #expect(run.out.contains("0x800f0821 CBS_E_ABORT  ×500000  in cbs  first at CBS.log:1\n"))
        #expect(
            run.out.contains(
                "[1000000 error-code and signature facts: past the first 20000, 979998 identical facts counted on 2 kept (attribute repeats)]"
            ))
        #expect(run.out.contains("2022-10-27T10:00:00 … 2022-10-27T11:23:19"))
        let measured = try TriageProcess.peakMemory(["analyze", bundle, "--format", "json"])
        #expect(measured.status == 0)
        #expect(measured.maxRSSKiB < 200_000, "peak RSS \(measured.maxRSSKiB) KiB")
    }

    // MARK: 3. Crashes

    @Test func aFullOrClosedStandardOutputExits73() throws {
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        for args in [
            ["evidence", "--format", "json", seedBundle], ["evidence", seedBundle], ["analyze", seedBundle],
            ["rules", "lint"], ["rules", "list"], ["code", "0x800f0821"], ["next", "Tests/Cases/CAS-07397"],
            ["test", "Tests/Cases/no-failure-captured"]
        ] {
            let run = try triage(args, stdout: full)
            #expect(run.status == 73, "\(args)")
            #expect(run.err.contains("triage: cannot write to standard output: No space left on device"), "\(args)")
        }
    }

    @Test func limitsOutOfRangeAreUsageErrors() throws {
        for (flag, value, message) in [
            ("--max-zip-entries", "-1", "--max-zip-entries must be at least 1; got -1"),
            ("--max-member-bytes", "-1", "--max-member-bytes must be at least 1; got -1"),
            (
                "--max-line-bytes", "9223372036854775807",
                "--max-line-bytes must be at most 268435456 (256 MiB); got 9223372036854775807"
            ),
            (
                "--max-line-bytes", "100000000000",
                "--max-line-bytes must be at most 268435456 (256 MiB); got 100000000000"
            )
        ] {
            let run = try triage(["evidence", seedBundle, flag + "=" + value])
            #expect(run.status == 64)
            #expect(run.err.contains(message))
        }
    }

    @Test func combiningMarksAndImpossibleDatesAreRefusedNotCrashed() throws {
        for date in ["2022-10-28T10:10:5\u{0301}0", "2022-02-31", "2022-13-01", "2022-10-28T25:00"] {
            let run = try triage(["next", "Tests/Cases/CAS-07397", "--as-of", date])
            #expect(run.status == 64, "\(date)")
            #expect(run.err.contains("is not a date"))
        }
    }

    /// One bad case (a combining mark in a date, no case.xsd beside it) used to kill the whole run.
    @Test func aBadCaseDateFailsThatCaseOnly() throws {
        let cases = dir + "/cases"
        try FileManager.default.createDirectory(atPath: cases + "/bad", withIntermediateDirectories: true)
        try FileManager.default.copyItem(
            atPath: TriageProcess.repo.path + "/Tests/Cases/no-failure-captured",
            toPath: cases + "/good")
        try """
        <case id="bad"><history><observation date="2022-10-2\u{0301}8" name="rollback-at-reboot" value="true"/></history></case>
        """.write(toFile: cases + "/bad/case.xml", atomically: true, encoding: .utf8)
        let run = try triage(["test", cases])
        #expect(run.status == 1)
        #expect(run.out.contains("1 passed, 1 failed"))
    }

    // MARK: 4. FIFOs

    @Test func fifosAreNeverWaitedOn() throws {
        let fifo = dir + "/CBS.log"
        #expect(mkfifo(fifo, 0o600) == 0)
        let input = try triage(["evidence", fifo])
        #expect(input.status == 0)
        #expect(input.out.contains("CBS.log  cbs  skipped (not a regular file (a FIFO))"))
        let (rules, knowledge) = try knowledgeCopy()
        #expect(mkfifo(rules + "/pipe.xml", 0o600) == 0)
        let lint = try triage(["rules", "lint", "--rules", rules, "--knowledge", knowledge])
        #expect(lint.status == 65)
        #expect(lint.out.contains("pipe.xml:0:0: error: refused: not a regular file (a FIFO) [read-error]"))
        let caseFolder = dir + "/case"
        try FileManager.default.createDirectory(atPath: caseFolder, withIntermediateDirectories: true)
        #expect(mkfifo(caseFolder + "/case.xml", 0o600) == 0)
        let next = try triage(["next", caseFolder])
        #expect(next.status == 65)
        #expect(next.err.contains("case.xml:0:0: error: refused: not a regular file (a FIFO)"))
    }

    // MARK: 6. Terminal escapes

    @Test func escapeSequencesFromInputsAreShownNotObeyed() throws {
        let bundle = dir + "/bundle"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        let name = "CBS\u{1B}]0;pwned\u{07}\u{1B}[2J\r\nSources: forged.log"
        let line =
            "2022-10-27 10:41:12, Error                 CBS    Exec: Failed \u{1B}[2J\u{1B}]2;title\u{07}. [HRESULT = 0x800f0821 - CBS_E_ABORT]"
        try ("\u{FEFF}" + line + "\r\n").write(toFile: bundle + "/" + name + ".log", atomically: true, encoding: .utf8)
        try ("\u{FEFF}" + line + "\r\n").write(toFile: bundle + "/CBS.log", atomically: true, encoding: .utf8)
        for args in [["evidence", bundle], ["analyze", bundle], ["analyze", bundle, "--format", "markdown"]] {
            let run = try triage(args)
            #expect(run.status == 0)
            #expect(!run.out.contains("\u{1B}") && !run.out.contains("\r") && !run.out.contains("\u{07}"), "\(args)")
            #expect(!run.out.contains("\nSources: forged.log"), "\(args)")
        }
        let evidence = try triage(["evidence", bundle])
        #expect(evidence.out.contains("CBS\\e]0;pwned\\x07\\e[2J\\r\\nSources: forged.log.log"))
        // JSON keeps the text, escaped as JSON escapes it.
        let json = try triage(["evidence", bundle, "--format", "json"])
        #expect(json.out.contains(#"Exec: Failed \u001b[2J\u001b]2;title\u0007."#))
    }

    // MARK: 8. Silent wrong answers

    @Test func carriageReturnOnlyLinesAreLinesWithANote() throws {
        let bundle = dir + "/cr"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        // The seed's CBS.log with every CRLF made a lone CR: the same lines, facts and install attempts.
        let seed = try Data(
            contentsOf: URL(fileURLWithPath: TriageProcess.repo.path + "/" + seedBundle + "/Logs/CBS/CBS.log"))
        var crOnly = [UInt8]()
        for byte in seed where byte != 0x0A { crOnly.append(byte) }
        try Data(crOnly).write(to: URL(fileURLWithPath: bundle + "/CBS.log"))
        let run = try triage(["evidence", bundle])
        #expect(
            run.out.contains(
                "CBS.log  cbs  parsed  43 lines  utf-8-bom cr  2022-10-27T10:41:10 … 2022-10-27T11:01:49  [lines end with CR alone: each CR read as a line end]"
            ))
        #expect(
            run.out.contains("    2022-10-27T10:41:12  windows-update  failed  0x800f0821  at staging  CBS.log:20\n"))
        #expect(run.out.contains("0x800f0821 CBS_E_ABORT  ×6  in cbs  first at CBS.log:27\n"))
    }

    @Test func impossibleTimestampsAreNotedAndTheLineStillRead() throws {
        let bundle = dir + "/stamps"
        try FileManager.default.createDirectory(atPath: bundle, withIntermediateDirectories: true)
        try """
        2022-13-27 10:41:12, Info                  CBS    Exec: Processing started.  Client: WindowsUpdateAgent, Session: 31007321_1, Package: Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889.1.6\r
        2022-10-27 25:41:12, Error                 CBS    Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]\r

        """.write(toFile: bundle + "/CBS.log", atomically: true, encoding: .utf8)
        let run = try triage(["evidence", bundle])
        #expect(
            run.out.contains(
                "CBS.log  cbs  parsed  2 lines  utf-8 crlf  [2 lines with an impossible timestamp (first: line 1): read without a time]"
            ))
        #expect(run.out.contains("0x800f0821 CBS_E_ABORT  ×1  in cbs  first at CBS.log:2"))
        #expect(!run.out.contains("2022-13-27T"))
    }

    // MARK: 9. Confinement

    @Test func caseBundlesStayInsideTheCaseFolder() throws {
        for bundle in ["../../../../etc", ""] {
            let caseFolder = dir + "/case-\(bundle.isEmpty ? "empty" : "escape")"
            try FileManager.default.createDirectory(atPath: caseFolder, withIntermediateDirectories: true)
            try """
            <case id="x" kb="KB5016623"><history><submission id="b1" date="2022-10-24" bundle="\(bundle)"/></history></case>
            """.write(toFile: caseFolder + "/case.xml", atomically: true, encoding: .utf8)
            let run = try triage(["next", caseFolder])
            #expect(run.status == 66, "\(bundle)")
            #expect(
                run.err.contains(
                    bundle.isEmpty ? "submission b1 names no bundle" : "refused: it is not inside the case folder"))
        }
    }

    @Test func symlinksLeavingTheTreeAreRefusedAndNotQuoted() throws {
        let secret = dir + "/secret.xml"
        try "root:x:0:0:SECRET\n<rule/>".write(toFile: secret, atomically: true, encoding: .utf8)
        let (rules, knowledge) = try knowledgeCopy()
        try FileManager.default.createSymbolicLink(atPath: rules + "/cbs/leak.xml", withDestinationPath: secret)
        let lint = try triage(["rules", "lint", "--rules", rules, "--knowledge", knowledge])
        #expect(lint.status == 65)
        #expect(!lint.out.contains("SECRET"))
        #expect(
            lint.out.contains(
                "leak.xml:0:0: error: refused: the file resolves outside the folder being loaded (a symlink leaves the tree) [read-error]"
            ))
        let caseFolder = dir + "/case"
        try FileManager.default.createDirectory(atPath: caseFolder, withIntermediateDirectories: true)
        try FileManager.default.createSymbolicLink(atPath: caseFolder + "/case.xml", withDestinationPath: secret)
        let next = try triage(["next", caseFolder])
        #expect(next.status == 65)
        #expect(!next.err.contains("SECRET"))
    }

    @Test func junitNeverReplacesASymlinkFIFOOrDevice() throws {
        let target = dir + "/target.xml"
        try "keep".write(toFile: target, atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir + "/link.xml", withDestinationPath: target)
        #expect(mkfifo(dir + "/fifo.xml", 0o600) == 0)
        for path in [dir + "/link.xml", dir + "/fifo.xml", "/dev/null"] {
            let run = try triage(["test", "Tests/Cases/no-failure-captured", "--junit", path])
            #expect(run.status == 73, "\(path)")
            #expect(run.err.contains("refused: \(path) is "), "\(path)")
        }
        #expect(try String(contentsOfFile: target, encoding: .utf8) == "keep")
        var info = stat()
        #expect(lstat(dir + "/link.xml", &info) == 0 && info.st_mode & S_IFMT == S_IFLNK)
    }

    // MARK: 10. Exit codes

    @Test func exitCodesSayWhatHappened() throws {
        #expect(try triage(["rules", "lint", "--rules", dir + "/none"]).status == 66)
        let analyze = try triage(["analyze", seedBundle, "--knowledge", dir + "/none"])
        #expect(analyze.status == 66)
        #expect(analyze.err == "triage: --knowledge \(dir)/none: no such folder\n")
        // An existing folder that holds no knowledge: one message, not 481 errors.
        try FileManager.default.createDirectory(atPath: dir + "/empty", withIntermediateDirectories: true)
        let wrong = try triage(["analyze", seedBundle, "--knowledge", dir + "/empty"])
        #expect(wrong.status == 66)
        #expect(
            wrong.err
                == "triage: --knowledge \(dir)/empty: the folder holds no .xml file; is it the KnowledgeBase folder?\n")
        let negative = try triage(["code", "-2146498527"])
        #expect(negative.status == 0)
        #expect(negative.out.hasPrefix("0x800F0821  CBS_E_ABORT\n"))
        // `test --record` when case.xml cannot be replaced (a symlink to a file in the case): 73, not 1.
        let cases = dir + "/record"
        let caseFolder = cases + "/no-failure-captured"
        try FileManager.default.copyItem(
            atPath: TriageProcess.repo.path + "/Tests/Cases/no-failure-captured", toPath: caseFolder)
        let text = try String(contentsOfFile: caseFolder + "/case.xml", encoding: .utf8)
        try text.replacingOccurrences(
            of: "<top hypothesis=\"no-failure-captured\"/>", with: "<top hypothesis=\"payload-corrupt\"/>"
        )
        .write(toFile: caseFolder + "/real.xml", atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: caseFolder + "/case.xml")
        try FileManager.default.createSymbolicLink(atPath: caseFolder + "/case.xml", withDestinationPath: "real.xml")
        let record = try triage(["test", cases, "--record"])
        #expect(record.status == 73)
        #expect(record.err.contains("is a symbolic link; only a regular file is written or replaced"))
    }

    @Test func failOnSkipTurnsASkippedCorpusMomentIntoAFailure() throws {
        let cases = dir + "/skip"
        try FileManager.default.createDirectory(atPath: cases + "/missing-corpus", withIntermediateDirectories: true)
        try """
        <case id="missing-corpus" kb="KB5016623"><history>
          <submission id="b1" date="2022-10-24" bundle="corpus:no-such-folder/CBS.log"/>
          <expect date="2022-10-24" name="m"><top hypothesis="no-failure-captured"/></expect>
        </history></case>
        """.write(toFile: cases + "/missing-corpus/case.xml", atomically: true, encoding: .utf8)
        #expect(try triage(["test", cases]).status == 0)
        let strict = try triage(["test", cases, "--fail-on-skip"])
        #expect(strict.status == 1)
        #expect(strict.err.contains("1 moment(s) skipped and --fail-on-skip is set"))
    }

    /// The portable scanning path (TRIAGE_SCAN=portable: what a CPU without AVX2 runs) reads the same facts.
    @Test func portableScanGivesTheSameEvidence() throws {
        for bundle in [
            "Tests/Cases/CAS-07397/bundles/2022-11-08-BR0101-PC023", "Tests/Cases/component-store-corrupt/bundles"
        ] {
            let vector = try TriageProcess.run(["evidence", "--format", "json", bundle])
            let portable = try TriageProcess.run(
                ["evidence", "--format", "json", bundle],
                environment: ProcessInfo.processInfo.environment.merging(["TRIAGE_SCAN": "portable"]) { $1 })
            #expect(vector.status == 0 && portable.status == 0)
            #expect(!vector.out.isEmpty && vector.out == portable.out, "\(bundle)")
        }
    }

    // MARK: 11. Validation

    @Test func unknownObservationsInACaseAreErrors() throws {
        let caseFolder = dir + "/obs"
        try FileManager.default.createDirectory(atPath: caseFolder, withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: TriageProcess.repo.path + "/" + seedBundle, toPath: caseFolder + "/b1")
        try """
        <case id="obs" kb="KB5016623"><history>
          <submission id="b1" date="2022-11-08" bundle="b1"/>
          <observation date="2022-11-09" name="rolback-at-reboot" value="true"/>
        </history></case>
        """.write(toFile: caseFolder + "/case.xml", atomically: true, encoding: .utf8)
        let run = try triage(["next", caseFolder])
        #expect(run.status == 66)
        #expect(run.err.contains("case.xml:3:3: unknown observation 'rolback-at-reboot'; known observations: "))
    }

    @Test func hugeAttributesAndRawBytesAreNotEchoed() throws {
        let (rules, knowledge) = try knowledgeCopy()
        let huge = String(repeating: "x", count: 2_000_000)
        try """
        <?xml version="1.0" encoding="UTF-8"?>
        <hypothesis id="\(huge)" prior="0.1"><title lang="en">t</title></hypothesis>
        """.write(toFile: knowledge + "/hypotheses/huge.xml", atomically: true, encoding: .utf8)
        try Data([0xFF, 0xFE] + Array("<rule/>".utf8).flatMap { [$0, 0] }).write(
            to: URL(fileURLWithPath: rules + "/cbs/utf16.xml"))
        let lint = try triage(["rules", "lint", "--rules", rules, "--knowledge", knowledge])
        #expect(lint.status == 65)
        #expect(lint.out.utf8.count < 200_000)
        #expect(lint.out.contains("(message cut: "))
        #expect(!lint.out.contains("\u{0}"))
        #expect(lint.out.contains("utf16.xml:1:1: error: file is UTF-16; knowledge files must be UTF-8 [encoding]"))
    }
}
