import ArgumentParser
import TriageCore

/// `-o/--output` and `--lang`, shared by the commands that write a report (`analyze`, `next`, `fleet`).
struct ReportFileOptions: ParsableArguments {
    @Option(
        name: [.customShort("o"), .customLong("output")],
        help: ArgumentHelp("Write the report to this file (required for html).", valueName: "file"))
    var output: String?

    @Option(name: .customLong("lang"), help: "Language of the report: en or zh-CN.")
    var language: Language = .en
}
