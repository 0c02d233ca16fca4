import ArgumentParser

/// Where a rendered report goes: standard output, or the file of `-o` (written whole, never through a
/// symlink or device; see ``OutputFile``).
enum ReportOutput {
    static func validate(_ format: OutputFormat, _ output: String?) throws {
        if format.renderer.wantsFile, output == nil {
            throw ValidationError("--format \(format.name) writes one file: give it with -o FILE")
        }
    }

    static func write(_ format: OutputFormat, _ input: ReportInput, to output: String?) throws {
        var input = input
        if output != nil { input.color = false }
        let report = try format.renderer.render(input)
        try deliver(report.body, as: report.content, to: output)
    }

    /// `text` to standard output, or whole to the file of `-o` (a failure to write it exits 73).
    static func deliver(_ text: String, as content: StandardOutput.Content, to output: String?) throws {
        try deliver(.text(text), as: content, to: output)
    }

    /// A report's text or UTF-8 bytes (written as they are), to standard output or the file of `-o`.
    static func deliver(_ body: RenderedReport.Body, as content: StandardOutput.Content, to output: String?) throws {
        do {
            switch (body, output) {
            case (.text(let text), nil): return try StandardOutput.write(text, as: content)
            case (.utf8(var bytes), nil): return try StandardOutput.write(bytes: &bytes)
            case (.text(let text), let path?): try OutputFile.write(text, to: path)
            case (.utf8(let bytes), let path?): try OutputFile.write(bytes: bytes, to: path)
            }
        } catch let error where output != nil {
            Console.error("triage: cannot write \(output!): \(error)")
            throw ExitStatus.cannotCreate
        }
    }
}
