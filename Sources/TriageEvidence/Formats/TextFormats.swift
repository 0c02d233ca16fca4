import TriageCore

extension LogKind {
    /// SCCM/ConfigMgr CMTrace logs (recognised, not analysed).
    public static let cmtrace = LogKind(rawValue: "cmtrace")
    /// `wevtutil qe /f:text` export.
    public static let eventsText = LogKind(rawValue: "events-text")
    /// `Get-WinEvent | Export-Csv` export.
    public static let eventsCSV = LogKind(rawValue: "events-csv")
    /// `SetupDiagResults.log` / `.xml`.
    public static let setupDiag = LogKind(rawValue: "setupdiag")
    /// `SoftwareDistribution\ReportingEvents.log`.
    public static let reportingEvents = LogKind(rawValue: "reportingevents")
    /// WindowsUpdate.log, all three layouts (and Windows Update traces, decoded).
    public static let windowsUpdate = LogKind(rawValue: "windowsupdate")
    /// CBS.log, CbsPersist_*.log.
    public static let cbs = LogKind(rawValue: "cbs")
    /// DISM.log.
    public static let dism = LogKind(rawValue: "dism")
    /// Panther setupact.log.
    public static let setupact = LogKind(rawValue: "setupact")
    /// Panther setuperr.log.
    public static let setuperr = LogKind(rawValue: "setuperr")
    /// A log collector's own info file (tool name and version).
    public static let collectorInfo = LogKind(rawValue: "collector-info")
}

/// The text log formats: recognition, line layout, extractor and fact kinds of each.
extension LogFormat {
    static let textFacts = ["error-code", "collector", "source-collected", "signature"]

    static let cmtrace = LogFormat(
        kind: .cmtrace,
        content: .lines(.cmtrace) { line in
            line[0] == 0x3C && line.firstIndex(of: "<![LOG[") == 0 ? 10 : nil
        },
        layout: .cmtrace, reader: .lines { nil }, factKinds: ["collector", "source-collected"])

    static let eventsText = LogFormat(
        kind: .eventsText,
        content: .lines(.eventsText) { line in
            let first = line[0]
            if first == 0x45, BytePattern("Event[#").matches(line), line[line.count - 1] == 0x3A,
                line[line.count - 2] == 0x5D
            {
                return 10
            }
            if first == 0x20, line.firstIndex(of: "  Log Name: ") == 0 { return 2 }
            return nil
        },
        layout: .eventsText, reader: .lines { EventsTextExtractor() },
        factKinds: textFacts + ["install-attempt", "machine"])

    static let eventsCSV = LogFormat(
        kind: .eventsCSV,
        content: .lines(.eventsCSV) { line in
            let first = line[0]
            if first == 0x23,
                line.firstIndex(of: "#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord") == 0
            {
                return 10
            }
            if first == 0x22, line.firstIndex(of: "\"TimeCreated\"") != nil,
                line.firstIndex(of: "\"Id\"") != nil
            {
                return 10
            }
            return nil
        },
        reader: .lines { EventsCSVExtractor() }, factKinds: textFacts + ["install-attempt", "machine"])

    static let setupDiag = LogFormat(
        kind: .setupDiag, names: [.contains("setupdiag", priority: 90)],
        content: .lines(.setupDiag) { line in
            let first = line[0]
            if first == 0x3C || first == 0x20 || first == 0x09 {
                return line.firstIndex(of: "<ProfileGuid>") != nil ? 10 : nil
            }
            guard first == 0x53 || first == 0x4D else { return nil }
            return line.firstIndex(of: "SetupDiag version") == 0
                || line.firstIndex(of: "Matching Profile found:") == 0
                || line.firstIndex(of: "SetupDiag was unable") == 0 ? 10 : nil
        },
        reader: .lines { SetupDiagExtractor() },
        factKinds: textFacts + ["rollback", "machine", FactKind.setupDiagResult, FactKind.setupFailure])

    static let reportingEvents = LogFormat(
        kind: .reportingEvents, names: [.contains("reportingevents", priority: 70)],
        content: .lines(.reportingEvents) { line in
            line[0] == 0x7B && LineLayout.reportingStart.matches(line) ? 1 : nil
        },
        layout: .reportingEvents, reader: .lines { ReportingEventsExtractor() },
        factKinds: textFacts + ["install-attempt", "update-source"])

    static let windowsUpdate = LogFormat(
        kind: .windowsUpdate, names: [.contains("windowsupdate", priority: 60)],
        content: .lines(.windowsUpdate) { line in
            guard ASCII.isDigit(line[0]) else { return nil }
            return Recognizer.wuModern.matches(line) || Recognizer.wuDashed.matches(line)
                || LineLayout.wuLegacy.matches(line) ? 1 : nil
        },
        layout: .windowsUpdate, reader: .lines { WindowsUpdateExtractor() },
        factKinds: textFacts + ["install-attempt", "update-source", "machine"])

    static let cbs = LogFormat(
        kind: .cbs, names: [.contains("cbs", priority: 40)], content: PantherClassifier.anchor,
        layout: .panther, reader: .lines { CBSExtractor() },
        factKinds: textFacts + ["install-attempt", "rollback", "update-source", "machine"])

    static let dism = LogFormat(
        kind: .dism, names: [.contains("dism", priority: 50)], content: PantherClassifier.anchor,
        layout: .panther, reader: .lines { DISMExtractor() },
        factKinds: textFacts + ["install-attempt", "machine"])

    static let setupact = LogFormat(
        kind: .setupact, names: [.contains("setupact", priority: 30)], content: PantherClassifier.anchor,
        layout: .panther, reader: .lines { SetupExtractor(log: .setupact) },
        factKinds: textFacts + [
            "install-attempt", "rollback", "machine", FactKind.setupFailure, FactKind.setupCompleted,
            FactKind.setupLogEnded, FactKind.setupScanOnly
        ])

    static let setuperr = LogFormat(
        kind: .setuperr, names: [.contains("setuperr", priority: 20)], content: PantherClassifier.anchor,
        layout: .panther, reader: .lines { SetupExtractor(log: .setuperr) },
        factKinds: textFacts + [FactKind.setupFailure])

    static let collectorInfo = LogFormat(
        kind: .collectorInfo,
        content: .lines(.collectorInfo) { line in
            guard let at = ASCII.firstIndexIgnoringCase(Array("logcollector".utf8), in: line) else { return nil }
            // `Collector: CMGELogCollector` (a key naming the tool) is the info file itself; elsewhere a mention.
            let keyed = ASCII.firstIndexIgnoringCase(Array("collector:".utf8), in: line).map { $0 < at } ?? false
            return keyed ? 10 : 5
        },
        reader: .lines { CollectorInfoExtractor() }, factKinds: ["machine", "collector"])
}

/// CBS, DISM, setupact and setuperr share the `YYYY-MM-DD HH:MM:SS, Level Component text` layout: one vote
/// for the family, then the file name decides, else the components of the voting lines (CBS/CSI vs DISM vs
/// the rest) and their levels (all errors: setuperr).
struct PantherClassifier: ContentClassifier {
    static let anchor = ContentAnchor(family: "panther") { PantherClassifier() }
    static let members: Set<LogKind> = [.cbs, .dism, .setupact, .setuperr]

    var cbs = 0, dism = 0, setup = 0, errors = 0, lines = 0

    mutating func vote(_ line: LineBytes) -> Int? {
        guard ASCII.isDigit(line[0]), LineLayout.pantherStart.matches(line), line.count > 22,
            ASCII.isLetter(line[21])
        else { return nil }
        lines += 1
        if let level = LineLayout.panther.level(line), line[level.lowerBound] == 0x45 { errors += 1 }
        let component =
            LineLayout.panther.component(line).map { line.slice(from: $0.lowerBound, to: $0.upperBound).array } ?? []
        switch component {
        case Array("CBS".utf8), Array("CSI".utf8): cbs += 1
        case Array("DISM".utf8): dism += 1
        default: setup += 1
        }
        return 1
    }

    func kind(lowerName: String) -> LogKind {
        if let hint = LogFormats.kind(fromName: lowerName, among: Self.members) { return hint }
        if cbs > dism, cbs >= setup { return .cbs }
        if dism >= setup { return .dism }
        return errors == lines ? .setuperr : .setupact
    }
}
