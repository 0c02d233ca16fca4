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
        let bytes = line.bytes
        let textStart = bytes.skipSpaces(from: 0)
        guard textStart < bytes.count else { return }
        verdict.consume(bytes, from: textStart, line: line)
        if bytes.starts(with: "Matching Profile found: ", at: textStart) {
            profile = bytes.text(from: textStart + Literal("Matching Profile found: ").count, until: [ASCII.space]).0
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
        for (key, name) in keys where bytes.starts(with: key, at: textStart) {
            var v = bytes.trimmedText(from: textStart + key.count)
            if name == "os-build" {
                // 19041.1.amd64fre.vb_release.191206-1406 → 19041.1
                v = v.split(separator: ".").prefix(2).joined(separator: ".")
            }
            if name == "arch" { v = Facts.architecture(Substring(v)) ?? v }
            if !v.isEmpty { machine[name] = v }
            if machineLine == nil { machineLine = (line.number, line.citationText) }
            return
        }
        if let (s, _) = Timestamps.usDate(
            bytes, at: bytes.firstIndex(of: "= ", from: textStart).map { $0 + 2 } ?? textStart)
        {
            range.note(s)
        }
        guard bytes.contains("0x", from: textStart) else { return }
        let hits = CodeScanner.scan(bytes, from: textStart, forms: [])
        let isEntry = bytes.starts(with: "LogEntry: ", at: textStart)
        for hit in hits {
            var attrs = Facts.errorCode(
                hit, log: .setupDiag, level: "Error", component: "SetupDiag",
                context: "unknown", kb: nil, package: nil, attempt: nil,
                text: Facts.message(bytes, from: textStart))
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
