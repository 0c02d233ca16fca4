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
        let b = line.bytes
        guard b.count > 4 else { return }
        if Self.prefix(b, 0x3E) {
            let i = B.skipSpaces(b, 3)
            if i < b.count, b[i] == B.lbracket {
                openSection(b, from: i + 1)
            } else if B.has(Lit("Section start"), in: b, from: i), let (time, stamp) = Self.stamp(b, from: i) {
                section?.time = time
                section?.stamp = stamp
                range.note(stamp)
            }
            return
        }
        if Self.prefix(b, 0x3C) {
            if let (_, stamp) = Self.stamp(b, from: 3) { range.note(stamp) }
            if let code = Self.exitStatus(b) { close(code, line: line, into: &context) }
            return
        }
        guard section != nil else { return }
        if Self.prefix(b, 0x21) {
            if section?.error == nil {
                section?.error = B.text(b, from: B.skipSpaces(b, 3), until: [0x0D], limit: 240).0
            }
            return
        }
        for key in [Lit("Driver Package - "), Lit("Inf Name - "), Lit("InfName - ")] {
            if let p = B.find(key, in: b),
                let inf = Self.infName(B.text(b, from: p + key.count, until: [0x0D], limit: 400).0)
            {
                if section?.inf == nil { section?.inf = inf }
                return
            }
        }
    }

    /// `>>>`, `<<<`, `!!!` at the start of a line, then a space.
    static func prefix(_ b: Bytes, _ c: UInt8) -> Bool {
        b.count > 3 && b[0] == c && b[1] == c && b[2] == c && b[3] == B.space
    }

    private mutating func openSection(_ b: Bytes, from start: Int) {
        var end = b.count
        while end > start, b[end - 1] != B.rbracket { end -= 1 }
        guard end > start else { return }
        let inner = Bytes(rebasing: b[start..<(end - 1)])
        var title = B.text(inner, 0)
        var instance = ""
        if let dash = B.find(Lit(" - "), in: inner) {
            title = B.text(inner, 0, dash)
            instance = B.text(inner, dash + 3)
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
    static func exitStatus(_ b: Bytes) -> HRESULT? {
        guard let p = B.find(Lit("[Exit "), in: b) else { return nil }
        let rest = p + 6
        guard B.starts(b, Lit("status"), at: rest) || B.starts(b, Lit("Status"), at: rest) else { return nil }
        if B.has(Lit("SUCCESS"), in: b, from: rest) { return HRESULT(0) }
        guard let z = B.find(Lit("(0x"), in: b, from: rest) else { return nil }
        var v: UInt32 = 0
        var i = z + 3
        while i < b.count, i - z - 3 < 8, let h = B.hexValue(b[i]) {
            v = v << 4 | h
            i += 1
        }
        return i > z + 3 ? HRESULT(v) : nil
    }

    /// `2023/05/23 00:41:02.123` anywhere after `from`: the text as written and its stamp.
    static func stamp(_ b: Bytes, from: Int) -> (String, Stamp)? {
        var i = from
        while i + 19 <= b.count {
            if B.isDigit(b[i]), b[i + 4] == 0x2F, b[i + 7] == 0x2F, b[i + 10] == B.space, b[i + 13] == B.colon {
                func n(_ at: Int, _ len: Int) -> Int? {
                    var v = 0
                    for k in at..<(at + len) {
                        guard B.isDigit(b[k]) else { return nil }
                        v = v * 10 + Int(b[k] - 0x30)
                    }
                    return v
                }
                if let y = n(i, 4), let mo = n(i + 5, 2), let d = n(i + 8, 2), let h = n(i + 11, 2),
                    let mi = n(i + 14, 2), let s = n(i + 17, 2),
                    let stamp = Stamp(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
                {
                    return (B.text(b, i, min(b.count, i + 23)), stamp)
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
