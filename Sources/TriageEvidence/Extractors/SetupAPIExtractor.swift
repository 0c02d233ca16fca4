import TriageCore

/// setupapi.dev.log, the SetupAPI text log of device and driver installs, in its documented section format:
///
///     >>>  [Device Install (Hardware initiated) - PCI\VEN_8086&DEV_15BE&SUBSYS_…\3&11583659&0&FE]
///     >>>  Section start 2023/05/23 00:41:02.123
///          dvi:           Driver Package - C:\Windows\System32\DriverStore\FileRepository\oem12.inf_…\oem12.inf
///     !!!  dvi: Device not started: Device has problem: 0x0a (CM_PROB_FAILED_START).
///     <<<  Section end 2023/05/23 00:41:05.456
///     <<<  [Exit status: FAILURE(0xe0000219)]
///
/// (older logs: `>>>  2005/02/13 22:06:20.000: Section start`, `<<<  [Exit Status(0x…)]`). A section that
/// closes with a failure status becomes a `device-install-failure`: `title` (Device Install, Setup Import
/// Driver Package, …), `device` (the instance id of a device section), `inf` (the INF the section names or
/// installs), `code` (the status), `error` (its first `!!!` line). Cited at the exit-status line.
struct SetupAPIExtractor: LogExtractor {
    struct Section {
        var title: String
        var instance: String
        var inf: String?
        var error: String?
        var time: String?
        var stamp: Stamp?
    }
    var section: Section?
    var range = StampRange()

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let bytes = line.bytes
        guard bytes.count > 4 else { return }
        if Self.marker(bytes, 0x3E) {
            let i = bytes.skipSpaces(from: 3)
            if i < bytes.count, bytes[i] == ASCII.leftBracket {
                openSection(bytes, from: i + 1)
            } else if bytes.contains("Section start", from: i), let (time, stamp) = Self.stamp(bytes, from: i) {
                section?.time = time
                section?.stamp = stamp
                range.note(stamp)
            }
            return
        }
        if Self.marker(bytes, 0x3C) {
            if let (_, stamp) = Self.stamp(bytes, from: 3) { range.note(stamp) }
            if let code = Self.exitStatus(bytes) { close(code, line: line, into: &context) }
            return
        }
        guard section != nil else { return }
        if Self.marker(bytes, 0x21) {
            if section?.error == nil {
                section?.error = bytes.text(from: bytes.skipSpaces(from: 3), until: [0x0D], limit: 240).0
            }
            return
        }
        for key: Literal in ["Driver Package - ", "Inf Name - ", "InfName - "] {
            if let p = bytes.firstIndex(of: key),
                let inf = Self.infName(bytes.text(from: p + key.count, until: [0x0D], limit: 400).0)
            {
                if section?.inf == nil { section?.inf = inf }
                return
            }
        }
    }

    /// `>>>`, `<<<`, `!!!` at the start of a line, then a space.
    static func marker(_ bytes: LineBytes, _ c: UInt8) -> Bool {
        bytes.count > 3 && bytes[0] == c && bytes[1] == c && bytes[2] == c && bytes[3] == ASCII.space
    }

    private mutating func openSection(_ bytes: LineBytes, from start: Int) {
        var end = bytes.count
        while end > start, bytes[end - 1] != ASCII.rightBracket { end -= 1 }
        guard end > start else { return }
        let inner = bytes.slice(from: start, to: end - 1)
        var title = inner.trimmedText(from: 0)
        var instance = ""
        if let dash = inner.firstIndex(of: " - ") {
            title = inner.trimmedText(from: 0, to: dash)
            instance = inner.trimmedText(from: dash + 3)
        }
        section = Section(title: String(title.prefix(120)), instance: String(instance.prefix(400)))
        section?.inf = Self.infName(instance)
    }

    private mutating func close(_ code: HRESULT, line: LogLine, into context: inout ExtractionContext) {
        defer { section = nil }
        guard code.value != 0, let s = section else { return }
        var attrs = ["title": s.title, "code": code.hex, "log": LogKind.setupAPI.rawValue]
        if Self.infName(s.instance) == nil, !s.instance.isEmpty { attrs["device"] = s.instance }
        if let inf = s.inf { attrs["inf"] = inf }
        if let error = s.error { attrs["error"] = error }
        context.emit(FactKind.deviceInstallFailure, attrs, line: line, time: s.time, timestamp: s.stamp?.text)
    }

    /// The status of `<<<  [Exit status: FAILURE(0xe0000219)]`, `[Exit status: SUCCESS]` (zero) or
    /// `[Exit Status(0x00000000)]`; nil for other lines.
    static func exitStatus(_ bytes: LineBytes) -> HRESULT? {
        guard let rest = bytes.end(of: "[Exit ") else { return nil }
        guard bytes.starts(with: "status", at: rest) || bytes.starts(with: "Status", at: rest) else { return nil }
        if bytes.contains("SUCCESS", from: rest) { return HRESULT(0) }
        guard let digits = bytes.end(of: "(0x", from: rest) else { return nil }
        var value: UInt32 = 0
        var i = digits
        while i < bytes.count, i - digits < 8, let digit = ASCII.hexValue(bytes[i]) {
            value = value << 4 | digit
            i += 1
        }
        return i > digits ? HRESULT(value) : nil
    }

    /// `2023/05/23 00:41:02.123` anywhere after `from`: the text as written and its stamp.
    static func stamp(_ bytes: LineBytes, from: Int) -> (String, Stamp)? {
        var i = max(0, from)
        while i + 19 <= bytes.count {
            if ASCII.isDigit(bytes[i]), bytes[i + 4] == 0x2F, bytes[i + 7] == 0x2F, bytes[i + 10] == ASCII.space,
                bytes[i + 13] == ASCII.colon
            {
                func number(_ at: Int, _ length: Int) -> Int? {
                    var value = 0
                    for k in at..<(at + length) {
                        guard ASCII.isDigit(bytes[k]) else { return nil }
                        value = value * 10 + Int(bytes[k] - 0x30)
                    }
                    return value
                }
                if let y = number(i, 4), let mo = number(i + 5, 2), let d = number(i + 8, 2),
                    let h = number(i + 11, 2), let mi = number(i + 14, 2), let s = number(i + 17, 2),
                    let stamp = Stamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
                {
                    return (bytes.trimmedText(from: i, to: min(bytes.count, i + 23)), stamp)
                }
            }
            i += 1
        }
        return nil
    }

    /// `oem12.inf` from a path or name ending in `.inf` (case kept), else nil.
    static func infName(_ s: String) -> String? {
        let name = s.split(separator: "\\").last.map(String.init) ?? s
        guard name.count > 4, name.count <= 120, name.lowercased().hasSuffix(".inf") else { return nil }
        return name
    }

    var willNoteTimestamp: Bool { range.first != nil }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
    }
}
