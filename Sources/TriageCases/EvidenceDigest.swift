import TriageCore

/// The few facts of the latest bundle a case summary quotes: where the update came from and which error
/// codes the failed installs logged, how often.
package struct EvidenceDigest: Sendable, Hashable {
    package struct CodeCount: Sendable, Hashable {
        package var code: String
        package var symbol: String
        package var meaning: LocalizedText
        /// File name the codes were counted in (`WindowsUpdate.log`).
        package var log: String
        package var count: Int
        package init(code: String, symbol: String, meaning: LocalizedText, log: String, count: Int) {
            self.code = code
            self.symbol = symbol
            self.meaning = meaning
            self.log = log
            self.count = count
        }
    }

    package var machine: String?
    /// WSUS server URLs seen (`http://92.0.14.83:8530`); Windows Update endpoints are not listed.
    package var updateSources: [String]
    /// KBs with a failed install attempt.
    package var failedKBs: [String]
    /// KBs with a successful install attempt.
    package var succeededKBs: [String]
    /// Failure codes in install context, most frequent first.
    package var codes: [CodeCount]

    package init(
        machine: String? = nil, updateSources: [String] = [], failedKBs: [String] = [],
        succeededKBs: [String] = [], codes: [CodeCount] = []
    ) {
        self.machine = machine
        self.updateSources = updateSources
        self.failedKBs = failedKBs
        self.succeededKBs = succeededKBs
        self.codes = codes
    }

    /// Builds the digest from facts: `update-source` URLs, `install-attempt` results, and `error-code`
    /// facts tied to an install attempt (attribute `attempt`) or logged in install/download/staging/commit
    /// context — idle noise is not counted.
    package init(facts: [Fact], machine: String?, catalog: [ErrorCodeEntry]) {
        self.machine = machine
        // WSUS servers only: the summary says "obtained from WSUS (url)", and a Windows Update endpoint (a
        // machine whose log says `WSUS server: (null)`) is not one.
        updateSources = Set(
            facts.filter { $0.kind == FactKind.updateSource && $0["type"] == "wsus" }.compactMap { $0["url"] }
        )
        .filter { !$0.isEmpty && $0 != "(null)" }.sorted()
        let attempts = facts.filter { $0.kind == FactKind.installAttempt }
        failedKBs = Set(
            attempts.filter {
                $0["result"] == AttemptResult.failed.rawValue || $0["result"] == AttemptResult.cancelled.rawValue
            }
            .compactMap { $0["kb"] }
        ).sorted()
        succeededKBs = Set(attempts.filter { $0["result"] == AttemptResult.succeeded.rawValue }.compactMap { $0["kb"] })
            .sorted()
        let installContexts: Set<String> = ["install", "download", "staging", "commit", "startup", "shutdown"]
        // One failed install logs its code on several lines (WindowsUpdate.log: "CBS called Error", "Completed
        // install … hr=", "LogHistory"); a code is counted once per install attempt it belongs to, and once per
        // line when it belongs to none — "4× 0x80070570" as the engineer counts failures, not lines.
        var occurrences: [String: [String: Set<String>]] = [:]  // log file → code → attempt ids or lines
        for f in facts where f.kind == FactKind.errorCode {
            guard let code = f["code"], HRESULT(parsing: code)?.isFailure == true else { continue }
            guard f["attempt"] != nil || installContexts.contains(f["context"] ?? "") else { continue }
            let file = f.provenance.file.split(separator: "/").last.map(String.init) ?? f.provenance.file
            let occurrence = f["attempt"].map { "attempt " + $0 } ?? "line \(f.provenance.line)"
            occurrences[file, default: [:]][code, default: []].insert(occurrence)
        }
        var rows: [CodeCount] = []
        for (file, byCode) in occurrences {
            for (code, set) in byCode {
                let n = set.count
                let entry = HRESULT(parsing: code).flatMap { h in catalog.first { $0.code == h } }
                rows.append(
                    CodeCount(
                        code: code, symbol: entry?.symbol ?? "", meaning: entry?.meaning ?? LocalizedText(),
                        log: file, count: n))
            }
        }
        codes = rows.sorted {
            ($0.log, -$0.count, $0.code) < ($1.log, -$1.count, $1.code)
        }
    }
}
