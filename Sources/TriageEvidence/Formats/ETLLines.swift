#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import TriageCore

/// Renders a decoded trace as the text `Get-WindowsUpdateLog` writes, one line per event, so the
/// WindowsUpdate extractor and its rules read it unchanged:
/// `YYYY/MM/DD HH:MM:SS.fffffff PID   TID   Component       message` (times in UTC: ETW stamps are
/// FILETIME/QPC-based UTC; Get-WindowsUpdateLog shows local time). Line N is event N: an event that is not
/// decoded (kernel header, no schema, undecodable) is an empty line, so citations `file.etl:N` name the
/// event's ordinal.
enum ETLLines {
    static func render(_ trace: ETLTrace) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(trace.events.count * 120)
        for event in trace.events {
            if event.status == .decoded, let ft = event.filetime, let stamp = stamp(ft) {
                out.append(contentsOf: stamp.utf8)
                out.append(0x20)
                column(&out, String(event.processId), 5)
                column(&out, String(event.threadId), 5)
                var component = event.name.isEmpty ? event.provider : event.name
                if component.isEmpty { component = "-" }
                column(&out, component, 15, token: true)
                message(&out, event.fields)
            }
            out.append(0x0A)
        }
        return out
    }

    /// `YYYY/MM/DD HH:MM:SS.fffffff` (UTC) for a FILETIME; nil before 1601 or past 9999.
    static func stamp(_ filetime: Int64) -> String? {
        guard filetime >= 0 else { return nil }
        let seconds = filetime / 10_000_000 - 11_644_473_600
        let fraction = Int(filetime % 10_000_000)
        let days = Int(seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400)
        let rest = Int(seconds - Int64(days) * 86_400)
        let date = CivilCalendar.date(days: days)
        guard date.year <= 9999 else { return nil }
        func p(_ v: Int, _ w: Int) -> String { TraceLoggingSchema.pad(v, w) }
        return "\(p(date.year, 4))/\(p(date.month, 2))/\(p(date.day, 2)) \(p(rest / 3600, 2)):\(p(rest / 60 % 60, 2)):\(p(rest % 60, 2)).\(p(fraction, 7))"
    }

    private static func column(_ out: inout [UInt8], _ text: String, _ width: Int, token: Bool = false) {
        var n = 0
        for c in text.utf8 {
            out.append(token && (c <= 0x20 || c == 0x7F) ? 0x5F : c)
            n += 1
        }
        for _ in n..<max(n, width) { out.append(0x20) }
        out.append(0x20)
    }

    /// One field: its value; several: `name=value, name=value`. Control characters become spaces (a value
    /// with a line break must not make two lines).
    private static func message(_ out: inout [UInt8], _ fields: [(name: String, value: String)]) {
        func put(_ s: String) { for c in s.utf8 { out.append(c < 0x20 || c == 0x7F ? 0x20 : c) } }
        if fields.count == 1 {
            put(fields[0].value)
            return
        }
        for (i, field) in fields.enumerated() {
            if i > 0 { put(", ") }
            put(field.name)
            put("=")
            put(field.value)
        }
    }
}

/// A `.etl` input: decoded to WindowsUpdate.log lines and read through the text pipeline as a
/// `windowsupdate` source, or skipped with the reason.
enum ETLSource {
    /// Traces decoded: the Windows Update client's and WaaSMedic's (both TraceLogging). Other traces (setup,
    /// kernel, WPR) need their providers' manifests.
    static func decodes(name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".etl") && (lower.hasPrefix("windowsupdate") || lower.hasPrefix("waasmedic"))
    }

    static let otherReason = "ETW trace: only WindowsUpdate*.etl and waasmedic*.etl are decoded (other providers need their manifests)"

    static func scan(_ bytes: [UInt8], path: String, limits: InputLimits, signatures: [LineSignature]) -> SourceOutcome {
        let trace = ETLTrace.decode(bytes)
        func skipped(_ reason: String) -> SourceOutcome {
            SourceOutcome(record: SourceRecord(path: path, kind: .etl, status: .skipped, reason: reason, encoding: "binary",
                                               bytes: bytes.count, lines: 0, notes: trace.notes), facts: [])
        }
        if let failure = trace.failure { return skipped(failure) }
        let summary = summary(trace)
        guard trace.decodedCount > 0 else {
            return skipped("ETW trace without decodable TraceLogging events: \(summary)")
        }
        let text = ETLLines.render(trace)
        let sample = Array(text.prefix(Recognizer.sampleSize))
        let pipeline = TextPipeline(path: path, recognition: Recognition(kind: .windowsUpdate, outcome: .text(.utf8)),
                                    encoding: .utf8, decodedSample: sample, limits: limits, signatures: signatures)
        text.withUnsafeBytes { pipeline.feed($0) }
        var outcome = pipeline.finish(bytes: bytes.count)
        outcome.record.encoding = "etw"
        outcome.record.notes.insert("ETW trace decoded to WindowsUpdate.log lines (times UTC; line N = event N): \(summary)", at: 0)
        outcome.record.notes.insert(contentsOf: trace.notes, at: 1)
        return outcome
    }

    /// `175 events: 173 decoded (WUTraceLogging), 2 without a TraceLogging schema, 0 undecodable`, plus the
    /// reasons of undecodable ones.
    static func summary(_ trace: ETLTrace) -> String {
        var providers: Set<String> = []
        var noSchema = 0
        var reasons: [String: Int] = [:]
        for event in trace.events {
            switch event.status {
            case .decoded: providers.insert(event.provider.isEmpty ? "unnamed provider" : event.provider)
            case .noSchema: noSchema += 1
            case .undecodable(let reason): reasons[reason, default: 0] += 1
            }
        }
        let undecodable = reasons.values.reduce(0, +)
        var text = "\(trace.events.count) events in \(trace.buffers) buffers: \(trace.decodedCount) decoded"
        if !providers.isEmpty { text += " (\(providers.sorted().joined(separator: ", ")))" }
        text += ", \(noSchema) without a TraceLogging schema (kernel header, manifest or WPP events), \(undecodable) TraceLogging events not decodable"
        if !reasons.isEmpty {
            text += " (" + reasons.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: "; ") + ")"
        }
        return text
    }
}

extension ETLSource {
    /// A `.etl` file on disk: read whole (up to `maxMemberBytes`), then ``scan(_:path:limits:signatures:)``.
    static func scanFile(fd: Int32, size: Int, path: String, name: String, limits: InputLimits,
                         signatures: [LineSignature]) -> SourceOutcome {
        guard decodes(name: name) else {
            return SourceOutcome(record: SourceRecord(path: path, kind: .etl, status: .skipped, reason: otherReason,
                                                      encoding: "binary", bytes: size, lines: 0), facts: [])
        }
        guard size <= limits.maxMemberBytes else {
            return SourceOutcome(record: SourceRecord(path: path, kind: .etl, status: .skipped,
                                                      reason: "too large to decode: \(size) bytes (limit \(limits.maxMemberBytes))",
                                                      encoding: "binary", bytes: size, lines: 0), facts: [])
        }
        var bytes = [UInt8](repeating: 0, count: size)
        var got = 0
        while got < size {
            let n = bytes.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + got, size - got, off_t(got)) }
            if n < 0, errno == EINTR { continue }
            if n < 0 { return FileScanner.unreadable(path, errno) }
            if n == 0 { break }
            got += n
        }
        bytes.removeSubrange(got...)
        return scan(bytes, path: path, limits: limits, signatures: signatures)
    }
}
