import Foundation

/// Where a submission's bundle is on disk. `corpus:<dir>/<file>` names a file of the shared corpus of real
/// logs (`<repo>/../shared/corpus`, or the first `shared/corpus` found walking up from the case folder, or
/// `$TRIAGE_CORPUS`); anything else is relative to the case folder.
package enum BundleLocator {
    package static let corpusPrefix = "corpus:"

    package enum Location: Sendable, Hashable {
        case found(String)
        /// The bundle is not there; `reason` says what was looked for (corpus bundles: skip, not fail).
        case missing(reason: String, skippable: Bool)
    }

    package static func locate(
        _ submission: Submission, caseFolder: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> Location {
        let fm = FileManager.default
        if submission.bundle.hasPrefix(corpusPrefix) {
            let rel = String(submission.bundle.dropFirst(corpusPrefix.count))
            for root in corpusRoots(from: caseFolder, environment: environment) {
                let path = (root as NSString).appendingPathComponent(rel)
                guard fm.fileExists(atPath: path) else { continue }
                guard isInside(path, root) else {
                    return .missing(
                        reason: "corpus bundle \(rel) refused: it leaves the corpus folder", skippable: false)
                }
                return .found(path)
            }
            return .missing(
                reason: "corpus file \(rel) not found (looked for ../shared/corpus above \(caseFolder)"
                    + " and $TRIAGE_CORPUS)", skippable: true)
        }
        guard !submission.bundle.isEmpty else {
            return .missing(reason: "submission \(submission.id) names no bundle", skippable: false)
        }
        let path = (caseFolder as NSString).appendingPathComponent(submission.bundle)
        guard fm.fileExists(atPath: path) else {
            return .missing(reason: "bundle \(submission.bundle) not found in \(caseFolder)", skippable: false)
        }
        // A bundle is a file or folder inside the case folder, symlinks resolved: never the case folder
        // itself, never a path that leaves it (`../../etc`).
        guard isInside(path, caseFolder) else {
            return .missing(
                reason: "bundle \(submission.bundle) refused: it is not inside the case folder", skippable: false)
        }
        return .found(path)
    }

    /// Whether `path` resolves (symlinks included) to something strictly inside `folder`.
    static func isInside(_ path: String, _ folder: String) -> Bool {
        let real = URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
        let root = URL(fileURLWithPath: folder).resolvingSymlinksInPath().standardizedFileURL.path
        return real.hasPrefix(root == "/" ? "/" : root + "/")
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
