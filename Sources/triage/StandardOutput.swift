import ArgumentParser
import TriageCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The one way the commands write to standard output: every write is checked (a full disk, a closed file
/// or `/dev/full` ends the command with status 73 and a message, never a crash or a silent 0), and
/// human-readable formats have control characters from inputs escaped (``TerminalText``). JSON is written
/// as is: its writer escapes control characters as JSON does.
enum StandardOutput {
    enum Content { case text, colouredText, json }

    /// Writes `text`, escaping control characters unless it is JSON (coloured text keeps its SGR codes).
    static func write(_ text: String, as content: Content = .text) throws {
        let safe =
            switch content {
            case .text: TerminalText.escape(text, keepingNewlines: true)
            case .colouredText: TerminalText.escape(text, keepingNewlines: true, keepingColour: true)
            case .json: text
            }
        var bytes = Array(safe.utf8)
        try write(bytes: &bytes)
    }

    /// Writes raw bytes (already-escaped JSON chunks). The array passes to `write(2)` as its buffer; after a
    /// partial write (a pipe or terminal taking part of it) the rest is written from a copy of what is left.
    static func write(bytes: inout [UInt8]) throws {
        var rest = bytes[...]
        while !rest.isEmpty {
            let pending = rest.startIndex == 0 ? bytes : Array(rest)
            let n = systemWrite(STDOUT_FILENO, pending, pending.count)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure(errno)
            }
            rest = rest.dropFirst(n)
        }
    }

    static func failure(_ code: Int32) -> ExitCode {
        Console.error("triage: cannot write to standard output: \(String(cString: strerror(code)))")
        return ExitStatus.cannotCreate
    }
}

#if canImport(Glibc)
    private let systemWrite = Glibc.write
#else
    private let systemWrite = Darwin.write
#endif
