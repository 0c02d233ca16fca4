import Testing

@testable import TriageXML

/// The start-tag scanner and the encoding check skip text with memchr rather than a byte at a time; these
/// compare them with a byte-at-a-time reading of the same rules on generated documents: comments, CDATA
/// sections, processing instructions and attribute values spanning lines, `>` inside values, multi-byte
/// characters, unterminated constructs at the end.
struct ScannerSkipTests {
    /// The scanning rules one byte at a time (the scanner's earlier form), as the reference.
    struct Reference {
        var line = 1
        var lineStart = 0
        var i = 0
        let b: [UInt8]
        var tags: [String] = []
        var doctype: String?

        init(_ bytes: [UInt8]) { b = bytes }

        func column(_ offset: Int) -> Int { 1 + b[lineStart..<offset].filter { $0 & 0xC0 != 0x80 }.count }

        func has(_ s: String, _ at: Int) -> Bool {
            let u = Array(s.utf8)
            return at + u.count <= b.count && Array(b[at..<at + u.count]) == u
        }

        mutating func step() {
            if b[i] == 0x0A {
                line += 1
                lineStart = i + 1
            }
            i += 1
        }

        mutating func skip(_ t: String) {
            while i < b.count {
                if has(t, i) {
                    for _ in 0..<t.utf8.count { step() }
                    return
                }
                step()
            }
        }

        static func endsName(_ c: UInt8) -> Bool { [0x20, 0x09, 0x0A, 0x0D, 0x2F, 0x3E, 0x3D].contains(c) }

        mutating func run() {
            while i < b.count {
                guard b[i] == 0x3C else {
                    step()
                    continue
                }
                if has("<!--", i) {
                    skip("-->")
                } else if has("<![CDATA[", i) {
                    skip("]]>")
                } else if has("<?", i) {
                    skip("?>")
                } else if has("<!DOCTYPE", i) {
                    doctype = "\(line):\(column(i))"
                    return
                } else if has("<!", i) || has("</", i) {
                    skip(">")
                } else {
                    var tag = "\(line):\(column(i))"
                    step()
                    let nameStart = i
                    while i < b.count, !Self.endsName(b[i]) { step() }
                    tag += " " + String(decoding: b[nameStart..<i], as: UTF8.self)
                    while i < b.count {
                        let c = b[i]
                        if c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D || c == 0x2F {
                            step()
                        } else if c == 0x3E {
                            step()
                            break
                        } else {
                            let at = "\(line):\(column(i))"
                            let s = i
                            while i < b.count, !Self.endsName(b[i]) { step() }
                            tag += " " + String(decoding: b[s..<i], as: UTF8.self) + "@" + at
                            while i < b.count, [0x20, 0x09, 0x0A, 0x0D, 0x3D].contains(b[i]) { step() }
                            guard i < b.count else { break }
                            let q = b[i]
                            guard q == 0x22 || q == 0x27 else { continue }
                            step()
                            while i < b.count, b[i] != q { step() }
                            if i < b.count { step() }
                        }
                    }
                    tags.append(tag + " /\(line)")
                }
            }
        }
    }

    static func described(_ scanner: StartTagScanner) -> [String] {
        scanner.tags.map { tag in
            "\(tag.position.line):\(tag.position.column) " + String(decoding: tag.name, as: UTF8.self)
                + scanner.attributes[tag.attributeRange].map {
                    " " + String(decoding: $0.name, as: UTF8.self) + "@\($0.position.line):\($0.position.column)"
                }.joined() + " /\(tag.contentLine)"
        }
    }

    static let pieces = [
        "<a>", "</a>", "<b k=\"v\">", "<c k='x>y'\n  j=\"\u{4E2D}\n\u{6587}\"/>", "text ", "\u{E9}\u{1F600}", "\n",
        "\r\n",
        "<!-- c <x> -\n- -->", "<![CDATA[ <y> ]\n]> ]]>", "<?pi <z>\n?>", "<!x >", "<", ">", "-->", "]]>", "?>",
        "<d\n e = \"1\"\n>", "<e/>", "'", "\"", "<!DOCTYPE r>", "<!--", "<![CDATA[", "<?", "<f g=\""
    ]

    @Test func scannerFindsWhatAByteAtATimeReadingFinds() {
        var state: UInt64 = 0x2545_F491_4F6C_DD1D
        func next() -> Int {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return Int(state % UInt64(Self.pieces.count))
        }
        var compared = 0
        for _ in 0..<400 {
            var text = ""
            for _ in 0..<(1 + next() % 40) { text += Self.pieces[next()] }
            let bytes = Array(text.utf8)
            var reference = Reference(bytes)
            reference.run()
            let scanner = StartTagScanner.scan(bytes, start: 0)
            #expect(Self.described(scanner) == reference.tags, "\(text.debugDescription)")
            #expect(scanner.doctype.map { "\($0.line):\($0.column)" } == reference.doctype)
            compared += reference.tags.count
        }
        #expect(compared > 500)
    }

    /// The first malformed UTF-8 sequence's position, counted after the fact, is the one a byte-at-a-time
    /// reading gives (lines by LF only, columns in sequences, after a byte-order mark).
    @Test(arguments: [false, true])
    func malformedPositionIsCountedAsBefore(bom: Bool) {
        let prefix: [UInt8] = bom ? [0xEF, 0xBB, 0xBF] : []
        let cases: [([UInt8], String)] = [
            (Array("ab".utf8) + [0xFF], "1:3"),
            ([0x80], "1:1"),
            (Array("\n\n\u{E9}\u{4E2D}x".utf8) + [0xC3, 0x28], "3:4"),
            (Array("a\r\nb\rc\n\u{1F600}\u{1F600}".utf8) + [0xF0, 0x9F], "3:3"),
            (Array("line\n".utf8) + [0xED, 0xA0, 0x80], "2:1"),
            (Array(String(repeating: "x\u{E9}", count: 5000).utf8) + [0xC0, 0x80], "1:10001")
        ]
        for (body, position) in cases {
            let problem = EncodingCheck.problem(in: prefix + body)
            #expect(problem.map { "\($0.line):\($0.column)" } == position)
        }
    }
}
