/// Field helpers the extractors share, over the safe line view. Offsets are indices into the line.
extension LineBytes {
    /// The first offset at or after `offset` that is not a space or tab.
    @inline(__always) func skipSpaces(from offset: Int) -> Int {
        var i = offset
        while let byte = byte(at: i), byte == ASCII.space || byte == ASCII.tab { i += 1 }
        return max(i, offset)
    }

    /// The first offset at or after `offset` that is a space or tab (or the end).
    @inline(__always) func skipToken(from offset: Int) -> Int {
        var i = offset
        while let byte = byte(at: i), byte != ASCII.space, byte != ASCII.tab { i += 1 }
        return max(i, offset)
    }

    /// The offset just past the first `literal` in `[from, to)`, or nil (where a value after a key starts).
    @inline(__always) func end(of literal: Literal, from start: Int = 0, to end: Int? = nil) -> Int? {
        firstIndex(of: literal, from: start, to: end).map { $0 + literal.count }
    }

    /// Decodes `[from, to)` as UTF-8 (invalid bytes become U+FFFD), trimming spaces, tabs and a `\r` at the end.
    func trimmedText(from start: Int, to end: Int? = nil) -> String {
        var start = max(0, start)
        var end = min(end ?? count, count)
        while start < end, self[start] == ASCII.space || self[start] == ASCII.tab { start += 1 }
        while end > start,
            self[end - 1] == ASCII.space || self[end - 1] == ASCII.tab
                || self[end - 1] == ASCII.carriageReturn
        {
            end -= 1
        }
        return text(from: start, to: end)
    }

    /// Trimmed text from `from` up to (not including) the first byte in `stops`, at most `limit` bytes,
    /// and the offset where it stopped.
    func text(from start: Int, until stops: [UInt8], limit: Int = 400) -> (String, Int) {
        var end = max(0, start)
        let hardEnd = Swift.min(count, start + limit)
        while end < hardEnd, !stops.contains(self[end]) { end += 1 }
        return (trimmedText(from: start, to: end), end)
    }

    /// `KB1234567` found anywhere in `[from, to)` (6–8 digits after `KB`, not part of a longer word).
    func kb(from start: Int = 0, to end: Int? = nil) -> String? {
        let end = Swift.min(end ?? count, count)
        var searchFrom = start
        let marker: Literal = "KB"
        while let found = firstIndex(of: marker, from: searchFrom, to: end) {
            let digitsStart = found + marker.count
            var digitsEnd = digitsStart
            while digitsEnd < end, ASCII.isDigit(self[digitsEnd]) { digitsEnd += 1 }
            let digits = digitsEnd - digitsStart
            let before = found == 0 ? ASCII.space : self[found - 1]
            if digits >= 6, digits <= 8, !ASCII.isAlpha(before), digitsEnd == end || !ASCII.isDigit(self[digitsEnd]) {
                return trimmedText(from: found, to: digitsEnd)
            }
            searchFrom = digitsStart
        }
        return nil
    }

    /// A CBS package identity (`Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6`) in the line.
    func package(from start: Int = 0) -> String? {
        guard let key = firstIndex(of: "~31bf3856ad364e35~", from: start) else { return nil }
        var begin = key
        while begin > 0, !Self.isPackageStop(self[begin - 1]) { begin -= 1 }
        var end = key
        while end < count, !Self.isPackageStop(self[end]) { end += 1 }
        while end > key, self[end - 1] == ASCII.period { end -= 1 }  // trailing '.'
        return trimmedText(from: begin, to: end)
    }

    @inline(__always) static func isPackageStop(_ c: UInt8) -> Bool {
        c == ASCII.space || c == ASCII.tab || c == ASCII.comma || c == ASCII.apostrophe || c == ASCII.quote
            || c == ASCII.leftBracket || c == ASCII.rightBracket || c == ASCII.leftParenthesis
            || c == ASCII.rightParenthesis || c == ASCII.colon || c == ASCII.equals || c == ASCII.backslash
    }
}

extension Facts {
    /// Architecture of a package identity or path fragment (`~amd64~`, `amd64_microsoft-…`, `x64`).
    static func architecture(_ s: Substring) -> String? {
        let lower = s.lowercased()
        if lower.contains("amd64") || lower == "x64" { return "amd64" }
        if lower.contains("arm64") { return "arm64" }
        if lower.contains("x86") { return "x86" }
        return nil
    }
}
