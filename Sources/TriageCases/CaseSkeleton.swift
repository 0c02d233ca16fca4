import Foundation

/// `triage test --record` on a folder with `bundles/` and no `case.xml` yet: the case file to start from,
/// one submission per bundle (dated by the `YYYY-MM-DD-` its name starts with) and one expectation per
/// submission, whose checks the recorder then writes from the current results.
package enum CaseSkeleton {
    package enum Problem: Error, Equatable, CustomStringConvertible {
        case noBundles
        case undated(String)

        package var description: String {
            switch self {
            case .noBundles: "bundles/ holds no bundle (a folder or a .zip per submission)"
            case .undated(let name):
                "bundle '\(name)' must be named YYYY-MM-DD-… (the date of the submission) to start a case from it"
            }
        }
    }

    /// The `case.xml` text for case `id` with `bundles` (names inside `bundles/`, sorted here).
    package static func xml(id: String, bundles: [String]) throws(Problem) -> String {
        let names = bundles.filter { !$0.hasPrefix(".") }.sorted()
        guard !names.isEmpty else { throw .noBundles }
        var submissions: [String] = []
        var expectations: [String] = []
        for (index, name) in names.enumerated() {
            guard let date = CaseSkeleton.date(name) else { throw .undated(name) }
            let sid = "b\(index + 1)"
            submissions.append("    <submission id=\"\(sid)\" date=\"\(date)\" bundle=\"bundles/\(escape(name))\"/>")
            // A placeholder check: the recorder replaces it with what the current knowledge concludes.
            expectations.append(
                """
                    <expect date="\(date)" name="bundle \(index + 1)">
                      <top hypothesis="no-failure-captured"/>
                    </expect>
                """)
        }
        var history: [String] = []
        for (s, e) in zip(submissions, expectations) { history += [s, e] }
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <case id="\(escape(id))"
                  xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:noNamespaceSchemaLocation="../case.xsd">
              <history>
            \(history.joined(separator: "\n"))
              </history>
            </case>

            """
    }

    /// `2023-05-19` from `2023-05-19-OPS-WS0077` or `2023-05-19.zip`.
    static func date(_ name: String) -> String? {
        let chars = Array(name.utf8)
        guard chars.count >= 10 else { return nil }
        for (i, c) in chars.prefix(10).enumerated() {
            let ok = (i == 4 || i == 7) ? c == UInt8(ascii: "-") : (c >= UInt8(ascii: "0") && c <= UInt8(ascii: "9"))
            if !ok { return nil }
        }
        if chars.count > 10, chars[10] != UInt8(ascii: "-"), chars[10] != UInt8(ascii: ".") { return nil }
        return String(decoding: chars.prefix(10), as: UTF8.self)
    }

    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "<", with: "&lt;")
    }
}
