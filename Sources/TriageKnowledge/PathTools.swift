import Foundation

/// Small file-system helpers (sorted, deterministic listings).
enum PathTools {
    static func join(_ directory: String, _ name: String) -> String {
        directory.isEmpty ? name : (directory.hasSuffix("/") ? directory + name : directory + "/" + name)
    }

    static func isFile(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && !isDirectory.boolValue
    }

    static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    static func exists(_ path: String) -> Bool { FileManager.default.fileExists(atPath: path) }

    /// `.xml` files under `path` (recursively, sorted by path), or `path` itself when it is a file.
    static func xmlFiles(under path: String) -> [String] {
        if isFile(path) { return [path] }
        guard isDirectory(path), let enumerator = FileManager.default.enumerator(atPath: path) else { return [] }
        var files: [String] = []
        while let relative = enumerator.nextObject() as? String {
            if relative.hasSuffix(".xml") { files.append(join(path, relative)) }
        }
        return files.sorted()
    }

    /// Absolute path with `.` and `..` resolved, by string work only (no file-system calls; symlinks kept).
    static func canonical(_ path: String) -> String {
        let absolute = path.hasPrefix("/") ? path : join(FileManager.default.currentDirectoryPath, path)
        var parts: [Substring] = []
        for part in absolute.split(separator: "/") {
            if part == "." { continue }
            if part == ".." {
                if !parts.isEmpty { parts.removeLast() }
                continue
            }
            parts.append(part)
        }
        return "/" + parts.joined(separator: "/")
    }

    static func components(_ path: String) -> [String] { path.split(separator: "/").map(String.init) }

    /// File name without `.xml`.
    static func baseName(_ path: String) -> String {
        let name = components(path).last ?? path
        return name.hasSuffix(".xml") ? String(name.dropLast(4)) : name
    }
}
