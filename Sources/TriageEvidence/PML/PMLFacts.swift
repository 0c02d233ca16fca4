import TriageCore

/// Turns the events of a Process Monitor capture into facts:
/// - `procmon-failure` for an event whose result is one an expert reads as a failure (``failureResults``, from the knowledge base);
///   the first ``individualCap`` are kept one by one; past that, a failure identical to one kept (process,
///   PID, operation, path, result) is counted on it (`count`, `last`), so a capture of gigabytes yields
///   thousands of facts, not millions;
/// - `procmon-process-start` / `procmon-process-exit` for Process Start and Process Exit events, with the
///   image path, company and description the capture recorded for the process.
/// - `procmon-servicing-access` for the events on a servicing area (``PMLServicing/area(_:)``, the driver
///   registry aside), one fact per process, PID and area with `count`, `first` and `last`: who touched
///   pending.xml, WinSxS, the servicing folder or the transaction logs, and when first.
/// Facts cite the event's ordinal (`boot_log.pml:#N` is line N).
struct PMLFacts {
    /// Results read as failures: the knowledge base's `procmon-results.xml` (ACCESS DENIED, SHARING VIOLATION,
    /// …). NAME NOT FOUND, PATH NOT FOUND, BUFFER OVERFLOW, REPARSE, NO MORE ENTRIES and the like are the normal
    /// traffic of any capture and stay out.
    let failureResults: Set<UInt32>

    init(failureResults: Set<UInt32>) { self.failureResults = failureResults }
    static let individualCap = 10_000
    static let maxAggregates = 20_000
    static let failure = "procmon-failure"
    static let processStart = "procmon-process-start"
    static let processExit = "procmon-process-exit"
    static let servicingAccess = "procmon-servicing-access"
    static let maxAccesses = 10_000

    private var facts: [Fact] = []
    private var byKey: [String: Int] = [:]
    private var failures = 0
    private var dropped = 0
    private var accesses: [String: Int] = [:]
    private var scratch: [UInt8] = []

    mutating func add(_ e: PMLEvent, file: String) {
        if e.eventClass == .fileSystem || e.eventClass == .registry, e.pathBytes != nil || e.builtPath != nil {
            let area: String?
            if let built = e.builtPath {
                area = PMLServicing.area(built)
            } else {
                area = PMLServicing.area(bytes: e.pathBytes!, ascii: e.pathIsASCII, scratch: &scratch)
            }
            if let area {
                let path = e.path
                if area != "driver-registry" { addAccess(e, area: area, file: file, path: path) }
                if failureResults.contains(e.result) { addFailure(e, file: file, path: path, area: area) }
                return
            }
            if failureResults.contains(e.result) { addFailure(e, file: file, path: e.path, area: nil) }
        } else if failureResults.contains(e.result) {
            addFailure(e, file: file, path: e.path, area: nil)
        } else if e.eventClass == .process, e.operationCode == 7 || e.operationCode == 2, let p = e.process {
            var a = Self.processAttributes(p)
            a["time"] = EVTXValues.fileTimeText(e.time)
            let kind = e.operationCode == 7 ? Self.processStart : Self.processExit
            facts.append(
                Fact(
                    kind: kind, attributes: a,
                    provenance: provenance(e, file: file, text: "\(e.operation) \(p.name) \(p.pid)")))
        }
    }

    private mutating func addAccess(_ e: PMLEvent, area: String, file: String, path: String) {
        let process = e.process?.name ?? ""
        let pid = String(e.process?.pid ?? 0)
        let key = process + "\u{0}" + pid + "\u{0}" + area
        if let index = accesses[key] {
            let count = Int(facts[index]["count"] ?? "1") ?? 1
            facts[index].attributes["count"] = String(count + 1)
            facts[index].attributes["last"] = "#\(e.ordinal)"
            facts[index].provenance.endLine = e.ordinal
            return
        }
        guard accesses.count < Self.maxAccesses else { return }
        accesses[key] = facts.count
        var a = [
            "process": process, "pid": pid, "area": area, "path": path, "operation": e.operation,
            "result": e.resultName, "time": EVTXValues.fileTimeText(e.time), "count": "1",
            "first": "#\(e.ordinal)", "last": "#\(e.ordinal)",
            "servicing-process": String(PMLServicing.isServicingProcess(process)),
            "vendor": PMLServicing.vendor(e.process?.company)
        ]
        if let p = e.process, !p.imagePath.isEmpty { a["image"] = p.imagePath }
        if let p = e.process, !p.company.isEmpty { a["company"] = p.company }
        facts.append(
            Fact(
                kind: Self.servicingAccess, attributes: a,
                provenance: provenance(
                    e, file: file, text: "\(process) (\(pid)) \(e.operation) \(path) \(e.resultName)")))
    }

    static func processAttributes(_ p: PMLProcess) -> [String: String] {
        var a = [
            "process": p.name, "pid": String(p.pid), "parent-pid": String(p.parentPID),
            "servicing-process": String(PMLServicing.isServicingProcess(p.name)),
            "vendor": PMLServicing.vendor(p.company)
        ]
        if !p.imagePath.isEmpty { a["image"] = p.imagePath }
        if !p.company.isEmpty { a["company"] = p.company }
        if !p.description.isEmpty { a["description"] = p.description }
        return a
    }

    private func provenance(_ e: PMLEvent, file: String, text: String) -> Provenance {
        Provenance(
            file: file, line: e.ordinal, time: EVTXValues.fileTimeText(e.time),
            timestamp: Stamp(fileTime: e.time)?.text, text: String(text.utf8.prefix(Provenance.maxTextLength))!)
    }

    private mutating func addFailure(_ e: PMLEvent, file: String, path: String, area: String?) {
        failures += 1
        let process = e.process.map(\.name) ?? ""
        let pid = String(e.process?.pid ?? 0)
        let operation = e.operation
        let result = e.resultName
        let key = [process, pid, operation, path.lowercased(), result].joined(separator: "\u{0}")
        if failures > Self.individualCap, let index = byKey[key] {
            let count = Int(facts[index]["count"] ?? "1") ?? 1
            facts[index].attributes["count"] = String(count + 1)
            facts[index].attributes["last"] = "#\(e.ordinal)"
            facts[index].provenance.endLine = e.ordinal
            return
        }
        guard byKey.count < Self.maxAggregates || failures <= Self.individualCap else {
            dropped += 1
            return
        }
        var a = [
            "process": process, "pid": pid, "operation": operation, "path": path, "result": result,
            "class": e.eventClass.name, "time": EVTXValues.fileTimeText(e.time), "count": "1",
            "first": "#\(e.ordinal)", "last": "#\(e.ordinal)",
            "servicing-process": String(PMLServicing.isServicingProcess(process)),
            "vendor": PMLServicing.vendor(e.process?.company),
            "denied": String(PMLServicing.denials.contains(e.result))
        ]
        if let area { a["area"] = area }
        if let p = e.process {
            if !p.imagePath.isEmpty { a["image"] = p.imagePath }
            if !p.company.isEmpty { a["company"] = p.company }
        }
        if byKey[key] == nil { byKey[key] = facts.count }
        facts.append(
            Fact(
                kind: Self.failure, attributes: a,
                provenance: provenance(e, file: file, text: "\(process) (\(pid)) \(operation) \(path) \(result)")))
    }

    /// Hands the facts to the context, with a note when failures were aggregated or dropped.
    mutating func finish(into context: inout ExtractionContext) {
        if failures > Self.individualCap {
            context.notes.append(
                "\(failures) failed events: past the first \(Self.individualCap), identical failures "
                    + "counted on one fact (attribute count)"
                    + (dropped > 0 ? "; \(dropped) past \(Self.maxAggregates) distinct counted only" : ""))
        }
        for fact in facts { context.emit(fact) }
        facts = []
    }
}
