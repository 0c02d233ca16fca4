#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one rule every XML file triage loads goes through (rules, knowledge, cases, schemas): the file must
/// be a regular file inside one of the trees being loaded once symlinks are resolved, no larger than
/// `maxBytes`, and it is opened without blocking (a FIFO or device is refused, never waited on). What it
/// holds is then parsed by ``XMLReader`` with no DTD, no entity, no network and no other file.
public struct XMLSourcePolicy: Sendable, Hashable {
    /// Real paths (symlinks resolved) of the trees files may come from; empty = the file's own folder.
    public var roots: [String]
    /// Largest file accepted (default 16 MiB; the largest shipped knowledge file is under 100 KiB).
    public var maxBytes: Int

    public static let defaultMaxBytes = 16 << 20

    /// - Parameter roots: folders (or files) being loaded; each is resolved to its real path now.
    public init(roots: [String], maxBytes: Int = XMLSourcePolicy.defaultMaxBytes) {
        self.roots = roots.compactMap { Self.realPath($0) }
        self.maxBytes = maxBytes
    }

    /// Why a file was not read.
    public struct Refusal: Error, Sendable, Hashable {
        public var message: String
    }

    /// The file's bytes, or why it was refused.
    public func read(_ path: String) -> Result<[UInt8], Refusal> {
        guard let real = Self.realPath(path) else {
            return .failure(Refusal(message: "cannot read file (\(Self.errorText(errno)))"))
        }
        let trees = roots.isEmpty ? [Self.realPath(Self.parent(of: path)) ?? "/"] : roots
        guard trees.contains(where: { real == $0 || real.hasPrefix($0 == "/" ? "/" : $0 + "/") }) else {
            return .failure(
                Refusal(
                    message: "refused: the file resolves outside the folder being loaded (a symlink leaves the tree)"))
        }
        let fd = open(real, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return .failure(Refusal(message: "cannot read file (\(Self.errorText(errno)))")) }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            return .failure(Refusal(message: "cannot read file (\(Self.errorText(errno)))"))
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else {
            return .failure(Refusal(message: "refused: not a regular file (\(Self.typeName(info.st_mode)))"))
        }
        guard Int(info.st_size) <= maxBytes else {
            return .failure(Refusal(message: "refused: file is \(info.st_size) bytes; the limit is \(maxBytes)"))
        }
        var bytes = [UInt8](repeating: 0, count: Int(info.st_size) + 1)
        var count = 0
        while count < bytes.count {
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(Refusal(message: "cannot read file (\(Self.errorText(errno)))"))
            }
            if n == 0 { break }
            count += n
        }
        guard count <= maxBytes else {
            return .failure(Refusal(message: "refused: file grew past the limit of \(maxBytes) bytes while read"))
        }
        bytes.removeSubrange(count...)
        return .success(bytes)
    }

    /// The real path (symlinks resolved), or nil when it does not exist.
    public static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func parent(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    static func errorText(_ code: Int32) -> String { String(cString: strerror(code)) }

    static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFDIR: "a directory"
        case S_IFIFO: "a FIFO"
        case S_IFCHR: "a character device"
        case S_IFBLK: "a block device"
        case S_IFSOCK: "a socket"
        case S_IFLNK: "a symlink"
        default: "not a regular file"
        }
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif
