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
        switch report.body {
        case .text(let text): try deliver(text, as: report.content, to: output)
        case .utf8(var bytes):
            guard let output else {
                try StandardOutput.write(bytes: &bytes)
                return
            }
            do {
                try OutputFile.write(bytes: bytes, to: output)
            } catch {
                Console.error("triage: cannot write \(output): \(error)")
                throw ExitStatus.cannotCreate
            }
        }
    }

    /// `text` to standard output, or whole to the file of `-o` (a failure to write it exits 73).
    static func deliver(_ text: String, as content: StandardOutput.Content, to output: String?) throws {
        guard let output else {
            try StandardOutput.write(text, as: content)
            return
        }
        do {
            try OutputFile.write(text, to: output)
        } catch {
            Console.error("triage: cannot write \(output): \(error)")
            throw ExitStatus.cannotCreate
        }
    }
}
