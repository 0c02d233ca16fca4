import Foundation

/// Lines of a log on disk for the HTML report's log views: `file` as the bundle names it, found under one
/// of the bundle folders (or as one of the files given). Read as bytes; only the lines asked for are
/// decoded (UTF-16LE when the file starts with its byte order mark, else UTF-8 with replacement). A log
/// inside a zip, larger than ``maxBytes`` or not a regular file gives nil: the report then shows the
/// lines the readers kept.
struct LogLineReader: Sendable {
    static let maxBytes = 256 << 20
    var roots: [String]

    func lines(_ file: String, from: Int, to: Int) -> [(number: Int, text: String)]? {
        guard from >= 1, to >= from, !file.split(separator: "/").contains("..") else { return nil }
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { continue }
            let path = isFolder.boolValue ? (root as NSString).appendingPathComponent(file)
                : ((root as NSString).lastPathComponent == file ? root : "")
            guard !path.isEmpty, let bytes = Self.read(path) else { continue }
            return Self.lines(bytes, from: from, to: to)
        }
        return nil
    }

    /// The whole file, when it is a regular file of at most ``maxBytes``.
    static func read(_ path: String) -> [UInt8]? {
        var info = stat()
        guard stat(path, &info) == 0, info.st_mode & S_IFMT == S_IFREG, Int(info.st_size) <= maxBytes,
              let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let data = try? handle.read(upToCount: maxBytes) else { return nil }
        return [UInt8](data)
    }

    /// Lines `from...to` (1-based) of `bytes`, without their line endings.
    static func lines(_ bytes: [UInt8], from: Int, to: Int) -> [(number: Int, text: String)] {
        let utf16 = bytes.count >= 2 && bytes[0] == 0xFF && bytes[1] == 0xFE
        let unit = utf16 ? 2 : 1
        var start = utf16 ? 2 : (bytes.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0)
        var number = 1
        var result: [(number: Int, text: String)] = []
        var i = start
        while i + unit <= bytes.count, number <= to {
            let newline = bytes[i] == 0x0A && (!utf16 || bytes[i + 1] == 0)
            let last = i + unit >= bytes.count
            if newline || last {
                if number >= from {
                    let end = newline ? i : i + unit
                    result.append((number, decode(bytes[start..<end], utf16: utf16)))
                }
                number += 1
                start = i + unit
            }
            i += unit
        }
        return result
    }

    static func decode(_ slice: ArraySlice<UInt8>, utf16: Bool) -> String {
        var text: String
        if utf16 {
            var units: [UInt16] = []
            units.reserveCapacity(slice.count / 2)
            var j = slice.startIndex
            while j + 1 < slice.endIndex {
                units.append(UInt16(slice[j]) | UInt16(slice[j + 1]) << 8)
                j += 2
            }
            text = String(decoding: units, as: UTF16.self)
        } else {
            text = String(decoding: slice, as: UTF8.self)
        }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
