import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Where a zip's bytes come from: a file on disk, read by offset (never whole), or a zip held in memory
/// (a zip inside a zip, within ``InputLimits/maxNestedZipBytes``).
final class ArchiveSource: @unchecked Sendable {
    enum Storage {
        case file(String)
        case memory(Data)
    }

    let storage: Storage
    let size: UInt64

    init(file: String, size: UInt64) {
        storage = .file(file)
        self.size = size
    }

    init(data: Data) {
        storage = .memory(data)
        size = UInt64(data.count)
    }

    /// A reader of this archive's bytes (one open descriptor for a file; close it with `close()`).
    func open() throws(ArchiveReadFailure) -> ArchiveBytes {
        switch storage {
        case .file(let path):
            let fd = systemOpen(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)
            guard fd >= 0 else {
                throw ArchiveReadFailure(reason: "cannot be reopened (\(String(cString: strerror(errno))))")
            }
            return ArchiveBytes(fd: fd, data: nil, size: size)
        case .memory(let data):
            return ArchiveBytes(fd: -1, data: data, size: size)
        }
    }
}

struct ArchiveReadFailure: Error {
    var reason: String
}

/// Reads ranges of an archive: `pread` on a descriptor, or slices of data in memory.
struct ArchiveBytes {
    let fd: Int32
    let data: Data?
    let size: UInt64

    /// Up to `count` bytes at `offset` (fewer at the end of the archive).
    func read(_ offset: UInt64, _ count: Int) throws(ArchiveReadFailure) -> [UInt8] {
        guard offset < size, count > 0 else { return [] }
        let wanted = Int(min(UInt64(count), size - offset))
        if let data {
            let start = data.startIndex + Int(offset)
            return Array(data[start..<(start + wanted)])
        }
        var bytes = [UInt8](repeating: 0, count: wanted)
        var got = 0
        while got < wanted {
            let n = bytes.withUnsafeMutableBytes { buffer in
                pread(fd, buffer.baseAddress! + got, wanted - got, off_t(offset) + off_t(got))
            }
            if n < 0, errno == EINTR { continue }
            guard n >= 0 else { throw ArchiveReadFailure(reason: "read error (\(String(cString: strerror(errno))))") }
            if n == 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        return bytes
    }

    func close() { if fd >= 0 { _ = systemClose(fd) } }
}

#if canImport(Glibc)
    private let systemClose = Glibc.close
    private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Glibc.open(path, flags) }
#else
    private let systemClose = Darwin.close
    private func systemOpen(_ path: String, _ flags: Int32) -> Int32 { Darwin.open(path, flags) }
#endif
