import Foundation
import Testing
import TriageCore

@testable import TriageEvidence

/// Recognition by content first, name second.
@Suite struct RecognitionTests {
    func kind(_ text: String, name: String) -> LogKind {
        let bytes = Array(text.utf8)
        return bytes.withLineBytes { Recognizer.recognize(sample: $0, name: name) }.kind
    }

    func recognition(_ bytes: [UInt8], name: String) -> Recognition {
        bytes.withLineBytes { Recognizer.recognize(sample: $0, name: name) }
    }

    static let cbs = ReaderFixtures.cbsLines.joined(separator: "\r\n") + "\r\n"
    static let dismLines = """
        2023-05-22 07:23:32, Info                  DISM   PID=10852 TID=10944 Scratch directory set to 'C:\\Windows\\TEMP\\'. - CDISMManager::put_ScratchDir
        2023-05-22 07:23:32, Info                  DISM   Initialized Panther logging at C:\\Windows\\Logs\\DISM\\dism.log

        """

    @Test func renamedCBSByContent() {
        #expect(kind(Self.cbs, name: "CBS_5_23.log") == .cbs)
        #expect(kind(Self.cbs, name: "CBS Win 10.log") == .cbs)
        #expect(kind(Self.cbs, name: "log1.txt") == .cbs)
        #expect(kind(Self.cbs, name: "CbsPersist_20221027101503.log") == .cbs)
    }

    @Test func pantherFamilyUsesTheNameThenTheComponents() {
        #expect(kind(Self.dismLines, name: "dism win 10.log") == .dism)
        #expect(kind(Self.dismLines, name: "export.txt") == .dism)
        // Panther's cbs.log starts with DISM lines; a SetupAct.log can too.
        #expect(kind(Self.dismLines, name: "cbs.log") == .cbs)
        #expect(kind(Self.dismLines, name: "SetupAct.log") == .setupact)
        let setup = """
            2024-03-28 11:52:21, Error                 MOUPG  CInstallUI::GetDefaultLanguage(2027): Result = 0x80070002[gle=0x00000002]
            2024-03-28 11:54:45, Error                 MOUPG  CSetupHost::OnProgressChanged(2306): Result = 0x800704D3

            """
        #expect(kind(setup, name: "panther-errors.txt") == .setuperr)
        #expect(kind(setup, name: "setupact.log") == .setupact)
        #expect(kind(setup.replacingOccurrences(of: "Error   ", with: "Info    "), name: "x.log") == .setupact)
    }

    @Test func windowsUpdateLayouts() {
        let modern = "2023/05/22 08:08:32.6295131 8096  8116  Shared          InitializeSus\r\n"
        let dashed = "2024-04-11 12:48:04.6269606 1980  8444  DownloadManager PurgeContentForPatchUpdate\r\n"
        let legacy = "2018-05-20\t19:21:13:219\t 908\t45c\tMisc\t===========  Logging initialized  ===========\n"
        #expect(kind(modern, name: "WindowsUpdate.log") == .windowsUpdate)
        #expect(kind(dashed, name: "wu.log") == .windowsUpdate)
        #expect(kind(legacy, name: "WindowsUpdate.txt") == .windowsUpdate)
    }

    @Test func otherKindsByContent() {
        #expect(
            kind(
                "1db536a9c4243bc: StartTime\nPrimitive operation timings: Registry: 32ms, Files: 32ms\n",
                name: "poqexec.txt") == .poqexec)
        #expect(
            kind("\u{FEFF}Event[0]:\r\n  Log Name: System\r\n  Source: EventLog\r\n", name: "system-events.txt")
                == .eventsText)
        #expect(
            kind(
                "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n\"Message\",\"Id\",\"Version\"\r\n",
                name: "Setup.csv") == .eventsCSV)
        #expect(
            kind("\"Message\",\"Id\",\"Level\",\"ProviderName\",\"TimeCreated\"\r\n", name: "export.csv") == .eventsCSV)
        #expect(
            kind(
                "\r\nMatching Profile found: FindRollbackFailure - 3A43C9B5\r\nSetupDiag version: 1.6\r\n",
                name: "results.log") == .setupDiag)
        #expect(
            kind(
                "<![LOG[Service startup system task]LOG]!><time=\"08:52:46.657+240\" date=\"07-14-2021\" component=\"X\" type=\"1\">\r\n",
                name: "UpdatesDeployment.log") == .cmtrace)
        #expect(kind("Tool: CMGELogCollectorV2\r\nCollected: 2022-11-08\r\n", name: "info.txt") == .collectorInfo)
    }

    @Test func contentBeatsTheName() {
        // C:\Windows\setupact.log written by the display class installer is not a Panther log.
        #expect(
            kind("dispci.dll:  ============BEGIN DisplayClassInstaller============\r\n", name: "setupact.log")
                == .unknown)
        #expect(
            kind(
                "LineId,Date,Time,Level,Component,Content\r\n1,2016-09-28,04:30:30,Info,CBS,Loaded\r\n",
                name: "CBS.csv") == .unknown)
        // A WindowsUpdate.log named CBS.log is a WindowsUpdate.log.
        #expect(
            kind("2023/05/22 08:08:32.6295131 8096  8116  Shared          InitializeSus\r\n", name: "CBS.log")
                == .windowsUpdate)
    }

    @Test func binaryEmptyAndZip() {
        #expect(
            recognition(Array("ElfFile\0".utf8) + [UInt8](repeating: 0, count: 100), name: "renamed.bin")
                == Recognition(kind: .evtx, outcome: .decoded(EVTXDecoder())))
        let etl: [UInt8] = [0, 0x10, 0, 0, 0x90, 2, 0, 0] + [UInt8](repeating: 0, count: 200) + [1, 2, 3, 4]
        #expect(
            recognition(etl, name: "WindowsUpdate.20250426.052044.386.1.etl")
                == Recognition(kind: .etl, outcome: .decoded(ETLDecoder())))
        #expect(
            recognition((0..<255).map { UInt8($0) }, name: "CBS.log")
                == Recognition(kind: .unknown, outcome: .binary(reason: "binary")))
        #expect(recognition([], name: "CBS.log") == Recognition(kind: .cbs, outcome: .empty))
        #expect(recognition([0x50, 0x4B, 3, 4, 0, 0], name: "logs.bin") == Recognition(kind: .unknown, outcome: .zip))
    }

    @Test func nulPaddedLogIsStillText() {
        let bytes = [UInt8](repeating: 0, count: 3000) + Array(Self.cbs.utf8)
        #expect(recognition(bytes, name: "CBS.log") == Recognition(kind: .cbs, outcome: .text(.utf8)))
    }

    @Test func emptyAndBinaryFilesAreSkippedWithReasons() throws {
        let folder = try ReaderFixtures.temporaryFolder()
        defer { ReaderFixtures.cleanUp(folder) }
        try ReaderFixtures.write([], to: folder + "/CBS.log")
        try ReaderFixtures.write((0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7) }, to: folder + "/junk.dat")
        try ReaderFixtures.write(Array("just some notes\n".utf8), to: folder + "/notes.txt")
        let set = try EvidenceReader().read(paths: [folder])
        #expect(
            set.sources == [
                SourceRecord(
                    path: "CBS.log", kind: .cbs, status: .skipped, reason: "empty", encoding: "utf-8", bytes: 0,
                    lines: 0),
                SourceRecord(
                    path: "junk.dat", kind: .unknown, status: .skipped, reason: "binary", encoding: "binary",
                    bytes: 4096, lines: 0),
                SourceRecord(
                    path: "notes.txt", kind: .unknown, status: .skipped, reason: "unsupported kind", encoding: "utf-8",
                    bytes: 16, lines: 0)
            ])
        #expect(set.facts.isEmpty)
    }

    @Test func missingInputThrows() {
        #expect(throws: EvidenceError.inputNotFound("/nonexistent/bundle.zip")) {
            try EvidenceReader().read(paths: ["/nonexistent/bundle.zip"])
        }
    }
}
