import ArgumentParser
import Foundation
import TriageCore
import TriageEngine
import TriageEvidence

/// `triage evidence PATH… [--format text|json]`: what the reader makes of a bundle — sources and facts.
struct EvidenceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "evidence",
        abstract: "Read log bundles (folders, zips, files) and print their sources and facts."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable { case text, json }

    @Argument(
        help: ArgumentHelp(
            "Folders, .zip bundles or log files; - reads a pasted excerpt from standard input.", valueName: "path"))
    var paths: [String]

    @Option(name: .long, help: "Output format: text or json.")
    var format: Format = .text

    @OptionGroup var knowledge: KnowledgeOptions

    @Option(name: .long, help: ArgumentHelp("Largest plain file read, in bytes.", valueName: "bytes"))
    var maxFileBytes: Int = InputLimits().maxFileBytes

    @Option(name: .long, help: ArgumentHelp("Largest uncompressed zip member, in bytes.", valueName: "bytes"))
    var maxMemberBytes: Int = InputLimits().maxMemberBytes

    @Option(
        name: .long,
        help: ArgumentHelp("Largest total uncompressed size taken from zips, in bytes.", valueName: "bytes"))
    var maxTotalBytes: Int = InputLimits().maxTotalUncompressedBytes

    @Option(name: .long, help: ArgumentHelp("Largest compression ratio of a zip member (N for N:1).", valueName: "n"))
    var maxRatio: Int = InputLimits().maxCompressionRatio

    @Option(name: .long, help: ArgumentHelp("Most members read from one zip.", valueName: "n"))
    var maxZipEntries: Int = InputLimits().maxZipEntries

    @Option(name: .long, help: ArgumentHelp("How deep zips inside zips are opened.", valueName: "n"))
    var maxZipDepth: Int = InputLimits().maxZipDepth

    @Option(
        name: .long,
        help: ArgumentHelp("Bytes of a line given to extractors; longer lines are cut.", valueName: "bytes"))
    var maxLineBytes: Int = InputLimits().maxLineBytes

    var limits: InputLimits {
        InputLimits(
            maxFileBytes: maxFileBytes, maxMemberBytes: maxMemberBytes,
            maxTotalUncompressedBytes: maxTotalBytes, maxCompressionRatio: maxRatio,
            maxZipEntries: maxZipEntries, maxZipDepth: maxZipDepth, maxLineBytes: maxLineBytes)
    }

    /// Largest `--max-line-bytes`: a line is held whole (twice, when transcoded from UTF-16) while it is read.
    static let lineBytesCeiling = 256 << 20

    func validate() throws {
        let positive: [(String, Int)] = [
            ("--max-file-bytes", maxFileBytes), ("--max-member-bytes", maxMemberBytes),
            ("--max-total-bytes", maxTotalBytes), ("--max-ratio", maxRatio),
            ("--max-zip-entries", maxZipEntries), ("--max-zip-depth", maxZipDepth),
            ("--max-line-bytes", maxLineBytes)
        ]
        for (name, value) in positive where value < 1 {
            throw ValidationError("\(name) must be at least 1; got \(value)")
        }
        guard maxLineBytes <= Self.lineBytesCeiling else {
            throw ValidationError(
                "--max-line-bytes must be at most \(Self.lineBytesCeiling) (256 MiB); got \(maxLineBytes)")
        }
    }

    func run() throws {
        var pipeline = try Pipeline.load(knowledge)
        pipeline.limits = limits
        let evidence: EvidenceSet
        do {
            evidence =
                paths.contains(PastedInput.path)
                ? pipeline.read(bytes: try PastedInput.read(alone: paths), name: PastedInput.name)
                : try pipeline.read(paths: paths)
        } catch let error as EvidenceError {
            FileHandle.standardError.write(Data("triage evidence: \(error)\n".utf8))
            throw ExitStatus.noInput
        }
        switch format {
        case .json:
            var writer = EvidenceJSONWriter { chunk in
                var bytes = chunk
                try StandardOutput.write(bytes: &bytes)
            }
            try writer.write(evidence, sources: try EvidenceReport.sourcesJSON(evidence))
        case .text: try StandardOutput.write(EvidenceReport.text(evidence))
        }
        ProcessEnd.now(keeping: evidence)
    }
}
