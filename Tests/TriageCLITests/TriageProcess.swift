import Foundation

/// Runs the `triage` executable of the current build (the one beside this test bundle, whatever the
/// configuration), from the repository root, and captures what it prints.
enum TriageProcess {
    static let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// `triage` beside the running test bundle (`.build/<triple>/<configuration>/`).
    static let binary: String? = {
        let runner = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        var directory = runner.deletingLastPathComponent()
        // The bundle may be a directory (`….xctest/Contents/MacOS/…` on macOS).
        for _ in 0..<4 {
            let candidate = directory.appendingPathComponent("triage").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
            directory = directory.deletingLastPathComponent()
        }
        return nil
    }()

    struct Run {
        var out: String
        var err: String
        var status: Int32
    }

    /// Runs triage with `args`; standard output goes to `stdout` when given (e.g. `/dev/full`).
    static func run(_ args: [String], stdout: FileHandle? = nil, environment: [String: String]? = nil) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = args
        process.currentDirectoryURL = repo
        if let environment { process.environment = environment }
        let out = Pipe(), err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var outData = Data()
        let group = DispatchGroup()
        if stdout == nil {
            DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
                   status: process.terminationStatus)
    }
}
