import TriageCore

extension LogKind {
    /// ETW trace: Windows Update traces are read as `windowsupdate`; others skipped.
    public static let etl = LogKind(rawValue: "etl")
}

extension LogFormat {
    /// Event Trace Logs (`.etl`). The Windows Update client's (`WindowsUpdate.*.etl`, provider
    /// `WUTraceLogging`) and WaaSMedic's (`waasmedic*.etl`) are TraceLogging traces: decoded to the lines
    /// `Get-WindowsUpdateLog` writes and read as a `windowsupdate` source. Other traces are skipped.
    static let etl = LogFormat(
        kind: .etl, names: [.suffix(".etl", priority: 10)], reader: .binary(ETLDecoder()),
        factKinds: [])
}

/// Decodes a Windows Update ETW trace (``ETLTrace``) to WindowsUpdate.log lines (``ETLLines``) and reads
/// them with the WindowsUpdate extractor and signatures, through the same text pipeline as a file: line N
/// is event N, so a fact cites `WindowsUpdate.….etl:N`.
struct ETLDecoder: BinaryLogDecoder {
    var readsAs: LogKind? { .windowsUpdate }

    /// Traces decoded: the Windows Update client's and WaaSMedic's. Other traces (setup, kernel, WPR) need
    /// their providers' manifests.
    static func decodes(name: String) -> Bool {
        let lower = name.lowercased()
        return lower.hasSuffix(".etl") && (lower.hasPrefix("windowsupdate") || lower.hasPrefix("waasmedic"))
    }

    static let otherReason =
        "ETW trace: only WindowsUpdate*.etl and waasmedic*.etl are decoded (other providers need their manifests)"

    func decode(_ input: BinaryLogInput, into context: inout ExtractionContext) throws(BinaryLogError) -> Int {
        let name = context.file.split(separator: "/").last.map(String.init) ?? context.file
        guard Self.decodes(name: name) else { throw BinaryLogError(Self.otherReason) }
        // Events are rendered as they are decoded and fed to the text pipeline 512 KiB at a time: memory holds
        // one chunk of lines, not the trace's events.
        var pipeline: TextPipeline?
        // (A small trace reserves about what it renders to, not the whole chunk.)
        var text: [UInt8] = []
        text.reserveCapacity(min(512 << 10, input.window.count * 2) + 4096)
        func flush() {
            if pipeline == nil {
                // The first flush holds either the whole text or a full chunk: either way its size is the
                // framer's.
                pipeline = TextPipeline(
                    path: context.file, recognition: Recognition(kind: .windowsUpdate, outcome: .text(.utf8)),
                    encoding: .utf8, decodedSample: Array(text.prefix(Recognizer.sampleSize)),
                    limits: input.limits, signatures: input.signatures, expectedBytes: text.count)
            }
            pipeline!.feed(text)
            text.removeAll(keepingCapacity: true)
        }
        let trace = ETLTrace.decode(input.window) { event in
            ETLLines.append(event, to: &text)
            if text.count >= 512 << 10 { flush() }
        }
        context.notes.append(contentsOf: trace.notes)
        if let failure = trace.failure { throw BinaryLogError(failure) }
        let summary = Self.summary(trace)
        guard trace.decodedCount > 0 else {
            throw BinaryLogError("ETW trace without decodable TraceLogging events: \(summary)")
        }
        flush()
        let outcome = pipeline!.finish(bytes: input.window.count)
        context.notes.insert("decoded to WindowsUpdate.log lines (times UTC; line N = event N): \(summary)", at: 0)
        context.notes.append(contentsOf: outcome.record.notes.filter { $0 != "last line has no line end" })
        if let first = outcome.record.first { context.noteTimestamp(first) }
        if let last = outcome.record.last { context.noteTimestamp(last) }
        context.updateFacts { facts in
            facts.append(contentsOf: outcome.facts.lazy.filter { $0.kind != FactKind.sourceCollected })
        }
        return trace.eventCount
    }

    /// `175 events in 15 buffers: 173 decoded (WUTraceLogging), 2 without a TraceLogging schema …, 0 …`,
    /// with the reasons of the undecodable ones.
    static func summary(_ trace: ETLTrace) -> String {
        let undecodable = trace.undecodable.values.reduce(0, +)
        var text = "\(trace.eventCount) events in \(trace.buffers) buffers: \(trace.decodedCount) decoded"
        if !trace.providers.isEmpty { text += " (\(trace.providers.sorted().joined(separator: ", ")))" }
        text +=
            ", \(trace.noSchemaCount) without a TraceLogging schema (kernel header, manifest or WPP events), \(undecodable) TraceLogging events not decodable"
        if !trace.undecodable.isEmpty {
            text +=
                " ("
                + trace.undecodable.sorted { $0.key < $1.key }.map { "\($0.value)× \($0.key)" }.joined(separator: "; ")
                + ")"
        }
        return text
    }
}

/// Reading a Windows Update trace given as bytes (the fuzzing entry): what a bundle holding only this file
/// would give.
public enum ETLReader {
    public static func read(
        _ bytes: [UInt8], name: String = "WindowsUpdate.etl", limits: InputLimits = .init(),
        signatures: [LineSignature] = []
    ) -> EvidenceSet {
        var outcome = BinaryPipeline.decode(
            bytes, path: name, kind: .etl, decoder: ETLDecoder(), limits: limits, signatures: signatures)
        EvidenceReader.sort(&outcome.facts)
        return EvidenceSet(sources: [outcome.record], facts: outcome.facts)
    }
}
