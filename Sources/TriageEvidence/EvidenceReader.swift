import Dispatch
import Foundation
import TriageCore

/// Reads log bundles — folders, zips (nested too) and single files — into an ``EvidenceSet``: every file
/// accounted for as a `SourceRecord`, and the facts its extractor and the line signatures of its kind found.
///
/// Each file is read once, as bytes, in large chunks (zip members are inflated in memory, never written to
/// disk); files are read in parallel on all cores and merged in a fixed order, so the result does not depend
/// on timing. Facts are sorted with `Fact.stableOrder`, sources by path.
public struct EvidenceReader: Sendable {
    public var limits: InputLimits
    public var signatures: [LineSignature]
    /// Files read at once (default: active cores).
    public var concurrency: Int
    /// Text files of this many bytes or more are read on two threads when a core is free
    /// (`PipelinedRead`: fewer files than `concurrency`, or the other workers done); `Int.max`: never.
    /// `TRIAGE_PIPELINE_BYTES` in the environment sets it (benchmarks compare both reads of one binary).
    public var pipelineThreshold = EvidenceReader.defaultPipelineThreshold
    /// Which thread of a two-thread read matches the signatures (tests fix it; the default adapts).
    var pipelineMatching = PipelinedRead.Matching.whenBehind
    /// Whether a two-thread read of a UTF-8 file maps it instead of reading it (``MappedInput``; tests read
    /// both ways).
    var mapsLargeFiles = true

    static var defaultPipelineThreshold: Int {
        ProcessInfo.processInfo.environment["TRIAGE_PIPELINE_BYTES"].flatMap { Int($0) } ?? PipelinedRead.threshold
    }

    public init(limits: InputLimits = .init(), signatures: [LineSignature] = []) {
        self.limits = limits
        self.signatures = signatures
        concurrency = ProcessInfo.processInfo.activeProcessorCount
    }

    /// A reader with what the knowledge base says about the logs: its line signatures and the Process Monitor
    /// results that count as failures.
    public init(limits: InputLimits = .init(), knowledge: KnowledgeBase) {
        var limits = limits
        limits.procmonFailureResults = knowledge.procmonFailureCodes
        limits.instanceAttributes = Dictionary(
            knowledge.factKinds.map { ($0.id, $0.instanceAttributes) }, uniquingKeysWith: { $0.union($1) })
        self.init(limits: limits, signatures: knowledge.signatures)
    }

    /// Throws only when an input path does not exist or cannot be read at all; everything else becomes a
    /// skipped source with a reason.
    public func read(paths: [String]) throws -> EvidenceSet {
        var planner = InputPlanner(limits: limits)
        try planner.plan(paths)
        return assemble(planner)
    }

    /// Reads one input held in memory, as the file `name` (its name decides the kind as a file's would; a
    /// `.zip` name opens it as a bundle). For pasted text and for the fuzz harnesses.
    public func read(bytes: [UInt8], name: String) -> EvidenceSet {
        read(files: [(name, bytes)])
    }

    /// Reads several inputs held in memory as one bundle; each name is its path in the bundle
    /// (`Logs/CBS/CBS.log`). Rule examples are read this way, without temporary files.
    public func read(files: [(name: String, bytes: [UInt8])]) -> EvidenceSet {
        var planner = InputPlanner(limits: limits)
        for file in files { planner.plan(bytes: file.bytes, name: file.name) }
        return assemble(planner)
    }

    private func assemble(_ planner: InputPlanner) -> EvidenceSet {
        let items = planner.items
        var outcomes = run(items)
        var sources: [SourceRecord] = []
        var facts: [Fact] = []
        for i in outcomes.indices {
            sources.append(outcomes[i].record)
            // Move, not copy: a 1 GB log has hundreds of thousands of facts.
            if facts.isEmpty {
                swap(&facts, &outcomes[i].facts)
            } else {
                facts.append(contentsOf: outcomes[i].facts)
                outcomes[i].facts = []
            }
        }
        facts.append(contentsOf: collectorFacts(planner.collectorMentions))
        ChannelInference.apply(to: &facts)
        FeatureUpdateMerge.apply(to: &facts)
        sources.sort { $0.path < $1.path }
        Self.sort(&facts)
        return EvidenceSet(sources: sources, facts: facts)
    }

    /// `facts` sorted with `Fact.stableOrder`, equal facts kept in their order (``FactOrder``).
    static func sort(_ facts: inout [Fact]) { FactOrder.sort(&facts) }

    /// `collector` facts for tool names in file, folder and zip names (line 0: the name itself), once per
    /// name and version, cited at the first (sorted) path that names it.
    private func collectorFacts(_ mentions: [(path: String, found: CollectorNames.Found)]) -> [Fact] {
        var first: [CollectorNames.Found: String] = [:]
        for mention in mentions {
            if let known = first[mention.found], known <= mention.path { continue }
            first[mention.found] = mention.path
        }
        return first.map { found, path in
            var attributes = ["name": found.name]
            if let version = found.version { attributes["version"] = version }
            return Fact(kind: FactKind.collector, attributes: attributes, provenance: Provenance(file: path, line: 0))
        }
    }

    private func run(_ items: [WorkItem]) -> [SourceOutcome] {
        let results = ParallelSlots<SourceOutcome>(count: items.count)
        let workers = max(1, min(concurrency, items.count))
        let limits = limits
        let signatures = signatures
        let pipelineThreshold = pipelineThreshold
        let pipelineMatching = pipelineMatching
        let mapsLargeFiles = mapsLargeFiles
        let cores = CoreBudget(spare: concurrency - workers)
        Parallel.forEachWorker(
            count: items.count, workers: workers, slots: results, start: { OpenInputs() },
            finish: { open in
                cores.give()  // this worker's core, once it has no file left
                open.close()
            },
            work: { index, open in
                switch items[index] {
                case .done(let done):
                    return done
                case .file(let file, let path, let name):
                    return FileScanner.scan(
                        file: file, path: path, name: name, limits: limits, signatures: signatures,
                        cores: cores, pipelineThreshold: pipelineThreshold, matching: pipelineMatching,
                        mapping: mapsLargeFiles)
                case .bytes(let bytes, let path, let name):
                    var scanner = StreamScanner(
                        path: path, name: name, limits: limits, signatures: signatures, expectedBytes: bytes.count)
                    scanner.feed(bytes, chunkSize: 256 << 10)  // in read-sized chunks, as a file arrives
                    return scanner.finish()
                case .member(let source, let record, let path, let name):
                    return Self.readMember(
                        source, record, path: path, name: name, limits: limits,
                        signatures: signatures, archives: &open.archives)
                case .cabMember(let cab, let index, let path, let name, let declared):
                    return Self.readCabMember(
                        cab, index, path: path, name: name, declared: declared, limits: limits,
                        signatures: signatures, cabs: &open.cabs)
                }
            })
        return results.results()
    }

    /// The archives and cabinets one worker has opened (each read once, by the worker that opened it).
    private struct OpenInputs {
        var archives: [ObjectIdentifier: ArchiveBytes] = [:]
        var cabs: [ObjectIdentifier: CabArchive] = [:]

        func close() { for open in archives.values { open.close() } }
    }

    private static func readMember(
        _ source: ArchiveSource, _ record: ZipDirectory.Record, path: String, name: String,
        limits: InputLimits, signatures: [LineSignature],
        archives: inout [ObjectIdentifier: ArchiveBytes]
    ) -> SourceOutcome {
        let archive: ArchiveBytes
        if let open = archives[ObjectIdentifier(source)] {
            archive = open
        } else {
            do { archive = try source.open() } catch {
                return InputPlanner.skipped(path, reason: "zip \(error.reason)")
            }
            archives[ObjectIdentifier(source)] = archive
        }
        var scanner = StreamScanner(
            path: path, name: name, limits: limits, signatures: signatures,
            expectedBytes: Int(clamping: record.uncompressedSize))
        do {
            try ZipMemberReader.stream(archive, record, limits: limits) { scanner.feed($0) }
        } catch {
            var outcome = InputPlanner.skipped(path, reason: error.reason)
            outcome.record.bytes = Int(clamping: record.uncompressedSize)
            return outcome
        }
        var outcome = scanner.finish()
        if outcome.record.status == .skipped, outcome.record.reason == "zip archive" {
            outcome.record.reason = "zip archive without a .zip name: not opened"
        }
        return outcome
    }
}
