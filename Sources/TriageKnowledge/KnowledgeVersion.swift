import Foundation

/// The version of a knowledge base: a digest of the files it is made of (every `.xml`, `.xsd` and `.tsv`
/// under the rules and knowledge folders, by path relative to its folder and content), so two engineers can
/// tell whether they reason with the same knowledge. FNV-1a, 64 bits: an identity, not a security check.
public struct KnowledgeVersion: Sendable, Hashable {
    public var files: Int
    /// 16 hex digits.
    public var digest: String

    public init(rulesDirectory: String, knowledgeDirectory: String) {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        func mix(_ bytes: some Sequence<UInt8>) {
            for b in bytes {
                hash ^= UInt64(b)
                hash = hash &* 0x0000_0100_0000_01B3
            }
        }
        var count = 0
        for (label, folder) in [("Rules", rulesDirectory), ("KnowledgeBase", knowledgeDirectory)] {
            let names = (FileManager.default.enumerator(atPath: folder)?.allObjects as? [String] ?? [])
                .filter { $0.hasSuffix(".xml") || $0.hasSuffix(".xsd") || $0.hasSuffix(".tsv") }
                .sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
            for name in names {
                guard let data = FileManager.default.contents(atPath: folder + "/" + name) else { continue }
                mix((label + "/" + name).utf8)
                mix([0])
                mix([UInt8](data))  // an array: iterating `Data` byte by byte is ten times slower
                mix([0])
                count += 1
            }
        }
        files = count
        let hex = String(hash, radix: 16)
        digest = String(repeating: "0", count: 16 - hex.count) + hex
    }

    /// `kb-3f2a…` (the short form printed beside the tool version).
    public var label: String { "kb-" + digest }
}
