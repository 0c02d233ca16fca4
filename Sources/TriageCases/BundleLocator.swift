import Foundation

/// Where a submission's bundle is on disk. `corpus:<dir>/<file>` names a file of the shared corpus of real
/// logs (`<repo>/../shared/corpus`, or the first `shared/corpus` found walking up from the case folder, or
/// `$TRIAGE_CORPUS`); anything else is relative to the case folder.
public enum BundleLocator {
    public static let corpusPrefix = "corpus:"

    public enum Location: Sendable, Hashable {
        case found(String)
        /// The bundle is not there; `reason` says what was looked for (corpus bundles: skip, not fail).
        case missing(reason: String, skippable: Bool)
    }

    public static func locate(_ submission: Submission, caseFolder: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment) -> Location {
        let fm = FileManager.default
        if submission.bundle.hasPrefix(corpusPrefix) {
            let rel = String(submission.bundle.dropFirst(corpusPrefix.count))
            for root in corpusRoots(from: caseFolder, environment: environment) {
                let path = (root as NSString).appendingPathComponent(rel)
                if fm.fileExists(atPath: path) { return .found(path) }
            }
            return .missing(reason: "corpus file \(rel) not found (looked for ../shared/corpus above \(caseFolder)"
                                + " and $TRIAGE_CORPUS)", skippable: true)
        }
        let path = (caseFolder as NSString).appendingPathComponent(submission.bundle)
        return fm.fileExists(atPath: path) ? .found(path)
            : .missing(reason: "bundle \(submission.bundle) not found in \(caseFolder)", skippable: false)
    }

    static func corpusRoots(from folder: String, environment: [String: String]) -> [String] {
        var roots: [String] = []
        if let env = environment["TRIAGE_CORPUS"], !env.isEmpty { roots.append(env) }
        var dir = URL(fileURLWithPath: folder).standardizedFileURL
        for _ in 0..<12 {
            roots.append(dir.appendingPathComponent("shared/corpus").path)
            let parent = dir.deletingLastPathComponent()
            if parent.path == dir.path { break }
            dir = parent
        }
        return roots
    }
}
