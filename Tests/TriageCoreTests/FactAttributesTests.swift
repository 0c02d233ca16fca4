import Foundation
import Testing
import TriageCore

@Suite struct FactAttributesTests {
    @Test func readsSetsAndRemovesByName() {
        var attributes: FactAttributes = ["result": "failed", "kb": "KB5016623"]
        #expect(attributes["kb"] == "KB5016623")
        #expect(attributes["code"] == nil)
        attributes["code"] = "0x800f0922"
        attributes["result"] = "succeeded"
        attributes["kb"] = nil
        attributes["absent"] = nil
        #expect(attributes.count == 2)
        #expect(attributes["result"] == "succeeded")
        #expect(attributes.keys == ["code", "result"])
    }

    @Test func iteratesInNameOrderWhateverTheOrderGiven() {
        let given = FactAttributes(pairs: [
            ("started", "2022-10-27T09:50:00"), ("channel", "cbs"), ("kb", "KB1")
        ])
        #expect(given.map(\.key) == ["channel", "kb", "started"])
        #expect(given.map(\.value) == ["cbs", "KB1", "2022-10-27T09:50:00"])
        var built = FactAttributes()
        for (name, value) in [("kb", "KB1"), ("started", "2022-10-27T09:50:00"), ("channel", "cbs")] {
            built[name] = value
        }
        #expect(built == given)
        #expect(built.hashValue == given.hashValue)
        #expect(FactAttributes(["kb": "KB1", "channel": "cbs", "started": "2022-10-27T09:50:00"]) == given)
        #expect(built.dictionary == ["kb": "KB1", "channel": "cbs", "started": "2022-10-27T09:50:00"])
    }

    /// A name given twice keeps its last value, as assigning into a dictionary does (in every build).
    @Test func aNameGivenTwiceKeepsItsLastValue() {
        let attributes = FactAttributes(pairs: [("log", "cbs"), ("code", "0x1"), ("log", "windowsupdate")])
        #expect(attributes.count == 2)
        #expect(attributes["log"] == "windowsupdate")
        #expect(attributes == FactAttributes(["code": "0x1", "log": "windowsupdate"]))
        #expect(attributes.dictionary == ["code": "0x1", "log": "windowsupdate"])
    }

    @Test func describedAndEncodedAsADictionary() throws {
        let attributes: FactAttributes = ["value": "true", "name": "offline-install"]
        #expect(attributes.description == #"["name": "offline-install", "value": "true"]"#)
        #expect(FactAttributes().description == "[:]")
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let data = try encoder.encode(attributes)
        #expect(String(decoding: data, as: UTF8.self) == #"{"name":"offline-install","value":"true"}"#)
        #expect(try JSONDecoder().decode(FactAttributes.self, from: data) == attributes)
    }

    /// Facts sort by their attributes in name order, as when they were dictionaries sorted by name.
    @Test func stableOrderComparesAttributesByName() {
        let here = Provenance(file: "CBS.log", line: 7)
        let a = Fact(kind: "error-code", attributes: ["code": "0x1", "log": "cbs"], provenance: here)
        let b = Fact(kind: "error-code", attributes: ["code": "0x1", "kb": "KB1"], provenance: here)
        #expect(Fact.stableOrder(b, a))
        #expect(!Fact.stableOrder(a, b))
    }
}
