import Foundation

/// Whole-file reads for knowledge files (small; read once, parsed from memory so libxml2 never opens files).
public enum FileBytes {
    public static func read(_ path: String) -> [UInt8]? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return [UInt8](data)
    }
}
