#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Whole-file reads of files already loaded under ``XMLSourcePolicy`` (to quote a source line in a
/// diagnostic): never blocks (a FIFO is refused), never follows a final symlink, regular files only, at most
/// ``XMLSourcePolicy/defaultMaxBytes``.
public enum FileBytes {
    public static func read(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var info = stat()
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            Int(info.st_size) <= XMLSourcePolicy.defaultMaxBytes
        else { return nil }
        var bytes: [UInt8] = []
        var capacity = max(Int(info.st_size), 0) + 1
        var count = 0
        while true {
            if count == bytes.count {
                bytes.append(contentsOf: repeatElement(0, count: capacity))
                capacity *= 2
            }
            let n = bytes.withUnsafeMutableBytes { buffer in
                systemRead(fd, buffer.baseAddress! + count, buffer.count - count)
            }
            if n < 0 { return nil }
            if n == 0 { break }
            count += n
        }
        bytes.removeSubrange(count...)
        return bytes
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif
