import TriageCore

/// The extractor for each log kind. nil = recognised but no extractor (cmtrace, evtx, etl, unknown).
public enum Extractors {
    public static func make(for kind: LogKind) -> (any LogExtractor)? {
        switch kind {
        case .cbs: CBSExtractor()
        case .dism: DISMExtractor()
        case .windowsUpdate: WindowsUpdateExtractor()
        case .reportingEvents: ReportingEventsExtractor()
        case .setupact, .setuperr: SetupExtractor(log: kind)
        case .poqexec: PoqexecExtractor()
        case .eventsText: EventsTextExtractor()
        case .eventsCSV: EventsCSVExtractor()
        case .setupDiag: SetupDiagExtractor()
        case .collectorInfo: CollectorInfoExtractor()
        case .cmtrace, .evtx, .etl, .unknown: nil
        }
    }
}
