"""Bundles of the seed case CAS-07397 (moments 1, 3 and 7 of shared/seed/README.md)."""
from caselib import CBSLog, WULog, ReportingEvents, EventText, collector_info, guid

KB = "KB5016623"
PKG = "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889.1.6"
TITLE = "2022-08 Cumulative Update for Windows 10 Version 21H2 for x64-based Systems (KB5016623)"
UPD = guid("update", KB)
WSUS = "http://92.0.14.83:8530"
SANDBOX = "C:\\Windows\\SoftwareDistribution\\Download\\7c1a5e0b9d2f4e3a8b6c0d1e2f3a4b5c"


def wu_header(w, ts, pid, tid, client="10.0.19041.1806"):
    w(ts, pid, tid, "Shared", "* START * Service startup")
    w(ts, pid, tid, "Agent", f"WU client version {client}")
    w(ts, pid, tid, "Agent", "Base directory: C:\\Windows\\SoftwareDistribution")
    w(ts, pid, tid, "Agent", "Datastore directory: C:\\Windows\\SoftwareDistribution\\DataStore\\DataStore.edb")
    w(ts, pid, tid, "Agent", f"WSUS server: {WSUS}")
    w(ts, pid, tid, "Agent", f"WSUS status server: {WSUS}")
    w(ts, pid, tid, "Agent", "Target group: (Unassigned Computers), Client-side targeting: 0")


def wu_scan(w, ts, pid, tid, n, found):
    w(ts, pid, tid, "Agent", f"* START * Finding updates CallerId = UpdateOrchestrator  Id = {n}")
    w(ts, pid, tid, "ProtocolTalker", f"ServerId = 3DA21691-E39D-4DA6-8A4B-B43877BCB1B7, ServerUrl = {WSUS}/ClientWebService/client.asmx")
    w(ts, pid, tid, "Agent", f"Found {found} updates and 82 categories in search; evaluated appl. rules of 1904 out of 3380 deployed entities")
    w(ts, pid, tid, "Agent", f"* END * Finding updates CallerId = UpdateOrchestrator, Id = {n}, Exit code = 0x00000000")


def wu_install(w, ts_start, ts_end, pid, tid, session, hr, progress=(110, 310), reboot=False, error_line=True,
               shutdown=False):
    w(ts_start, pid, tid, "Agent", "* START *  Installing updates CallerId = UpdateOrchestrator")
    w(ts_start, pid, tid, "Agent", "Updates to Install = 1")
    w(ts_start, pid, tid, "Agent", f"  Title = {TITLE}")
    w(ts_start, pid, tid, "Agent", f"  UpdateId = {UPD}.200")
    w(ts_start, pid, tid, "Handler", "* START *   CBS  Install")
    w(ts_start, pid, tid, "Handler", f"Starting install of CBS update {UPD[1:-1]}")
    w(ts_start, pid, tid, "Handler", f"CBS session identity: {session}")
    w(ts_start, pid, tid, "Handler", f"CBS package identity: {PKG}")
    w(ts_start, pid, tid, "Handler", f"Installing SelfContainedNoExpressPayload with source={SANDBOX}\\Windows10.0-{KB}-x64.cab, workingdir={SANDBOX}\\inst")
    w(ts_start, pid, tid, "Handler", "CBS called Initiate")
    w(ts_start, pid, tid, "Handler", f"CBS called Progress with state=2, ticks={progress[0]}, total=1000")
    w(ts_end, pid, tid, "Handler", f"CBS called Progress with state=3, ticks={progress[1]}, total=1000")
    if shutdown:
        w(ts_end, pid, tid, "Agent", "Service shutdown requested while an install is in progress; cancelling the call")
    ok = hr == "0x0"
    if not ok and error_line:
        w(ts_end, pid, tid, "Handler", f"CBS called Error with {hr}, ")
    w(ts_end, pid, tid, "Handler", f"Completed install of CBS update with type=0, requiresReboot={1 if reboot else 0}, installerError={0 if ok else 1}, hr={hr}")
    w(ts_end, pid, tid, "Handler", "* END *   CBS Install")
    mapped = ("240005" if reboot else "0") if ok else hr[2:].upper()
    w(ts_end, pid, tid, "Agent", f"LogHistory called. idUpdate={UPD}.200, resultMapped={mapped}, resultUnMapped={'0' if ok else hr[2:].upper()}")
    w(ts_end, pid + 1200, tid + 8, "ComApi", f"Install call complete (succeeded = {1 if ok else 0}, succeeded with errors = 0, failed = {0 if ok else 1}, cancelled = 0, unaccounted = 0")
    w(ts_end, pid + 1200, tid + 8, "ComApi", f"Reboot required = {'True' if reboot else 'False'}")
    w(ts_end, pid, tid, "Agent", f"* END *  Installing updates CallerId = UpdateOrchestrator, Exit code = 0x00000000")


def bundle1(root):
    """10-24, BR0101-PC017: KB5016623 installed successfully on 10-21; nothing failed."""
    m = "BR0101-PC017"
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "1.0", m, "2022-10-24 15:02:11")
    c = CBSLog()
    c.ti_start("2022-10-21 14:02:11", "2022-10-21 08:31:40.512")
    s = "30996412_1544301877"
    c("2022-10-21 14:02:11", f"Session: {s} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)")
    c("2022-10-21 14:02:11", "Exec: Clients specified using Windows Update.")
    c("2022-10-21 14:02:12", f"Appl: Evaluating package applicability for package {PKG}, applicable state: Installed")
    c("2022-10-21 14:02:13", f"Exec: Processing started.  Client: WindowsUpdateAgent, Session: {s}, Package: {PKG}, Identifier: {KB}")
    c("2022-10-21 14:02:13", "Exec: Using execution sequence: 1841")
    c("2022-10-21 14:02:13", "Reboot mark set")
    c("2022-10-21 14:02:13", "Disabling LKG boot option")
    c("2022-10-21 14:02:14", f"Plan: Package: {PKG}, current: Absent, pending: Default, start: Absent, applicable: Installed, targeted: Installed, limit: Installed")
    c("2022-10-21 14:03:40", "Started DPX phase: Resume and Download Job", src="DPX")
    c("2022-10-21 14:03:40", "Started DPX phase: Apply Deltas Provided In File", src="DPX")
    c("2022-10-21 14:09:55", "Ended DPX phase: Apply Deltas Provided In File", src="DPX")
    c("2022-10-21 14:09:55", "Ended DPX phase: Resume and Download Job", src="DPX")
    c("2022-10-21 14:21:52", f"Exec: Installing Package: {PKG}, Update: RollupFix, InstallDeployment: amd64_microsoft-windows-s..cumulativeupdate_31bf3856ad364e35_10.0.19041.1889_none_b7f1a2c93e1d7a40")
    c.csi("2022-10-21 14:33:30", 0x2a4, "Begin executing advanced installer phase 38 index 0 (sequence 0)")
    c.csi("2022-10-21 14:34:58", 0x2f1, "Poqexec successfully registered in [ml:26{13},l:24{12}]\"SetupExecute\"")
    c("2022-10-21 14:35:07", f"Reporting package change completion for package: {PKG}, current: Staged, original: Absent, target: Installed, status: 0x0, failure source: Execute, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: 1841, first merged sequence: 1841, reboot required: True")
    c("2022-10-21 14:35:07", f"Exec: Processing complete.  Session: {s}, Package: {PKG}, Identifier: {KB} [HRESULT = 0x00000000 - S_OK]")
    c("2022-10-21 14:35:08", f"Session: {s} finalized. Reboot required: yes [HRESULT = 0x00000000 - S_OK]")
    c("2022-10-21 17:46:03", "Starting TrustedInstaller initialization.")
    c("2022-10-21 17:46:03", "Startup: Processing advanced operation queue, startupPhase: 0")
    c.csi("2022-10-21 17:46:05", 0x1, "CSI Advanced installer perf trace:")
    c("2022-10-21 17:48:40", f"Reporting package change completion for package: {PKG}, current: Installed, original: Absent, target: Installed, status: 0x0, failure source: AI, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: 1841, first merged sequence: 1841, reboot required: False")
    c("2022-10-21 17:48:40", "Startup: Processing complete. [HRESULT = 0x00000000 - S_OK]")
    c("2022-10-21 17:48:40", "Reboot mark cleared")
    c("2022-10-21 17:48:40", "Enabling LKG boot option")
    c.ti_stop("2022-10-21 17:50:41")
    c.ti_start("2022-10-24 09:12:30", "2022-10-24 08:20:17.031")
    c("2022-10-24 09:12:30", "Session: 30996988_2719015541 initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)")
    c("2022-10-24 09:12:31", f"Appl: Evaluating package applicability for package {PKG}, applicable state: Installed")
    c("2022-10-24 09:12:31", f"Read out cached package applicability for package: {PKG}, ApplicableState: 112, CurrentState:112")
    c("2022-10-24 09:12:33", "Session: 30996988_2719015541 finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]")
    c.ti_stop("2022-10-24 09:14:33")
    c.write(f"{root}/Logs/CBS/CBS.log")

    w = WULog()
    wu_header(w, "2022-10-21 14:00:02", 4412, 8820)
    wu_scan(w, "2022-10-21 14:00:05", 4412, 8820, 12, 1)
    w("2022-10-21 14:00:06", 4412, 8820, "Agent", f"  Title = {TITLE}")
    w("2022-10-21 14:00:06", 4412, 8820, "Agent", f"  UpdateId = {UPD}.200")
    w("2022-10-21 14:00:09", 4412, 9016, "DownloadManager", f"Downloading from {WSUS}/Content/3A/5D1C9E7B2A4F6083D1E5C7B9A0F2E4D6C8B1A33A.cab to {SANDBOX}\\Windows10.0-{KB}-x64.cab (full file)")
    w("2022-10-21 14:01:55", 4412, 9016, "DownloadManager", f"Download job for update {UPD[1:-1]}.200 completed; bytes downloaded = 624806216")
    wu_install(w, "2022-10-21 14:02:11", "2022-10-21 14:35:09", 4412, 8820, "30996412_1544301877", "0x0", (110, 1000), reboot=True)
    wu_header(w, "2022-10-21 17:47:12", 3908, 4120)
    w("2022-10-21 17:49:02", 3908, 4120, "Handler", f"Post-reboot status for package {PKG}: 0x00000000.")
    w("2022-10-21 17:49:02", 3908, 4120, "Agent", f"LogHistory called. idUpdate={UPD}.200, resultMapped=0, resultUnMapped=0")
    wu_header(w, "2022-10-24 09:12:20", 4060, 4188)
    wu_scan(w, "2022-10-24 09:12:24", 4060, 4188, 3, 0)
    w("2022-10-24 09:12:35", 4060, 4188, "Misc", "*FAILED* [80248014] Method failed [CAgentServiceManager::GetServiceObject:1980]")
    w.write(f"{root}/WindowsUpdate.log")

    r = ReportingEvents()
    r("2022-10-21 14:00:05", "147 [AGENT_DETECTION_FINISHED]", "{3DA21691-E39D-4DA6-8A4B-B43877BCB1B7}", "0", "UpdateOrchestrator", True, "Software Synchronization", "Windows Update Client successfully detected 1 updates.", rev="0")
    r("2022-10-21 14:01:55", "162 [AGENT_DOWNLOAD_SUCCEEDED]", UPD, "0", "UpdateOrchestrator", True, "Content Download", "Download succeeded.")
    r("2022-10-21 14:02:11", "181 [AGENT_INSTALLING_STARTED]", UPD, "0", "UpdateOrchestrator", True, "Content Install", f"Installation Started: Windows has started installing the following update: {TITLE}")
    r("2022-10-21 17:49:02", "183 [AGENT_INSTALLING_SUCCEEDED]", UPD, "0", "UpdateOrchestrator", True, "Content Install", f"Installation Successful: Windows successfully installed the following update: {TITLE}")
    r.write(f"{root}/SoftwareDistribution/ReportingEvents.log")

    e = EventText(m)
    e.service("2022-10-21T06:00:01", "Windows Update", "running")
    e.wu("2022-10-21T06:02:11", 43, f"Installation Started: Windows has started installing the following update: {TITLE}", True)
    e.wu("2022-10-21T09:49:02", 19, f"Installation Successful: Windows successfully installed the following update: {TITLE}", True)
    e.write(f"{root}/EventLogs/System.txt")


def staging_abort(c, day, s, seq, start="10:41:12", fail="10:59:47"):
    """CBS lines of a WU-driven KB5016623 install that aborts with 0x800f0821 while extracting the payload."""
    c(f"{day} {start}", f"Session: {s} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)")
    c(f"{day} {start}", "Exec: Clients specified using Windows Update.")
    c(f"{day} {start}", f"Exec: Processing started.  Client: WindowsUpdateAgent, Session: {s}, Package: {PKG}, Identifier: {KB}")
    c(f"{day} {start}", f"Exec: Using execution sequence: {seq}")
    c(f"{day} {start}", "Reboot mark set")
    c(f"{day} {start}", "Disabling LKG boot option")
    c(f"{day} {start}", f"Plan: Package: {PKG}, current: Absent, pending: Default, start: Absent, applicable: Installed, targeted: Installed, limit: Installed")
    c(f"{day} {start}", "Started DPX phase: Resume and Download Job", src="DPX")
    c(f"{day} {start}", "Started DPX phase: Apply Deltas Provided In File", src="DPX")
    c(f"{day} {fail}", f"Expand: Failed to extract files from container {SANDBOX}\\Windows10.0-{KB}-x64.cab [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    c(f"{day} {fail}", "Ended DPX phase: Apply Deltas Provided In File", src="DPX")
    c(f"{day} {fail}", f"Exec: Failed to stage package: {PKG} [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    c(f"{day} {fail}", f"WER: Generating failure report for package: {PKG}, status: 0x800f0821, failure source: Stage, start state: Absent, target state: Installed, client id: WindowsUpdateAgent")
    c(f"{day} {fail}", f"Reporting package change completion for package: {PKG}, current: Absent, original: Absent, target: Installed, status: 0x800f0821, failure source: Stage, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: False")
    c(f"{day} {fail}", f"Exec: Processing complete.  Session: {s}, Package: {PKG}, Identifier: {KB} [HRESULT = 0x800f0821 - CBS_E_ABORT]", level="Error")
    c(f"{day} {fail}", "Reboot mark cleared")
    c(f"{day} {fail}", "Enabling LKG boot option")
    c(f"{day} {fail}", f"Session: {s} finalized. Reboot required: no [HRESULT = 0x800f0821 - CBS_E_ABORT]")


def cbs_machine_b(root):
    c = CBSLog()
    c.ti_start("2022-10-27 10:41:10", "2022-10-27 08:02:55.218")
    staging_abort(c, "2022-10-27", "30997811_3301947210", 2210)
    c.ti_stop("2022-10-27 11:01:49")
    c.write(f"{root}/Logs/CBS/CBS.log")


def bundle2(root):
    """10-28, BR0101-PC023 (another machine), old collector: CBS aborts KB5016623 with 0x800f0821 while extracting."""
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "1.0", "BR0101-PC023", "2022-10-28 09:47:36")
    cbs_machine_b(root)


def bundle3(root):
    """11-08, BR0101-PC023, collector v1.11: WSUS, 4x 0x80070570, 1x 0x8024001E, 1x 0x80070490; CBS.log of 10-27."""
    m = "BR0101-PC023"
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "1.11", m, "2022-11-07 17:20:05")
    cbs_machine_b(root)
    w = WULog()
    wu_header(w, "2022-11-01 09:05:11", 3620, 4012)
    wu_scan(w, "2022-11-01 09:05:15", 3620, 4012, 41, 1)
    attempts = [
        ("2022-11-01 09:06:02", "2022-11-01 09:09:47", "30998541_2013381150", "0x80070570", False),
        ("2022-11-02 10:14:30", "2022-11-02 10:18:02", "30998687_4129007716", "0x80070570", False),
        ("2022-11-03 17:21:09", "2022-11-03 17:30:02", "30998861_1206754310", "0x8024001e", True),
        ("2022-11-04 09:40:51", "2022-11-04 09:44:29", "30998964_3770651192", "0x80070570", False),
        ("2022-11-06 14:02:17", "2022-11-06 14:05:55", "30999255_2590184317", "0x80070490", False),
        ("2022-11-07 16:31:44", "2022-11-07 16:35:20", "30999412_1017735662", "0x80070570", False),
    ]
    for i, (a, b, s, hr, stop) in enumerate(attempts):
        if i:
            wu_header(w, a, 3620 + 40 * i, 4012 + 12 * i)
            wu_scan(w, a, 3620 + 40 * i, 4012 + 12 * i, 41 + i, 1)
        wu_install(w, a, b, 3620 + 40 * i, 4012 + 12 * i, s, hr, error_line=not stop, shutdown=stop)
        if stop:
            w(b, 3620 + 40 * i, 4012 + 12 * i, "Shared", "* END * Service exit Exit code = 0x240001")
    w("2022-11-07 16:36:02", 3860, 4072, "Misc", "*FAILED* [80248014] Method failed [CAgentServiceManager::GetServiceObject:1980]")
    w.write(f"{root}/WindowsUpdate.log")
    e = EventText(m)
    for a, b, s, hr, stop in attempts:
        day, time = b.split(" ")
        hh = int(time[:2]) - 8
        stamp = f"{day}T{hh:02d}{time[2:]}"
        if stop:
            e.service(stamp, "Windows Update", "stopped")
        e.wu(stamp, 20, f"Installation Failure: Windows failed to install the following update with error {hr[:2]}{hr[2:].upper()}: {TITLE}.", False)
    e.write(f"{root}/EventLogs/System.txt")


def build(case_dir, zip_fn):
    b = f"{case_dir}/bundles"
    bundle1(f"{b}/2022-10-24-BR0101-PC017")
    bundle2(f"{b}/2022-10-28-BR0101-PC023")
    zip_fn(f"{b}/2022-10-28-BR0101-PC023", f"{b}/2022-10-28-BR0101-PC023.zip", (2022, 10, 28, 9, 47, 36))
    bundle3(f"{b}/2022-11-08-BR0101-PC023")
