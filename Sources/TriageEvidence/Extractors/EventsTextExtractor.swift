import TriageCore

/// `wevtutil qe … /f:text` exports: blocks of `Event[n]:`, indented `Key: value` lines, then
/// `Description:` and the message on the following lines. Facts cite the first description line.
struct EventsTextExtractor: LogExtractor {
    var range = StampRange()
    var facts = EventFacts(log: .eventsText)
    var record: EventRecord?
    var inDescription = false
    var description: [UInt8] = []
    var recordStart = 0
    static let maxDescription = 8192

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let b = line.bytes
        if B.starts(b, Lit("Event[")) {
            flush(into: &context)
            record = EventRecord()
            recordStart = line.number
            return
        }
        guard record != nil else { return }
        if inDescription {
            if record!.line == 0 {
                guard !b.isEmpty, B.skipSpaces(b, 0) < b.count else { return }
                record!.line = line.number
                record!.citation = line.citationText
            }
            if description.count < EventsTextExtractor.maxDescription {
                if !description.isEmpty { description.append(0x0A) }
                description.append(contentsOf: b.prefix(EventsTextExtractor.maxDescription - description.count))
            }
            return
        }
        let t = B.skipSpaces(b, 0)
        guard t < b.count else { return }
        func value(_ key: Lit) -> String? { B.starts(b, key, at: t) ? B.text(b, t + key.count) : nil }
        if let v = value(Lit("Source: ")) {
            record!.provider = v
        } else if let v = value(Lit("Event ID: ")) {
            record!.id = Int(v) ?? 0
        } else if let v = value(Lit("Computer: ")) {
            record!.computer = v
        } else if let v = value(Lit("Level: ")) {
            record!.level = EventsTextExtractor.level(v)
        } else if B.starts(b, Lit("Date: "), at: t) {
            if let (s, e) = Timestamps.isoLike(b, at: t + 6) {
                record!.stamp = s
                _ = e
                record!.time = B.text(b, t + 6)
                range.note(s)
            }
        } else if B.starts(b, Lit("Description:"), at: t) {
            inDescription = true
            let rest = B.skipSpaces(b, t + 12)
            if rest < b.count {
                record!.line = line.number
                record!.citation = line.citationText
                description.append(contentsOf: b[rest...])
            }
        }
    }

    mutating func finish(into context: inout ExtractionContext) {
        flush(into: &context)
        facts.timeSignatures(into: &context)
        range.report(into: &context)
        context.finishAttempts(facts.resolvedAttempts)
    }

    private mutating func flush(into context: inout ExtractionContext) {
        defer {
            record = nil
            inDescription = false
            description.removeAll(keepingCapacity: true)
        }
        guard var r = record else { return }
        facts.noteRecord(firstLine: recordStart, time: r.time, stamp: r.stamp)
        if r.line == 0 { return }  // no description: nothing to cite
        // Trim trailing blank lines.
        while let last = description.last, last == 0x0A || last == 0x20 || last == 0x0D { description.removeLast() }
        r.citation = r.citation.isEmpty ? "" : r.citation
        description.withUnsafeBufferPointer { facts.add(r, message: $0, into: &context) }
    }

    static func level(_ v: String) -> String {
        switch v.lowercased() {
        case "error": "Error"
        case "warning": "Warning"
        case "critical": "Fatal"
        default: "Info"
        }
    }
}
