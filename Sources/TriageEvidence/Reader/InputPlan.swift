import Foundation
import TriageCore

/// One unit of the parallel pass, planned (and zip-checked) beforehand on one thread.
enum WorkItem: @unchecked Sendable {
    case file(file: String, path: String, name: String)
    case member(archive: ArchiveSource, record: ZipDirectory.Record, path: String, name: String)
    case bytes([UInt8], path: String, name: String)
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
    /// Lists a folder (names only); tests replace it to make a listing fail, which root cannot otherwise see.
    var listDirectory: @Sendable (String) throws -> [String] = {
        try FileManager.default.contentsOfDirectory(atPath: $0)
    }
    /// Bytes of nested zips still allowed in memory (``InputLimits/maxNestedZipBytes``).
    private var nestedBudget: UInt64

    init(limits: InputLimits) {
        self.limits = limits
        budget = UInt64(max(0, limits.maxTotalUncompressedBytes))
        nestedBudget = UInt64(max(0, limits.maxNestedZipBytes))
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
                    (try? fm.contentsOfDirectory(atPath: input)) != nil
                else { throw .inputUnreadable(input) }
                walk(directory: input, prefix: several ? name + "/" : "")
            } else {
                guard fm.isReadableFile(atPath: input) else { throw .inputUnreadable(input) }
                var info = stat()
                // A FIFO, device or socket given as the input is accounted for, never opened (a FIFO without a
                // writer would block the read forever).
                guard stat(input, &info) == 0, info.st_mode & S_IFMT == S_IFREG else {
                    items.append(
                        .done(Self.skipped(name, reason: "not a regular file (\(Self.fileType(info.st_mode)))")))
                    continue
                }
                addFile(input, path: name)
            }
        }
    }

    /// One input held in memory, named `name`.
    mutating func plan(bytes: [UInt8], name path: String) {
        let name = path.split(separator: "/").last.map(String.init) ?? path
        noteCollector(in: name, path: path)
        if bytes.count >= 4, bytes.withLineBytes({ Recognizer.isZip($0) }) {
            planZip(ArchiveSource(data: Data(bytes)), path: path, depth: 1)
        } else if Self.isCab(Array(bytes.prefix(8))) {
            planCab(bytes, path: path)
        } else {
            items.append(.bytes(bytes, path: path, name: name))
        }
    }

    private mutating func walk(directory: String, prefix: String) {
        let names: [String]
        do {
            names = try listDirectory(directory).sorted()
        } catch {
            // A folder that cannot be listed is accounted for too: its files are missing from the analysis.
            let reason =
                access(directory, R_OK | X_OK) == 0
                ? "folder cannot be listed" : "folder cannot be listed (permission denied)"
            items.append(.done(Self.skipped(prefix.isEmpty ? "." : String(prefix.dropLast()), reason: reason)))
            return
        }
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
                items.append(.done(Self.skipped(path, reason: "not a regular file (\(Self.fileType(info.st_mode)))")))
            }
        }
    }

    private mutating func addFile(_ file: String, path: String) {
        let name = (file as NSString).lastPathComponent
        noteCollector(in: name, path: path)
        if Self.hasZipMagic(file) {
            planZip(ArchiveSource(file: file, size: Self.fileSize(file)), path: path, depth: 1)
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

    private mutating func planZip(_ source: ArchiveSource, path: String, depth: Int) {
        let bytes: ArchiveBytes
        do {
            bytes = try source.open()
        } catch {
            items.append(.done(Self.skipped(path, reason: "zip \(error.reason)")))
            return
        }
        defer { bytes.close() }
        guard let directory = readDirectory(source, bytes, path: path) else { return }
        var records = directory.records
        if records.count > limits.maxZipEntries {
            items.append(
                .done(
                    Self.skipped(
                        path,
                        reason:
                            "too many members: more than \(limits.maxZipEntries); only the first \(limits.maxZipEntries) read"
                    )))
            records.removeLast(records.count - limits.maxZipEntries)
        }
        let members = records.map { (record: $0, raw: ZipNameDecoder.decode($0.rawName, utf8Flag: $0.isUTF8Name)) }
            .map { (record: $0.record, raw: $0.raw, name: Self.memberName($0.raw)) }
            .sorted { $0.name < $1.name }
        for member in members where !member.record.isDirectory {
            let memberPath = path + "/" + member.name
            let fileName = member.name.split(separator: "/").last.map(String.init) ?? member.name
            noteCollector(in: fileName, path: memberPath)
            if let reason = refusal(member.record, rawName: member.raw) {
                items.append(.done(Self.skipped(memberPath, reason: reason)))
                continue
            }
            let declared = member.record.uncompressedSize
            guard declared <= budget else {
                items.append(
                    .done(
                        Self.skipped(
                            memberPath,
                            reason: "zip bomb: total uncompressed size over \(limits.maxTotalUncompressedBytes) bytes"))
                )
                continue
            }
            budget -= declared
            if fileName.lowercased().hasSuffix(".zip") {
                planNestedZip(bytes, member.record, path: memberPath, depth: depth)
                continue
            }
            if fileName.lowercased().hasSuffix(".cab") {
                do {
                    let data = try ZipMemberReader.readAll(bytes, member.record, limits: limits)
                    planCab([UInt8](data), path: memberPath)
                } catch {
                    items.append(.done(Self.skipped(memberPath, reason: error.reason)))
                }
                continue
            }
            items.append(.member(archive: source, record: member.record, path: memberPath, name: fileName))
        }
    }

    /// The zip's central directory, or nil with the zip skipped and the reason recorded.
    private mutating func readDirectory(_ source: ArchiveSource, _ bytes: ArchiveBytes, path: String) -> ZipDirectory? {
        do {
            return try ZipDirectory(size: source.size, maxEntries: limits.maxZipEntries, read: bytes.read)
        } catch let failure as ZipDirectory.Failure {
            items.append(.done(Self.skipped(path, reason: "corrupt zip: \(failure)")))
        } catch {
            items.append(
                .done(
                    Self.skipped(path, reason: "corrupt or truncated zip: cannot read its directory (\(error.reason))"))
            )
        }
        return nil
    }

    /// A zip inside a zip: read into memory (within the depth and nested-bytes limits) and planned in turn.
    private mutating func planNestedZip(
        _ bytes: ArchiveBytes, _ record: ZipDirectory.Record, path memberPath: String, depth: Int
    ) {
        guard depth < limits.maxZipDepth else {
            items.append(
                .done(
                    Self.skipped(
                        memberPath, reason: "zip nested deeper than \(limits.maxZipDepth) levels: not opened")))
            return
        }
        guard record.uncompressedSize <= nestedBudget else {
            items.append(
                .done(
                    Self.skipped(
                        memberPath,
                        reason:
                            "nested zip not opened: nested zips would hold more than \(limits.maxNestedZipBytes) bytes in memory"
                    )))
            return
        }
        do {
            let data = try ZipMemberReader.readAll(bytes, record, limits: limits)
            nestedBudget -= UInt64(data.count)
            planZip(ArchiveSource(data: data), path: memberPath, depth: depth + 1)
        } catch {
            items.append(.done(Self.skipped(memberPath, reason: error.reason)))
        }
    }

    /// Why a member is refused before reading it, or nil.
    func refusal(_ record: ZipDirectory.Record, rawName: String) -> String? {
        if record.isEncrypted { return "encrypted member: not read" }
        if record.isSymlink { return "symbolic link member: refused" }
        if let reason = Self.nameRefusal(rawName) { return reason }
        if record.method != 0 && record.method != 8 { return "unsupported compression method \(record.method)" }
        if record.uncompressedSize > UInt64(limits.maxMemberBytes) {
            return "too large: declares \(record.uncompressedSize) bytes (limit \(limits.maxMemberBytes))"
        }
        if record.uncompressedSize > UInt64(limits.ratioCheckAfterBytes),
            record.uncompressedSize / max(record.compressedSize, 1) > UInt64(limits.maxCompressionRatio)
        {
            return
                "zip bomb: compression ratio \(record.uncompressedSize / max(record.compressedSize, 1)):1 (limit \(limits.maxCompressionRatio):1)"
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
        return SourceOutcome(
            record: SourceRecord(
                path: path, kind: name.hasSuffix(".zip") ? .unknown : Recognizer.kindFromName(name),
                status: .skipped, reason: reason, encoding: "unknown", bytes: 0, lines: 0),
            facts: [])
    }

    static func fileType(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        default: "not a file or folder"
        }
    }

    static func hasZipMagic(_ file: String) -> Bool {
        guard let handle = FileHandle(forReadingAtPath: file) else { return false }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 4)) ?? Data())
        return head.withLineBytes { Recognizer.isZip($0) }
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
