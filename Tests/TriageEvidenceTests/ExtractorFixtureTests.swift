import Testing
import TriageCore

@testable import TriageEvidence

/// Exact facts from fixtures written in the real formats (Tests/Fixtures/extractors).
@Suite struct ExtractorFixtureTests {
    func summaries(_ kind: LogKind, _ name: String, _ factKind: String? = nil) throws -> [String] {
        let ctx = Harness.run(kind, bytes: try Harness.fixture(name))
        return ctx.facts.sorted(by: Fact.stableOrder).filter { factKind == nil || $0.kind == factKind }.map(\.summary)
    }

    @Test func cbsAttemptsRollbacksAndContexts() throws {
        let ctx = Harness.run(.cbs, bytes: try Harness.fixture("cbs-install-failure.log"))
        let attempts = ctx.facts(FactKind.installAttempt).sorted(by: Fact.stableOrder).map(\.summary)
        #expect(
            attempts == [
                "8 install-attempt channel=windows-update client=WindowsUpdateAgent ended=2022-10-27T09:20:46 hresult=0x800f0821 id=cbs:8 kb=KB5016623 log=cbs package=Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889.1.6 reboot-pending=false result=failed stage=staging started=2022-10-27T09:14:10",
                "19 install-attempt channel=offline-msu client=wusa ended=2022-10-27T09:36:20 hresult=0x800f0922 id=cbs:19 kb=KB5016623 log=cbs package=Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6 reboot-pending=true result=failed stage=boot started=2022-10-27T09:30:01"
            ])
        let rollbacks = ctx.facts(FactKind.rollback).sorted(by: Fact.stableOrder).map(\.summary)
        #expect(
            rollbacks == [
                "25 rollback hresult=0x800f0922 kb=KB5016623 log=cbs package=Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6 phase=startup trigger=Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be created.",
                "26 rollback kb=KB5016623 log=cbs package=Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6 phase=startup trigger=drivers failed",
                "27 rollback kb=KB5016623 log=cbs package=Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6 phase=execute trigger=CbsExecuteStateStageDrivers | CbsExecuteStateFlagRollback | CbsExecuteStateFlagDriversFailed",
                "31 rollback hresult=0x80070490 log=cbs phase=shutdown trigger=Failed while processing non-critical driver operationsqueue."
            ])
        let codes = ctx.facts(FactKind.errorCode).sorted(by: Fact.stableOrder).map {
            "\($0.provenance.line) \($0["code"]!) \($0["context"]!) \($0["attempt"] ?? "-") \($0["symbol"] ?? "-")"
        }
        #expect(
            codes == [
                "3 0x80004005 idle - E_FAIL",
                "5 0x800f0805 search - CBS_E_INVALID_PACKAGE",
                "10 0x800f0821 install cbs:8 CBS_E_ABORT",
                "11 0x800f0821 staging cbs:8 -",
                "12 0x800f0821 staging cbs:8 CBS_E_ABORT",
                "13 0x800f0821 staging cbs:8 CBS_E_ABORT",
                "16 0x800f081f repair - CBS_E_SOURCE_MISSING",
                "17 0x800f081f repair - CBS_E_SOURCE_MISSING",
                "25 0x800f0922 startup cbs:19 CBS_E_INSTALLERS_FAILED",
                "28 0x800f0922 startup cbs:19 -",
                "29 0x800f0922 startup cbs:19 CBS_E_INSTALLERS_FAILED",
                "31 0x80070490 shutdown - ERROR_NOT_FOUND"
            ])
        let machine = ctx.facts(FactKind.machine).map(\.summary)
        #expect(machine == ["2 machine arch=amd64 log=cbs os-build=10.0.19041"])
        // Provenance: time as written and normalised, text of the line.
        let first = try #require(ctx.facts(FactKind.errorCode, ["code": "0x800f0821"]).first)
        #expect(first.provenance.time == "2022-10-27 09:20:45")
        #expect(first.provenance.timestamp == "2022-10-27T09:20:45")
        #expect(
            first.provenance.text?.hasPrefix("2022-10-27 09:20:45, Error                 CBS    Failed to extract")
                == true)
        #expect(ctx.firstTimestamp == "2022-10-27T09:12:01")
        #expect(ctx.lastTimestamp == "2022-10-27T09:40:03")
    }

    @Test func windowsUpdateWin10NewerAndDashedLayouts() throws {
        let all = try summaries(.windowsUpdate, "windowsupdate-win10.log")
        #expect(all.contains("2 machine arch=amd64 log=windowsupdate os-build=10.0.19044.2130"))
        #expect(
            all.contains(
                "9 install-attempt channel=windows-update client=UpdateOrchestrator ended=2022-11-07T09:40:48 hresult=0x80070570 id=windowsupdate:9 kb=KB5016623 log=windowsupdate reboot-pending=false result=failed stage=install started=2022-11-07T09:15:44 title=2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)"
            ))
        let ctx = Harness.run(.windowsUpdate, bytes: try Harness.fixture("windowsupdate-win10.log"))
        let codes = ctx.facts(FactKind.errorCode).sorted(by: Fact.stableOrder).map {
            "\($0.provenance.line) \($0["code"]!) \($0["context"]!) \($0["attempt"] ?? "-") \($0["component"]!) \($0.provenance.timestamp ?? "-")"
        }
        #expect(
            codes == [
                "3 0x80070490 idle - Misc 2022-11-07T09:10:03",
                "7 0x8024401c search - Misc 2022-11-07T09:11:02",
                "8 0x8024401c search - Agent 2022-11-07T09:11:03",
                "13 0x80248007 download - DownloadManager 2022-11-07T09:16:00",
                "14 0x80070570 install windowsupdate:9 Handler 2022-11-07T09:40:48",
                "15 0x80070570 install windowsupdate:9 Agent 2022-11-07T09:40:48",
                "15 0x80070643 install windowsupdate:9 Agent 2022-11-07T09:40:48",
                "17 0x8024001e idle - Agent 2022-11-08T10:00:00",
                "18 0x80070490 idle - Handler -",
                "19 0x8024001e idle - USO 2022-11-08T10:06:00"
            ])
        let newer = try #require(ctx.facts(FactKind.errorCode).first { $0.provenance.line == 18 })
        #expect(newer.provenance.time == "10:05:17.12345 AM")
    }

    @Test func windowsUpdateDeploymentLayout() throws {
        // Agent 1215+: `Beginning deployment of updates` … `Ending deployment for updates`; the job's failure is
        // a `*FAILED* [code] Deployment job Id …` line, the handler's `Return code is …`, or the API's tally.
        let attempts = try summaries(.windowsUpdate, "windowsupdate-deployment.log", FactKind.installAttempt)
        #expect(
            attempts == [
                "4 install-attempt channel=windows-update client=UpdateOrchestrator ended=2024-03-02T10:05:09 id=windowsupdate:4 kb=KB2267602 log=windowsupdate reboot-pending=false result=succeeded stage=install started=2024-03-02T10:05:00 title=Security Intelligence Update for Microsoft Defender Antivirus - KB2267602 (Version 1.409.1.0)",
                "10 install-attempt channel=windows-update client=MoUpdateOrchestrator ended=2024-03-02T11:48:31 hresult=0x80070002 id=windowsupdate:10 log=windowsupdate reboot-pending=false result=failed stage=install started=2024-03-02T11:20:00",
                "19 install-attempt channel=windows-update client=UpdateOrchestrator ended=2024-03-02T12:00:09 id=windowsupdate:19 log=windowsupdate reboot-pending=false result=failed stage=install started=2024-03-02T12:00:00"
            ])
    }

    @Test func windowsUpdateLegacyWithReportEvents() throws {
        let all = try summaries(.windowsUpdate, "windowsupdate-legacy.log")
        #expect(
            all == [
                "2 update-source log=windowsupdate type=wsus url=http://wsus01.example.local:8530",
                "4 machine log=windowsupdate os-build=6.1.7601",
                "6 error-code code=0x80072ee2 component=Misc context=search level=Warning log=windowsupdate text=WARNING: SendRequest failed with hr = 80072ee2. Proxy List used: <(null)>",
                "7 error-code code=0x8024402c component=Agent context=search level=Warning log=windowsupdate text=* WARNING: Exit code = 0x8024402C",
                "9 error-code code=0x80072ee2 component=Misc context=search level=Fatal log=windowsupdate text=FATAL: SOAP/WinHttp - SendRequest: SendRequestUsingProxy failed. error 0x80072ee2",
                "10 error-code code=0x8024402c component=Report context=search level=Error log=windowsupdate text=Windows Update Client failed to detect with error 0x8024402c.",
                "13 error-code attempt=windowsupdate:15 attempt-result=failed code=0x80070570 component=AU context=install kb=KB2918614 level=Warning log=windowsupdate text=# WARNING: Install failed, error = 0x80070570 / 0x00000000",
                "15 error-code attempt=windowsupdate:15 attempt-result=failed code=0x80070570 component=Report context=install kb=KB2918614 level=Error log=windowsupdate text=Installation Failure: Windows failed to install the following update with error 0x80070570: Security Update for Windows 7 for x64-based Systems (KB2918614).",
                "15 install-attempt channel=wsus client=AutomaticUpdates ended=2010-01-06T03:02:12 hresult=0x80070570 id=windowsupdate:15 kb=KB2918614 log=windowsupdate reboot-pending=false result=failed stage=install started=2010-01-06T03:02:12 title=Security Update for Windows 7 for x64-based Systems (KB2918614)",
                "16 install-attempt channel=wsus client=AutomaticUpdates ended=2010-01-06T03:02:13 id=windowsupdate:16 kb=KB2533552 log=windowsupdate reboot-pending=false result=succeeded stage=install started=2010-01-06T03:02:13 title=Update for Windows 7 for x64-based Systems (KB2533552)"
            ])
    }

    @Test func reportingEventsUTF16() throws {
        let all = try summaries(.reportingEvents, "reportingevents-utf16.log")
        #expect(
            all == [
                "1 update-source log=reportingevents type=wsus",
                "2 error-code code=0x80072ee2 component=Report context=search level=Error log=reportingevents text=Windows Update Client failed to detect with error 0x80072ee2.",
                "3 error-code attempt=reportingevents:3 attempt-result=failed code=0x80070570 component=Report context=download level=Error log=reportingevents text=Error: Download failed.",
                "3 install-attempt channel=wsus client=AutomaticUpdates ended=2022-11-07T03:00:00 hresult=0x80070570 id=reportingevents:3 log=reportingevents reboot-pending=false result=failed stage=download started=2022-11-07T03:00:00",
                "5 error-code attempt=reportingevents:5 attempt-result=failed code=0x800f0821 component=Report context=install kb=KB5016623 level=Error log=reportingevents text=Installation Failure: Windows failed to install the following update with error 0x800f0821: 2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623).",
                "5 install-attempt channel=wsus client=AutomaticUpdates ended=2022-11-07T04:30:00 hresult=0x800f0821 id=reportingevents:5 kb=KB5016623 log=reportingevents reboot-pending=false result=failed stage=install started=2022-11-07T04:30:00 title=2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)"
            ])
    }

    @Test func dismCommandsBecomeAttemptsOrRepairs() throws {
        let all = try summaries(.dism, "dism.log")
        #expect(
            all == [
                "1 machine arch=amd64 log=dism os-build=10.0.19044",
                "2 install-attempt channel=dism client=DISM ended=2022-10-27T10:05:00 hresult=0x800f0821 id=dism:2 kb=KB5016623 log=dism package=C:\\temp\\Windows10.0-KB5016623-x64.cab result=failed stage=install started=2022-10-27T10:00:01",
                "3 error-code attempt=dism:2 attempt-result=failed code=0x800f0821 component=DISM Package Manager context=install kb=KB5016623 level=Error log=dism package=C:\\temp\\Windows10.0-KB5016623-x64.cab text=DISM Package Manager: PID=6108 TID=5192 Failed finalizing changes. - CDISMPackageManager::Internal_Finalize(hr:0x800f0821)",
                "5 error-code code=0x800f081f component=DISM Package Manager context=repair level=Error log=dism text=DISM Package Manager: PID=5372 TID=12244 Failed processing package changes with session options - CDISMPackageManager::Internal_ProcessChangesWithOptions(hr:0x800f081f)"
            ])
    }

    @Test func setupActCodesAndRollback() throws {
        let ctx = Harness.run(.setupact, bytes: try Harness.fixture("setupact.log"))
        let lines = ctx.facts.sorted(by: Fact.stableOrder).map {
            "\($0.provenance.line) \($0.kind) \($0["code"] ?? $0["phase"]!) \($0["level"] ?? "-")"
        }
        #expect(
            lines == [
                "1 error-code 0x8007000d Error",
                "1 install-attempt safe-os -",  // the feature update, failed in Safe OS (FeatureUpdateAttempt)
                "1 setup-failure safe-os -",  // the phase is abandoned (SetupModel)
                "2 error-code 0x8007000d Info",
                "3 rollback setup -",
                "4 error-code 0x80070070 Error",
                "4 error-code 0xc19001df Error",
                "5 error-code 0x8007042b Error",  // gle=0x000000b7 is not a code
                "6 error-code 0x80070057 Fatal",  // Win32 0x00000057 after "Error:" → HRESULT_FROM_WIN32
                "6 setup-failure safe-os -"  // one operation of the Safe OS phase
            ])
    }

    @Test func poqexecRecords() throws {
        #expect(
            try summaries(.poqexec, "poqexec.log") == [
                "3 error-code code=0xc0190003 component=poqexec context=startup level=Error log=poqexec text=10b0, c0190003, 0, 0, onecore\\base\\wcp\\sil\\ntsystem.cpp, Windows::Rtl::SystemImplementation::DirectFileSystemProvider::SysQueryAttributesFile(4272):"
            ])
        let ctx = Harness.run(.poqexec, bytes: try Harness.fixture("poqexec.log"))
        #expect(ctx.firstTimestamp == "2025-03-06T02:47:04")  // FILETIME 0x1db8e420b35c7c1, UTC
    }

    @Test func eventTextExportCitesTheDescription() throws {
        let ctx = Harness.run(.eventsText, bytes: try Harness.fixture("events.txt"))
        let all = ctx.facts.sorted(by: Fact.stableOrder).map {
            "\($0.provenance.line) \($0.kind) \($0["code"] ?? $0["result"] ?? $0["name"]!)"
        }
        #expect(
            all == [
                "14 error-code 0x800f0821",
                "14 install-attempt failed",
                "14 machine BRANCH-PC-017",
                "29 install-attempt succeeded",
                "44 error-code 0x8024001e"  // %%-2145124322, negative decimal
            ])
        let failed = try #require(ctx.facts(FactKind.installAttempt, ["result": "failed"]).first)
        #expect(
            failed.attributes == [
                "id": "events-text:14", "kb": "KB5016623", "channel": "windows-update", "client": "WindowsUpdateClient",
                "result": "failed", "hresult": "0x800f0821", "stage": "install", "started": "2022-10-27T08:22:09",
                "ended": "2022-10-27T08:22:09", "log": "events-text",
                "title": "2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)"
            ])
        #expect(failed.provenance.time == "2022-10-27T08:22:09.4650000Z")
    }

    @Test func eventCSVExportWithMultiLineMessage() throws {
        let all = try summaries(.eventsCSV, "events.csv", FactKind.installAttempt)
        #expect(
            all == [
                "3 install-attempt channel=windows-update client=WindowsUpdateAgent ended=2022-10-27T09:20:46 hresult=0x800f0821 id=events-csv:3 kb=KB5016623 log=events-csv result=failed stage=install started=2022-10-27T09:20:46",
                "5 install-attempt channel=offline-msu client=wusa ended=2022-10-27T22:30:05 hresult=0x80240017 id=events-csv:5 kb=KB5016623 log=events-csv result=failed stage=install started=2022-10-27T22:30:05"
            ])
        let ctx = Harness.run(.eventsCSV, bytes: try Harness.fixture("events.csv"))
        #expect(
            ctx.facts(FactKind.errorCode).map { "\($0.provenance.line) \($0["code"]!)" } == [
                "3 0x800f0821", "5 0x80240017"
            ])
    }

    @Test func setupDiagResult() throws {
        #expect(
            try summaries(.setupDiag, "setupdiag.log") == [
                "2 rollback log=setupdiag phase=setup trigger=FindRollbackFailure",
                "2 setup-failure extend=0x2000C fatal=true hresult=0x8007000d log=setupdiag operation=apply-image phase=safe-os",
                "2 setupdiag-result extend=0x2000C guid=3A43C9B5-05B3-4F7C-A955-88F991BB5A48 hresult=0x8007000d log=setupdiag operation=apply-image phase=safe-os rule=FindRollbackFailure",
                "5 machine arch=amd64 edition=Professional log=setupdiag name=BRANCH-PC-017 os-build=19044.1",
                "15 error-code code=0x8007000d component=FindRollbackFailure context=unknown level=Error log=setupdiag text=Error = 0x8007000D-0x2000C",
                "16 error-code code=0x8007000d component=SetupDiag context=unknown level=Error log=setupdiag text=LogEntry: 2022-10-27 00:32:46, Error                 SP     ExecuteOperations: Main operation execution failed. Error: 0x8007000D"
            ])
    }

    @Test func everyKindHasAnExtractor() {
        for kind in LogFormats.all.map(\.kind) + [.unknown] {
            let expected = ![.cmtrace, .evtx, .etl, .pml, .unknown].contains(kind)
            #expect((Extractors.make(for: kind) != nil) == expected, "\(kind)")
        }
    }
}
