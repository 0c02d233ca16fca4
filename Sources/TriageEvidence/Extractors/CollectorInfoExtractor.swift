import Foundation
import TriageCore

/// Reads a log collector's own info file (`LogCollector` named on some line): one `collector` fact per
/// distinct tool name and version, cited at the line that names it. A version on a later `Version: x.y`
/// line is used when the naming line carries none.
struct CollectorInfoExtractor: LogExtractor {
    private var named: [(name: String, version: String?, line: Int, text: String)] = []
    private var looseVersion: String?
    private var machine: (name: String, line: Int, text: String)?

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let text = line.text(to: min(line.count, 1024))
        for found in CollectorNames.find(in: text) {
            named.append((found.name, found.version, line.number, line.citationText))
        }
        if looseVersion == nil, let version = CollectorNames.versionField(in: text) { looseVersion = version }
        if machine == nil, let name = Self.machineField(in: text) { machine = (name, line.number, line.citationText) }
    }

    mutating func finish(into context: inout ExtractionContext) {
        var seen = Set<String>()
        for entry in named {
            let version = entry.version ?? looseVersion
            let key = entry.name + "\u{0}" + (version ?? "")
            guard seen.insert(key).inserted else { continue }
            var attributes = ["name": entry.name]
            if let version { attributes["version"] = version }
            context.emit(
                Fact(
                    kind: FactKind.collector, attributes: attributes,
                    provenance: Provenance(file: context.file, line: entry.line, text: entry.text)))
        }
        if let machine {
            context.emit(
                Fact(
                    kind: FactKind.machine,
                    attributes: ["name": machine.name, "log": LogKind.collectorInfo.rawValue],
                    provenance: Provenance(file: context.file, line: machine.line, text: machine.text)))
        }
    }

    /// The value of a `Machine:`, `Computer:`, `Computer name:`, `ComputerName:` or `Hostname:` line.
    static func machineField(in text: String) -> String? {
        guard let colon = text.firstIndex(of: ":") else { return nil }
        let key = text[..<colon].lowercased().filter { $0 != " " }
        guard ["machine", "machinename", "computer", "computername", "hostname"].contains(key) else { return nil }
        let value = text[text.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        guard !value.isEmpty, !value.contains(" ") else { return nil }
        return value
    }
}
