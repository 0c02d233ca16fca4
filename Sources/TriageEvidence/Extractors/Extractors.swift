import TriageCore

/// The extractor of each log kind, from its ``LogFormat``. nil = recognised but no line extractor
/// (cmtrace, binary formats, unknown).
public enum Extractors {
    public static func make(for kind: LogKind) -> (any LogExtractor)? {
        guard let format = LogFormats.format(for: kind), case .lines(let make) = format.reader else { return nil }
        return make()
    }
}
