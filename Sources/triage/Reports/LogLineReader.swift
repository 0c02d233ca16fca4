import Foundation
import TriageEvidence

/// Lines of a log on disk for the HTML report's log views: `file` as the bundle names it, found under one
/// of the bundle folders (or as one of the files given). Read as bytes, in chunks: the first request for a
/// file scans it once and keeps the offset of every 256th line; a request then reads from the nearest
/// checkpoint to its last line, and only the lines asked for are decoded (UTF-16LE when the file starts
/// with its byte order mark, else UTF-8 with replacement). A binary log (a NUL byte in its first 4 KiB), a
/// log inside a zip or anything but a regular file gives nil: the report then shows the lines the readers
/// kept.
final class LogLineReader: @unchecked Sendable {
    static let checkpointEvery = 256
    static let chunk = 1 << 20

    struct Index {
        var path: String
        var utf16: Bool
        /// Byte offset of lines 1, 257, 513, … (the first after the byte order mark).
        var checkpoints: [UInt64]
    }

    private let roots: [String]
    private let lock = NSLock()
    /// By the bundle's file name; nil when the file cannot be shown.
    private var indexes: [String: Index?] = [:]

    init(roots: [String]) { self.roots = roots }

    func lines(_ file: String, from: Int, to: Int) -> [(number: Int, text: String)]? {
        guard from >= 1, to >= from else { return nil }
        lock.lock()
        defer { lock.unlock() }
        if indexes[file] == nil { indexes[file] = .some(locate(file).flatMap(Self.index)) }
        guard let index = indexes[file] ?? nil else { return nil }
        return Self.read(index, from: from, to: to)
    }

    /// The path of `file` under a root folder, or a root that is the file itself; never outside a root.
    private func locate(_ file: String) -> String? {
        guard !file.split(separator: "/").contains(".."), !file.hasPrefix("/") else { return nil }
        for root in roots {
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isFolder) else { continue }
            if isFolder.boolValue {
                let path = (root as NSString).appendingPathComponent(file)
                if Self.isRegularFile(path) { return path }
            } else if (root as NSString).lastPathComponent == file, Self.isRegularFile(root) {
                return root
            }
        }
        return nil
    }

    static func isRegularFile(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFREG
    }

    /// One pass over the file: its encoding and the line checkpoints.
    static func index(_ path: String) -> Index? {
        guard let handle = FileHandle(forReadingAtPath: path) else { return nil }
        defer { try? handle.close() }
        guard let head = try? handle.read(upToCount: 4096).map([UInt8].init) else { return nil }
        let utf16 = head.starts(with: [0xFF, 0xFE])
        if !utf16, head.contains(0) { return nil }
        let start: UInt64 = utf16 ? 2 : head.starts(with: [0xEF, 0xBB, 0xBF]) ? 3 : 0
        var checkpoints: [UInt64] = [start]
        var line = 1
        var offset: UInt64 = 0
        guard (try? handle.seek(toOffset: 0)) != nil else { return nil }
        while let data = try? handle.read(upToCount: chunk), !data.isEmpty {
            let bytes = [UInt8](data)
            for i in 0..<bytes.count where bytes[i] == 0x0A {
                let at = offset + UInt64(i)
                // UTF-16LE: a newline is 0A 00 at an even offset (chunks are even-sized, so both bytes
                // of a code unit are in the same chunk).
                if utf16, at % 2 != 0 || (i + 1 < bytes.count && bytes[i + 1] != 0) { continue }
                line += 1
                if (line - 1) % checkpointEvery == 0 { checkpoints.append(at + (utf16 ? 2 : 1)) }
            }
            offset += UInt64(data.count)
        }
        return Index(path: path, utf16: utf16, checkpoints: checkpoints)
    }

    /// Lines `from...to`, read from the checkpoint at or before `from`.
    static func read(_ index: Index, from: Int, to: Int) -> [(number: Int, text: String)]? {
        let slot = min((from - 1) / checkpointEvery, index.checkpoints.count - 1)
        var number = slot * checkpointEvery + 1
        guard let handle = FileHandle(forReadingAtPath: index.path) else { return nil }
        defer { try? handle.close() }
        guard (try? handle.seek(toOffset: index.checkpoints[slot])) != nil else { return nil }
        let unit = index.utf16 ? 2 : 1
        var pending: [UInt8] = []
        var result: [(number: Int, text: String)] = []
        var finished = false
        while !finished, number <= to {
            let data = (try? handle.read(upToCount: chunk)) ?? nil
            finished = data?.isEmpty ?? true
            if let data { pending.append(contentsOf: data) }
            var start = 0
            var i = 0
            while i + unit <= pending.count, number <= to {
                if pending[i] == 0x0A, !index.utf16 || pending[i + 1] == 0 {
                    if number >= from { result.append((number, decode(pending[start..<i], utf16: index.utf16))) }
                    number += 1
                    start = i + unit
                }
                i += unit
            }
            pending.removeFirst(start)
            // A line longer than the chunk is cut rather than grown without bound.
            if pending.count > chunk * 4 {
                if number >= from, number <= to {
                    result.append((number, decode(pending[...], utf16: index.utf16) + " …"))
                }
                return result
            }
        }
        if !pending.isEmpty, number >= from, number <= to {
            result.append((number, decode(pending[...], utf16: index.utf16)))
        }
        return result
    }

    static func decode(_ slice: ArraySlice<UInt8>, utf16: Bool) -> String {
        var text: String
        if utf16 {
            text = UTF16LEText.decode(slice, stopAtNUL: false)
        } else {
            text = String(decoding: slice, as: UTF8.self)
        }
        if text.hasSuffix("\r") { text.removeLast() }
        return text
    }
}
