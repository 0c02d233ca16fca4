import ArgumentParser
import Foundation
import TriageCases
import TriageCore
import TriageEngine
import TriageEvidence

struct FleetCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Analyse many bundles, one per machine: a row per machine, then the machines grouped by diagnosis.",
        discussion: """
            Each PATH is one machine's bundle (folder or .zip). Bundles are analysed in parallel (--jobs at a \
            time) and only each machine's summary is kept, so a thousand bundles fit in memory. Text rows are \
            printed as the bundles are done, in the order given; progress goes to standard error when it is a \
            terminal.
            """)

    @Argument(help: ArgumentHelp("One bundle per machine: folders or .zip files.", valueName: "path"))
    var paths: [String]

    @Option(help: "Output format: text, json or html (with -o).")
    var format: FleetFormat = .text

    @OptionGroup var reportFile: ReportFileOptions
    var output: String? { reportFile.output }
    var language: Language { reportFile.language }

    @Option(help: ArgumentHelp("Bundles analysed at once (default: the cores).", valueName: "n"))
    var jobs: Int = Parallel.cores

    @OptionGroup var knowledgeOptions: KnowledgeOptions

    enum FleetFormat: String, ExpressibleByArgument { case text, json, html }

    func validate() throws {
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        if format == .html, output == nil {
            throw ValidationError("--format html writes one file: give it with -o FILE")
        }
    }

    func run() throws {
        ToolVersion.prepare(for: knowledgeOptions)
        let pipeline = try Pipeline.load(knowledgeOptions)
        let width = Console.width
        let streaming = format == .text && output == nil
        var failure: Error?
        if streaming {
            try StandardOutput.write(
                FleetReport.header(language: language, words: pipeline.knowledge.uiText, width: width) + "\n")
        }
        let progress = isatty(STDERR_FILENO) == 1 ? FleetProgress(total: paths.count) : nil
        let rows = FleetRunner(paths: paths, pipeline: pipeline, jobs: jobs).run { row in
            progress?.tick()
            guard streaming, failure == nil else { return }
            do { try StandardOutput.write(FleetReport.row(row, width: width) + "\n") } catch { failure = error }
        }
        progress?.finish()
        if let failure { throw failure }
        let text: String
        let content: StandardOutput.Content
        switch format {
        case .text:
            text =
                (streaming
                    ? ""
                    : ([FleetReport.header(language: language, words: pipeline.knowledge.uiText, width: width)]
                        + rows.map { FleetReport.row($0, width: width) }).joined(separator: "\n") + "\n")
                + FleetReport.groupsText(rows, language: language, words: pipeline.knowledge.uiText, width: width)
            content = .text
        case .json:
            text = ToolVersion.stamped(
                FleetReport.jsonValue(rows, language: language, words: pipeline.knowledge.uiText),
                version: ToolVersion.json(knowledgeOptions))
            content = .json
        case .html:
            text = FleetReport.html(
                rows, language: language, words: pipeline.knowledge.uiText,
                version: ToolVersion.line(ToolVersion.json(knowledgeOptions)))
            content = .text
        }
        try ReportOutput.deliver(text, as: content, to: output)
    }
}

/// Analyses the bundles on `jobs` workers; each worker keeps one bundle's facts at a time and stores only
/// its row. `emit` gets the rows in input order, as soon as every earlier row is done (on a worker thread,
/// one call at a time).
struct FleetRunner {
    var paths: [String]
    var pipeline: TriagePipeline
    var jobs: Int

    func run(emit: (FleetRow) -> Void) -> [FleetRow] {
        let slots = ParallelSlots<FleetRow>(count: paths.count)
        let order = InOrder()
        var pipeline = pipeline
        // The cores are shared by the bundles analysed at once.
        pipeline.concurrency = max(1, Parallel.cores / max(1, min(jobs, paths.count)))
        Parallel.forEachWorker(count: paths.count, workers: jobs, slots: slots) { index in
            let path = paths[index]
            let row: FleetRow
            if !FileManager.default.fileExists(atPath: path) {
                row = FleetRow(
                    bundle: path, machine: (path as NSString).lastPathComponent, problem: "no such file or folder")
            } else {
                do {
                    row = FleetRow(bundle: path, analysis: try pipeline.analyze(paths: [path]))
                } catch {
                    row = FleetRow(bundle: path, machine: (path as NSString).lastPathComponent, problem: "\(error)")
                }
            }
            order.done(row, at: index, emit: emit)
            return row
        }
        return slots.results()
    }
}

/// Hands rows on in input order: a row done early waits until the rows before it are done.
final class InOrder: @unchecked Sendable {
    private let lock = NSLock()
    private var waiting: [Int: FleetRow] = [:]
    private var next = 0

    func done(_ row: FleetRow, at index: Int, emit: (FleetRow) -> Void) {
        lock.lock()
        defer { lock.unlock() }
        waiting[index] = row
        while let ready = waiting.removeValue(forKey: next) {
            emit(ready)
            next += 1
        }
    }
}

/// `analysed 12/1000` on standard error, rewritten in place (only when standard error is a terminal).
final class FleetProgress: @unchecked Sendable {
    private let lock = NSLock()
    private let total: Int
    private var done = 0

    init(total: Int) { self.total = total }

    func tick() {
        lock.lock()
        done += 1
        let text = "\r\u{1B}[Kanalysed \(done)/\(total)"
        lock.unlock()
        FileHandle.standardError.write(Data(text.utf8))
    }

    func finish() { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
}
