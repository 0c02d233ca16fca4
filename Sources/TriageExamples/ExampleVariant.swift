import TriageCore

/// The altered forms every firing example is also run in (SwiftLint-style metamorphic tests). A rule must give
/// the same verdict and cite the same lines (renumbered where lines were inserted) in each.
package enum ExampleVariant: String, Sendable, Hashable, CaseIterable, Codable {
    case original
    /// Every `\n` becomes `\r\n`, as real Windows logs are written.
    case crlf
    /// A UTF-8 byte-order mark in front, as Notepad and some collectors write.
    case bom
    /// An unrelated line of the same format after every line.
    case interleaved

    /// The bytes of one example log in this variant, and the line each original line moved to.
    func render(_ log: RuleExample.Log) -> (bytes: [UInt8], lineMap: [Int: Int]) {
        if let binary = log.binary { return (binary, [:]) }  // a binary log has records, not lines: as is
        let lines = log.content.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var lineMap: [Int: Int] = [:]
        switch self {
        case .original, .crlf, .bom:
            for number in 1...max(lines.count, 1) { lineMap[number] = number }
            var text = log.content
            if self == .crlf { text = lines.joined(separator: "\r\n") }
            var bytes = Array(text.utf8)
            if self == .bom { bytes.insert(contentsOf: [0xEF, 0xBB, 0xBF], at: 0) }
            return (bytes, lineMap)
        case .interleaved:
            var out: [String] = []
            for (index, line) in lines.enumerated() {
                out.append(line)
                lineMap[index + 1] = out.count
                if index + 1 < lines.count, let noise = NoiseLine.after(line) { out.append(noise) }
            }
            return (Array(out.joined(separator: "\n").utf8), lineMap)
        }
    }
}

/// An unrelated line in the format of the line before it, with the same timestamp, so ordering and time
/// windows are unchanged. Lines whose format is not recognised get no neighbour.
enum NoiseLine {
    static func after(_ line: String) -> String? {
        let bytes = Array(line.utf8)
        func digit(_ i: Int) -> Bool { i < bytes.count && bytes[i] >= 0x30 && bytes[i] <= 0x39 }
        let dateDigits = [0, 1, 2, 3, 5, 6, 8, 9]
        guard bytes.count >= 19, dateDigits.allSatisfy(digit) else { return nil }
        let separator = bytes[4]
        // CBS, DISM, setupact: `2022-10-27 10:41:12, Info …`
        if separator == UInt8(ascii: "-"), bytes.count > 20, bytes[10] == 0x20, bytes[19] == UInt8(ascii: ",") {
            let stamp = String(decoding: bytes[0..<20], as: UTF8.self)
            return stamp + " Info                  CBS    Noise: unrelated line inserted by the example test"
        }
        // Legacy WindowsUpdate.log: `2010-01-05<TAB>18:52:06:762<TAB> 808<TAB>aac<TAB>Agent<TAB>…`
        if separator == UInt8(ascii: "-"), bytes[10] == 0x09 {
            let fields = line.split(separator: "\t", omittingEmptySubsequences: false)
            guard fields.count >= 5 else { return nil }
            return fields[0..<4].joined(separator: "\t") + "\tMisc\tNoise: unrelated line inserted by the example test"
        }
        // Windows 10+ WindowsUpdate.log: `2022/11/07 09:15:44.1234567 1234  5678  Component  text`
        if separator == UInt8(ascii: "/") || separator == UInt8(ascii: "-") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 5 else { return nil }
            return "\(fields[0]) \(fields[1]) \(fields[2])  \(fields[3])  Misc            "
                + "Noise: unrelated line inserted by the example test"
        }
        return nil
    }
}
