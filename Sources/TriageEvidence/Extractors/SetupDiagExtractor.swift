import TriageCore

/// SetupDiagResults.log (text output): `Matching Profile found: <Rule> - <GUID>`, a `System Information:`
/// block (`Machine Name = …`, `HostOSBuildString = …`, `HostOSEdition = …`, `HostOSArchitecture = …`),
/// `Error = 0x8007000D-0x2000C`, `LogEntry: <raw line>`. A profile naming a rollback gives a `rollback`
/// fact (phase `setup`). The verdict itself (rule, GUID, `Last Phase = `, `Last Operation = `, `Error = r-x`;
/// in the XML form `<ProfileName>`, `<ProfileGuid>`, `<FailureDetails>Err = …, LastOperation = …, LastPhase = …`)
/// becomes one `setupdiag-result` fact and, when it names a failure, one `setup-failure` fact.
struct SetupDiagExtractor: LogExtractor {
    var range = StampRange()
    var machine: [String: String] = [:]
    var machineLine: (number: Int, text: String)?
    var profile: String?
    var verdict = SetupDiagVerdict()

    mutating func consume(_ line: LogLine, into context: inout ExtractionContext) {
        let b = line.bytes
        let t = b.skipSpaces(from: 0)
        guard t < b.count else { return }
        verdict.consume(b, from: t, line: line)
        if b.starts(with: "Matching Profile found: ", at: t) {
            profile = b.text(from: t + 24, until: [ASCII.space]).0
            if let p = profile, p.lowercased().contains("rollback") {
                context.emit(
                    FactKind.rollback, ["phase": "setup", "trigger": p, "log": LogKind.setupDiag.rawValue],
                    line: line)
            }
            return
        }
        let keys: [(Literal, String)] = [
            ("Machine Name = ", "name"), ("HostOSBuildString = ", "os-build"),
            ("HostOSEdition = ", "edition"), ("HostOSArchitecture = ", "arch")
        ]
        for (key, name) in keys where b.starts(with: key, at: t) {
            var v = b.trimmedText(from: t + key.count)
            if name == "os-build" {
                // 19041.1.amd64fre.vb_release.191206-1406 → 19041.1
                v = v.split(separator: ".").prefix(2).joined(separator: ".")
            }
            if name == "arch" { v = Facts.architecture(Substring(v)) ?? v }
            if !v.isEmpty { machine[name] = v }
            if machineLine == nil { machineLine = (line.number, line.citationText) }
            return
        }
        if let (s, _) = Timestamps.usDate(b, at: b.firstIndex(of: "= ", from: t).map { $0 + 2 } ?? t) {
            range.note(s)
        }
        guard b.contains("0x", from: t) else { return }
        let hits = CodeScanner.scan(b, from: t, forms: [])
        let isEntry = b.starts(with: "LogEntry: ", at: t)
        for hit in hits {
            var attrs = Facts.errorCode(
                hit, log: .setupDiag, level: "Error", component: "SetupDiag",
                context: "unknown", kb: nil, package: nil, attempt: nil,
                text: Facts.message(b, from: t))
            if let p = profile { attrs["component"] = isEntry ? "SetupDiag" : p }
            context.emit(FactKind.errorCode, attrs, line: line)
        }
    }

    mutating func finish(into context: inout ExtractionContext) {
        range.report(into: &context)
        verdict.report(into: &context)
        if let (n, text) = machineLine, !machine.isEmpty {
            var attrs = machine
            attrs["log"] = LogKind.setupDiag.rawValue
            context.emit(
                Fact(
                    kind: FactKind.machine, attributes: attrs,
                    provenance: Provenance(file: context.file, line: n, text: text)))
        }
    }
}
