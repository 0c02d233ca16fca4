import Testing
import TriageCore

@testable import TriageEvidence

/// Facts handed over as fields (pairs in the order built) fold past the cap exactly as the same facts handed
/// over as dictionaries: whatever the order of their attributes, and with instance attributes compared by
/// presence only.
@Suite struct FactFieldsTests {
    static func emit(
        _ context: inout ExtractionContext, line number: Int, fields: FactFields?, _ dictionary: [String: String]
    ) {
        Array("2024-03-01 10:00:00, Error CBS Failed".utf8).withLineBytes { bytes in
            let line = LogLine(bytes: bytes, number: number)
            if let fields {
                context.emit(FactKind.signature, fields: fields, line: line) { (nil, nil) }
            } else {
                context.emit(FactKind.signature, dictionary, line: line)
            }
        }
    }

    static func fields(_ pairs: [(String, String)]) -> FactFields {
        var f = FactFields()
        for (name, value) in pairs { f.set(name, value) }
        return f
    }

    @Test func fieldsAndDictionariesFoldTogetherWhateverTheirOrder() {
        var context = ExtractionContext(
            file: "CBS.log", kind: .cbs, lineFactCap: 1, instanceAttributes: [FactKind.signature: ["pid"]])
        Self.emit(&context, line: 1, fields: nil, ["id": "under-the-cap"])
        // Past the cap: kept, then counted on it four times (fields in another order, a dictionary, another pid).
        Self.emit(&context, line: 2, fields: Self.fields([("id", "a"), ("log", "cbs"), ("pid", "7")]), [:])
        Self.emit(&context, line: 3, fields: Self.fields([("pid", "8"), ("log", "cbs"), ("id", "a")]), [:])
        Self.emit(&context, line: 4, fields: nil, ["log": "cbs", "id": "a", "pid": "9"])
        Self.emit(&context, line: 5, fields: Self.fields([("log", "cbs"), ("id", "a"), ("pid", "1")]), [:])
        // Not equal: no pid (presence counts), another value, an attribute more.
        Self.emit(&context, line: 6, fields: Self.fields([("id", "a"), ("log", "cbs")]), [:])
        Self.emit(&context, line: 7, fields: Self.fields([("id", "b"), ("log", "cbs"), ("pid", "7")]), [:])
        Self.emit(&context, line: 8, fields: nil, ["id": "a", "log": "cbs", "pid": "7", "x": "1"])
        context.closeFolds()
        #expect(context.facts.map(\.provenance.line) == [1, 2, 6, 7, 8])
        #expect(context.facts.map { $0["repeats"] } == [nil, "3", nil, nil, nil])
        #expect(context.facts[1].attributes == ["id": "a", "log": "cbs", "pid": "7", "repeats": "3"])
        #expect(context.facts[1].provenance.endLine == 5)
    }

    /// Swift compares strings by canonical equivalence: `é` as one code point and as `e` with a combining
    /// accent are one value, so their facts fold together, as they did when keys were dictionaries.
    @Test func canonicallyEquivalentTextsFoldTogether() {
        var context = ExtractionContext(file: "CBS.log", kind: .cbs, lineFactCap: 1)
        Self.emit(&context, line: 1, fields: nil, ["id": "under-the-cap"])
        Self.emit(&context, line: 2, fields: Self.fields([("id", "a"), ("text", "caf\u{E9} \u{2014} 0x80070005")]), [:])
        Self.emit(
            &context, line: 3, fields: Self.fields([("id", "a"), ("text", "cafe\u{301} \u{2014} 0x80070005")]), [:])
        Self.emit(&context, line: 4, fields: nil, ["text": "cafe\u{301} \u{2014} 0x80070005", "id": "a"])
        Self.emit(&context, line: 5, fields: Self.fields([("id", "a"), ("text", "cafe \u{2014} 0x80070005")]), [:])
        context.closeFolds()
        #expect(context.facts.map(\.provenance.line) == [1, 2, 5])
        #expect(context.facts.map { $0["repeats"] } == [nil, "2", nil])
        #expect(StringHash.hash("caf\u{E9}", seed: 3) == StringHash.hash("cafe\u{301}", seed: 3))
    }

    @Test func settingANameAgainReplacesItsValueAsADictionaryWould() {
        var f = FactFields()
        f.add("id", "cbs.sig")
        f.set("log", "cbs")
        f.set("id", "captured")
        f.set("kb", nil)
        #expect(f.pairs.map(\.name) == ["id", "log"])
        #expect(f.attributes == ["id": "captured", "log": "cbs"])
    }
}
