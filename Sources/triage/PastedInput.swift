import ArgumentParser

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// `-` as the input: an excerpt a customer pasted into a mail or a ticket, read from standard input. It has
/// no file name, so its log kind comes from its content (which tolerates runs of spaces collapsed by the mail
/// client); its lines are cited as `pasted.txt:N`.
enum PastedInput {
    static let path = "-"
    static let name = "pasted.txt"
    /// A paste is small; this only stops a runaway pipe.
    static let maxBytes = 256 << 20

    /// Standard input, whole; `-` must be the only input.
    static func read(alone paths: [String]) throws -> [UInt8] {
        guard paths == [path] else {
            throw ValidationError("'-' (standard input) cannot be combined with other inputs")
        }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 64 << 10)
        while true {
            let n = systemRead(STDIN_FILENO, &chunk, chunk.count)
            if n < 0 {
                if errno == EINTR { continue }
                Console.error("triage: cannot read standard input: \(String(cString: strerror(errno)))")
                throw ExitStatus.noInput
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
            guard bytes.count <= maxBytes else {
                Console.error("triage: standard input is over \(maxBytes) bytes; give the file itself instead")
                throw ExitStatus.noInput
            }
        }
        return bytes
    }
}

#if canImport(Glibc)
    private let systemRead = Glibc.read
#else
    private let systemRead = Darwin.read
#endif
