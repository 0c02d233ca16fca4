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
        let bytes = line.bytes
        if bytes.starts(with: "Event[") {
            flush(into: &context)
            record = EventRecord()
            recordStart = line.number
            return
        }
        guard record != nil else { return }
        if inDescription {
            if record!.line == 0 {
                guard !bytes.isEmpty, bytes.skipSpaces(from: 0) < bytes.count else { return }
                record!.line = line.number
                record!.citation = line.citationText
            }
            if description.count < EventsTextExtractor.maxDescription {
                if !description.isEmpty { description.append(0x0A) }
                bytes.prefix(EventsTextExtractor.maxDescription - description.count).append(from: 0, to: &description)
            }
            return
        }
        let textStart = bytes.skipSpaces(from: 0)
        guard textStart < bytes.count else { return }
        func value(_ key: Literal) -> String? {
            bytes.starts(with: key, at: textStart) ? bytes.trimmedText(from: textStart + key.count) : nil
        }
        if let v = value("Source: ") {
            record!.provider = v
        } else if let v = value("Event ID: ") {
            record!.id = Int(v) ?? 0
        } else if let v = value("Computer: ") {
            record!.computer = v
        } else if let v = value("Level: ") {
            record!.level = EventsTextExtractor.level(v)
        } else if bytes.starts(with: "Date: ", at: textStart) {
            let dateStart = textStart + Literal("Date: ").count
            if let (s, _) = Timestamps.isoLike(bytes, at: dateStart) {
                record!.stamp = s
                record!.time = bytes.trimmedText(from: dateStart)
                range.note(s)
            }
        } else if bytes.starts(with: "Description:", at: textStart) {
            inDescription = true
            let rest = bytes.skipSpaces(from: textStart + Literal("Description:").count)
            if rest < bytes.count {
                record!.line = line.number
                record!.citation = line.citationText
                bytes.append(from: rest, to: &description)
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
        description.withLineBytes { facts.add(r, message: $0, into: &context) }
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
