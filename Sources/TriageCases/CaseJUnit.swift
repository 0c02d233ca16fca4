import TriageCore

/// `triage test --junit FILE`: one `<testsuite>` per case, one `<testcase>` per moment.
package enum CaseJUnit {
    package static func render(_ report: CaseTestReport) -> String {
        var out = [
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>",
            "<testsuites name=\"triage test\" tests=\"\(report.passed + report.failed + report.skipped)\""
                + " failures=\"\(report.failed)\" skipped=\"\(report.skipped)\">"
        ]
        for run in report.runs {
            let failures =
                (run.errors.isEmpty ? 0 : 1)
                + run.moments.filter { if case .failed = $0.status { true } else { false } }.count
            let skipped = run.moments.filter { if case .skipped = $0.status { true } else { false } }.count
            let tests = run.moments.count + (run.errors.isEmpty ? 0 : 1)
            out.append(
                "  <testsuite name=\"\(MarkupText.escape(run.caseID))\" tests=\"\(tests)\" failures=\"\(failures)\""
                    + " skipped=\"\(skipped)\">")
            if !run.errors.isEmpty {
                out.append("    <testcase classname=\"\(MarkupText.escape(run.caseID))\" name=\"case.xml\">")
                out.append(
                    "      <failure message=\"case.xml does not load\">"
                        + MarkupText.escape(run.errors.map(\.description).joined(separator: "\n")) + "</failure>")
                out.append("    </testcase>")
            }
            for m in run.moments {
                let open =
                    "    <testcase classname=\"\(MarkupText.escape(run.caseID))\" name=\"\(MarkupText.escape(m.expectation.name))\""
                    + " file=\"\(MarkupText.escape(m.expectation.location.file))\" line=\"\(m.expectation.location.line)\""
                switch m.status {
                case .passed:
                    out.append(open + "/>")
                case .skipped(let reason):
                    out.append(open + ">")
                    out.append("      <skipped message=\"\(MarkupText.escape(reason))\"/>")
                    out.append("    </testcase>")
                case .failed(let failures):
                    out.append(open + ">")
                    let message = failures.map { "\($0.check): expected \($0.expected)" }.joined(separator: "; ")
                    let body = CaseTestReport.diff(m, failures).joined(separator: "\n")
                    out.append(
                        "      <failure message=\"\(MarkupText.escape(message))\">\(MarkupText.escape(body))</failure>")
                    out.append("    </testcase>")
                }
            }
            out.append("  </testsuite>")
        }
        out.append("</testsuites>")
        return out.joined(separator: "\n") + "\n"
    }
}
