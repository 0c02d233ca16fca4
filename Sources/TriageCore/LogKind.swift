/// The kinds of input file triage recognises. Raw values are the names used in XML (`in="cbs"`) and JSON.
public enum LogKind: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    case cbs  // CBS.log, CbsPersist_*.log
    case dism  // DISM.log
    case windowsUpdate = "windowsupdate"  // WindowsUpdate.log, all three layouts
    case reportingEvents = "reportingevents"  // SoftwareDistribution\ReportingEvents.log
    case setupact  // Panther setupact.log
    case setuperr  // Panther setuperr.log
    case poqexec  // poqexec.log
    case eventsText = "events-text"  // wevtutil qe /f:text export
    case eventsCSV = "events-csv"  // Get-WinEvent | Export-Csv
    case setupDiag = "setupdiag"  // SetupDiagResults.log / .xml
    case compatData = "compatdata"  // Panther CompatData_*.xml (setup's compatibility report)
    case cmtrace  // SCCM/ConfigMgr CMTrace logs (recognised, not analysed)
    case evtx  // binary event log: recognised, skipped for now
    case etl  // ETW trace: Windows Update traces are read as windowsupdate; others skipped
    case collectorInfo = "collector-info"  // a log collector's own info file (tool name and version)
    case pml  // Process Monitor log (boot logs: procmon-boot-logging)
    case setupAPI = "setupapi"  // setupapi.dev.log: device and driver installs (SetupAPI text log)
    case unknown

    public static func < (a: LogKind, b: LogKind) -> Bool { a.rawValue < b.rawValue }
}

/// One input file, accounted for: what it is and whether it was parsed.
public struct SourceRecord: Sendable, Hashable, Codable {
    public enum Status: String, Sendable, Hashable, Codable { case parsed, skipped }

    public var path: String
    public var kind: LogKind
    public var status: Status
    /// Why a file was skipped (`binary file`, `unsupported kind`, `too large: …`); nil when parsed.
    public var reason: String?
    /// `utf-8`, `utf-8-bom`, `utf-16le`, `utf-16be`, `binary`.
    public var encoding: String
    /// `crlf`, `lf`, `mixed`, `none`.
    public var lineEnding: String
    public var bytes: Int
    public var lines: Int
    /// First and last timestamps seen, normalised (`YYYY-MM-DDTHH:MM:SS`).
    public var first: String?
    public var last: String?
    /// Non-fatal notes about the file (`truncated last line`, `3 NUL bytes dropped`, …).
    public var notes: [String]

    public init(
        path: String, kind: LogKind, status: Status, reason: String? = nil, encoding: String,
        lineEnding: String = "none", bytes: Int, lines: Int, first: String? = nil, last: String? = nil,
        notes: [String] = []
    ) {
        self.path = path
        self.kind = kind
        self.status = status
        self.reason = reason
        self.encoding = encoding
        self.lineEnding = lineEnding
        self.bytes = bytes
        self.lines = lines
        self.first = first
        self.last = last
        self.notes = notes
    }
}
