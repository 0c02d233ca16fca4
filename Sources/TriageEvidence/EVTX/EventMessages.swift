/// The description Windows shows for the events triage reads, rebuilt from an EVTX record's values.
///
/// An `.evtx` file holds no message text (that lives in the providers' message DLLs on the machine that wrote
/// it), but text and CSV exports do, and the event facts and `events-text` signatures read that text. So for
/// the events below the message is rebuilt from its published wording (`{Name}`: the value named so, `{2}`:
/// the second value, `{A|B}`: the first of them that is set); any other event reads as its values joined with `; `. Either way the error codes in
/// the values are found as they would be in an export.
enum EventMessages {
    struct Key: Hashable {
        let provider: String
        let id: Int
    }

    static let templates: [Key: String] = {
        var t: [Key: String] = [:]
        func add(_ providers: [String], _ id: Int, _ text: String) {
            for p in providers { t[Key(provider: p, id: id)] = text }
        }
        let wu = ["Microsoft-Windows-WindowsUpdateClient"]
        add(wu, 19, "Installation Successful: Windows successfully installed the following update: {updateTitle}")
        add(
            wu, 20,
            "Installation Failure: Windows failed to install the following update with error {errorCode}: {updateTitle}."
        )
        add(wu, 43, "Installation Started: Windows has started installing the following update: {updateTitle}")
        add(wu, 44, "Windows Update started downloading an update.")
        add(wu, 31, "Windows Update failed to download an update. Error: {errorCode}. Update: {updateTitle}")
        add(wu, 25, "Windows Update failed to check for updates with error {errorCode}.")
        let servicing = ["Microsoft-Windows-Servicing"]
        add(
            servicing, 1,
            "Initiating changes for package {PackageIdentifier}. Current state is {InitialPackageStateTextized|InitialPackageState}. Target state is {IntendedPackageStateTextized|IntendedPackageState}. Client id: {Client}."
        )
        add(
            servicing, 2,
            "Package {PackageIdentifier} was successfully changed to the {IntendedPackageStateTextized|IntendedPackageState} state."
        )
        add(
            servicing, 3,
            "Package {PackageIdentifier} failed to be changed to the {IntendedPackageStateTextized|IntendedPackageState} state. Status: {ErrorCode}."
        )
        add(
            servicing, 4,
            "A reboot is necessary before package {PackageIdentifier} can be changed to the {IntendedPackageStateTextized|IntendedPackageState} state."
        )
        let scm = ["Service Control Manager"]
        add(
            scm, 7031,
            "The {param1} service terminated unexpectedly.  It has done this {param2} time(s).  The following corrective action will be taken in {param3} milliseconds: {param5}."
        )
        add(scm, 7034, "The {param1} service terminated unexpectedly.  It has done this {param2} time(s).")
        add(scm, 7036, "The {param1} service entered the {param2} state.")
        add(scm, 7040, "The start type of the {param1} service was changed from {param2} to {param3}.")
        add(
            scm, 7045,
            "A service was installed in the system. Service Name: {ServiceName} Service File Name: {ImagePath} Service Type: {ServiceType} Service Start Type: {StartType} Service Account: {AccountName}"
        )
        add(scm, 7023, "The {param1} service terminated with the following error: {param2}")
        let kernel = ["Microsoft-Windows-Kernel-General"]
        add(kernel, 12, "The operating system started at system time {StartTime}.")
        add(kernel, 13, "The operating system is shutting down at system time {StopTime}.")
        add(
            ["Microsoft-Windows-Kernel-Power"], 41,
            "The system has rebooted without cleanly shutting down first. This error could be caused if the system stopped responding, crashed, or lost power unexpectedly."
        )
        add(
            ["User32"], 1074,
            "The process {param1} has initiated the {param5} of computer {param2} on behalf of user {param7} for the following reason: {param3} Reason Code: {param4} Shutdown Type: {param5} Comment: {param6}"
        )
        let eventLog = ["EventLog"]
        add(eventLog, 6005, "The Event log service was started.")
        add(eventLog, 6006, "The Event log service was stopped.")
        add(eventLog, 6008, "The previous system shutdown at {1} on {2} was unexpected.")
        add(
            ["Microsoft-Windows-WER-SystemErrorReporting", "BugCheck"], 1001,
            "The computer has rebooted from a bugcheck.  The bugcheck was: {param1}. A dump was saved in: {param2}. Report Id: {param3}."
        )
        let whea = ["Microsoft-Windows-WHEA-Logger"]
        for id in [1, 18, 20, 46] { add(whea, id, "A fatal hardware error has occurred. Error Source: {ErrorSource}.") }
        for id in [17, 19, 47] {
            add(whea, id, "A corrected hardware error has occurred. Error Source: {ErrorSource}.")
        }
        let disk = ["disk", "Disk"]
        add(disk, 7, "The device, {1}, has a bad block.")
        add(disk, 11, "The driver detected a controller error on {1}.")
        add(disk, 51, "An error was detected on device {1} during a paging operation.")
        add(disk, 153, "The IO operation at logical block address {2} for Disk {1} (PDO name: {3}) was retried.")
        let ntfs = ["Microsoft-Windows-Ntfs", "Ntfs"]
        add(ntfs, 55, "A corruption was discovered in the file system structure on volume {1}.")
        add(ntfs, 98, "Volume {1} ({2}) is healthy.  No action is needed.")
        add(
            ntfs, 136,
            "The default transaction resource manager on volume {1} encountered a non-retryable error and could not start.  The data contains the error code."
        )
        return t
    }()

    /// Whether the message of `event` is rebuilt from a known wording.
    static func isKnown(_ event: EVTXEvent) -> Bool {
        templates[Key(provider: event.provider, id: event.eventID)] != nil
    }

    /// The message of `event` as UTF-8 bytes.
    static func message(_ event: EVTXEvent) -> [UInt8] {
        guard let template = templates[Key(provider: event.provider, id: event.eventID)] else {
            var out: [UInt8] = []
            for field in event.data where !field.value.isEmpty && field.name != "Binary" {
                if !out.isEmpty { out.append(contentsOf: [0x3B, 0x20]) }
                out.append(contentsOf: field.value.utf8)
            }
            return out
        }
        var out: [UInt8] = []
        let t = Array(template.utf8)
        var i = 0
        while i < t.count {
            if t[i] == 0x7B, let close = t[(i + 1)...].firstIndex(of: 0x7D) {
                let key = String(decoding: t[(i + 1)..<close], as: UTF8.self)
                out.append(contentsOf: value(key, in: event).utf8)
                i = close + 1
            } else {
                out.append(t[i])
                i += 1
            }
        }
        return out
    }

    /// `{Name}` by name; `{n}` the n-th value (1-based) — classic events leave their values unnamed;
    /// `{A|B}` the first of them that is not empty (Windows 10 added `…Textized` state names to Servicing
    /// events; older ones hold the name in the state value itself).
    private static func value(_ key: String, in event: EVTXEvent) -> String {
        if key.contains("|") {
            for alternative in key.split(separator: "|") {
                let v = value(String(alternative), in: event)
                if !v.isEmpty { return v }
            }
            return ""
        }
        if let n = Int(key) {
            return n >= 1 && n <= event.data.count ? event.data[n - 1].value : ""
        }
        return event.value(key) ?? ""
    }
}
