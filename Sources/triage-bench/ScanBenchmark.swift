import Foundation
import TriageCore
import TriageEngine
import TriageEvidence

/// `triage-bench scan generate FILE MB` writes a CBS-like log (1% Error lines with
/// `[HRESULT = 0x800f0821 - CBS_E_ABORT]`); `triage-bench scan read FILE… [--threads N] [--no-signatures]`
/// reads files with the EvidenceReader and all built-in CBS signatures and prints MB/s and peak RSS.
enum ScanBenchmark {
    static func run(_ arguments: [String]) throws {
        switch arguments.first {
        case "generate":
            guard arguments.count >= 3, let megabytes = Int(arguments[2]) else { usage() }
            try generate(path: arguments[1], bytes: megabytes << 20)
        case "read":
            var paths: [String] = []
            var threads = ProcessInfo.processInfo.activeProcessorCount
            var withSignatures = true
            var rest = arguments.dropFirst()
            while let argument = rest.popFirst() {
                switch argument {
                case "--threads": threads = Int(rest.popFirst() ?? "") ?? threads
                case "--no-signatures": withSignatures = false
                default: paths.append(argument)
                }
            }
            guard !paths.isEmpty else { usage() }
            try read(paths: paths, threads: threads, signatures: withSignatures ? builtinSignatures : [])
        default:
            usage()
        }
    }

    /// Prints the usage to standard error and ends the process with 64 (EX_USAGE).
    static func usage() -> Never {
        FileHandle.standardError.write(
            Data(
                "usage: triage-bench scan generate FILE MB | scan read FILE… [--threads N] [--no-signatures]\n".utf8))
        exit(64)
    }

    // MARK: Reading

    static func read(paths: [String], threads: Int, signatures: [LineSignature]) throws {
        var knowledge = KnowledgeBase()
        knowledge.signatures = signatures
        let pipeline = TriagePipeline(knowledge: knowledge, concurrency: threads)
        let started = DispatchTime.now()
        let evidence = try pipeline.read(paths: paths)
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - started.uptimeNanoseconds) / 1e9
        let bytes = evidence.sources.reduce(0) { $0 + $1.bytes }
        let lines = evidence.sources.reduce(0) { $0 + $1.lines }
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        let counts = Dictionary(grouping: evidence.facts, by: \.kind).mapValues(\.count)
        print(
            String(
                format: "reader+%d signatures, %d thread(s): %.0f MB in %.2f s = %.0f MB/s, %d lines, peak RSS %.0f MB",
                signatures.count, threads, Double(bytes) / 1e6, seconds, Double(bytes) / 1e6 / seconds, lines,
                Double(usage.ru_maxrss) / 1024))
        print("facts: " + counts.keys.sorted().map { "\($0) \(counts[$0]!)" }.joined(separator: ", "))
    }

    /// A realistic CBS signature set (the lines the knowledge base's CBS signatures describe), used when the
    /// knowledge loader is not wired into the benchmark.
    static let builtinSignatures: [LineSignature] = {
        func sig(
            _ id: String, _ literals: [String], level: String? = nil, component: String? = nil,
            _ captures: [LineSignature.Capture] = []
        ) -> LineSignature {
            LineSignature(
                id: "cbs.\(id)", log: .cbs, literals: literals, level: level, component: component,
                captures: captures, title: LocalizedText(en: id),
                location: SourceLocation(file: "builtin", line: 0, column: 0))
        }
        func cap(_ name: String, _ after: String, _ shape: LineSignature.TokenShape, until: String? = nil)
            -> LineSignature.Capture
        {
            LineSignature.Capture(name: name, after: after, shape: shape, until: until)
        }
        return [
            sig(
                "hresult-error", ["[HRESULT = "], level: "Error",
                [cap("code", "[HRESULT = ", .hresult), cap("symbol", " - ", .until, until: "]")]),
            sig("ti-shutdown", ["Trusted Installer is shutting down because: "], [cap("reason", "because: ", .word)]),
            sig("session-client", ["initialized by client "], [cap("client", "by client ", .until, until: ",")]),
            sig("exec-complete", ["Exec: Processing complete"], [cap("code", "[HRESULT = ", .hresult)]),
            sig(
                "package-change", ["Reporting package change completion for package: "],
                [
                    cap("kb", "package: ", .kb), cap("status", "status: ", .hresult),
                    cap("source", "failure source: ", .until, until: ",")
                ]),
            sig("csi-fatal", ["(F) "], component: "CSI", [cap("text", "(F) ", .rest)]),
            sig("startup", ["Startup: Processing"]),
            sig("shutdown", ["Shtd: "]),
            sig("rolling-back", ["Rolling back"]),
            sig("flag-rollback", ["ExecuteState", "FlagRollback"]),
            sig(
                "wer-report", ["WER: Generating failure report for package: "],
                [cap("source", "failure source: ", .word)]),
            sig("payload-corrupt", ["(p)", "CSI Payload Corrupt"]),
            sig("sfc-result", ["[SR] "], [cap("text", "[SR] ", .rest)]),
            sig("store-corruption", ["CBS_E_STORE_CORRUPTION"]),
            sig("source-missing", ["CBS_E_SOURCE_MISSING"]),
            sig("abort", ["CBS_E_ABORT"], level: "Error"),
            sig("reboot-required", ["ERROR_FAIL_REBOOT_REQUIRED"]),
            sig("pending-xml", ["pending.xml"]),
            sig("installers-failed", ["CBS_E_INSTALLERS_FAILED"]),
            sig("invalid-data", ["ERROR_INVALID_DATA"]),
            sig("disk-full", ["ERROR_DISK_FULL"]),
            sig("access-denied", ["E_ACCESSDENIED"]),
            sig("sqm", ["SQM: Failed to start upload"]),
            sig("doq", ["failure source: DOQ"]),
            sig("not-applicable", ["CBS_E_NOT_APPLICABLE"]),
            sig("servicing-stack", ["Loaded Servicing Stack v"], [cap("version", "Stack v", .word)])
        ]
    }()

    // MARK: Generating

    static func generate(path: String, bytes target: Int) throws {
        _ = FileManager.default.createFile(atPath: path, contents: nil)
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CocoaError(.fileWriteNoPermission) }
        defer { try? handle.close() }
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        func next() -> UInt64 {
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            return state
        }
        func hex(_ v: UInt64, _ digits: Int) -> String {
            let s = String(v, radix: 16)
            return String(repeating: "0", count: max(0, digits - s.count)) + s
        }
        let packages = [
            "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.2006.1.7",
            "Package_for_KB5016623~31bf3856ad364e35~amd64~~19041.1889.1.6",
            "Package_for_ServicingStack_2180~31bf3856ad364e35~amd64~~19041.2180.1.4",
            "Microsoft-Windows-Client-LanguagePack-Package~31bf3856ad364e35~amd64~zh-CN~10.0.19041.1"
        ]
        var written = 0
        var buffer = ""
        buffer.reserveCapacity(9 << 20)
        var second = 0
        var line = 0
        while written < target {
            line += 1
            if line % 40 == 0 { second += 1 }
            let time = String(
                format: "2022-10-27 %02d:%02d:%02d", 8 + (second / 3600) % 14, (second / 60) % 60, second % 60)
            let r = next()
            let package = packages[Int(r % 4)]
            let text: String
            if r % 100 == 0 {
                text =
                    "\(time), Error                 CBS    Failed to stage execution package: \(package) [HRESULT = 0x800f0821 - CBS_E_ABORT]\r\n"
            } else {
                switch (r >> 8) % 8 {
                case 0:
                    text =
                        "\(time), Info                  CBS    Exec: Processing package: \(package) (Installed) @0x\(hex(next() & 0xFFFF_FFFF_FFFF, 12))\r\n"
                case 1:
                    text =
                        "\(time), Info                  CSI    \(hex(UInt64(line), 8))@2022/10/27:02:15:03.123 Creating NT transaction (seq \(line % 97)), objectname [6]\"(null)\"\r\n"
                case 2:
                    text =
                        "\(time), Info                  CSI    \(hex(UInt64(line), 8)) Created NT transaction (seq \(line % 97)) result 0x00000000, handle @0x\(hex(next() & 0xFFF, 3))\r\n"
                case 3:
                    text =
                        "\(time), Info                  CBS    Appl: detect Parent, Package: \(package), Parent: Microsoft-Windows-CoreEdition~31bf3856ad364e35~amd64~~10.0.19041.1889, Disposition = Detect, VersionComp: EQ\r\n"
                case 4:
                    text =
                        "\(time), Info                  CBS    Plan: Package: \(package), current: Staged, pending: Default, start: Staged, applicable: Installed, targeted: Installed, limit: Installed\r\n"
                case 5:
                    text =
                        "\(time), Info                  CSI    \(hex(UInt64(line), 8)) CSI Store \(next() % 100000) (0x\(hex(next() & 0xFFFF_FFFF, 16))) initialized\r\n"
                case 6:
                    text =
                        "\(time), Info                  CBS    Read out cached package applicability for package: \(package), ApplicableState: 112, CurrentState:112\r\n"
                default:
                    text =
                        next() % 25 == 0
                        ? "\(time), Info                  CBS    Failed to get next element [HRESULT = 0x800F081F - CBS_E_SOURCE_MISSING] 0x\(hex(next() & 0xFFFF_FFFF, 8))\r\n"
                        : "\(time), Info                  CBS    Exec: Resolving Package: \(package), Update: \(hex(next() & 0xFFFF_FFFF, 8)), PinDeployment: amd64_microsoft-windows-servicingstack_31bf3856ad364e35\r\n"
                }
            }
            buffer += text
            if buffer.utf8.count >= 8 << 20 {
                written += buffer.utf8.count
                handle.write(Data(buffer.utf8))
                buffer.removeAll(keepingCapacity: true)
            }
        }
        if !buffer.isEmpty { handle.write(Data(buffer.utf8)) }
    }
}
