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

    /// `facts` sorted with `Fact.stableOrder`, equal facts kept in their order. The sort orders indices and
    /// then moves the facts into place by swaps: copying a fact retains and releases every string in it.
    static func sort(_ facts: inout [Fact]) {
        // File and line decide almost every comparison: sort by them packed into one integer (the file's
        // rank among the sorted distinct paths, then the line), and use the full order only within a line.
        var keys: [UInt64] = []
        keys.reserveCapacity(facts.count)
        facts.withUnsafeBufferPointer { all in
            var fileRank: [String: Int] = [:]
            for i in all.indices where fileRank[all[i].provenance.file] == nil { fileRank[all[i].provenance.file] = 0 }
            for (rank, file) in fileRank.keys.sorted().enumerated() { fileRank[file] = rank }
            for i in all.indices {
                keys.append(UInt64(fileRank[all[i].provenance.file]!) << 40 | UInt64(max(0, all[i].provenance.line)))
            }
        }
        var order = Array(facts.indices)
        order.sort { keys[$0] != keys[$1] ? keys[$0] < keys[$1] : $0 < $1 }
        if order.count > 1 {
            facts.withUnsafeBufferPointer { all in
                var runStart = 0
                for k in 1...order.count {
                    guard k == order.count || keys[order[k]] != keys[order[runStart]] else { continue }
                    if k - runStart > 1 {
                        order[runStart..<k].sort { a, b in
                            // Kinds first, as `stableOrder` does: passing whole facts to it copies them.
                            if all[a].kind != all[b].kind { return all[a].kind < all[b].kind }
                            if Fact.stableOrder(all[a], all[b]) { return true }
                            if Fact.stableOrder(all[b], all[a]) { return false }
                            return a < b
                        }
                    }
                    runStart = k
                }
            }
        }
        // Position k takes the fact at order[k]: follow each cycle of the permutation with swaps (of the
        // buffer: they move facts, where the array's swapAt copies them).
        facts.withUnsafeMutableBufferPointer { all in
            for start in order.indices where order[start] != start {
                var k = start
                while order[k] != start {
                    let next = order[k]
                    all.swapAt(k, next)
                    order[k] = k
                    k = next
                }
                order[k] = k
            }
        }
    }

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
        let cores = CoreBudget(spare: concurrency - workers)
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            var archives: [ObjectIdentifier: ArchiveBytes] = [:]
            defer { for open in archives.values { open.close() } }
            defer { cores.give() }  // this worker's core, once it has no file left
            var cabs: [ObjectIdentifier: CabArchive] = [:]
            while let index = results.claim() {
                let outcome: SourceOutcome
                switch items[index] {
                case .done(let done):
                    outcome = done
                case .file(let file, let path, let name):
                    outcome = FileScanner.scan(
                        file: file, path: path, name: name, limits: limits, signatures: signatures,
                        cores: cores, pipelineThreshold: pipelineThreshold)
                case .bytes(let bytes, let path, let name):
                    var scanner = StreamScanner(
                        path: path, name: name, limits: limits, signatures: signatures, expectedBytes: bytes.count)
                    bytes.withUnsafeBytes { all in
                        var offset = 0
                        while offset < all.count {  // in read-sized chunks, as a file or member arrives
                            let end = min(all.count, offset + (256 << 10))
                            scanner.feed(UnsafeRawBufferPointer(rebasing: all[offset..<end]))
                            offset = end
                        }
                    }
                    outcome = scanner.finish()
                case .member(let source, let record, let path, let name):
                    outcome = Self.readMember(
                        source, record, path: path, name: name, limits: limits,
                        signatures: signatures, archives: &archives)
                case .cabMember(let cab, let index, let path, let name, let declared):
                    outcome = Self.readCabMember(
                        cab, index, path: path, name: name, declared: declared, limits: limits,
                        signatures: signatures, cabs: &cabs)
                }
                results.store(outcome, at: index)
            }
        }
        return results.results()
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
