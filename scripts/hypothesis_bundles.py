"""One regression case per major hypothesis, each with a bundle written in the real formats."""
from caselib import CBSLog, WULog, ReportingEvents, EventText, collector_info, guid


class CU:
    def __init__(self, kb, build, title):
        self.kb, self.build, self.title = kb, build, title
        self.pkg = f"Package_for_RollupFix~31bf3856ad364e35~amd64~~{build}"
        self.upd = guid("update", kb)
        self.sandbox = "C:\\Windows\\SoftwareDistribution\\Download\\" + guid("sandbox", kb)[1:-1].replace("-", "").lower()


CU_2304 = CU("KB5025221", "19041.2846.1.10", "2023-04 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5025221)")
CU_2305 = CU("KB5026361", "19041.2965.1.8", "2023-05 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5026361)")
CU_2303 = CU("KB5023696", "19041.2728.1.11", "2023-03 Cumulative Update for Windows 10 Version 22H2 for x64-based Systems (KB5023696)")


def utc(ts, offset=8):
    day, time = ts.split(" ")
    return f"{day}T{int(time[:2]) - offset:02d}{time[2:]}"


def cbs_begin(c, ts, s, cu, seq, client="WindowsUpdateAgent"):
    c(ts, f"Session: {s} initialized by client {client}, external staging directory: (null), external registry directory: (null)")
    if client == "WindowsUpdateAgent":
        c(ts, "Exec: Clients specified using Windows Update.")
    c(ts, f"Exec: Processing started.  Client: {client}, Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb}")
    c(ts, f"Exec: Using execution sequence: {seq}")
    c(ts, "Reboot mark set")
    c(ts, "Disabling LKG boot option")
    c(ts, f"Plan: Package: {cu.pkg}, current: Absent, pending: Default, start: Absent, applicable: Installed, targeted: Installed, limit: Installed")


def cbs_fail(c, ts, s, cu, seq, hr, sym, source, client="WindowsUpdateAgent", current="Absent"):
    c(ts, f"WER: Generating failure report for package: {cu.pkg}, status: {hr}, failure source: {source}, start state: Absent, target state: Installed, client id: {client}")
    c(ts, f"Reporting package change completion for package: {cu.pkg}, current: {current}, original: Absent, target: Installed, status: {hr}, failure source: {source}, failure details: \"(null)\", client id: {client}, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: False")
    c(ts, f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = {hr} - {sym}]", level="Error")
    c(ts, "Reboot mark cleared")
    c(ts, "Enabling LKG boot option")
    c(ts, f"Session: {s} finalized. Reboot required: no [HRESULT = {hr} - {sym}]")


def cbs_success(c, ts, s, cu, seq, client="WindowsUpdateAgent"):
    c(ts, f"Reporting package change completion for package: {cu.pkg}, current: Installed, original: Absent, target: Installed, status: 0x0, failure source: Execute, failure details: \"(null)\", client id: {client}, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: False")
    c(ts, f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = 0x00000000 - S_OK]")
    c(ts, "Reboot mark cleared")
    c(ts, "Enabling LKG boot option")
    c(ts, f"Session: {s} finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]")


def wu_header(w, ts, pid, tid, server):
    w(ts, pid, tid, "Shared", "* START * Service startup")
    w(ts, pid, tid, "Agent", "WU client version 10.0.19041.2728")
    w(ts, pid, tid, "Agent", "Base directory: C:\\Windows\\SoftwareDistribution")
    w(ts, pid, tid, "Agent", f"WSUS server: {server or '(null)'}")
    w(ts, pid, tid, "Agent", f"WSUS status server: {server or '(null)'}")


def wu_install(w, a, b, pid, tid, cu, session, hr, shutdown=False, reboot=False):
    ok = hr == "0x0"
    w(a, pid, tid, "Agent", "* START *  Installing updates CallerId = UpdateOrchestrator")
    w(a, pid, tid, "Agent", "Updates to Install = 1")
    w(a, pid, tid, "Agent", f"  Title = {cu.title}")
    w(a, pid, tid, "Agent", f"  UpdateId = {cu.upd}.200")
    w(a, pid, tid, "Handler", "* START *   CBS  Install")
    w(a, pid, tid, "Handler", f"Starting install of CBS update {cu.upd[1:-1]}")
    w(a, pid, tid, "Handler", f"CBS session identity: {session}")
    w(a, pid, tid, "Handler", f"CBS package identity: {cu.pkg}")
    w(a, pid, tid, "Handler", f"Installing SelfContainedNoExpressPayload with source={cu.sandbox}\\Windows10.0-{cu.kb}-x64.cab, workingdir={cu.sandbox}\\inst")
    w(a, pid, tid, "Handler", "CBS called Initiate")
    w(a, pid, tid, "Handler", "CBS called Progress with state=2, ticks=95, total=1000")
    if shutdown:
        w(b, pid, tid, "Agent", "Service shutdown requested while an install is in progress; cancelling the call")
    elif not ok:
        w(b, pid, tid, "Handler", f"CBS called Error with {hr}, ")
    w(b, pid, tid, "Handler", f"Completed install of CBS update with type=0, requiresReboot={1 if reboot else 0}, installerError={0 if ok else 1}, hr={hr}")
    w(b, pid, tid, "Handler", "* END *   CBS Install")
    code = "0" if ok else hr[2:].upper()
    w(b, pid, tid, "Agent", f"LogHistory called. idUpdate={cu.upd}.200, resultMapped={code}, resultUnMapped={code}")
    w(b, pid + 900, tid + 4, "ComApi", f"Install call complete (succeeded = {1 if ok else 0}, succeeded with errors = 0, failed = {0 if ok else 1}, cancelled = 0, unaccounted = 0")
    w(b, pid, tid, "Agent", "* END *  Installing updates CallerId = UpdateOrchestrator, Exit code = 0x00000000")
    if shutdown:
        w(b, pid, tid, "Shared", "* END * Service exit Exit code = 0x240001")


def events_wu(e, cu, attempts):
    for ts, hr in attempts:
        if hr == "0x0":
            e.wu(utc(ts), 19, f"Installation Successful: Windows successfully installed the following update: {cu.title}", True)
        else:
            e.wu(utc(ts), 20, f"Installation Failure: Windows failed to install the following update with error 0x{hr[2:].upper()}: {cu.title}.", False)


def payload_corrupt(root):
    m, server, cu = "FIN-WS0412", "http://wsus01.contoso.local:8530", CU_2304
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-04-20 10:05:44")
    c = CBSLog().ti_start("2023-04-19 09:30:02", "2023-04-19 08:11:20.004", "10.0.19041.2780")
    for i, (a, b) in enumerate([("2023-04-19 09:30:02", "2023-04-19 09:34:40"), ("2023-04-19 15:02:10", "2023-04-19 15:06:51")]):
        s, seq = f"3103{i}712_18{i}4471920", 2901 + i
        cbs_begin(c, a, s, cu, seq)
        c(a, "Started DPX phase: Resume and Download Job", src="DPX")
        c(b, f"Failed to extract the files from the container {cu.sandbox}\\Windows10.0-{cu.kb}-x64.cab [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]", src="DPX", level="Error")
        c(b, f"Exec: Failed to stage package: {cu.pkg} [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]", level="Error")
        cbs_fail(c, b, s, cu, seq, "0x80070570", "ERROR_FILE_OR_DIRECTORY_CORRUPTED", "Stage")
    c.write(f"{root}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-04-19 09:28:40", 5124, 6208, server)
    w("2023-04-19 09:28:52", 5124, 6208, "DownloadManager", f"Downloading from {server}/Content/7E/19AB44C1D0E2F3A4B5C6D7E8F9A0B1C2D3E4F57E.cab to {cu.sandbox}\\Windows10.0-{cu.kb}-x64.cab (full file)")
    w("2023-04-19 09:29:58", 5124, 6208, "DownloadManager", f"Download job for update {cu.upd[1:-1]}.200 completed; bytes downloaded = 648001536")
    wu_install(w, "2023-04-19 09:30:02", "2023-04-19 09:34:40", 5124, 6208, cu, "31030712_1804471920", "0x80070570")
    wu_install(w, "2023-04-19 15:02:10", "2023-04-19 15:06:51", 5124, 7010, cu, "31031712_1814471920", "0x80070570")
    wu_install(w, "2023-04-20 09:15:03", "2023-04-20 09:18:37", 5124, 7311, cu, "31032712_1824471920", "0x80070570")
    w.write(f"{root}/WindowsUpdate.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-04-19 09:34:40", "0x80070570"), ("2023-04-19 15:06:51", "0x80070570"), ("2023-04-20 09:18:37", "0x80070570")])
    e.write(f"{root}/EventLogs/System.txt")


def component_store_corrupt(root):
    m, cu = "HQ-LT2208", CU_2305
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-17 16:40:12")
    c = CBSLog().ti_start("2023-05-16 11:02:40", "2023-05-16 08:45:03.771", "10.0.19041.2905")
    s, seq = "31035512_2241876009", 3304
    cbs_begin(c, "2023-05-16 11:02:40", s, cu, seq)
    c("2023-05-16 11:05:12", "Failed to resolve package 'Package_1122_for_KB5026361~31bf3856ad364e35~amd64~~19041.2965.1.8' [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]", level="Error")
    c("2023-05-16 11:05:12", "Failed to resolve execution package: Package_1122_for_KB5026361~31bf3856ad364e35~amd64~~19041.2965.1.8 [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]", level="Error")
    c("2023-05-16 11:05:12", f"Exec: Failed to resolve execution chain. [HRESULT = 0x800f0831 - CBS_E_STORE_CORRUPTION]", level="Error")
    cbs_fail(c, "2023-05-16 11:05:13", s, cu, seq, "0x800f0831", "CBS_E_STORE_CORRUPTION", "Resolve")
    c.ti_stop("2023-05-16 11:07:13")
    c.ti_start("2023-05-17 15:58:20", "2023-05-17 08:30:41.090", "10.0.19041.2905")
    s2 = "31035701_903114572"
    c("2023-05-17 15:58:20", f"Session: {s2} initialized by client DISM Package Manager Provider, external staging directory: (null), external registry directory: (null)")
    c.csi("2023-05-17 16:21:47", 0x4c, "(F) Attempting to mark store corrupt with category [l:18 ml:19]'CorruptPayloadFile'[gle=0x80004005]", level="Error")
    c("2023-05-17 16:22:05", "Repr: CBS Store check completes")
    c.raw("Checking System Update Readiness.", "",
          "(p)\tCSI Payload Corrupt\t(n)\tamd64_microsoft-windows-s..e-client-ui-legacy_31bf3856ad364e35_10.0.19041.2846_none_2f0a8c1d5e7b4c93\\SecurityHealthHost.exe",
          "Repair failed: Missing replacement payload.",
          "(p)\tCSI Payload Corrupt\t(n)\twow64_microsoft-windows-ie-htmlrendering_31bf3856ad364e35_11.0.19041.2846_none_1c6e2b47d3a9f208\\mshtml.dll",
          "Repair failed: Missing replacement payload.", "", "Summary:", "Operation: Detect and Repair ",
          "Operation result: 0x800f081f", "Last Successful Step: Entire operation completes.",
          "Total Detected Corruption:\t2", "\tCBS Manifest Corruption:\t0", "\tCBS Metadata Corruption:\t0",
          "\tCSI Manifest Corruption:\t0", "\tCSI Metadata Corruption:\t0", "\tCSI Payload Corruption:\t2",
          "Total Repaired Corruption:\t0", "\tCBS Manifest Repaired:\t0", "\tCSI Manifest Repaired:\t0",
          "\tCSI Payload Repaired:\t0", "\tCSI Store Metadata refreshed:\tTrue", "",
          "Total Operation Time: 1421 seconds.")
    c("2023-05-17 16:22:05", f"Exec: Processing complete, session(Corruption Repairing): {s2} [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]", level="Error")
    c("2023-05-17 16:22:05", f"Session: {s2} finalized. Reboot required: no [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-05-16 11:05:13", "0x800f0831")])
    e.write(f"{root}/EventLogs/System.txt")


def servicing_interrupted(root):
    m, server, cu = "CLINIC-RX07", "http://10.20.0.15:8530", CU_2303
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-03-22 08:55:19")
    c = CBSLog().ti_start("2023-03-21 18:00:31", "2023-03-21 07:58:12.640", "10.0.19041.2664")
    s, seq = "31023355_4017729301", 2688
    cbs_begin(c, "2023-03-21 18:00:31", s, cu, seq)
    c("2023-03-21 18:00:33", f"Exec: Installing Package: {cu.pkg}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.2728_none_0c9d2e71b5f3a846")
    c("2023-03-21 18:09:58", "Exec: Client cancelled the operation; aborting. [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    cbs_fail(c, "2023-03-21 18:09:59", s, cu, seq, "0x800f0821", "CBS_E_ABORT", "Execute")
    c.ti_stop("2023-03-21 18:10:02")
    c.write(f"{root}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-03-21 17:58:02", 2980, 3144, server)
    wu_install(w, "2023-03-21 18:00:31", "2023-03-21 18:09:57", 2980, 3144, cu, s, "0x8024001e", shutdown=True)
    w.write(f"{root}/WindowsUpdate.log")
    e = EventText(m)
    e.service("2023-03-21T10:00:29", "Windows Modules Installer", "running")
    e.service("2023-03-21T10:09:57", "Windows Update", "stopped")
    events_wu(e, cu, [("2023-03-21 18:09:58", "0x8024001e")])
    e.service("2023-03-21T10:14:02", "Windows Update", "running")
    e.write(f"{root}/EventLogs/System.txt")


def servicing_watchdog(root):
    m, cu = "VDI-POOL-118", CU_2304
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-04-14 11:02:00")
    c = CBSLog().ti_start("2023-04-13 22:00:11", "2023-04-13 21:58:30.112", "10.0.19041.2780")
    s, seq = "31029201_3390017412", 2870
    cbs_begin(c, "2023-04-13 22:00:11", s, cu, seq)
    c("2023-04-13 22:00:12", "Started DPX phase: Resume and Download Job", src="DPX")
    c("2023-04-13 22:41:30", "Servicing watchdog: operation exceeded its time budget, requesting abort. [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    c("2023-04-13 22:41:30", f"Exec: Failed to stage package: {cu.pkg} [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    c("2023-04-13 22:51:30", "Servicing watchdog: the aborted operation did not return; hang detected. [HRESULT = 0x800f0920 - CBS_E_HANG_DETECTED]", level="Error")
    cbs_fail(c, "2023-04-13 22:51:31", s, cu, seq, "0x800f0920", "CBS_E_HANG_DETECTED", "Stage")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-04-13 22:51:31", "0x800f0920")])
    e.write(f"{root}/EventLogs/System.txt")


def boot_phase_failure(root):
    m, cu = "PLANT-HMI03", CU_2305
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-12 14:18:09")
    c = CBSLog().ti_start("2023-05-11 17:20:44", "2023-05-11 07:40:19.533", "10.0.19041.2905")
    s, seq = "31034990_1102875436", 3290
    cbs_begin(c, "2023-05-11 17:20:44", s, cu, seq)
    c("2023-05-11 17:41:02", f"Reporting package change completion for package: {cu.pkg}, current: Staged, original: Absent, target: Installed, status: 0x0, failure source: Execute, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: True")
    c("2023-05-11 17:41:02", f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = 0x00000000 - S_OK]")
    c("2023-05-11 17:41:03", f"Session: {s} finalized. Reboot required: yes [HRESULT = 0x00000000 - S_OK]")
    c("2023-05-11 17:52:20", "Starting TrustedInstaller initialization.")
    c("2023-05-11 17:52:20", "Startup: Processing advanced operation queue, startupPhase: 0")
    c("2023-05-11 17:52:20", "Setting ExecuteState key to: CbsExecuteStateStageDrivers")
    c.csi("2023-05-11 17:53:41", 0xc71, "(F) Failed execution of queue item Installer: Driver Updates ({4d9a5d5e-9b38-4e6e-a22f-7ac8e4e03b1e}) with HRESULT HRESULT_FROM_WIN32(ERROR_FILE_NOT_FOUND).  Failure will not be ignored: A rollback will be initiated after all the operations in the installer queue are completed; installer is reliable[gle=0x80004005]", level="Error")
    c("2023-05-11 17:53:42", "Startup: Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]", level="Error")
    c("2023-05-11 17:53:42", "Startup: Rolling back KTM, because drivers failed.")
    c("2023-05-11 17:53:42", "Setting ExecuteState key to: CbsExecuteStateStageDrivers | CbsExecuteStateFlagRollback | CbsExecuteStateFlagDriversFailed")
    c("2023-05-11 17:58:10", f"WER: Generating failure report for package: {cu.pkg}, status: 0x800f0922, failure source: DOQ, start state: Staged, target state: Installed, client id: WindowsUpdateAgent")
    c("2023-05-11 17:58:10", f"Reporting package change completion for package: {cu.pkg}, current: Absent, original: Absent, target: Installed, status: 0x800f0922, failure source: DOQ, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: False")
    c("2023-05-11 17:58:11", "Startup: Processing complete. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-05-11 17:58:12", "0x800f0922")])
    e.write(f"{root}/EventLogs/System.txt")


def third_party(root):
    m, cu = "TRADE-DSK19", CU_2304
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-04-21 09:30:40")
    c = CBSLog().ti_start("2023-04-20 12:10:05", "2023-04-20 08:02:14.316", "10.0.19041.2780")
    s, seq = "31030890_2714400183", 2911
    cbs_begin(c, "2023-04-20 12:10:05", s, cu, seq)
    c("2023-04-20 12:24:17", f"Exec: Installing Package: {cu.pkg}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.2846_none_4a2b6f0d1c9e3b57")
    c.csi("2023-04-20 12:31:55", 0x1a2, "Error: Overlap: Duplicate ownership for directory \\??\\C:\\Windows\\System32\\drivers in component ... (informational)")
    c.csi("2023-04-20 12:31:58", 0x1a3, "(F) STATUS_SHARING_VIOLATION #8814207# from CCSDirectTransaction::OperationRequiresPendingTransaction on file \\SystemRoot\\WinSxS\\amd64_microsoft-windows-defender-amfilter_31bf3856ad364e35_10.0.19041.2846_none_5d27c1e0a4f3b812\\WdFilter.sys [gle=0xd0000043]", level="Error")
    c("2023-04-20 12:31:58", "Exec: Failed to move file \\SystemRoot\\System32\\drivers\\WdFilter.sys to its new location; the file is in use by another process. [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]", level="Error")
    c("2023-04-20 12:31:58", "Exec: Failed to commit component installation. [HRESULT = 0x80070020 - ERROR_SHARING_VIOLATION]", level="Error")
    cbs_fail(c, "2023-04-20 12:32:01", s, cu, seq, "0x80070020", "ERROR_SHARING_VIOLATION", "Execute")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    e("2023-04-20T00:03:10", "Microsoft-Windows-FilterManager", 6, "Information", "File System Filter 'GuardEdgeFlt' (10.0, ‎2022‎-‎11‎-‎02T08:14:37.000000000Z) has successfully loaded and registered with Filter Manager.", user=("S-1-5-18", "NT AUTHORITY\\SYSTEM"))
    events_wu(e, cu, [("2023-04-20 12:32:02", "0x80070020")])
    e.write(f"{root}/EventLogs/System.txt")


def source_unreachable(root):
    m, server = "BRANCH-KIOSK2", "http://wsus-br.corp.example:8530"
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-06-02 10:11:12")
    w = WULog()
    for day, pid, code in [("2023-05-31", 3300, "8024402C"), ("2023-06-01", 3420, "8024402C"), ("2023-06-02", 3512, "80072EE2")]:
        wu_header(w, f"{day} 08:30:02", pid, pid + 96, server)
        w(f"{day} 08:30:04", pid, pid + 96, "Agent", "* START * Finding updates CallerId = UpdateOrchestrator  Id = 7")
        w(f"{day} 08:30:05", pid, pid + 96, "ProtocolTalker", f"ServerId = 3DA21691-E39D-4DA6-8A4B-B43877BCB1B7, ServerUrl = {server}/ClientWebService/client.asmx")
        if code == "8024402C":
            w(f"{day} 08:30:05", pid, pid + 96, "WebServices", f"*FAILED* [{code}] Web service call (SendRequest) failed: the server name {server[7:-5]} could not be resolved")
        else:
            w(f"{day} 08:31:05", pid, pid + 96, "WebServices", f"*FAILED* [{code}] Web service call (SendRequest) timed out after 60 seconds")
        w(f"{day} 08:31:05", pid, pid + 96, "ProtocolTalker", f"*FAILED* [{code}] Sync of Updates")
        w(f"{day} 08:31:05", pid, pid + 96, "ProtocolTalker", f"*FAILED* [{code}] SyncServerUpdatesInternal failed")
        w(f"{day} 08:31:06", pid, pid + 96, "Agent", f"*FAILED* [{code}] Exit code = 0x{code}")
        w(f"{day} 08:31:06", pid, pid + 96, "Agent", f"* END * Finding updates CallerId = UpdateOrchestrator, Id = 7, Exit code = 0x{code}")
    w.write(f"{root}/WindowsUpdate.log")
    r = ReportingEvents()
    for day, code in [("2023-05-31", "8024402c"), ("2023-06-01", "8024402c"), ("2023-06-02", "80072ee2")]:
        r(f"{day} 08:31:06", "148 [AGENT_DETECTION_FAILED]", "{3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}", code, "UpdateOrchestrator", False, "Software Synchronization", f"Windows Update Client failed to detect with error 0x{code}.", rev="0")
    r.write(f"{root}/SoftwareDistribution/ReportingEvents.log")


def server_fault(root):
    m, server = "HR-PC0931", "http://wsus02.corp.example:8530"
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-06-06 14:40:02")
    w = WULog()
    for day, pid in [("2023-06-05", 4120), ("2023-06-06", 4208)]:
        wu_header(w, f"{day} 13:00:02", pid, pid + 40, server)
        w(f"{day} 13:00:04", pid, pid + 40, "Agent", "* START * Finding updates CallerId = UpdateOrchestrator  Id = 4")
        w(f"{day} 13:00:05", pid, pid + 40, "ProtocolTalker", f"ServerId = 3DA21691-E39D-4DA6-8A4B-B43877BCB1B7, ServerUrl = {server}/ClientWebService/client.asmx")
        w(f"{day} 13:00:06", pid, pid + 40, "WebServices", "WS error: There was an error communicating with the endpoint at 'http://wsus02.corp.example:8530/ClientWebService/client.asmx'.")
        w(f"{day} 13:00:06", pid, pid + 40, "WebServices", "WS error: The server returned HTTP status code '503 (0x1F7)' with text 'Service Unavailable'.")
        w(f"{day} 13:00:06", pid, pid + 40, "WebServices", "*FAILED* [80244022] Web service call")
        w(f"{day} 13:00:06", pid, pid + 40, "ProtocolTalker", "*FAILED* [80244022] GetCookie_WithRecovery failed")
        w(f"{day} 13:00:06", pid, pid + 40, "ProtocolTalker", "*FAILED* [80244022] RefreshCookie failed")
        w(f"{day} 13:00:07", pid, pid + 40, "Agent", "*FAILED* [80244022] Exit code = 0x80244022")
        w(f"{day} 13:00:07", pid, pid + 40, "Agent", "* END * Finding updates CallerId = UpdateOrchestrator, Id = 4, Exit code = 0x80244022")
    w.write(f"{root}/WindowsUpdate.log")
    r = ReportingEvents()
    for day in ["2023-06-05", "2023-06-06"]:
        r(f"{day} 13:00:07", "148 [AGENT_DETECTION_FAILED]", "{3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}", "80244022", "UpdateOrchestrator", False, "Software Synchronization", "Windows Update Client failed to detect with error 0x80244022.", rev="0")
    r.write(f"{root}/SoftwareDistribution/ReportingEvents.log")


def missing_prerequisite(root):
    m, server, cu = "LAB-W10-044", "http://10.8.1.20:8530", CU_2305
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-18 08:20:55")
    c = CBSLog().ti_start("2023-05-17 19:30:10", "2023-05-17 07:55:41.920", "10.0.19041.1161")
    s, seq = "31035620_618840772", 1422
    c("2023-05-17 19:30:10", f"Session: {s} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)")
    c("2023-05-17 19:30:11", f"Appl: Evaluating package applicability for package {cu.pkg}, applicable state: Installed")
    c("2023-05-17 19:30:11", "Package Package_for_ServicingStack_2905~31bf3856ad364e35~amd64~~19041.2905.1.1 is required by the update but is not present")
    c("2023-05-17 19:30:11", f"Failed to install package {cu.pkg}: the installed servicing stack 10.0.19041.1161 is older than the required 10.0.19041.2905 [HRESULT = 0x800f0823 - CBS_E_NEW_SERVICING_STACK_REQUIRED]", level="Error")
    c("2023-05-17 19:30:11", f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = 0x800f0823 - CBS_E_NEW_SERVICING_STACK_REQUIRED]", level="Error")
    c("2023-05-17 19:30:11", f"Session: {s} finalized. Reboot required: no [HRESULT = 0x800f0823 - CBS_E_NEW_SERVICING_STACK_REQUIRED]")
    c.write(f"{root}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-05-17 19:28:40", 6010, 6122, server)
    wu_install(w, "2023-05-17 19:30:10", "2023-05-17 19:30:12", 6010, 6122, cu, s, "0x800f0823")
    w.write(f"{root}/WindowsUpdate.log")


def pending_reboot(root):
    m, cu = "OPS-WS0077", CU_2305
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-19 17:02:31")
    c = CBSLog().ti_start("2023-05-19 15:40:02", "2023-05-02 08:10:55.004", "10.0.19041.2905")
    s, seq = "31035880_2291077710", 3341
    c("2023-05-19 15:40:02", f"Session: {s} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)")
    c("2023-05-19 15:40:03", f"Exec: Processing started.  Client: WindowsUpdateAgent, Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb}")
    c("2023-05-19 15:40:03", "Exec: An earlier servicing operation is pending; pending.xml exists and the machine has not been restarted since 2023-05-02.")
    c("2023-05-19 15:40:04", f"Failed to create CSI transaction with id: TI5.{s}:1/. A pending repair transaction already exists, reboot is required [HRESULT = 0x80070bc9 - ERROR_FAIL_REBOOT_REQUIRED]", level="Error")
    c("2023-05-19 15:40:04", f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = 0x80070bc9 - ERROR_FAIL_REBOOT_REQUIRED]", level="Error")
    c("2023-05-19 15:40:04", f"Session: {s} finalized. Reboot required: no [HRESULT = 0x80070bc9 - ERROR_FAIL_REBOOT_REQUIRED]")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-05-19 15:40:05", "0x80070bc9")])
    e.write(f"{root}/EventLogs/System.txt")


def disk_space(root):
    m, server, cu = "POS-LANE04", "http://10.44.0.9:8530", CU_2304
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-04-24 07:44:10")
    c = CBSLog().ti_start("2023-04-23 23:00:20", "2023-04-23 06:00:02.777", "10.0.19041.2780")
    s, seq = "31031560_477210093", 2925
    cbs_begin(c, "2023-04-23 23:00:20", s, cu, seq)
    c("2023-04-23 23:06:41", "Started DPX phase: Resume and Download Job", src="DPX")
    c("2023-04-23 23:09:15", "Failed to write file C:\\Windows\\CbsTemp\\31031560_477210093\\amd64_microsoft-windows-edgechromium_31bf3856ad364e35\\msedge.dll [HRESULT = 0x80070070 - ERROR_DISK_FULL]", src="DPX", level="Error")
    c("2023-04-23 23:09:15", f"Exec: Failed to stage package: {cu.pkg} [HRESULT = 0x80070070 - ERROR_DISK_FULL]", level="Error")
    cbs_fail(c, "2023-04-23 23:09:16", s, cu, seq, "0x80070070", "ERROR_DISK_FULL", "Stage")
    c.write(f"{root}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-04-23 22:58:40", 2212, 2360, server)
    wu_install(w, "2023-04-23 23:00:20", "2023-04-23 23:09:17", 2212, 2360, cu, s, "0x80070070")
    w.write(f"{root}/WindowsUpdate.log")
    e = EventText(m)
    e("2023-04-23T15:09:14", "srv", 2013, "Warning", "The C: disk is at or near capacity.  You may need to delete some files.")
    events_wu(e, cu, [("2023-04-23 23:09:17", "0x80070070")])
    e.write(f"{root}/EventLogs/System.txt")


def transaction_log(root):
    m, cu = "ENG-CAD11", CU_2303
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-03-20 13:15:00")
    c = CBSLog().ti_start("2023-03-19 20:00:40", "2023-03-19 07:31:02.519", "10.0.19041.2664")
    s, seq = "31023011_3981002774", 2671
    cbs_begin(c, "2023-03-19 20:00:40", s, cu, seq)
    c("2023-03-19 20:18:05", f"Exec: Installing Package: {cu.pkg}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.2728_none_0c9d2e71b5f3a846")
    c.csi("2023-03-19 20:21:11", 0x2b0, "Begin executing advanced installer phase 38 index 0 (sequence 0)")
    c("2023-03-19 20:21:13", "Exec: Failed to commit CBS transaction. [HRESULT = 0x80071a91 - ERROR_RM_NOT_ACTIVE]", level="Error")
    cbs_fail(c, "2023-03-19 20:21:14", s, cu, seq, "0x80071a91", "ERROR_RM_NOT_ACTIVE", "Execute")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    e("2023-03-19T11:31:10", "Ntfs", 136, "Error", "The default transaction resource manager on volume C: encountered a non-retryable error and could not start.  The data contains the error code.")
    events_wu(e, cu, [("2023-03-19 20:21:15", "0x80071a91")])
    e.write(f"{root}/EventLogs/System.txt")


def healthy(root):
    m, server, cu = "SALES-NB0150", "http://10.2.0.4:8530", CU_2305
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-22 09:00:12")
    c = CBSLog().ti_start("2023-05-18 12:10:02", "2023-05-18 08:02:51.339", "10.0.19041.2905")
    s, seq = "31035790_1650037721", 3320
    cbs_begin(c, "2023-05-18 12:10:02", s, cu, seq)
    c("2023-05-18 12:26:40", f"Exec: Installing Package: {cu.pkg}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.2965_none_77c0be2f1a09d3e4")
    cbs_success(c, "2023-05-18 12:31:02", s, cu, seq)
    c("2023-05-18 12:31:03", "Failed to get CSI inventory for optional component registration; will retry later. [HRESULT = 0x80070002 - ERROR_FILE_NOT_FOUND]")
    c.ti_stop("2023-05-18 12:33:05")
    c.write(f"{root}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-05-18 12:08:30", 5300, 5410, server)
    wu_install(w, "2023-05-18 12:10:02", "2023-05-18 12:31:04", 5300, 5410, cu, s, "0x0")
    w("2023-05-18 12:31:30", 5300, 5410, "Misc", "*FAILED* [80248014] Method failed [CAgentServiceManager::GetServiceObject:1980]")
    w.write(f"{root}/WindowsUpdate.log")
    e = EventText(m)
    events_wu(e, cu, [("2023-05-18 12:31:04", "0x0")])
    e.write(f"{root}/EventLogs/System.txt")


def offline_same_error(root1, root2):
    """Moment 1: WSUS install fails with 0x80070570. Moment 2: the verified offline package fails the same way."""
    m, server, cu = "ACC-PC0203", "http://172.16.4.10:8530", CU_2305
    collector_info(f"{root1}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-15 10:02:44")
    c = CBSLog().ti_start("2023-05-12 09:10:31", "2023-05-12 08:01:00.451", "10.0.19041.2905")
    s, seq = "31034995_2871004512", 3295
    cbs_begin(c, "2023-05-12 09:10:31", s, cu, seq)
    c("2023-05-12 09:14:02", f"Failed to extract the files from the container {cu.sandbox}\\Windows10.0-{cu.kb}-x64.cab [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]", src="DPX", level="Error")
    c("2023-05-12 09:14:02", f"Exec: Failed to stage package: {cu.pkg} [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]", level="Error")
    cbs_fail(c, "2023-05-12 09:14:03", s, cu, seq, "0x80070570", "ERROR_FILE_OR_DIRECTORY_CORRUPTED", "Stage")
    c.write(f"{root1}/Logs/CBS/CBS.log")
    w = WULog()
    wu_header(w, "2023-05-12 09:08:40", 4410, 4520, server)
    wu_install(w, "2023-05-12 09:10:31", "2023-05-12 09:14:04", 4410, 4520, cu, s, "0x80070570")
    wu_install(w, "2023-05-14 09:10:02", "2023-05-14 09:13:37", 4410, 4620, cu, "31035204_1009917740", "0x80070570")
    w.write(f"{root1}/WindowsUpdate.log")

    collector_info(f"{root2}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, "2023-05-19 11:20:09")
    c = CBSLog().ti_start("2023-05-19 10:31:20", "2023-05-19 10:20:42.118", "10.0.19041.2905")
    s2, seq2 = "31035871_1430988127", 3339
    c("2023-05-19 10:31:20", f"Session: {s2} initialized by client DISM Package Manager Provider, external staging directory: (null), external registry directory: (null)")
    c("2023-05-19 10:31:21", f"Exec: Processing started.  Client: DISM Package Manager Provider, Session: {s2}, Package: {cu.pkg}, Identifier: {cu.kb}")
    c("2023-05-19 10:31:21", f"Exec: Using execution sequence: {seq2}")
    c("2023-05-19 10:33:48", f"Exec: Installing Package: {cu.pkg}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.2965_none_77c0be2f1a09d3e4")
    c.csi("2023-05-19 10:35:10", 0x9e, "(F) Hashes for file member [l:12]'ntoskrnl.exe' do not match. Expected: {l:32 b:9c1d...}. Actual: {l:32 b:41e0...}. [gle=0x80004005]", level="Error")
    c("2023-05-19 10:35:10", "Exec: Failed to install component payload: the file in the component store is corrupt. [HRESULT = 0x80070570 - ERROR_FILE_OR_DIRECTORY_CORRUPTED]", level="Error")
    cbs_fail(c, "2023-05-19 10:35:11", s2, cu, seq2, "0x80070570", "ERROR_FILE_OR_DIRECTORY_CORRUPTED", "Execute", client="DISM Package Manager Provider")
    c.write(f"{root2}/Logs/CBS/CBS.log")


def build(cases, zip_fn):
    payload_corrupt(f"{cases}/payload-corrupt-wsus/bundles/2023-04-20-FIN-WS0412")
    component_store_corrupt(f"{cases}/component-store-corrupt/bundles/2023-05-17-HQ-LT2208")
    servicing_interrupted(f"{cases}/servicing-interrupted-service-stop/bundles/2023-03-22-CLINIC-RX07")
    servicing_watchdog(f"{cases}/servicing-watchdog-timeout/bundles/2023-04-14-VDI-POOL-118")
    boot_phase_failure(f"{cases}/boot-phase-rollback/bundles/2023-05-12-PLANT-HMI03")
    third_party(f"{cases}/third-party-sharing-violation/bundles/2023-04-21-TRADE-DSK19")
    source_unreachable(f"{cases}/update-source-unreachable/bundles/2023-06-02-BRANCH-KIOSK2")
    server_fault(f"{cases}/update-server-fault-503/bundles/2023-06-06-HR-PC0931")
    missing_prerequisite(f"{cases}/missing-servicing-stack/bundles/2023-05-18-LAB-W10-044")
    pending_reboot(f"{cases}/pending-reboot/bundles/2023-05-19-OPS-WS0077")
    disk_space(f"{cases}/insufficient-disk-space/bundles/2023-04-24-POS-LANE04")
    transaction_log(f"{cases}/transaction-log-corrupt/bundles/2023-03-20-ENG-CAD11")
    healthy(f"{cases}/no-failure-captured/bundles/2023-05-22-SALES-NB0150")
    offline_same_error(f"{cases}/offline-install-same-error/bundles/2023-05-15-ACC-PC0203",
                       f"{cases}/offline-install-same-error/bundles/2023-05-19-ACC-PC0203")
