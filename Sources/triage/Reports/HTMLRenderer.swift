import TriageCore
import TriageEngine

/// `--format html -o FILE`: one self-contained file (``HTMLReport``); log views read from the bundle's
/// folders when the logs are there.
struct HTMLRenderer: ReportRenderer {
    let name = "html"
    var wantsFile: Bool { true }

    func render(_ input: ReportInput) throws -> RenderedReport {
        var options = HTMLReport.Options()
        options.language = input.language
        options.version = ToolVersion.line(input.version)
        let reader = LogLineReader(roots: input.roots)
        options.lines = { file, from, to in reader.lines(file, from: from, to: to) }
        if let (manifest, evaluation) = input.caseContext {
            let words = input.analysis.text
            options.title =
                words.string("html.case", input.language) + manifest.id + (manifest.kb.map { " · \($0)" } ?? "")
            if let submission = evaluation.submission {
                options.preface.append(
                    words.string("html.bundle-analysed", input.language) + submission.bundle
                        + " (" + submission.date.description + ")")
            }
        }
        return RenderedReport(text: HTMLReport.render(input.analysis, options: options), content: .json)
    }
}
