import TriageCore

/// The extractor for each log kind. (Filled in by the extractor work; nil = recognised but no extractor.)
public enum Extractors {
    public static func make(for kind: LogKind) -> (any LogExtractor)? {
        nil
    }
}
