import TriageCore

/// Reads an `.evtx` file into the same facts a text or CSV export of the log gives: one ``EventRecord`` per
/// event (provider, id, level, computer, UTC time), its message rebuilt by ``EventMessages``, interpreted by
/// ``EventFacts`` (install attempts, error codes, machine) and matched against the `events-text` signatures.
/// Facts cite the event's ordinal in the file (`Setup.evtx:3`); `lines` counts the records read.
struct EVTXDecoder: BinaryLogDecoder {
    func decode(_ input: BinaryLogInput, into context: inout ExtractionContext) throws(BinaryLogError) -> Int {
        var facts = EventFacts(log: .evtx)
        var range = StampRange()
        let matcher = SignatureMatcher(kind: .eventsText, signatures: input.signatures, emitAs: .evtx)
        var message: [UInt8] = []
        let summary = EVTXReader.scan(input.window) { event in
            message = EventMessages.message(event)
            var record = EventRecord()
            record.provider = event.provider
            record.id = event.eventID
            record.computer = event.computer
            record.level = Self.level(event.level)
            if let stamp = Stamp(fileTime: event.time) {
                record.stamp = stamp
                record.time = EVTXValues.fileTimeText(event.time)
                range.note(stamp)
            }
            record.line = event.ordinal
            let head = "\(event.provider) \(event.eventID): "
            var citation = head + String(decoding: message.prefix(Provenance.maxTextLength), as: UTF8.self)
            if citation.utf8.count > Provenance.maxTextLength {
                citation = String(decoding: citation.utf8.prefix(Provenance.maxTextLength), as: UTF8.self)
            }
            record.citation = citation
            message.withLineBytes { m in
                facts.add(record, message: m, into: &context)
                matcher.matchAll(
                    LogLine(bytes: m, number: event.ordinal), citation: citation, time: record.time,
                    timestamp: record.stamp?.text, into: &context)
            }
        }
        if let failure = summary.failure { throw BinaryLogError(failure) }
        context.notes.append(contentsOf: summary.notes)
        range.report(into: &context)
        context.finishAttempts(facts.resolvedAttempts)
        return summary.records
    }

    /// `System/Level` as the exports name it: 1 critical (Fatal), 2 Error, 3 Warning, else Info.
    static func level(_ level: Int) -> String {
        switch level {
        case 1: "Fatal"
        case 2: "Error"
        case 3: "Warning"
        default: "Info"
        }
    }
}
