import TriageCore

/// Reads a Process Monitor log (`.PML`) into facts (``PMLFacts``); `lines` counts its events.
struct PMLDecoder: BinaryLogDecoder {
    func decode(_ input: BinaryLogInput, into context: inout ExtractionContext) throws(BinaryLogError) -> Int {
        var facts = PMLFacts(failureResults: input.limits.procmonFailureResults)
        var range = StampRange()
        let file = context.file
        var lastTime: UInt64 = 0
        let summary = PMLReader.forEach(input.window) { e in
            if e.time != lastTime, let stamp = Stamp(fileTime: e.time) {
                lastTime = e.time
                range.note(stamp)
            }
            facts.add(e, file: file)
        }
        if let failure = summary.failure { throw BinaryLogError(failure) }
        context.notes.append(contentsOf: summary.notes)
        range.report(into: &context)
        facts.finish(into: &context)
        return summary.events
    }
}
