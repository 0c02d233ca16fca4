import Testing
import TriageCore

@Suite struct JSONWriterTests {
    @Test func reportStyleSortsKeysAndEscapesControlCharacters() {
        let value = JSONValue.object([
            "b": .array([]), "a": .string("x\"\\\n\u{1}\u{8}é"), "c": .number(0.25),
            "d": .object([:]), "e": .int(3)
        ])
        #expect(
            value.rendered() == """
                {
                  "a": "x\\"\\\\\\n\\u0001\\u0008é",
                  "b": [],
                  "c": 0.25,
                  "d": {},
                  "e": 3
                }

                """)
    }

    @Test func spacedStyleMatchesTheFormerEncoderOutput() {
        struct Row: Encodable {
            var name: String
            var tags: [String]
            var note: String?
            var count: Int
            var on: Bool
        }
        let text = JSONValueEncoder.rendered([Row(name: "a/b\u{c}", tags: [], note: nil, count: 2, on: true)])
        #expect(
            text == """
                [
                  {
                    "count" : 2,
                    "name" : "a/b\\f",
                    "on" : true,
                    "tags" : [

                    ]
                  }
                ]

                """)
    }

    @Test func sameValueSameBytes() {
        let members = (0..<50).map { ("k\($0)", JSONValue.int($0)) }
        let a = JSONValue.object(Dictionary(uniqueKeysWithValues: members)).rendered()
        let b = JSONValue.object(Dictionary(uniqueKeysWithValues: members.reversed())).rendered()
        #expect(a == b)
    }
}
