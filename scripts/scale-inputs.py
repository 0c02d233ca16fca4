#!/usr/bin/env python3
"""Writes the inputs of scripts/bench-scale.sh (issue 16) into a folder outside the repo.

  scripts/scale-inputs.py DIR [--corpus /work/shared/corpus]

  DIR/real/CBS.log     the corpus CBS logs concatenated in path order, the whole repeated to >= 528 MB
  DIR/dense/CBS.log    512 MiB of generated servicing sessions, every one logged (install attempts, package
                       changes, CSI lines, failures with HRESULTs): a dense servicing log
  DIR/errors/CBS.log   10 million Error lines with one HRESULT, inside one failed servicing session

Files already present with the expected size are kept. Deterministic: the same bytes on every run.
"""
import os
import sys

MIB = 1 << 20


def real(path, corpus):
    logs = []
    for root, _, files in os.walk(corpus):
        for name in files:
            if name.lower().startswith("cbs") and name.lower().endswith(".log"):
                logs.append(os.path.join(root, name))
    logs.sort()
    if not logs:
        sys.exit(f"no CBS logs under {corpus}")
    block = b"".join(open(p, "rb").read() for p in logs)
    repeats = -(-528_000_000 // len(block))
    with open(path, "wb") as out:
        for _ in range(repeats):
            out.write(block)
    return f"{len(logs)} corpus CBS logs ({len(block)} bytes) × {repeats}"


def stamp(seconds):
    day, rest = divmod(seconds, 86400)
    h, rest = divmod(rest, 3600)
    m, s = divmod(rest, 60)
    # 2022-01-01 plus `day` days, months of 28 days keep the arithmetic simple and every date valid.
    month, dom = divmod(day, 28)
    year, month = divmod(month, 12)
    return f"{2022 + year:04d}-{month + 1:02d}-{dom + 1:02d} {h:02d}:{m:02d}:{s:02d}"


def line(t, level, source, text):
    return f"{stamp(t)}, {level:<22}{source:<7}{text}\r\n"


FAILURES = [
    ("0x800f0922", "CBS_E_INSTALLERS_FAILED", "Failed to execute advanced installer"),
    ("0x800f081f", "CBS_E_SOURCE_MISSING", "Failed to resolve package source"),
    ("0x80070002", "ERROR_FILE_NOT_FOUND", "Failed to get file attributes"),
    ("0x800f0831", "CBS_E_STORE_CORRUPTION", "Failed to find the base manifest"),
]


def session(n, t):
    """One servicing session of about 4 KB: an install attempt, and one in three fails."""
    sid = f"{31000000 + n // 1000}_{1000000000 + n * 7919 % 999999999}"
    kb = 5000000 + n % 90000
    pkg = f"Package_for_KB{kb}~31bf3856ad364e35~amd64~~19041.{1000 + n % 4000}.1.{n % 9}"
    out = [
        line(t, "Info", "CBS", "TI: --- Initializing Trusted Installer ---"),
        line(t, "Info", "CBS", "Starting TrustedInstaller initialization."),
        line(t, "Info", "CBS", f"Loaded Servicing Stack v10.0.19041.{1000 + n % 4000} with Core: C:\\Windows\\winsxs\\amd64_microsoft-windows-servicingstack_31bf3856ad364e35_10.0.19041.{1000 + n % 4000}_none_7e1f2a0b3c4d5e6f\\cbscore.dll"),
        line(t, "Info", "CBS", "Lock: New lock added: CCbsPublicSessionClassFactory, level: 30, total lock:4"),
        line(t, "Info", "CBS", f"Session: {sid} initialized by client WindowsUpdateAgent, external staging directory: (null), external registry directory: (null)"),
        line(t + 1, "Info", "CBS", f"Read out cached applicability from TiLight for package: {pkg}, ApplicableState: 112, CurrentState:0"),
        line(t + 1, "Info", "CBS", f"Exec: Processing started.  Client: WindowsUpdateAgent, Session: {sid}, Package: {pkg}, Identifier: KB{kb}, Rollback: False"),
    ]
    for i in range(8):
        out.append(line(t + 2, "Info", "CSI", f"0000{i:04x}@2022/1/1:10:00:{i:02d}.{n % 1000:03d} CSI Transaction @0x1d2f{n % 65536:04x} initialized for deployment engine {{d16d444c-56d8-11d5-882d-0080c847b195}} with flags 00000002 and client id [10]\"TI6.{sid}\""))
    for i in range(6):
        out.append(line(t + 3, "Info", "CBS", f"Appl: detect Parent, Package: {pkg}, Parent: Microsoft-Windows-Client-Features-Package0{i}~31bf3856ad364e35~amd64~~10.0.19041.{1000 + n % 4000}, Disposition = Detect, VersionComp: EQ, ServiceComp: GE"))
    out.append(line(t + 4, "Info", "CBS", f"Reporting package change for package: {pkg}, current: Staged, pending: Default, start: Staged, applicable: Installed, target: Installed, limit: Installed, status: 0x0, failure source: Not Applicable, reboot required: False, client id: WindowsUpdateAgent, initiated offline: False, execution sequence: {n}, first merged sequence: {n}, reboot reason: REBOOT_NOT_REQUIRED, RM App session: -1, RM App name: N/A, FileName in use: N/A"))
    if n % 3 == 0:
        code, name, text = FAILURES[n // 3 % len(FAILURES)]
        out.append(line(t + 5, "Error", "CBS", f"{text}. [HRESULT = {code} - {name}]"))
        out.append(line(t + 5, "Info", "CBS", f"Exec: Processing complete.  Session: {sid}, Package: {pkg} [HRESULT = {code} - {name}]"))
        out.append(line(t + 6, "Info", "CBS", f"Session: {sid} finalized. Reboot required: no [HRESULT = {code} - {name}]"))
    else:
        out.append(line(t + 5, "Info", "CBS", f"Exec: Processing complete.  Session: {sid}, Package: {pkg} (Success)"))
        out.append(line(t + 6, "Info", "CBS", f"Session: {sid} finalized. Reboot required: no [HRESULT = 0x00000000 - S_OK]"))
    out.append(line(t + 7, "Info", "CBS", "Ending TrustedInstaller finalization."))
    return "".join(out).encode()


def dense(path):
    target = 512 * MIB
    written, n = 0, 0
    with open(path, "wb") as out:
        while True:
            block = session(n, 3600 + n * 60)
            if written + len(block) > target:
                break
            out.write(block)
            written += len(block)
            n += 1
        filler = line(3600 + n * 60, "Info", "CBS", "Ending the TrustedInstaller main loop.").encode()
        while written + len(filler) <= target:
            out.write(filler)
            written += len(filler)
        out.write(b"\n" * (target - written))
    return f"{n} sessions, {(n + 2) // 3} failed"


def errors(path):
    t = 3600
    sid = "31000000_1000000001"
    pkg = "Package_for_KB5012170~31bf3856ad364e35~amd64~~19041.1880.1.0"
    with open(path, "wb") as out:
        out.write((line(t, "Info", "CBS", "TI: --- Initializing Trusted Installer ---")
                   + line(t, "Info", "CBS", f"Session: {sid} initialized by client WindowsUpdateAgent")
                   + line(t, "Info", "CBS", f"Exec: Processing started.  Client: WindowsUpdateAgent, Session: {sid}, Package: {pkg}, Identifier: KB5012170, Rollback: False")).encode())
        # 10,000,000 lines: 100 per second of log time.
        for second in range(100_000):
            out.write(line(t + 1 + second, "Error", "CBS",
                           "Exec: Failed to stage execution chain. [HRESULT = 0x800f0821 - CBS_E_ABORT]").encode() * 100)
        end = t + 100_001
        out.write((line(end, "Info", "CBS", f"Exec: Processing complete.  Session: {sid}, Package: {pkg} [HRESULT = 0x800f0821 - CBS_E_ABORT]")
                   + line(end, "Info", "CBS", f"Session: {sid} finalized. Reboot required: no [HRESULT = 0x800f0821 - CBS_E_ABORT]")).encode())
    return "10,000,000 Error lines in one failed session"


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    base = sys.argv[1]
    corpus = sys.argv[sys.argv.index("--corpus") + 1] if "--corpus" in sys.argv else "/work/shared/corpus"
    for name, make, ready in [("real", lambda p: real(p, corpus), lambda s: s >= 528_000_000),
                              ("dense", dense, lambda s: s == 512 * MIB),
                              ("errors", errors, lambda s: s > 1_000_000_000)]:
        os.makedirs(os.path.join(base, name), exist_ok=True)
        path = os.path.join(base, name, "CBS.log")
        if os.path.exists(path) and ready(os.path.getsize(path)):
            continue
        what = make(path + ".part")
        os.replace(path + ".part", path)
        print(f"{path}: {os.path.getsize(path)} bytes, {what}")


if __name__ == "__main__":
    main()
