import TriageCore

/// `Get-WinEvent | Export-Csv` exports: `#TYPE …`, a header row naming the columns, then one quoted record per
/// event; quoted fields may span lines and use `""` for a quote. Facts cite the record's first line.
struct EventsCSVExtractor: LogExtractor {
    var range = StampRange()
    var facts = EventFacts(log: .eventsCSV)
    var columns: [String: Int]?
    var fields: [[UInt8]] = []
    var field: [UInt8] = []
    var inQuotes = false
    var recordLine = 0
    var recordCitation = ""
    static let maxField = 16384

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        if !inQuotes {
            if fields.isEmpty && field.isEmpty {
                if bytes.isEmpty || (columns == nil && bytes.starts(with: "#")) { return }
                recordLine = line.number
                recordCitation = line.citationText
            }
        } else {
            if field.count < EventsCSVExtractor.maxField { field.append(0x0A) }
        }
        var i = 0
        while i < bytes.count {
            let c = bytes[i]
            if inQuotes {
                if c == ASCII.quote {
                    if i + 1 < bytes.count, bytes[i + 1] == ASCII.quote {
                        if field.count < EventsCSVExtractor.maxField { field.append(ASCII.quote) }
                        i += 2
                        continue
                    }
                    inQuotes = false
                } else if field.count < EventsCSVExtractor.maxField {
                    field.append(c)
                }
            } else if c == ASCII.quote {
                inQuotes = true
            } else if c == ASCII.comma {
                fields.append(field)
                field.removeAll(keepingCapacity: true)
            } else if field.count < EventsCSVExtractor.maxField {
                field.append(c)
            }
            i += 1
        }
        if inQuotes { return }  // the record continues on the next line
        fields.append(field)
        field.removeAll(keepingCapacity: true)
        defer { fields.removeAll(keepingCapacity: true) }
        guard let cols = columns else {
            var map: [String: Int] = [:]
            for (n, f) in fields.enumerated() { map[String(decoding: f, as: UTF8.self)] = n }
            columns = map
            return
        }
        func get(_ name: String) -> [UInt8]? {
            guard let n = cols[name], n < fields.count else { return nil }
            return fields[n]
        }
        func str(_ name: String) -> String? { get(name).map { String(decoding: $0, as: UTF8.self) } }
        var r = EventRecord()
        r.provider = str("ProviderName") ?? ""
        r.id = Int(str("Id") ?? "") ?? 0
        r.computer = str("MachineName")
        r.level = str("LevelDisplayName").map { EventsTextExtractor.level($0 == "Information" ? "info" : $0) }
        if let tc = get("TimeCreated") {
            tc.withLineBytes { tb in
                if let (s, e) = Timestamps.usDate(tb) ?? Timestamps.isoLike(tb) {
                    r.stamp = s
                    r.time = tb.trimmedText(from: 0, to: e)
                    range.note(s)
                }
            }
        }
        r.line = recordLine
        r.citation = recordCitation
        facts.noteRecord(firstLine: recordLine, time: r.time, stamp: r.stamp)
        let message = get("Message") ?? []
        message.withLineBytes { facts.add(r, message: $0, into: &context) }
    }

    mutating func finish(into context: inout ExtractionContext) {
        facts.timeSignatures(into: &context)
        range.report(into: &context)
        context.finishAttempts(facts.resolvedAttempts)
    }
}
