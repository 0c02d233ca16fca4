"""Bundles of the feature-update regression cases (issue 12), written in the documented formats: Panther
setupact/setuperr lines (`date time, Level  Component  text`), the rollback log, CompatData_*.xml, SetupDiag's
text result, a System log text export and WindowsUpdate.log. Nothing is copied from real logs."""
import os

from caselib import CBSLog, EventText, WULog, collector_info, write_text


class SetupLog:
    """Panther setupact.log / setuperr.log."""

    def __init__(self):
        self.lines = []

    def __call__(self, ts, text, level="Info", comp="SP"):
        self.lines.append(f"{ts}, {level.ljust(22)}{comp.ljust(6)} {text}")
        return self

    def write(self, path, bom=True):
        write_text(path, self.lines, bom=bom)


def setupapi_log(path, sections):
    """setupapi.dev.log in SetupAPI's documented text-log format: sections as
    (title, instance, start, end, body lines, exit status)."""
    lines = ["[Device Install Log]", "     OS Version = 10.0.19045", "     Architecture = amd64", "",
             "[BeginLog]", ""]
    for title, instance, start, end, body, status in sections:
        lines.append(f">>>  [{title} - {instance}]")
        lines.append(f">>>  Section start {start}")
        lines.extend(body)
        lines.append(f"<<<  Section end {end}")
        lines.append(f"<<<  [Exit status: {status}]")
        lines.append("")
    write_text(path, lines, bom=False)


def compat_data(path, hardware=(), devices=(), programs=(), drivers=()):
    """CompatData_*.xml: items as (name, blocking)."""
    lines = ['<?xml version="1.0" encoding="utf-8"?>',
             '<CompatReport xmlns="http://www.microsoft.com/ApplicationExperience/UpgradeAdvisor/01012009">'
             '<System X64Capable="True" X64Running="True"/><Hardware>'
             + "".join(f'<HardwareItem HardwareType="{n}"><CompatibilityInfo BlockingType="{b}"/></HardwareItem>'
                       for n, b in hardware)
             + '</Hardware><SystemInfo UplevelEdition="Windows 11" OSMajorVersion="10" OSMinorVersion="0"/>',
             "\t<Devices>"]
    for model, cls, inf, b in devices:
        lines += [f'\t\t<Device Manufacturer="Contoso" Model="{model}" Class="{cls}" Inf="{inf}">',
                  f'\t\t\t<CompatibilityInfo BlockingType="{b}" StatusDetail="Incompatible"/>', "\t\t</Device>"]
    lines += ["\t</Devices>", "\t<DriverPackages>"]
    lines += [f'\t\t<DriverPackage Inf="{inf}" BlockMigration="{m}" HasSignedBinaries="True"/>' for inf, m in drivers]
    lines += ["\t</DriverPackages>", "\t<Programs>"]
    for name, b in programs:
        lines += [f'\t\t<Program Name="{name}" Id="0000f519feec486de87ed73cb92d3cac802400000000">',
                  f'\t\t\t<CompatibilityInfo BlockingType="{b}" StatusDetail="Incompatible"/>', "\t\t</Program>"]
    lines += ["\t</Programs>", "</CompatReport>"]
    # LF: the repository stores .xml as text with LF line ends (.gitattributes), so the fixture is written so.
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as f:
        f.write(("\n".join(lines) + "\n").encode("utf-8"))


def setupdiag(path, machine, rule, guid, phase=None, operation=None, error=None):
    lines = ["", f"Matching Profile found: {rule} - {guid}", "SetupDiag version: 1.6.2107.27002", "System Information:",
             f"\tMachine Name = {machine}", "\tHostOSArchitecture = x64",
             "\tHostOSBuildString = 19041.1.amd64fre.vb_release.191206-1406", "\tHostOSEdition = Professional", "", ""]
    if phase:
        lines.append(f"Last Phase = {phase}")
    if operation:
        lines.append(f"Last Operation = {operation}")
    if error:
        lines.append(f"Error = {error}")
    write_text(path, lines, bom=False)


def downlevel_start(s, day):
    s(f"{day} 09:02:11", "SetupHost::Execute", comp="MOUPG")
    s(f"{day} 09:02:12", "Setup phase change: [SetupPhaseUnknown] -> [SetupPhaseUnpack]", comp="MOUPG")
    s(f"{day} 09:21:40", "OPERATIONTRACK ExecuteOperations: Start execution phase Downlevel")


def safe_os_apply(s, day, error, drive="D"):
    s(f"{day} 09:35:12", "Execution phase [Safe OS] entering")
    s(f"{day} 09:35:46", f"SPWIMCallback: Error in apply of \\\\?\\Volume{{a5c71180-0000-41e5-ad7a-051dc3850367}}\\$WINDOWS.~BT\\NewOS\\Windows\\System32\\ntdll.dll. GLE [1392][gle=0x00000715]", level="Error")
    s(f"{day} 09:35:46", f"Operation failed: Apply WIM file PathForNewOSFile, index 6 to {drive}:\\$WINDOWS.~BT\\NewOS. Error: {error}[gle=0x000000b7]", level="Error")
    s(f"{day} 09:35:46", "ExecuteOperations: Failed execution phase Safe OS. Error: 0x8007000D", level="Error")
    s(f"{day} 09:35:46", "CSetupPlatformPrivate::Execute: Execution of operations queue failed, abandoning. Error: 0x8007000D", level="Error")


def rollback_log(path, day, result, extend, crash=None):
    r = SetupLog()
    r(f"{day} 09:41:06", "Initiating rollback/uninstall, phase = 0")
    r(f"{day} 09:41:06", "Current phase string : SafeOS,Start")
    if crash:
        r(f"{day} 09:41:07", f"Crash {crash} detected")
        r(f"{day} 09:41:07", "  Module name           : ")
        r(f"{day} 09:41:07", "  Bugcheck parameter 1  : 0xFFFFFFFFC0000005")
        r(f"{day} 09:41:07", "Cannot recover the system.")
        r(f"{day} 09:41:07", "Rollback: Showing splash window with restoring text: Restoring your previous version of Windows.")
    r(f"{day} 09:42:02", f"SetupHost: Reporting post reboot event -> [{result}, {extend}]", comp="MOUPG")
    r.write(path)


def events(path, machine, items):
    e = EventText(machine)
    for ts, kind, extra in items:
        if kind == "bugcheck":
            e(ts, "Microsoft-Windows-WER-SystemErrorReporting", 1001, "Error",
              f"The computer has rebooted from a bugcheck.  The bugcheck was: {extra} (0xffffffffc0000005, 0xfffff8025e6a1f2b, 0xffff9a81d6e5e920, 0x0000000000000000). A dump was saved in: C:\\WINDOWS\\MEMORY.DMP. Report Id: 5d1b6a1e-3c0f-4a7e-9b1e-2f8a0c6d4e11.")
        elif kind == "kp41":
            e(ts, "Microsoft-Windows-Kernel-Power", 41, "Critical",
              "The system has rebooted without cleanly shutting down first. This error could be caused if the system stopped responding, crashed, or lost power unexpectedly.")
    e.write(path)


def build(cases, zip_fn):
    day = "2023-06-14"
    # 1. Safe OS apply fails on a corrupt image (USB media), nothing else wrong.
    root = f"{cases}/upgrade-media-corrupt/bundles/2023-06-14-HR-LT0214"
    s = SetupLog(); downlevel_start(s, day)
    s(f"{day} 09:21:41", "DlpTask: Transport not set. Skipping download phase.", comp="MOUPG")
    s(f"{day} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    safe_os_apply(s, day, "0x80070570")
    s.write(f"{root}/Panther/setupact.log")
    rollback_log(f"{root}/Rollback/setupact.log", day, "0x8007000D", "0x2000C")
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", "HR-LT0214", f"{day} 11:02:00")

    # 2. The same Safe OS failure on a machine with stop errors and a corrupt component store.
    root = f"{cases}/upgrade-hardware-corruption/bundles/2023-06-15-ENG-WS0931"
    d2 = "2023-06-15"
    s = SetupLog(); downlevel_start(s, d2)
    s(f"{d2} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    safe_os_apply(s, d2, "0x80070570")
    s.write(f"{root}/Panther/setupact.log")
    c = CBSLog().ti_start(f"{d2} 08:12:11", f"{d2} 07:58:40.121", "10.0.19041.2905")
    c(f"{d2} 08:40:02", "Checking System Update Readiness.")
    c(f"{d2} 08:40:02", "(p)\tCSI Payload Corrupt\t(n)\tamd64_microsoft-windows-shell32_31bf3856ad364e35_10.0.19041.2913_none_8f1c0b4a6b2d3e11\\shell32.dll")
    c(f"{d2} 08:40:02", "Summary:")
    c.write(f"{root}/Logs/CBS/CBS.log")
    events(f"{root}/EventLogs/System.txt", "ENG-WS0931", [
        ("2023-06-12T07:14:02", "bugcheck", "0x0000003b"), ("2023-06-12T07:14:05", "kp41", None),
        ("2023-06-13T18:40:51", "bugcheck", "0x00000139"), ("2023-06-13T18:40:54", "kp41", None),
        ("2023-06-14T12:02:19", "kp41", None)])

    # 3. A driver crashes the Safe OS boot: 0xC1900101 - 0x20017 and a 0x7E stop in the rollback log.
    root = f"{cases}/upgrade-driver-boot-crash/bundles/2023-06-16-POS-T0033"
    d3 = "2023-06-16"
    s = SetupLog(); downlevel_start(s, d3)
    s(f"{d3} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    s.write(f"{root}/Panther/setupact.log")
    e = SetupLog()
    e(f"{d3} 09:44:10", "CSetupManager::ExecuteInstallMode(824): Result = 0xC1900101 - 0x20017", level="Error", comp="MOUPG")
    e.write(f"{root}/Panther/setuperr.log")
    rollback_log(f"{root}/Rollback/setupact.log", d3, "0xC1900101", "0x20017", crash="0x0000007E")

    # 4. An application hard-blocks the upgrade.
    root = f"{cases}/upgrade-app-blocked/bundles/2023-06-19-FIN-PC0107"
    d4 = "2023-06-19"
    compat_data(f"{root}/Panther/CompatData_2023_06_19_10_02_11_3_00a1.xml",
                hardware=[("Setup_BitlockerNoTargetSupport", "None"), ("Setup_SecureBoot", "None")],
                programs=[("Contoso Disk Guard 4.2", "Hard"), ("Contoso Office 2019", "None")])
    e = SetupLog()
    e(f"{d4} 10:02:14", "CSetupManager::Execute(1850): Result = 0xC1900208", level="Error", comp="MOUPG")
    e.write(f"{root}/Panther/setuperr.log")

    # 5. A storage controller driver hard-blocks the upgrade.
    root = f"{cases}/upgrade-driver-blocked/bundles/2023-06-20-LAB-SRV12"
    compat_data(f"{root}/Panther/CompatData_2023_06_20_14_12_01_3_00b2.xml",
                hardware=[("Setup_SecureBoot", "None")],
                devices=[("Contoso RAID Controller", "SCSIAdapter", "oem12.inf", "Hard")],
                drivers=[("oem12.inf", "True"), ("oem3.inf", "False")])
    e = SetupLog()
    e("2023-06-20 14:12:04", "CSetupManager::Execute(1850): Result = 0xC1900208", level="Error", comp="MOUPG")
    e.write(f"{root}/Panther/setuperr.log")

    # 6. The system drive fills up after the first restart.
    root = f"{cases}/upgrade-disk-full/bundles/2023-06-21-KIOSK-0412"
    d6 = "2023-06-21"
    s = SetupLog(); downlevel_start(s, d6)
    s(f"{d6} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    s(f"{d6} 10:12:10", "SetupNotify::Remapping disk full error [0x80070070] -> [0xC19001DF]", comp="MOUPG")
    s(f"{d6} 10:12:10", "Finalize: Reporting result value: [0xC19001DF]", comp="MOUPG")
    s.write(f"{root}/Panther/setupact.log")

    # 7. Migration fails in the second boot.
    root = f"{cases}/upgrade-migration-failure/bundles/2023-06-22-SALES-NB17"
    d7 = "2023-06-22"
    e = SetupLog()
    e(f"{d7} 11:30:41", "Error READ, 0x00000005 while gathering/applying object: File, C:\\Users\\Default\\AppData\\Local\\Contoso\\cache [prefs.dat]. Will return 0[gle=0x00000005]", level="Error", comp="MIG")
    e(f"{d7} 11:30:42", "CSetupManager::Execute(1850): Result = 0xC1900101 - 0x4000D", level="Error", comp="MOUPG")
    e.write(f"{root}/Panther/setuperr.log")

    # 8. The Safe OS dynamic update cannot be installed in down-level.
    root = f"{cases}/upgrade-safeos-dynamic-update/bundles/2023-06-23-OPS-WS0555"
    d8 = "2023-06-23"
    s = SetupLog(); downlevel_start(s, d8)
    s(f"{d8} 09:24:02", "Operation failed: Install updates to the Safe OS image. Error: 0x800F0922[gle=0x00000000]", level="Error")
    s(f"{d8} 09:24:03", "ExecuteOperations: Failed execution phase Downlevel. Error: 0x800F0922", level="Error")
    s(f"{d8} 09:24:04", "CSetupManager::ExecuteDownlevelMode(412): Result = 0x800F0922 - 0x10003", level="Error", comp="MOUPG")
    s.write(f"{root}/Panther/setupact.log")

    # 9. SetupDiag's result alone: the media's language does not match.
    root = f"{cases}/upgrade-language-mismatch/bundles/2023-06-26-CN-PC0088"
    setupdiag(f"{root}/SetupDiagResults.log", "CN-PC0088", "HardblockMismatchedLanguage",
              "60BA8449-CF23-4D92-A108-D6FCEFB95B45")

    # 10. WinRE cannot be installed: the recovery partition is too small.
    root = f"{cases}/upgrade-recovery-partition/bundles/2023-06-27-HQ-LT0402"
    d10 = "2023-06-27"
    s = SetupLog(); downlevel_start(s, d10)
    s(f"{d10} 09:25:12", "Operation failed: Install WinRE on the recovery partition. Error: 0x80070070[gle=0x00000070]", level="Error")
    s(f"{d10} 09:25:13", "ExecuteOperations: Failed execution phase Downlevel. Error: 0x80070070", level="Error")
    s.write(f"{root}/Panther/setupact.log")

    # 11. A 24H2 feature update fails, seen from WindowsUpdate.log only.
    root = f"{cases}/upgrade-failed-via-windows-update/bundles/2025-01-06-HOME-PC01"
    w = WULog()
    upd = "AD27E52B-9E18-408A-9DF2-8688E5273FBF.1"
    w("2025-01-06 14:27:34", 3784, 23700, "ProtocolTalker", "DeviceAttributes[URI]: E:FlightRing=Retail&TelemetryLevel=3&IsVbsEnabled=0")
    w("2025-01-06 14:27:34", 3784, 23700, "ProtocolTalker", "  *contd (3)* 303F8E&InstallDate=1705240947&UpgEx_GE24H2=Green&OSRollbackCount=1&IsCloudDomainJoined=0")
    w("2025-01-06 14:27:40", 22760, 2860, "ComApi", f"Successfully accepted EULA for update: {upd}, title: Windows 11, version 24H2, eulaID: 41F68F05-7672-4802-9AC2-2F5D313A94CB")
    w("2025-01-06 15:12:15", 20956, 22036, "Handler", f"Install complete for update ID: {upd} Return code is 0x80070002. Requires Reboot:No")
    w("2025-01-06 15:12:16", 6840, 8860, "DownloadManager", f"CloseUpdateInstallDirectory invoked for Update ID = {upd}, serverID = 8B24B027-1DEE-BABB-9A95-3517DFB9C552, Update installation result = 0x80070002.")
    w.write(f"{root}/WindowsUpdate.log")

    # 12. A healthy OOBE pass whose setupact has unattend errors: no failed upgrade.
    root = f"{cases}/upgrade-setup-log-healthy/bundles/2023-06-28-NEW-PC0501"
    s = SetupLog()
    s("2023-06-28 08:03:44", "Starting the UnattendGC (generalize and specialize) process", comp="")
    s("2023-06-28 08:03:45", "[Shell Unattend] CopyProfile failed (0x80070002)", level="Error", comp="")
    s("2023-06-28 08:03:58", "[oobeldr.exe] UnattendGC completed successfully", comp="")
    s.write(f"{root}/Panther/setupact.log")

    # 13. BitLocker hard-blocks the upgrade.
    root = f"{cases}/upgrade-system-block/bundles/2023-06-29-SEC-NB0007"
    compat_data(f"{root}/Panther/CompatData_2023_06_29_08_12_01_3_00c3.xml",
                hardware=[("Setup_BitlockerNoTargetSupport", "Hard"), ("Setup_SecureBoot", "None")])

    # 14. Setup reports the rollback result 0xC1900101 with no phase (no extend code), and the rollback log
    # holds the same run: one failed feature update, an upgrade cause (not a monthly update's boot phase).
    root = f"{cases}/upgrade-rollback-no-phase/bundles/2023-07-03-ENG-WS0219"
    d14 = "2023-07-03"
    s = SetupLog()
    s(f"{d14} 09:02:10", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1", comp="CONX")
    s(f"{d14} 09:02:10", "Target OS version: 10.0.22621.1", comp="CONX")
    downlevel_start(s, d14)
    s(f"{d14} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    s.write(f"{root}/Panther/setupact.log")
    r = SetupLog()
    r(f"{d14} 10:41:02", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1", comp="CONX")
    r(f"{d14} 10:41:02", "Target OS version: 10.0.22621.1", comp="CONX")
    r(f"{d14} 10:41:09", "CSetupManager::Execute(1850): Result = 0xC1900101", level="Error", comp="MOUPG")
    r.write(f"{root}/Rollback/setupact.log")

    # 15. The first boot fails on a network adapter whose driver setupapi.dev.log shows failing to install.
    root = f"{cases}/upgrade-driver-install-failed/bundles/2023-07-04-LAB-PC0311"
    d15 = "2023-07-04"
    e = SetupLog()
    e(f"{d15} 11:52:40", "CSetupManager::Execute(1850): Result = 0xC1900101 - 0x30018", level="Error", comp="MOUPG")
    e.write(f"{root}/Panther/setuperr.log")
    setupapi_log(f"{root}/INF/setupapi.dev.log", [
        ("Device Install (Hardware initiated)", "USB\\VID_046D&PID_C52B\\5&2b4c0c0f&0&2",
         "2023/07/04 11:41:06.010", "2023/07/04 11:41:07.200",
         ["     dvi:           Driver Package - C:\\Windows\\INF\\input.inf"], "SUCCESS"),
        ("Device Install (Hardware initiated)", "PCI\\VEN_8086&DEV_15BE&SUBSYS_08B11028&REV_00\\3&11583659&0&FE",
         "2023/07/04 11:41:12.123", "2023/07/04 11:41:15.456",
         ["     dvi:      Selected Driver:",
          "     dvi:           Description - [Contoso Gigabit Network Connection]",
          "     dvi:           Driver Package - C:\\Windows\\System32\\DriverStore\\FileRepository\\oem12.inf_amd64_5c1d0d0a4f3b2e11\\oem12.inf",
          "!!!  dvi: Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START), problem status: 0xc0000001."],
         "FAILURE(0xe0000219)"),
    ])

    # 16. Before the first restart setup cannot mount its Safe OS image: the WimMount driver's registration is gone
    # (Microsoft's line pair, 0xC1420121), the Pre-Finalize phase fails and setup reports the down-level result.
    root = f"{cases}/upgrade-wim-mount-driver/bundles/2024-03-11-FIN-PC0147"
    d16 = "2024-03-11"
    s = SetupLog()
    s(f"{d16} 09:02:10", "Host OS version: 10.0.19045.0  (0.0) Platform 0x2, SuiteMask 0x100, ProdType 0x1", comp="CONX")
    s(f"{d16} 09:02:10", "Target OS version: 10.0.22631.1", comp="CONX")
    downlevel_start(s, d16)
    s(f"{d16} 09:28:35", "ExecuteOperations: Successfully processed execution phase Downlevel")
    s(f"{d16} 09:40:02", "OPERATIONTRACK ExecuteOperations: Start execution phase Pre-Finalize")
    s(f"{d16} 09:40:05", "Failed to get WimMount ImagePath, 0x80070002", level="Warning")
    s(f"{d16} 09:40:05", "CMountWIM::DoExecute: Failed to mount WIM file C:\\$WINDOWS.~BT\\Sources\\SafeOS\\winre.wim. Error 0xC1420121[gle=0xc1420121]", level="Error")
    s(f"{d16} 09:40:05", "Operation failed: Mount WIM file C:\\$WINDOWS.~BT\\Sources\\SafeOS\\winre.wim, index 1 to C:\\$WINDOWS.~BT\\Sources\\SafeOS\\SafeOS.Mount. Error: 0xC1420121[gle=0x000000b7]", level="Error")
    s(f"{d16} 09:40:05", "ExecuteOperations: Main operation execution failed. Error: 0xC1420121", level="Error")
    s(f"{d16} 09:40:05", "ExecuteOperations: Failed execution phase Pre-Finalize. Error: 0xC1420121", level="Error")
    s(f"{d16} 09:40:06", "MoSetupPlatform: ExecuteCurrentOperations reported failure![gle=0xc1420121]", level="Error", comp="MOUPG")
    s.write(f"{root}/Panther/setupact.log")
    collector_info(f"{root}/CollectorInfo.txt", "CMGELogCollector", "2.0", "FIN-PC0147", f"{d16} 11:15:00")
