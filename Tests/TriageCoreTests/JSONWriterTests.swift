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

    /// An object and array written part by part give the bytes of the same value written whole, in both
    /// styles, empty containers included.
    @Test func streamedContainersWriteTheBytesOfTheValue() {
        let inner = JSONValue.object(["a": .array([]), "b": .object([:]), "c": .array([.int(1), .string("x")])])
        for style in [JSONWriter.Style.report, .spaced] {
            var whole = JSONWriter(style: style)
            whole.write(.array([inner, .object([:]), .array([])]))
            var streamed = JSONWriter(style: style)
            var list = streamed.beginArray(indent: 0)
            streamed.element(of: &list)
            var object = streamed.beginObject(indent: 1)
            streamed.member("a", .array([]), of: &object)
            streamed.member("b", of: &object)
            let b = streamed.beginObject(indent: 2)
            streamed.end(b)
            streamed.member("c", of: &object)
            var c = streamed.beginArray(indent: 2)
            streamed.element(.int(1), of: &c)
            streamed.element(of: &c)
            streamed.write(.string("x"), indent: 3)
            streamed.end(c)
            streamed.end(object)
            streamed.element(.object([:]), of: &list)
            streamed.element(of: &list)
            let empty = streamed.beginArray(indent: 1)
            streamed.end(empty)
            streamed.end(list)
            #expect(streamed.bytes == whole.bytes)
        }
        // Pinned, since the whole value is written with the same parts: empty containers in the spaced style.
        var spaced = JSONWriter(style: .spaced)
        spaced.write(.object(["a": .object([:]), "b": .array([])]))
        #expect(String(decoding: spaced.bytes, as: UTF8.self) == "{\n  \"a\" : {\n\n  },\n  \"b\" : [\n\n  ]\n}")
    }
}
