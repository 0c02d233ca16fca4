import TriageCases
import TriageCore
import TriageEngine

/// The terminal report (`analyze`), or the case header, findings and report (`next`).
struct TextRenderer: ReportRenderer {
    let name = "text"
    func render(_ input: ReportInput) throws -> RenderedReport {
        let text =
            if let (manifest, evaluation) = input.caseContext {
                CaseNextReport.text(
                    manifest, evaluation, language: input.language, color: input.color,
                    width: input.width, verbose: input.verbose)
            } else {
                TextReport.render(
                    input.analysis, language: input.language, color: input.color, width: input.width,
                    verbose: input.verbose)
            }
        return RenderedReport(text: text, content: input.color ? .colouredText : .text)
    }
}

/// The JSON report with its `version` object.
struct JSONRenderer: ReportRenderer {
    let name = "json"
    func render(_ input: ReportInput) throws -> RenderedReport {
        if let (manifest, evaluation) = input.caseContext {
            let value = CaseNextReport.jsonValue(manifest, evaluation, language: input.language)
            return RenderedReport(text: ToolVersion.stamped(value, version: input.version), content: .json)
        }
        return RenderedReport(
            utf8: JSONReport.utf8(input.analysis, language: input.language, adding: ["version": input.version]),
            content: .json)
    }
}

struct MarkdownRenderer: ReportRenderer {
    let name = "markdown"
    func render(_ input: ReportInput) throws -> RenderedReport {
        let text =
            if let (manifest, evaluation) = input.caseContext {
                CaseNextReport.markdown(manifest, evaluation, language: input.language)
            } else {
                MarkdownReport.render(input.analysis, language: input.language)
            }
        return RenderedReport(text: text, content: .text)
    }
}

/// The reply to the customer's engineer.
struct MailRenderer: ReportRenderer {
    let name = "mail"
    func render(_ input: ReportInput) throws -> RenderedReport {
        RenderedReport(
            text: MailReport.render(input.analysis, knowledge: input.knowledge, language: input.language),
            content: .text)
    }
}
