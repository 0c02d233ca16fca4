internal import CMSPack

/// A Microsoft Cabinet held in memory, opened with libmspack (MSZIP, LZX, Quantum): the only Swift file that
/// touches libmspack. It owns the decompressor, the cabinet's copy and the open cabinet, frees them in
/// `deinit`, lists the members as values and streams a member's bytes to a closure as ``ByteWindow``s
/// (members are never written to disk).
///
/// Not thread-safe: one reader uses an instance at a time (each worker opens its own).
final class CabinetDecompressor {
    /// A member as the cabinet lists it.
    struct Entry: Sendable, Equatable {
        /// As stored (`\` separators possible).
        var name: String
        var size: UInt64
        /// `none`, `mszip`, `quantum`, `lzx`.
        var compression: String
    }

    private(set) var entries: [Entry] = []
    private let bytes: UnsafeMutableBufferPointer<UInt8>
    private let system: UnsafeMutablePointer<mspack_system>
    private let source: UnsafeMutablePointer<cmspack_source>
    private let decompressor: UnsafeMutablePointer<mscab_decompressor>
    private var cabinet: UnsafeMutablePointer<mscabd_cabinet>?
    private var files: [UnsafeMutablePointer<mscabd_file>] = []
    /// Longest member name read (libmspack ends names with NUL; this bounds the walk).
    static let maxNameBytes = 1024

    /// Opens the cabinet and lists its members; more than `maxMembers` is a failure (a hostile cab can list
    /// millions).
    init(_ data: [UInt8], maxMembers: Int) throws(CabFailure) {
        bytes = .allocate(capacity: max(1, data.count))
        _ = bytes.initialize(from: data)
        system = .allocate(capacity: 1)
        system.initialize(to: cmspack_memory_system())
        source = .allocate(capacity: 1)
        source.initialize(
            to: cmspack_source(
                bytes: UnsafePointer(bytes.baseAddress), count: data.count,
                sink: nil, context: nil))
        guard let decompressor = mspack_create_cab_decompressor(system) else {
            bytes.deallocate()
            system.deallocate()
            source.deallocate()
            throw CabFailure(reason: "cab reader could not start")
        }
        self.decompressor = decompressor
        _ = cmspack_set_param(decompressor, MSCABD_PARAM_DECOMPBUF, 64 << 10)
        guard let cabinet = cmspack_open(decompressor, source) else {
            let code = cmspack_last_error(decompressor)
            throw CabFailure(reason: "corrupt or truncated cab: \(Self.describe(code))")
        }
        self.cabinet = cabinet
        if cabinet.pointee.flags & (MSCAB_HDR_PREVCAB | MSCAB_HDR_NEXTCAB) != 0 {
            throw CabFailure(reason: "multi-part cab (spans several files): not read")
        }
        var file = cabinet.pointee.files
        while let current = file {
            guard files.count < maxMembers else {
                throw CabFailure(reason: "too many members: more than \(maxMembers)")
            }
            files.append(current)
            let name = current.pointee.filename.map { String(decoding: Self.cString($0), as: UTF8.self) } ?? ""
            let type = current.pointee.folder.map { $0.pointee.comp_type & 0x0F } ?? -1
            entries.append(
                Entry(name: name, size: UInt64(current.pointee.length), compression: Self.compression(type)))
            file = current.pointee.next
        }
    }

    deinit {
        if let cabinet { cmspack_close(decompressor, cabinet) }
        mspack_destroy_cab_decompressor(decompressor)
        source.deallocate()
        system.deallocate()
        bytes.deallocate()
    }

    /// Streams member `index` to `consume`, one window per piece libmspack writes (valid during the call
    /// only); `consume` returns a reason to stop (a limit tripped) or nil.
    func extract(_ index: Int, consume: (ByteWindow) -> String?) throws(CabFailure) {
        guard files.indices.contains(index) else { throw CabFailure(reason: "no member \(index)") }
        let failure: CabFailure? = withoutActuallyEscaping(consume) { consume in
            let box = SinkBox(consume)
            return withExtendedLifetime(box) {
                var sink = cmspack_source(
                    bytes: nil, count: 0,
                    sink: { context, pointer, count in
                        guard let context, let pointer else { return 1 }
                        let box = Unmanaged<SinkBox>.fromOpaque(context).takeUnretainedValue()
                        return box.take(ByteWindow(UnsafeRawBufferPointer(start: pointer, count: Int(count))))
                    }, context: Unmanaged.passUnretained(box).toOpaque())
                let code = cmspack_extract(decompressor, files[index], &sink)
                if let stop = box.stop { return CabFailure(reason: stop) }
                if code != MSPACK_ERR_OK { return CabFailure(reason: "corrupt member: \(Self.describe(code))") }
                return nil
            }
        }
        if let failure { throw failure }
    }

    private final class SinkBox {
        let consume: (ByteWindow) -> String?
        var stop: String?
        init(_ consume: @escaping (ByteWindow) -> String?) { self.consume = consume }
        func take(_ chunk: ByteWindow) -> Int32 {
            if stop != nil { return 1 }
            stop = consume(chunk)
            return stop == nil ? 0 : 1
        }
    }

    private static func cString(_ pointer: UnsafeMutablePointer<CChar>) -> [UInt8] {
        var out: [UInt8] = []
        var i = 0
        while pointer[i] != 0, i < maxNameBytes {
            out.append(UInt8(bitPattern: pointer[i]))
            i += 1
        }
        return out
    }

    static func compression(_ type: Int32) -> String {
        switch type {
        case MSCAB_COMP_NONE: "none"
        case MSCAB_COMP_MSZIP: "mszip"
        case MSCAB_COMP_QUANTUM: "quantum"
        case MSCAB_COMP_LZX: "lzx"
        default: "unknown"
        }
    }

    static func describe(_ code: Int32) -> String {
        switch code {
        case MSPACK_ERR_OK: "no error"
        case MSPACK_ERR_ARGS: "bad arguments"
        case MSPACK_ERR_OPEN: "cannot open"
        case MSPACK_ERR_READ: "read past its end (truncated)"
        case MSPACK_ERR_WRITE: "output stopped"
        case MSPACK_ERR_SEEK: "seek out of range (truncated)"
        case MSPACK_ERR_NOMEMORY: "out of memory"
        case MSPACK_ERR_SIGNATURE: "not a cabinet (bad signature)"
        case MSPACK_ERR_DATAFORMAT: "bad data format"
        case MSPACK_ERR_CHECKSUM: "checksum mismatch"
        case MSPACK_ERR_CRUNCH: "compression error"
        case MSPACK_ERR_DECRUNCH: "decompression error"
        default: "error \(code)"
        }
    }
}
