import Foundation
import TriageCore
@preconcurrency import ZIPFoundation

/// An archive members are read from: a zip file on disk, or a zip held in memory (a zip inside a zip).
final class ArchiveSource: @unchecked Sendable {
    let url: URL?
    let data: Data?

    init(url: URL) {
        self.url = url
        data = nil
    }

    init(data: Data) {
        url = nil
        self.data = data
    }

    func open() throws -> Archive {
        if let url { return try Archive(url: url, accessMode: .read) }
        return try Archive(data: data!, accessMode: .read)
    }
}

/// One unit of the parallel pass, planned (and zip-checked) beforehand on one thread.
enum WorkItem: @unchecked Sendable {
    case file(file: String, path: String, name: String)
    case member(archive: ArchiveSource, entry: Entry, path: String, name: String, compressed: UInt64, declared: UInt64)
    case cabMember(cab: CabSource, index: Int, path: String, name: String, declared: UInt64)
    case done(SourceOutcome)
}

/// Turns the input paths into work items: folders walked recursively in sorted order, zips opened and every
/// member checked against the limits before anything is inflated; nested zips read into memory.
struct InputPlanner {
    let limits: InputLimits
    var items: [WorkItem] = []
    /// Paths (display) naming a log collector, with what they name.
    private(set) var collectorMentions: [(path: String, found: CollectorNames.Found)] = []
    var budget: UInt64

    init(limits: InputLimits) {
        self.limits = limits
        budget = UInt64(max(0, limits.maxTotalUncompressedBytes))
    }

    mutating func plan(_ inputs: [String]) throws(EvidenceError) {
        let fm = FileManager.default
        let several = inputs.count > 1
        for input in inputs {
            var isDirectory: ObjCBool = false
            guard fm.fileExists(atPath: input, isDirectory: &isDirectory) else { throw .inputNotFound(input) }
            let base = (input as NSString).standardizingPath
            let name = (base as NSString).lastPathComponent
            noteCollector(in: name, path: name)
            if isDirectory.boolValue {
                guard fm.isReadableFile(atPath: input),
                      (try? fm.contentsOfDirectory(atPath: input)) != nil else { throw .inputUnreadable(input) }
                walk(directory: input, prefix: several ? name + "/" : "")
            } else {
                guard fm.isReadableFile(atPath: input) else { throw .inputUnreadable(input) }
                addFile(input, path: name)
            }
        }
    }

    private mutating func walk(directory: String, prefix: String) {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        for name in names {
            let full = (directory as NSString).appendingPathComponent(name)
            let path = prefix + name
            var info = stat()
            guard lstat(full, &info) == 0 else {
                items.append(.done(FileScanner.unreadable(path, errno)))
                continue
            }
            switch info.st_mode & S_IFMT {
            case S_IFDIR:
                noteCollector(in: name, path: path)
                walk(directory: full, prefix: path + "/")
            case S_IFLNK:
                items.append(.done(Self.skipped(path, reason: "symbolic link: not followed")))
            case S_IFREG:
                addFile(full, path: path)
            default:
                items.append(.done(Self.skipped(path, reason: "not a regular file")))
            }
        }
    }

    private mutating func addFile(_ file: String, path: String) {
        let name = (file as NSString).lastPathComponent
        noteCollector(in: name, path: path)
        if Self.hasZipMagic(file) {
            planZip(ArchiveSource(url: URL(fileURLWithPath: file)), path: path, depth: 1, size: Self.fileSize(file))
        } else if Self.hasCabMagic(file) {
            planCabFile(file, path: path)
        } else {
            items.append(.file(file: file, path: path, name: name))
        }
    }

    private mutating func noteCollector(in name: String, path: String) {
        for found in CollectorNames.find(in: name) { collectorMentions.append((path, found)) }
    }

    // MARK: Zips

    private mutating func planZip(_ source: ArchiveSource, path: String, depth: Int, size: UInt64) {
        var source = source
        let archive: Archive
        let directory: ZipDirectory
        do {
            if let url = source.url {
                let handle = try FileHandle(forReadingFrom: url)
                defer { try? handle.close() }
                directory = try ZipDirectory(size: size, maxEntries: limits.maxZipEntries, read: ZipDirectory.read(file: handle))
            } else {
                directory = try ZipDirectory(size: size, maxEntries: limits.maxZipEntries,
                                             read: ZipDirectory.read(data: source.data!))
            }
            // ZIPFoundation stops listing at an encrypted entry: list a copy whose encryption flags are
            // cleared (those members are refused below and never inflated).
            if directory.records.contains(where: \.isEncrypted) {
                var data = try source.url.map { try Data(contentsOf: $0) } ?? source.data!
                for record in directory.records where record.isEncrypted {
                    data[data.startIndex + Int(record.recordOffset) + 8] &= 0xFE
                }
                source = ArchiveSource(data: data)
            }
            archive = try source.open()
        } catch let failure as ZipDirectory.Failure {
            items.append(.done(Self.skipped(path, reason: "corrupt zip: \(failure)")))
            return
        } catch {
            items.append(.done(Self.skipped(path, reason: "corrupt or truncated zip: cannot read its directory")))
            return
        }
        var entries: [Entry] = []
        for entry in archive {
            entries.append(entry)
            if entries.count > limits.maxZipEntries { break }
        }
        guard entries.count == min(directory.records.count, limits.maxZipEntries + 1) else {
            items.append(.done(Self.skipped(path, reason: "corrupt zip: \(directory.records.count) entries listed, \(entries.count) readable")))
            return
        }
        if entries.count > limits.maxZipEntries {
            items.append(.done(Self.skipped(path, reason: "too many members: more than \(limits.maxZipEntries); only the first \(limits.maxZipEntries) read")))
            entries.removeLast(entries.count - limits.maxZipEntries)
        }
        let members = zip(entries, directory.records).map { (entry: $0, record: $1, name: Self.memberName($0.path)) }
            .sorted { $0.name < $1.name }
        for member in members where member.entry.type != .directory {
            let memberPath = path + "/" + member.name
            let fileName = member.name.split(separator: "/").last.map(String.init) ?? member.name
            noteCollector(in: fileName, path: memberPath)
            if let reason = refusal(member.entry, member.record, rawName: member.entry.path) {
                items.append(.done(Self.skipped(memberPath, reason: reason)))
                continue
            }
            let declared = member.record.uncompressedSize
            guard declared <= budget else {
                items.append(.done(Self.skipped(memberPath, reason: "zip bomb: total uncompressed size over \(limits.maxTotalUncompressedBytes) bytes")))
                continue
            }
            budget -= declared
            if fileName.lowercased().hasSuffix(".zip") {
                guard depth < limits.maxZipDepth else {
                    items.append(.done(Self.skipped(memberPath, reason: "zip nested deeper than \(limits.maxZipDepth) levels: not opened")))
                    continue
                }
                do {
                    let data = try ZipMemberReader.readAll(archive, member.entry, compressed: member.record.compressedSize,
                                                           declared: declared, limits: limits)
                    planZip(ArchiveSource(data: data), path: memberPath, depth: depth + 1, size: UInt64(data.count))
                } catch {
                    items.append(.done(Self.skipped(memberPath, reason: error.reason)))
                }
                continue
            }
            if fileName.lowercased().hasSuffix(".cab") {
                do {
                    let data = try ZipMemberReader.readAll(archive, member.entry, compressed: member.record.compressedSize,
                                                           declared: declared, limits: limits)
                    planCab([UInt8](data), path: memberPath)
                } catch {
                    items.append(.done(Self.skipped(memberPath, reason: error.reason)))
                }
                continue
            }
            items.append(.member(archive: source, entry: member.entry, path: memberPath, name: fileName,
                                 compressed: member.record.compressedSize, declared: declared))
        }
    }

    /// Why a member is refused before reading it, or nil.
    func refusal(_ entry: Entry, _ record: ZipDirectory.Record, rawName: String) -> String? {
        if record.isEncrypted { return "encrypted member: not read" }
        if entry.type == .symlink { return "symbolic link member: refused" }
        if let reason = Self.nameRefusal(rawName) { return reason }
        if record.method != 0 && record.method != 8 { return "unsupported compression method \(record.method)" }
        if record.uncompressedSize > UInt64(limits.maxMemberBytes) {
            return "too large: declares \(record.uncompressedSize) bytes (limit \(limits.maxMemberBytes))"
        }
        if record.uncompressedSize > UInt64(limits.ratioCheckAfterBytes),
           record.uncompressedSize / max(record.compressedSize, 1) > UInt64(limits.maxCompressionRatio) {
            return "zip bomb: compression ratio \(record.uncompressedSize / max(record.compressedSize, 1)):1 (limit \(limits.maxCompressionRatio):1)"
        }
        return nil
    }

    /// Why a member name (zip or cab) is refused, or nil.
    static func nameRefusal(_ rawName: String) -> String? {
        let name = rawName.replacingOccurrences(of: "\\", with: "/")
        if name.contains("\u{0}") { return "member name contains NUL: refused" }
        if name.hasPrefix("/") { return "absolute member path: refused" }
        let scalars = Array(name.unicodeScalars)
        if scalars.count >= 2, scalars[1] == ":", scalars[0].isASCII, scalars[0].properties.isAlphabetic {
            return "absolute member path (drive letter): refused"
        }
        if name.split(separator: "/", omittingEmptySubsequences: false).contains("..") {
            return "path traversal (..): refused"
        }
        return nil
    }

    /// Member path as shown: `/` separators, no leading `./`.
    static func memberName(_ raw: String) -> String {
        var name = raw.replacingOccurrences(of: "\\", with: "/")
        while name.hasPrefix("./") { name.removeFirst(2) }
        while name.hasSuffix("/") { name.removeLast() }
        return name
    }

    static func skipped(_ path: String, reason: String) -> SourceOutcome {
        let name = (path.split(separator: "/").last.map(String.init) ?? path).lowercased()
        return SourceOutcome(record: SourceRecord(path: path, kind: name.hasSuffix(".zip") ? .unknown : Recognizer.kindFromName(name),
                                                  status: .skipped, reason: reason, encoding: "unknown", bytes: 0, lines: 0),
                             facts: [])
    }

    static func hasZipMagic(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 4)) ?? Data())
        return head.withUnsafeBufferPointer { Recognizer.isZip($0) }
    }

    static func fileSize(_ file: String) -> UInt64 {
        var info = stat()
        return stat(file, &info) == 0 ? UInt64(info.st_size) : 0
    }
}

public enum EvidenceError: Error, CustomStringConvertible, Equatable {
    case inputNotFound(String)
    case inputUnreadable(String)

    public var description: String {
        switch self {
        case .inputNotFound(let path): "\(path): no such file or folder"
        case .inputUnreadable(let path): "\(path): cannot be read"
        }
    }
}
