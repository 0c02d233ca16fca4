"""Helpers that write log lines in the real Windows formats, for the regression-case bundles.

Formats follow shared/reference/windows-servicing.md and the corpus (column widths as real files pad them):
CBS.log `YYYY-MM-DD HH:MM:SS, <Level:22><Source:7>text`, UTF-8 with BOM, CRLF; WindowsUpdate.log from
Get-WindowsUpdateLog `YYYY/MM/DD HH:MM:SS.fffffff <PID:6><TID:6><Component:16>text`, CRLF; ReportingEvents.log
tab-separated, UTF-16LE with BOM, CRLF; wevtutil /f:text event exports, UTF-8 with BOM, CRLF.
"""
import hashlib
import os
import uuid
import zipfile

NS = uuid.UUID("6f1c2a52-8d0e-4b5e-9a57-3b1d2c0e7a11")


def guid(*parts):
    return "{" + str(uuid.uuid5(NS, "|".join(parts))).upper() + "}"


def _frac(seed, digits):
    h = int(hashlib.sha256(seed.encode()).hexdigest(), 16)
    return str(h % (10 ** digits)).rjust(digits, "0")


class CBSLog:
    def __init__(self):
        self.lines = []

    def __call__(self, ts, text, level="Info", src="CBS"):
        self.lines.append(f"{ts}, {level.ljust(22)}{src.ljust(7)}{text}")
        return self

    def raw(self, *lines):
        """Lines CBS writes without a timestamp (CheckSUR summary blocks)."""
        self.lines.extend(lines)
        return self

    def csi(self, ts, seq, text, level="Info"):
        # CSI lines carry a sequence number and a UTC stamp: 00000012@2022/10/27:02:41:13.551 text
        day, time = ts.split(" ")
        y, m, d = day.split("-")
        hh, mm, ss = time.split(":")
        utc_h = (int(hh) - 8) % 24   # the bank's machines run at UTC+8
        stamp = f"{int(y)}/{int(m)}/{int(d)}:{utc_h:02d}:{mm}:{ss}.{_frac(ts + text, 3)}"
        return self(ts, f"{seq:08x}@{stamp} {text}", level, "CSI")

    def ti_start(self, ts, last_boot, ssu="10.0.19041.1852"):
        for t in ["TI: --- Initializing Trusted Installer ---", f"TI: Last boot time: {last_boot}",
                  "Starting TrustedInstaller initialization.", "Ending TrustedInstaller initialization.",
                  "Starting the TrustedInstaller main loop.", "TrustedInstaller service starts successfully.",
                  "No startup processing required, TrustedInstaller service was not set as autostart",
                  "Startup processing thread terminated normally", "Starting TiWorker initialization.",
                  "Ending TiWorker initialization.", "Starting the TiWorker main loop.", "TiWorker starts successfully."]:
            self(ts, t)
        self(ts, f"Loaded Servicing Stack v{ssu} with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_"
                 f"31bf3856ad364e35_{ssu}_none_{_frac(ssu, 16)}\\cbscore.dll")
        self(ts, "Build: 19041.1.amd64fre.vb_release.191206-1406")
        self.csi(ts, 1, f"WcpInitialize: wcp.dll version {ssu} (WinBuild.160101.0800)")
        self(ts, "SQM: Failed to start upload with file pattern: C:\\Windows\\servicing\\sqm\\*_std.sqm, flags: 0x2 "
                 "[HRESULT = 0x80004005 - E_FAIL]")
        self(ts, "NonStart: Set pending store consistency check.")
        return self

    def ti_stop(self, ts, reason="SHUTDOWN_REASON_AUTOSTOP"):
        for t in [f"Trusted Installer is shutting down because: {reason}", "TiWorker signaled for shutdown, going to exit.",
                  "Ending the TiWorker main loop.", "Starting TiWorker finalization.", "Ending the TrustedInstaller main loop.",
                  "Ending TiWorker finalization.", "Starting TrustedInstaller finalization.",
                  "Ending TrustedInstaller finalization."]:
            self(ts, t)
        return self

    def write(self, path):
        write_text(path, self.lines, bom=True)


class WULog:
    """Windows 10+ WindowsUpdate.log as Get-WindowsUpdateLog writes it."""

    def __init__(self):
        self.lines = []
        self.n = 0
        self.last = ("", 0)

    def __call__(self, ts, pid, tid, comp, text):
        self.n += 1
        day, time = ts.split(" ")
        jitter = int(_frac(f"{self.n}{ts}{text}", 7))
        # Fractions grow within a second, as in a real trace.
        frac = min(self.last[1] + 100 + jitter % 40000, 9999999) if self.last[0] == ts else jitter % 2000000
        self.last = (ts, frac)
        stamp = day.replace("-", "/") + " " + time + "." + str(frac).rjust(7, "0")
        self.lines.append(f"{stamp} {str(pid).ljust(6)}{str(tid).ljust(6)}{comp.ljust(16)}{text}")
        return self

    def write(self, path):
        write_text(path, self.lines, bom=False)


class ReportingEvents:
    def __init__(self):
        self.lines = []

    def __call__(self, ts, event, update, hr, caller, ok, category, message, rev="200"):
        rid = guid("re", ts, event, message)
        self.lines.append("\t".join([rid, ts + ":" + _frac(ts + message, 3) + "+0800", "1", event, "101",
                                     update, rev, hr, caller, "Success" if ok else "Failure", category, message,
                                     _frac(rid, 16) + ".1.0.0.3.0"]))
        return self

    def write(self, path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
        data = ("\r\n".join(self.lines) + "\r\n").encode("utf-16-le")
        with open(path, "wb") as f:
            f.write(b"\xff\xfe" + data)


class EventText:
    """System log exported with `wevtutil qe System /f:text`."""

    def __init__(self, computer):
        self.computer = computer
        self.lines = []
        self.n = 0

    def __call__(self, ts, source, event_id, level, description, task="N/A", opcode="N/A", keyword="Classic",
                 user=("N/A", "N/A")):
        self.lines += [f"Event[{self.n}]:", "  Log Name: System", f"  Source: {source}",
                       f"  Date: {ts}.{_frac(ts + description, 7)}Z", f"  Event ID: {event_id}", f"  Task: {task}",
                       f"  Level: {level}", f"  Opcode: {opcode}", f"  Keyword: {keyword}", f"  User: {user[0]}",
                       f"  User Name: {user[1]}", f"  Computer: {self.computer}", "  Description: ", description, ""]
        self.n += 1
        return self

    def wu(self, ts, event_id, description, ok):
        return self(ts, "Microsoft-Windows-WindowsUpdateClient", event_id, "Information" if ok else "Error",
                    description, task="Windows Update Agent", opcode="Installation",
                    keyword="Installation,Success" if ok else "Installation,Failure",
                    user=("S-1-5-18", "NT AUTHORITY\\SYSTEM"))

    def service(self, ts, name, state):
        return self(ts, "Service Control Manager", 7036, "Information",
                    f"The {name} service entered the {state} state.")

    def write(self, path):
        write_text(path, self.lines, bom=True)


def collector_info(path, name, version, machine, collected):
    write_text(path, [f"Collector: {name}", f"Version: {version}", f"Machine: {machine}", f"Collected: {collected}"],
               bom=False)


def write_text(path, lines, bom):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    data = ("\r\n".join(lines) + "\r\n").encode("utf-8")
    with open(path, "wb") as f:
        f.write((b"\xef\xbb\xbf" if bom else b"") + data)


def make_zip(folder, zip_path, stamp):
    """Deterministic zip of `folder` (sorted members, fixed timestamps), members relative to the folder."""
    members = []
    for root, _, files in os.walk(folder):
        for name in files:
            full = os.path.join(root, name)
            members.append(os.path.relpath(full, folder).replace(os.sep, "/"))
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as z:
        for m in sorted(members):
            info = zipfile.ZipInfo(m, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            with open(os.path.join(folder, m), "rb") as f:
                z.writestr(info, f.read())
