import ArgumentParser
import TriageCases
import TriageCore
import TriageEngine

/// What a report is made from: one analysis, and for `triage next` the case it belongs to.
struct ReportInput {
    var analysis: Analysis
    var knowledge: KnowledgeBase
    var language: Language
    var color: Bool
    var width: Int
    var verbose: Bool
    /// The `version` object (tool and knowledge base) every JSON and HTML report carries.
    var version: JSONValue
    /// The bundle's folders or files as given (the HTML log views read the logs from them).
    var roots: [String] = []
    /// `triage next`: the case manifest and its evaluation; nil for `analyze`.
    var caseContext: (manifest: CaseManifest, evaluation: CaseEvaluation)? = nil
}

/// A rendered report and how standard output must treat it.
struct RenderedReport {
    enum Body {
        case text(String)
        /// UTF-8 bytes written as they are (a JSON report, made as bytes: no copy into a `String` and back).
        case utf8([UInt8])
    }

    var body: Body
    var content: StandardOutput.Content

    init(text: String, content: StandardOutput.Content) {
        body = .text(text)
        self.content = content
    }

    init(utf8: [UInt8], content: StandardOutput.Content) {
        body = .utf8(utf8)
        self.content = content
    }
}

/// One report format (`--format NAME`). Every format is registered once, in ``ReportFormats/all``.
protocol ReportRenderer: Sendable {
    var name: String { get }
    /// Whether the report is one file meant for `-o FILE` (HTML) rather than the terminal.
    var wantsFile: Bool { get }
    func render(_ input: ReportInput) throws -> RenderedReport
}

extension ReportRenderer {
    var wantsFile: Bool { false }
}

/// The one registration point of the report formats: `--format` accepts exactly these names.
enum ReportFormats {
    static let all: [any ReportRenderer] = [
        TextRenderer(), JSONRenderer(), MarkdownRenderer(), MailRenderer(), HTMLRenderer()
    ]

    static func named(_ name: String) -> (any ReportRenderer)? { all.first { $0.name == name } }
}

/// `--format`: a name from ``ReportFormats/all``.
struct OutputFormat: ExpressibleByArgument, Sendable {
    let renderer: any ReportRenderer
    var name: String { renderer.name }

    init?(argument: String) {
        guard let renderer = ReportFormats.named(argument) else { return nil }
        self.renderer = renderer
    }

    static let text = OutputFormat(argument: "text")!
    static var allValueStrings: [String] { ReportFormats.all.map(\.name) }
    var defaultValueDescription: String { name }
}
