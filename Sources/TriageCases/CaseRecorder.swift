import Foundation

/// `triage test --record`: rewrites the `<expect>` elements of a `case.xml` text to the current results, and
/// leaves every other byte alone. Per evaluated moment it writes `top`, `inTop k=3` (ranks 2 and 3),
/// `firstStep` and the findings with their key attributes; other checks (`below`, `noStep`, `stepInTop`,
/// `noFinding`) and comments are kept when they still hold. Skipped moments are left as they are.
package enum CaseRecorder {
    /// Attributes recorded per finding id (the rest — dates, days — change with every mail).
    static let keyAttributes: [String: [String]] = [
        CaseFinding.machineMismatch: ["machine", "previous"],
        CaseFinding.collectorOutdated: ["collector", "version"],
        CaseFinding.requestRepeated: ["procedure", "times", "since", "suggest"]
    ]
    static let recordedKinds: Set<String> = ["top", "inTop", "firstStep", "finding"]

    package static func record(_ text: String, moments: [MomentOutcome]) -> String {
        var result = text
        // Bottom-up, so earlier offsets stay valid.
        for m in moments.sorted(by: { $0.expectation.location.line > $1.expectation.location.line }) {
            guard m.evaluation.problem == nil, let span = expectSpan(in: result, line: m.expectation.location.line)
            else { continue }
            let indent = span.indent + "  "
            let items =
                recordedChecks(m.evaluation.result)
                + children(of: String(result[span.inner])).filter { keep($0, m.evaluation.result) }
            let inner =
                items.isEmpty ? "" : "\n" + items.map { indent + $0 }.joined(separator: "\n") + "\n" + span.indent
            result.replaceSubrange(span.whole, with: span.openTag + inner + "</expect>")
        }
        return result
    }

    static func recordedChecks(_ r: CaseResult) -> [String] {
        var lines: [String] = []
        if let top = r.hypotheses.first { lines.append("<top hypothesis=\"\(escape(top.id))\"/>") }
        for h in r.hypotheses.dropFirst().prefix(2) { lines.append("<inTop hypothesis=\"\(escape(h.id))\" k=\"3\"/>") }
        if let first = r.nextSteps.first { lines.append("<firstStep procedure=\"\(escape(first))\"/>") }
        for f in r.findings {
            let keys = (keyAttributes[f.id] ?? f.attributes.keys.sorted()).filter { f.attributes[$0] != nil }
            if keys.isEmpty {
                lines.append("<finding id=\"\(escape(f.id))\"/>")
                continue
            }
            let attrs = keys.map { "<attr name=\"\($0)\" equals=\"\(escape(f.attributes[$0]!))\"/>" }.joined()
            lines.append("<finding id=\"\(escape(f.id))\">" + attrs + "</finding>")
        }
        return lines
    }

    struct Span {
        var whole: Range<String.Index>
        var inner: Range<String.Index>
        var openTag: String
        var indent: String
    }

    /// The `<expect>` element starting on `line` (1-based).
    static func expectSpan(in text: String, line: Int) -> Span? {
        var lineStart = text.startIndex
        for _ in 1..<max(line, 1) {
            guard let nl = text[lineStart...].firstIndex(of: "\n") else { return nil }
            lineStart = text.index(after: nl)
        }
        guard let open = text.range(of: "<expect", range: lineStart..<text.endIndex) else { return nil }
        let indent = String(text[lineStart..<open.lowerBound].prefix { $0 == " " || $0 == "\t" })
        guard let tagEnd = tagEnd(text, from: open.upperBound) else { return nil }
        let selfClosing = text[text.index(before: tagEnd)] == "/"
        if selfClosing {
            let openTag =
                String(text[open.lowerBound..<text.index(before: tagEnd)])
                .trimmingCharacters(in: .whitespaces) + ">"
            let after = text.index(after: tagEnd)
            return Span(whole: open.lowerBound..<after, inner: after..<after, openTag: openTag, indent: indent)
        }
        let afterOpen = text.index(after: tagEnd)
        guard let close = text.range(of: "</expect>", range: afterOpen..<text.endIndex) else { return nil }
        return Span(
            whole: open.lowerBound..<close.upperBound, inner: afterOpen..<close.lowerBound,
            openTag: String(text[open.lowerBound..<afterOpen]), indent: indent)
    }

    /// Index of the `>` that ends a start tag (quotes respected).
    static func tagEnd(_ text: String, from start: String.Index) -> String.Index? {
        var quote: Character?
        var i = start
        while i < text.endIndex {
            let c = text[i]
            if let q = quote {
                if c == q { quote = nil }
            } else if c == "\"" || c == "'" {
                quote = c
            } else if c == ">" {
                return i
            }
            i = text.index(after: i)
        }
        return nil
    }

    /// The raw child items of an element's content: comments and elements, whitespace dropped.
    static func children(of inner: String) -> [String] {
        var items: [String] = []
        var i = inner.startIndex
        while i < inner.endIndex {
            if inner[i].isWhitespace {
                i = inner.index(after: i)
                continue
            }
            let rest = inner[i...]
            var end: String.Index?
            if rest.hasPrefix("<!--") {
                end = inner.range(of: "-->", range: i..<inner.endIndex)?.upperBound
            } else if rest.hasPrefix("<"), let te = tagEnd(inner, from: inner.index(after: i)) {
                if inner[inner.index(before: te)] == "/" {
                    end = inner.index(after: te)
                } else {
                    let name = elementName(String(rest))
                    end = inner.range(of: "</\(name)>", range: te..<inner.endIndex)?.upperBound
                }
            }
            guard let e = end else {
                items.append(String(rest).trimmingCharacters(in: .whitespacesAndNewlines))
                break
            }
            items.append(String(inner[i..<e]))
            i = e
        }
        return items
    }

    static func elementName(_ item: String) -> String {
        String(item.dropFirst().prefix { !$0.isWhitespace && $0 != "/" && $0 != ">" })
    }

    /// Comments and unknown elements stay; recorded kinds are rewritten; other checks stay while they hold.
    static func keep(_ item: String, _ r: CaseResult) -> Bool {
        guard item.hasPrefix("<"), !item.hasPrefix("<!--") else { return true }
        let name = elementName(item)
        if recordedKinds.contains(name) { return false }
        let a = attributes(item)
        let check: Expectation.Check?
        switch name {
        case "below": check = .below(a["hypothesis"] ?? "", probability: Double(a["probability"] ?? "") ?? 0)
        case "noStep": check = .noStep(a["procedure"] ?? "")
        case "stepInTop": check = .stepInTop(a["procedure"] ?? "", k: Int(a["k"] ?? "") ?? 1)
        case "noFinding": check = .noFinding(a["id"] ?? "")
        case "cites": check = .cites(a["hypothesis"] ?? "", at: (a["at"] ?? "").split(separator: " ").map(String.init))
        default: check = nil
        }
        return check.map { $0.failure(against: r) == nil } ?? true
    }

    static func attributes(_ item: String) -> [String: String] {
        var result: [String: String] = [:]
        guard let end = tagEnd(item, from: item.index(after: item.startIndex)) else { return result }
        let tag = item[..<end]
        var scanner = tag.dropFirst().drop { !$0.isWhitespace }
        while let eq = scanner.firstIndex(of: "=") {
            let name = scanner[..<eq].trimmingCharacters(in: .whitespacesAndNewlines)
            let afterEq = scanner[scanner.index(after: eq)...].drop { $0.isWhitespace }
            guard let q = afterEq.first, q == "\"" || q == "'" else { break }
            let valueStart = afterEq.dropFirst()
            guard let close = valueStart.firstIndex(of: q) else { break }
            result[name] = unescape(String(valueStart[..<close]))
            scanner = valueStart[valueStart.index(after: close)...]
        }
        return result
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: "\"", with: "&quot;")
    }

    static func unescape(_ s: String) -> String {
        s.replacingOccurrences(of: "&quot;", with: "\"").replacingOccurrences(of: "&lt;", with: "<")
            .replacingOccurrences(of: "&gt;", with: ">").replacingOccurrences(of: "&amp;", with: "&")
    }
}
