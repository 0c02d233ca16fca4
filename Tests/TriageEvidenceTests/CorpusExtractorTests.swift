import Testing
import TriageCore

@testable import TriageEvidence

/// Concrete facts from real logs in ../shared/corpus (shown as skipped when the corpus is absent).
@Suite(.enabled(if: Harness.corpus != nil, "../shared/corpus not found"))
struct CorpusExtractorTests {
    func load(_ kind: LogKind, _ path: String) throws -> ExtractionContext {
        try Harness.corpusFile(kind, path)
    }

    @Test func win10InstallReturnCode() throws {
        let ctx = try load(.windowsUpdate, "reeceketley-command8/WindowsUpdate.log")
        let code = try #require(ctx.facts(FactKind.errorCode, ["code": "0x800f0828", "component": "Handler"]).first)
        #expect(code.provenance.line == 9858)
        #expect(code["context"] == "install")
        #expect(code["attempt"] == "windowsupdate:9796")
        #expect(code["kb"] == "KB5034441")
        let attempt = try #require(ctx.facts(FactKind.installAttempt, ["id": "windowsupdate:9796"]).first)
        #expect(attempt["result"] == "failed")
        #expect(attempt["hresult"] == "0x800f0828")
        #expect(attempt["client"] == "MoUpdateOrchestrator")
        #expect(
            ctx.facts(FactKind.machine).map(\.summary) == [
                "2 machine arch=amd64 log=windowsupdate os-build=10.0.19045.4291"
            ])
    }

    @Test func server2012SourceMissing() throws {
        let ctx = try load(.cbs, "alborz25-logs/CBS.log")
        let hits = ctx.facts(FactKind.errorCode, ["code": "0x800f081f", "symbol": "CBS_E_SOURCE_MISSING"])
        #expect(hits.count == 14)
        #expect(hits.first?.provenance.line == 365)
        #expect(hits.first?["context"] == "repair")
        #expect(ctx.facts(FactKind.machine).map(\.summary) == ["14 machine arch=amd64 log=cbs os-build=6.2.9200"])
    }

    @Test func rebootRequiredInRepairSession() throws {
        let ctx = try load(.cbs, "appostarsi-winerros/CBS_5_23.log")
        let hits = ctx.facts(FactKind.errorCode, ["code": "0x80070bc9", "symbol": "ERROR_FAIL_REBOOT_REQUIRED"])
        #expect(hits.count == 22)
        #expect(hits.first?.provenance.line == 4522)
        #expect(hits.first?["level"] == "Error")
        #expect(hits.first?["context"] == "repair")
        #expect(ctx.facts(FactKind.installAttempt).isEmpty)
    }

    @Test func reportingEventsDetectionFailures() throws {
        let ctx = try load(.reportingEvents, "dcheva-nms2023/ReportingEvents.log")
        let hits = ctx.facts(FactKind.errorCode, ["code": "0x80072ee2"])
        #expect(hits.count == 19)
        #expect(Set(hits.map { $0["context"]! }) == ["search"])
        #expect(ctx.firstTimestamp == "2023-06-27T01:44:30")
    }

    @Test func legacyWsusLog() throws {
        let ctx = try load(.windowsUpdate, "rsasbeih-huffman/WindowsUpdate.txt")
        #expect(
            ctx.facts(FactKind.updateSource, ["type": "wsus"]).map(\.summary) == [
                "20 update-source log=windowsupdate type=wsus url=http://wsus12.birzeit.edu:8530"
            ])
        let fatal = ctx.facts(FactKind.errorCode, ["level": "Fatal", "code": "0x80072ee2"])
        #expect(fatal.first?.provenance.line == 91)
        #expect(fatal.first?["context"] == "search")
        let failed = ctx.facts(FactKind.installAttempt, ["result": "failed", "stage": "install"])
        #expect(
            failed.map(\.summary) == [
                "17921 install-attempt channel=wsus client=AutomaticUpdates ended=2018-11-12T08:42:17 hresult=0x80242016 id=windowsupdate:17921 kb=KB4462923 log=windowsupdate reboot-pending=false result=failed stage=install started=2018-11-12T08:42:17 title="
                    + (failed.first?["title"] ?? "")
            ])
        #expect(
            ctx.facts(FactKind.installAttempt, ["result": "failed", "stage": "download", "hresult": "0x80242006"]).count
                == 4)
    }

    @Test func eventTextWindowsUpdateFailures() throws {
        let ctx = try load(.eventsText, "appostarsi-winerros/system-events.txt")
        let failed = ctx.facts(FactKind.installAttempt, ["result": "failed"])
        #expect(failed.count == 5)
        #expect(failed.map { $0["hresult"]! } == ["0x80240009", "0x8024200b", "0xc1900131", "0x80070002", "0x80070570"])
        #expect(ctx.facts(FactKind.machine).map { $0["name"]! } == ["WIN-OLSM3UC973S", "DESKTOP-RVU7BLR"])
    }

    @Test func eventCSVExports() throws {
        let setup = try load(.eventsCSV, "ncac-babrandon/Setup.csv")
        let wu = try load(.eventsCSV, "ncac-babrandon/Microsoft-Windows-WindowsUpdateClient%4Operational.csv")
        #expect(setup.facts(FactKind.errorCode, ["code": "0x800f0816"]).count == 13)
        let wusa = try #require(setup.facts(FactKind.installAttempt, ["channel": "offline-msu"]).first)
        #expect(wusa["kb"] == "KB958488")
        #expect(wusa["hresult"] == "0x00240006")
        // WUSA says "could not be installed because of error 2359302": WU_S_ALREADY_INSTALLED, not a failure.
        #expect(wusa["result"] == "succeeded")
        #expect(wu.facts(FactKind.errorCode, ["code": "0x80072ee2", "context": "search"]).count == 61)
        #expect(wu.facts(FactKind.errorCode, ["code": "0x8024001f", "context": "search"]).count == 44)
        #expect(wu.facts(FactKind.machine).map { $0["name"]! } == ["rjaf-PC4429"])
    }

    @Test func fodFailuresInCBS() throws {
        let ctx = try load(.cbs, "ehsanhasani-cbsregex/CBS.log")
        #expect(ctx.facts(FactKind.installAttempt, ["result": "failed", "hresult": "0x8024402c"]).count == 10)
    }

    @Test func setupDiagAndPoqexec() throws {
        let sd = try load(.setupDiag, "appostarsi-winerros/SetupDiagResults.log")
        let pq = try load(.poqexec, "siddumoni-new/poqexec.txt")
        #expect(
            sd.facts(FactKind.rollback).map(\.summary) == [
                "2 rollback log=setupdiag phase=setup trigger=FindRollbackFailure"
            ])
        #expect(sd.facts(FactKind.machine).first?["name"] == "DESKTOP-RVU7BLR")
        #expect(pq.facts(FactKind.errorCode, ["code": "0xc0190003", "context": "startup"]).count == 3)
    }

    /// Benign logs: codes are present but none is attributed to an install.
    @Test func benignLogsHaveNoInstallFailures() throws {
        for (kind, path) in [(LogKind.cbs, "loghub/Windows_2k.log"), (.cbs, "adrianosalves-acessoremoto/CBS.log")] {
            let ctx = try load(kind, path)
            #expect(!ctx.facts(FactKind.errorCode).isEmpty, "\(path)")
            let install = ctx.facts(FactKind.errorCode).filter {
                ["install", "staging", "commit"].contains($0["context"]!)
            }
            #expect(install.isEmpty, "\(path)")
            #expect(ctx.facts(FactKind.installAttempt, ["result": "failed"]).isEmpty, "\(path)")
        }
        let probes = try load(.cbs, "adrianosalves-acessoremoto/CBS.log")
        #expect(probes.facts(FactKind.errorCode, ["code": "0x800f0805", "context": "search"]).count == 376)
    }

    /// Every text log of the corpus goes through its extractor without crashing.
    @Test func everyCorpusTextLogParses() throws {
        let files: [(LogKind, String)] = [
            (.cbs, "appostarsi-winerros/CBS Win 10.log"), (.cbs, "appostarsi-winerros/CBS.log"),
            (.cbs, "eyeofparadox-asusg713/CBS.log"), (.cbs, "michampr-newfolder/cbs.log"),
            (.dism, "appostarsi-winerros/dism_5_23.log"), (.dism, "dieterreuter-win7printing/dism.log"),
            (.dism, "jvsalisbury-htmlform/dism.log"), (.windowsUpdate, "appostarsi-winerros/WindowsUpdate.log"),
            (.windowsUpdate, "debajyati-logparsing/WindowsUpdate.log"),
            (.windowsUpdate, "karthikvemula-maven/WindowsUpdate.log"),
            (.windowsUpdate, "rkudache31-log/WindowsUpdate.log"), (.windowsUpdate, "zayrexdev-stuff/WindowsUpdate.log"),
            (.setupact, "silvermaz28-soe/SetupAct.log"), (.setuperr, "silvermaz28-soe/setuperr.log"),
            (.setupact, "appostarsi-winerros/setupact_rollback.log")
        ]
        for (kind, path) in files {
            let ctx = try load(kind, path)
            #expect(ctx.firstTimestamp != nil, "\(path)")
        }
        let dism = try load(.dism, "appostarsi-winerros/dism.log")
        #expect(!dism.facts(FactKind.errorCode, ["code": "0x800f081f", "context": "repair"]).isEmpty)
        let rb = try load(.setupact, "appostarsi-winerros/setupact_rollback.log")
        #expect(rb.facts(FactKind.rollback).first?.provenance.line == 1)
    }
}
