import Foundation
import TriageCore
import TriageXML

/// Reads `case.xml` from a case folder into a ``CaseManifest``, validated against `case.xsd`.
package enum CaseLoader {
    package struct Result: Sendable {
        package var manifest: CaseManifest?
        package var diagnostics: [Diagnostic]
    }

    /// - Parameters:
    ///   - folder: the case folder (holding `case.xml`).
    ///   - schemaPath: `case.xsd`; defaults to the one beside the case folder (`Tests/Cases/case.xsd`).
    package static func load(folder: String, schemaPath: String? = nil) -> Result {
        let path = (folder as NSString).appendingPathComponent("case.xml")
        let xsd =
            schemaPath
            ?? ((folder as NSString).deletingLastPathComponent as NSString)
            .appendingPathComponent("case.xsd")
        var diagnostics: [Diagnostic] = []
        var schema: XMLSchema?
        let xsdFolder = (xsd as NSString).deletingLastPathComponent
        if FileManager.default.fileExists(atPath: xsd) {
            let policy = XMLSourcePolicy(roots: [xsdFolder.isEmpty ? "." : xsdFolder])
            do { schema = try XMLSchema(path: xsd, policy: policy) } catch { diagnostics += error.diagnostics }
        }
        let read = XMLReader.read(
            path: path, policy: XMLSourcePolicy(roots: [folder]),
            schema: { $0 == "case" ? schema : nil })
        diagnostics += read.diagnostics
        guard let document = read.document, !diagnostics.contains(where: { $0.severity == .error }) else {
            return Result(manifest: nil, diagnostics: diagnostics)
        }
        var decoder = Decoder(document: document)
        let manifest = decoder.manifest(folder: folder)
        diagnostics += decoder.diagnostics
        return Result(
            manifest: diagnostics.contains { $0.severity == .error } ? nil : manifest,
            diagnostics: diagnostics)
    }

    struct Decoder {
        let document: XMLDocument
        var diagnostics: [Diagnostic] = []

        init(document: XMLDocument) { self.document = document }

        mutating func manifest(folder: String) -> CaseManifest {
            let root = document.root
            var problem = LocalizedText()
            for p in root.children(named: "problem") {
                if let lang = p["lang"].flatMap(Language.init(rawValue:)) { problem.values[lang] = p.text }
            }
            var events: [CaseEvent] = []
            for node in root.child(named: "history")?.children ?? [] {
                if let event = event(node) { events.append(event) }
            }
            return CaseManifest(
                id: root["id"] ?? "", kb: root["kb"], symptom: root["symptom"], problem: problem,
                notes: root.children(named: "note").map(\.text), events: events, folder: folder,
                location: document.location(of: root))
        }

        mutating func event(_ n: XMLNode) -> CaseEvent? {
            guard let date = date(n) else { return nil }
            let at = document.location(of: n)
            switch n.name {
            case "submission":
                let bundle = n["bundle"] ?? ""
                return .submission(
                    Submission(
                        id: n["id"] ?? bundle, date: date, bundle: bundle, machine: n["machine"],
                        note: n["note"], location: at))
            case "observation":
                return .observation(
                    Observation(
                        date: date, name: n["name"] ?? "", value: n["value"] ?? "",
                        note: n["note"], location: at))
            case "request":
                return .request(Request(date: date, procedure: n["procedure"] ?? "", note: n["note"], location: at))
            case "outcome":
                let results = n.children(named: "result").map {
                    ObservedValue(name: $0["name"] ?? "", value: $0["value"] ?? "")
                }
                return .outcome(
                    Outcome(
                        date: date, procedure: n["procedure"] ?? "",
                        performed: n["performed"] == "true" || n["performed"] == "1",
                        results: results, submission: n["submission"], note: n["note"], location: at))
            case "expect":
                return .expectation(
                    Expectation(
                        date: date, name: n["name"], checks: n.children.compactMap { check($0) },
                        location: at))
            default:
                return nil
            }
        }

        mutating func check(_ n: XMLNode) -> Expectation.Check? {
            let h = n["hypothesis"] ?? ""
            let p = n["procedure"] ?? ""
            let k = Int(n["k"] ?? "") ?? 1
            switch n.name {
            case "top": return .top(h)
            case "inTop": return .inTop(h, k: k)
            case "below": return .below(h, probability: Double(n["probability"] ?? "") ?? 0)
            case "firstStep": return .firstStep(p.split(separator: " ").map(String.init))
            case "stepInTop": return .stepInTop(p, k: k)
            case "noStep": return .noStep(p)
            case "finding":
                var attrs: [String: String] = [:]
                for a in n.children(named: "attr") { attrs[a["name"] ?? ""] = a["equals"] ?? "" }
                return .finding(n["id"] ?? "", attributes: attrs)
            case "noFinding": return .noFinding(n["id"] ?? "")
            case "cites": return .cites(h, at: (n["at"] ?? "").split(separator: " ").map(String.init))
            default: return nil
            }
        }

        mutating func date(_ n: XMLNode) -> CaseDate? {
            guard let text = n["date"], let d = CaseDate(text) else {
                diagnostics.append(
                    Diagnostic(
                        .error, "case-date", "'\(n["date"] ?? "")' is not a date (YYYY-MM-DD[THH:MM])",
                        at: document.location(of: n, attribute: "date")))
                return nil
            }
            return d
        }
    }
}
