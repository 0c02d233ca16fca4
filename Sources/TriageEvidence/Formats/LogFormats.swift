import TriageCore

/// The one list of log formats. Adding a format = one file defining it + one line here.
///
/// Order matters twice: content families vote in this order (a line goes to the first family that takes it,
/// and a tie between families goes to the earlier one); and ``format(for:)`` returns the first format of a kind.
public enum LogFormats {
    public static let all: [LogFormat] = [
        .cmtrace,
        .eventsText,
        .eventsCSV,
        .setupDiag,
        .compatData,
        .reportingEvents,
        .windowsUpdate,
        .cbs,
        .dism,
        .setupact,
        .setuperr,
        .poqexec,
        .setupAPI,
        .collectorInfo,
        .evtx,
        .etl,
        .pml
    ]

    /// The registered kinds: the log kind names rules and knowledge may use (`in=`, `from=`, `log=`).
    public static let kinds: Set<LogKind> = Set(all.map(\.kind))

    private static let byKind: [LogKind: LogFormat] = {
        var map: [LogKind: LogFormat] = [:]
        for format in all where map[format.kind] == nil { map[format.kind] = format }
        return map
    }()

    /// The registered format of a kind, or nil (`unknown`).
    public static func format(for kind: LogKind) -> LogFormat? { byKind[kind] }

    /// Formats with magic bytes, in registry order.
    static let withMagic: [LogFormat] = all.filter { $0.magic != nil }

    /// Every name hint with its format's kind, by ascending priority (stable for equal priorities).
    static let nameHints: [(hint: NameHint, kind: LogKind)] = {
        var hints: [(hint: NameHint, kind: LogKind, order: Int)] = []
        for format in all { for hint in format.names { hints.append((hint, format.kind, hints.count)) } }
        hints.sort { ($0.hint.priority, $0.order) < ($1.hint.priority, $1.order) }
        return hints.map { ($0.hint, $0.kind) }
    }()

    /// Content families in registry order (one per distinct ``ContentAnchor/family``).
    static let families: [ContentAnchor] = {
        var seen: Set<String> = []
        var out: [ContentAnchor] = []
        for format in all {
            guard let content = format.content, seen.insert(content.family).inserted else { continue }
            out.append(content)
        }
        return out
    }()

    /// Kind from the file name alone (first matching hint), or `unknown`.
    static func kind(fromName lowerName: String) -> LogKind {
        for entry in nameHints where entry.hint.matches(lowerName) { return entry.kind }
        return .unknown
    }

    /// Kind from the file name among the given kinds only (a family's tie-break), or nil.
    static func kind(fromName lowerName: String, among kinds: Set<LogKind>) -> LogKind? {
        for entry in nameHints where kinds.contains(entry.kind) && entry.hint.matches(lowerName) { return entry.kind }
        return nil
    }

    /// Log kinds that may produce each fact kind, as the formats declare them.
    public static let producers: [String: [LogKind]] = {
        var map: [String: [LogKind]] = [:]
        for format in all {
            for fact in format.factKinds where !(map[fact]?.contains(format.kind) ?? false) {
                map[fact, default: []].append(format.kind)
            }
        }
        return map
    }()
}
