#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

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
        /// This tag's attributes: a range of the scanner's ``attributes`` (one list for the document, not
        /// an array per tag).
        var attributeRange: Range<Int>
        /// Position just after the closing `>`.
        var contentLine: Int
    }

    struct Attribute {
        var name: ArraySlice<UInt8>
        var position: Position
    }

    /// Tags in document order.
    private(set) var tags: [Tag] = []
    /// Every tag's attributes, in document order.
    private(set) var attributes: [Attribute] = []
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
        // About one tag per 40 bytes in knowledge files: reserved once rather than grown by doubling.
        tags.reserveCapacity(min(bytes.count / 40, 1 << 16))
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

    /// Offset of the next `byte` in `from..<limit` (default: to the end), or `limit` (memchr: the scanner does
    /// not go through the text between tags a byte at a time).
    private func next(_ byte: UInt8, from: Int, limit: Int? = nil) -> Int {
        let limit = min(limit ?? bytes.count, bytes.count)
        guard from < limit else { return limit }
        return bytes.withUnsafeBytes { raw in
            guard let found = memchr(raw.baseAddress! + from, Int32(byte), limit - from) else { return limit }
            return UnsafeRawPointer(found) - raw.baseAddress!
        }
    }

    /// Moves forward to `target` (at most the end), tracking lines as ``step()`` does. Line ends are searched
    /// for only up to `target`: on a one-line document each move costs its own length, not the rest of the file.
    private mutating func advance(to target: Int) {
        let target = min(target, bytes.count)
        while index < target {
            let lf = next(0x0A, from: index, limit: target)
            guard lf < target else { break }
            line += 1
            lineStart = lf + 1
            index = lf + 1
        }
        index = max(index, target)
    }

    /// Moves past the next occurrence of `terminator`; to the end when there is none.
    private mutating func skip(past terminator: StaticString) {
        let first = terminator.utf8Start.pointee
        while index < bytes.count {
            advance(to: next(first, from: index))
            guard index < bytes.count else { return }
            if hasPrefix(terminator, at: index) {
                advance(to: index + terminator.utf8CodeUnitCount)
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
                advance(to: next(0x3C, from: index))
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
        let firstAttribute = attributes.count
        var tag = Tag(
            name: bytes[nameStart..<index], position: position, attributeRange: firstAttribute..<firstAttribute,
            contentLine: line)
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
                attributes.append(Attribute(name: bytes[attributeStart..<index], position: attributePosition))
                while index < bytes.count, Self.isSpace(bytes[index]) || bytes[index] == 0x3D { step() }
                guard index < bytes.count else { break }
                let quote = bytes[index]
                guard quote == 0x22 || quote == 0x27 else { continue }
                step()
                advance(to: next(quote, from: index))
                if index < bytes.count { step() }
            }
        }
        tag.contentLine = line
        tag.attributeRange = firstAttribute..<attributes.count
        tags.append(tag)
    }
}
