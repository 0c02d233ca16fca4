/// Finds where every start tag and attribute begins in the source bytes, in document order.
///
/// libxml2 records the line where a start tag *ends* and no column at all. In a well-formed document
/// without a DOCTYPE every `<` outside comments, CDATA sections and processing instructions opens a
/// start or end tag (`<` is illegal in text and attribute values), so the n-th start tag found here is
/// the n-th element of a pre-order walk of the tree.
struct StartTagScanner {
    struct Position: Equatable {
        var line: Int
        var column: Int
    }

    struct Tag {
        var name: ArraySlice<UInt8>
        var position: Position
        var attributes: [(name: ArraySlice<UInt8>, position: Position)]
        /// Position just after the closing `>`.
        var contentLine: Int
    }

    /// Tags in document order.
    private(set) var tags: [Tag] = []
    /// Where a `<!DOCTYPE` begins, when there is one (scanning stops there).
    private(set) var doctype: Position?

    private let bytes: [UInt8]
    private var index: Int
    private var line = 1
    private var lineStart: Int
    /// The last offset whose column was computed on the current line, and that column: offsets are asked
    /// for in increasing order, so columns are counted on from there (linear time on one long line).
    private var columnMark: (offset: Int, column: Int)

    init(bytes: [UInt8], start: Int) {
        self.bytes = bytes
        self.index = start
        self.lineStart = start
        self.columnMark = (start, 1)
    }

    /// Scans the whole input.
    static func scan(_ bytes: [UInt8], start: Int) -> StartTagScanner {
        var scanner = StartTagScanner(bytes: bytes, start: start)
        scanner.run()
        return scanner
    }

    /// Column (1-based, in Unicode scalars) of `offset` on the current line.
    private mutating func position(of offset: Int) -> Position {
        if columnMark.offset < lineStart || columnMark.offset > offset { columnMark = (lineStart, 1) }
        var column = columnMark.column
        var i = columnMark.offset
        while i < offset {
            if bytes[i] & 0xC0 != 0x80 { column += 1 }
            i += 1
        }
        columnMark = (offset, column)
        return Position(line: line, column: column)
    }

    private func hasPrefix(_ literal: StaticString, at offset: Int) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard offset + count <= bytes.count else { return false }
        return literal.withUTF8Buffer { lit in
            var k = 0
            while k < count {
                if bytes[offset + k] != lit[k] { return false }
                k += 1
            }
            return true
        }
    }

    /// Moves one byte forward, tracking lines.
    private mutating func step() {
        if bytes[index] == 0x0A {
            line += 1
            lineStart = index + 1
        }
        index += 1
    }

    /// Moves past the next occurrence of `terminator`; to the end when there is none.
    private mutating func skip(past terminator: StaticString) {
        while index < bytes.count {
            if hasPrefix(terminator, at: index) {
                for _ in 0..<terminator.utf8CodeUnitCount { step() }
                return
            }
            step()
        }
    }

    private static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b == 0x09 || b == 0x0A || b == 0x0D }
    private static func endsName(_ b: UInt8) -> Bool { isSpace(b) || b == 0x2F || b == 0x3E || b == 0x3D }

    private mutating func run() {
        while index < bytes.count {
            guard bytes[index] == 0x3C else {  // '<'
                step()
                continue
            }
            if hasPrefix("<!--", at: index) {
                skip(past: "-->")
            } else if hasPrefix("<![CDATA[", at: index) {
                skip(past: "]]>")
            } else if hasPrefix("<?", at: index) {
                skip(past: "?>")
            } else if hasPrefix("<!DOCTYPE", at: index) {
                doctype = position(of: index)
                return
            } else if hasPrefix("<!", at: index) || hasPrefix("</", at: index) {
                skip(past: ">")
            } else {
                startTag()
            }
        }
    }

    private mutating func startTag() {
        let position = position(of: index)
        step()
        let nameStart = index
        while index < bytes.count, !Self.endsName(bytes[index]) { step() }
        var tag = Tag(name: bytes[nameStart..<index], position: position, attributes: [], contentLine: line)
        while index < bytes.count {
            let b = bytes[index]
            if Self.isSpace(b) || b == 0x2F {  // whitespace or '/'
                step()
            } else if b == 0x3E {  // '>'
                step()
                break
            } else {
                let attributePosition = self.position(of: index)
                let attributeStart = index
                while index < bytes.count, !Self.endsName(bytes[index]) { step() }
                tag.attributes.append((bytes[attributeStart..<index], attributePosition))
                while index < bytes.count, Self.isSpace(bytes[index]) || bytes[index] == 0x3D { step() }
                guard index < bytes.count else { break }
                let quote = bytes[index]
                guard quote == 0x22 || quote == 0x27 else { continue }
                step()
                while index < bytes.count, bytes[index] != quote { step() }
                if index < bytes.count { step() }
            }
        }
        tag.contentLine = line
        tags.append(tag)
    }
}
