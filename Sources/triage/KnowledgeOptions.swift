import ArgumentParser
import Foundation

/// Where `Rules/` and `KnowledgeBase/` are. Order: the flags; then `$TRIAGE_HOME/Rules` and
/// `$TRIAGE_HOME/KnowledgeBase`; then `./Rules` and `./KnowledgeBase`; then the folders beside the executable's
/// package (`<exe>/../../../Rules` for `swift run`, `<exe>/../share/triage/Rules` for an install).
struct KnowledgeOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("Folder of rule files.", valueName: "dir"))
    var rules: String?

    @Option(name: .long, help: ArgumentHelp("Folder of knowledge files.", valueName: "dir"))
    var knowledge: String?

    var rulesDirectory: String { rules ?? Self.locate("Rules") }

    /// A `--rules` or `--knowledge` folder that does not exist ends the command with 66 (no input), before
    /// anything is loaded from it.
    func checkFoldersExist() throws {
        for (flag, path) in [("--rules", rules), ("--knowledge", knowledge)] {
            guard let path else { continue }
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
                Console.error("triage: \(flag) \(path): no such folder")
                throw ExitStatus.noInput
            }
            // A folder with no knowledge file at all is the wrong folder: say so once, not once per reference.
            let enumerator = FileManager.default.enumerator(atPath: path)
            var hasXML = false
            while let name = enumerator?.nextObject() as? String, !hasXML { hasXML = name.hasSuffix(".xml") }
            guard hasXML else {
                Console.error(
                    "triage: \(flag) \(path): the folder holds no .xml file; is it the \(flag == "--rules" ? "Rules" : "KnowledgeBase") folder?"
                )
                throw ExitStatus.noInput
            }
        }
    }
    var knowledgeDirectory: String { knowledge ?? Self.locate("KnowledgeBase") }

    static func locate(_ name: String) -> String {
        let fm = FileManager.default
        var candidates: [String] = []
        if let home = ProcessInfo.processInfo.environment["TRIAGE_HOME"], !home.isEmpty {
            candidates.append((home as NSString).appendingPathComponent(name))
        }
        candidates.append((fm.currentDirectoryPath as NSString).appendingPathComponent(name))
        let exe = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let binDir = exe.deletingLastPathComponent()
        candidates.append(binDir.appendingPathComponent("../../../\(name)").standardized.path)
        candidates.append(binDir.appendingPathComponent("../share/triage/\(name)").standardized.path)
        var isDir: ObjCBool = false
        return candidates.first { fm.fileExists(atPath: $0, isDirectory: &isDir) && isDir.boolValue }
            ?? candidates[candidates.count > 1 ? 1 : 0]
    }
}

/// Exit codes (sysexits): 0 ok, 1 failures found by a test run, 64 usage, 65 bad data (rules/knowledge), 66 no input,
/// 73 an output file cannot be created.
enum ExitStatus {
    static let testFailures = ExitCode(1)
    static let usage = ExitCode(64)
    static let dataError = ExitCode(65)
    static let noInput = ExitCode(66)
    static let cannotCreate = ExitCode(73)
}
