import Foundation

/// Files the commands write (`--junit`, `test --record`): written whole beside the target and renamed over
/// it, and only over a regular file. A symlink, FIFO, device or folder at the path is refused, never replaced
/// or followed (as root, replacing `/dev/full` or a symlink's target must not happen).
enum OutputFile {
    struct Refused: Error, CustomStringConvertible {
        var description: String
    }

    static func write(_ text: String, to path: String) throws {
        try refuseNonRegular(path)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
    }

    static func write(bytes: [UInt8], to path: String) throws {
        try refuseNonRegular(path)
        try Data(bytes).write(to: URL(fileURLWithPath: path), options: .atomic)
    }

    private static func refuseNonRegular(_ path: String) throws {
        var info = stat()
        if lstat(path, &info) == 0, info.st_mode & S_IFMT != S_IFREG {
            let what =
                switch info.st_mode & S_IFMT {
                case S_IFLNK: "a symbolic link"
                case S_IFDIR: "a folder"
                case S_IFIFO: "a FIFO"
                case S_IFCHR, S_IFBLK: "a device"
                default: "not a regular file"
                }
            throw Refused(description: "refused: \(path) is \(what); only a regular file is written or replaced")
        }
    }
}
