"""Bundles for the children of the tree of causes (issue 18), written in the real formats."""
from caselib import CBSLog, EventText, collector_info
from hypothesis_bundles import CU_2305, CU_2303, cbs_begin, events_wu, payload_corrupt


def boot_rollback(root, m, cu, collected, day, s, seq, installer=None, error="ERROR_ACCESS_DENIED", gle="0x80070005"):
    """Stages fine, restarts, fails in the startup phase with 0x800F0922 and rolls back; `installer` is the
    advanced installer the CSI queue names (None: CBS names none)."""
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", m, collected)
    c = CBSLog().ti_start(f"{day} 18:02:11", f"{day} 07:58:40.121", "10.0.19041.2905")
    cbs_begin(c, f"{day} 18:02:11", s, cu, seq)
    c(f"{day} 18:19:37", f"Reporting package change completion for package: {cu.pkg}, current: Staged, original: Absent, target: Installed, status: 0x0, failure source: Execute, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: True")
    c(f"{day} 18:19:37", f"Exec: Processing complete.  Session: {s}, Package: {cu.pkg}, Identifier: {cu.kb} [HRESULT = 0x00000000 - S_OK]")
    c(f"{day} 18:19:38", f"Session: {s} finalized. Reboot required: yes [HRESULT = 0x00000000 - S_OK]")
    c(f"{day} 18:31:05", "Starting TrustedInstaller initialization.")
    c(f"{day} 18:31:05", "Startup: Processing advanced operation queue, startupPhase: 0")
    if installer:
        c.csi(f"{day} 18:31:49", 0x9d4, f"(F) Failed execution of queue item Installer: {installer} ({{e3a5bd12-6a62-4d27-9e1e-4e0be1a23a4c}}) with HRESULT HRESULT_FROM_WIN32({error}).  Failure will not be ignored: A rollback will be initiated after all the operations in the installer queue are completed; installer is reliable[gle={gle}]", level="Error")
    c(f"{day} 18:31:50", "Startup: Failed to process advanced operation queue, startupPhase: 0.  A rollback transaction will be created. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]", level="Error")
    c(f"{day} 18:31:50", "Setting ExecuteState key to: CbsExecuteStateResolvePending | CbsExecuteStateFlagRollback")
    c(f"{day} 18:36:12", f"WER: Generating failure report for package: {cu.pkg}, status: 0x800f0922, failure source: AI, start state: Staged, target state: Installed, client id: WindowsUpdateAgent")
    c(f"{day} 18:36:12", f"Reporting package change completion for package: {cu.pkg}, current: Absent, original: Absent, target: Installed, status: 0x800f0922, failure source: AI, failure details: \"(null)\", client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {seq}, first merged sequence: {seq}, reboot required: False")
    c(f"{day} 18:36:13", "Startup: Processing complete. [HRESULT = 0x800f0922 - CBS_E_INSTALLERS_FAILED]")
    c.write(f"{root}/Logs/CBS/CBS.log")
    e = EventText(m)
    events_wu(e, cu, [(f"{day} 18:36:14", "0x800f0922")])
    e.write(f"{root}/EventLogs/System.txt")


def build(cases, zip_fn):
    boot_rollback(f"{cases}/boot-rollback-third-party-blocker/bundles/2023-05-24-PAY-TERM07", "PAY-TERM07", CU_2305,
                  "2023-05-24 09:12:30", "2023-05-23", "31035102_3318840172", 3302, installer="Task Scheduler")
    boot_rollback(f"{cases}/boot-rollback-advanced-installer/bundles/2023-03-16-LAB-PC0311", "LAB-PC0311", CU_2303,
                  "2023-03-16 11:40:02", "2023-03-15", "31021877_0918223374", 2704, installer="Task Scheduler",
                  error="ERROR_FILE_NOT_FOUND", gle="0x80004005")
    boot_rollback(f"{cases}/boot-rollback-system-partition/bundles/2023-05-26-KIOSK-ENTR2", "KIOSK-ENTR2", CU_2305,
                  "2023-05-26 15:20:44", "2023-05-25", "31035344_4410298811", 3315)
    payload_corrupt(f"{cases}/payload-download-corrupt/bundles/2023-04-20-FIN-WS0412")
