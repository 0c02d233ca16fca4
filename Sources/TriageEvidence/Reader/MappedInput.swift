internal import CShim

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A large UTF-8 file read by a ``PipelinedRead`` without copying it: the file is mapped copy-on-write, and the
/// framer cuts its lines where the bytes already are (its windows, ``LineFramer/rotate(through:capacity:readSize:window:)``,
/// are stretches of the mapping). Bytes the framer rewrites (NULs dropped, a lone `\r` read as `\n`) touch private
/// copies of their pages, never the file. Replayed windows are released as the replaying thread gives them back,
/// so the pages held stay a few windows' worth whatever the file's size.
///
/// The cost of a mapping: a page that cannot be read (the file was truncated by another program while mapped,
/// or the disk failed) raises `SIGBUS` and ends the process, where a `read` would stop short or fail for that
/// file alone; and the mapping covers the size the file had when opened (a log still being written is read as
/// it was then). So the reader maps only regular files it reads on two threads, only on local file systems
/// (``isLocal(_:)``: a network share's failure would end the whole run), and the first mapping sets a handler
/// that says what happened in one line and exits with status 74 (`EX_IOERR`) instead of crashing.
/// Measured gain (docs/benchmarks.md, stop 16): the reading thread does about a quarter less (no copy into
/// buffers), which is what bounds a real servicing log read on two cores.
final class MappedInput {
    let base: UnsafeMutablePointer<UInt8>
    let size: Int
    /// The next byte not yet handed to the framer. Used by the reading thread only.
    var offset: Int
    /// Bytes below this were released (page-aligned). Used by the reading thread only.
    private var released = 0
    private let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Maps `size` bytes of `fd`, reading from `offset` (after a byte-order mark); nil when it cannot be mapped
    /// (the caller reads it instead).
    init?(fd: Int32, size: Int, from offset: Int) {
        guard size > 0, offset <= size, Self.isLocal(fd),
            let address = mmap(nil, size, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0),
            address != MAP_FAILED
        else { return nil }
        _ = madvise(address, size, MADV_SEQUENTIAL)
        Self.sayTruncatedOnBusError()
        base = address.assumingMemoryBound(to: UInt8.self)
        self.size = size
        self.offset = offset
    }

    deinit { munmap(base, size) }

    /// Whether `fd` is on a local disk file system (ext4, XFS, Btrfs, F2FS, ZFS) or in memory (tmpfs,
    /// overlayfs): not NFS, SMB/CIFS, FUSE or anything unknown, which are read instead.
    static func isLocal(_ fd: Int32) -> Bool {
        let local: Set<Int> = [0xEF53, 0x5846_5342, 0x9123_683E, 0xF2F5_2010, 0x2FC1_2FC1, 0x0102_1994, 0x794C_7630]
        return local.contains(cshim_filesystem_type(fd))
    }

    /// A page of a mapped file past its new end (the file was truncated while mapped) raises `SIGBUS`: one line
    /// on standard error and exit status 74, with only what a signal handler may call (`write`, `_exit`).
    private static func sayTruncatedOnBusError() {
        signal(SIGBUS) { _ in
            let message: StaticString =
                "triage: a log file became shorter while it was read (another program truncated it); run triage on a copy\n"
            _ = write(2, message.utf8Start, message.utf8CodeUnitCount)
            _exit(74)
        }
    }

    /// Hands the rest of the file to `framer` as if read, window by window: where the framer's free space is
    /// the next bytes themselves (no byte was dropped before them), nothing is copied.
    func feed<S: LineSink>(_ framer: LineFramer, sink: inout S) {
        while offset < size {
            let space = framer.reserve()
            let count = min(space.count, size - offset)
            let source = base + offset
            if space.baseAddress! != UnsafeMutableRawPointer(source) { memmove(space.baseAddress!, source, count) }
            offset += count
            framer.commit(count, to: &sink)
        }
    }

    /// Where a new window starts: the framer's `pending` bytes (the line it has not cut yet) just before the next
    /// byte, which is where they already are unless bytes were dropped before them.
    func window(pending: Int) -> UnsafeMutablePointer<UInt8> { base + offset - pending }

    /// Every window before `window` has been replayed: their pages go back to the system.
    func release(before window: UnsafeMutablePointer<UInt8>) {
        let end = (window - base) / pageSize * pageSize
        guard end > released else { return }
        _ = madvise(base + released, end - released, MADV_DONTNEED)
        released = end
    }
}
