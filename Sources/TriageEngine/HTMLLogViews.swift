import TriageCore

/// The log views of the HTML report: for every cited line (up to ``maxViews``), the lines around it
/// (±``context``). Only these excerpts are embedded, escaped. The lines come from the log itself when the caller can read it
/// (``LineSource``), else from the facts read from that log (the lines the readers kept).
public struct HTMLLogViews: Sendable {
    /// Lines `from...to` (1-based, clamped by the reader) of `file` as the bundle names it, or nil when the
    /// log cannot be read again (inside a zip, binary, gone).
    public typealias LineSource = @Sendable (_ file: String, _ from: Int, _ to: Int) -> [(number: Int, text: String)]?

    public static let context = 20
    /// Most views one report embeds (about 8 KB each): the first cited lines get them, in the order the
    /// report cites them (verdict, hypotheses, next steps, then the install timeline); a log with tens of
    /// thousands of installs would otherwise embed each one's surroundings (hundreds of MB).
    public static let maxViews = 500

    public struct View: Sendable {
        public var anchor: String
        public var file: String
        public var line: Int
        public var lines: [(number: Int, text: String)]
        /// True when the lines are the facts' lines only (the log could not be read again).
        public var fromFacts: Bool
    }

    public private(set) var views: [View] = []
    private var anchors: [String: String] = [:]
    /// Cited lines left without a view past ``maxViews``.
    private var notShown: Set<String> = []
    /// How many cited lines have no view because of ``maxViews``.
    public var linesWithoutView: Int { notShown.count }
    /// Fact indices per file with a line, built on the first view that needs the facts' lines.
    private var byFile: [String: [Int]]?

    public init() {}

    /// The anchor (`log-3`) of the view of `fact`'s line, made on first use; nil for an observation.
    public mutating func anchor(for fact: Fact, evidence: EvidenceSet, source: LineSource?) -> String? {
        let file = fact.provenance.file
        guard file != Analyzer.observationFile, !file.isEmpty, fact.provenance.line > 0 else { return nil }
        let key = "\(file)\u{0}\(fact.provenance.line)"
        if let anchor = anchors[key] { return anchor }
        guard views.count < Self.maxViews else {
            notShown.insert(key)
            return nil
        }
        let anchor = "log-\(views.count + 1)"
        anchors[key] = anchor
        let line = fact.provenance.line
        let from = max(1, line - Self.context)
        let to = line + Self.context
        if let lines = source?(file, from, to), !lines.isEmpty {
            views.append(View(anchor: anchor, file: file, line: line, lines: lines, fromFacts: false))
        } else {
            if byFile == nil {
                var index: [String: [Int]] = [:]
                for (i, other) in evidence.facts.enumerated() where other.provenance.line > 0 {
                    index[other.provenance.file, default: []].append(i)
                }
                byFile = index
            }
            var seen: Set<Int> = []
            var lines: [(number: Int, text: String)] = []
            for i in byFile?[file] ?? [] {
                let other = evidence.facts[i].provenance
                guard (from...to).contains(other.line), !seen.contains(other.line) else { continue }
                seen.insert(other.line)
                lines.append((other.line, other.text ?? ""))
            }
            if !seen.contains(line) { lines.append((line, fact.provenance.text ?? "")) }
            lines.sort { $0.number < $1.number }
            views.append(View(anchor: anchor, file: file, line: line, lines: lines, fromFacts: true))
        }
        return anchor
    }
}
