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
    static func run(
        _ args: [String], stdout: FileHandle? = nil, environment: [String: String]? = nil,
        stdin: String? = nil
    ) throws -> Run {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary!)
        process.arguments = args
        process.currentDirectoryURL = repo
        if let environment { process.environment = environment }
        let out = Pipe()
        let err = Pipe()
        process.standardOutput = stdout ?? out
        process.standardError = err
        let input = Pipe()
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(Data(stdin.utf8))
            try input.fileHandleForWriting.close()
        }
        // Read both pipes concurrently so neither fills up.
        nonisolated(unsafe) var outData = Data()
        let group = DispatchGroup()
        if stdout == nil {
            DispatchQueue.global().async(group: group) { outData = out.fileHandleForReading.readDataToEndOfFile() }
        }
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Run(
            out: String(decoding: outData, as: UTF8.self), err: String(decoding: errData, as: UTF8.self),
            status: process.terminationStatus)
    }
}

extension TriageProcess {
    /// Runs triage with its output discarded and returns its exit status and its own peak resident memory
    /// (KiB). A small python3 process starts it and reads the rusage of its only child: measured from here,
    /// a spawned child would carry over the test process's own high-water mark, and `RUSAGE_CHILDREN` would
    /// include other tests' processes.
    static func peakMemory(_ args: [String]) throws -> (status: Int32, maxRSSKiB: Int) {
        let script = """
            import resource, subprocess, sys
            r = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            print(r.returncode, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, binary!] + args
        process.currentDirectoryURL = repo
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let fields = String(decoding: data, as: UTF8.self).split(separator: " ").map {
            Int($0.trimmingCharacters(in: .whitespacesAndNewlines)) ?? -1
        }
        return (Int32(fields.first ?? -1), fields.count > 1 ? fields[1] : -1)
    }
}
