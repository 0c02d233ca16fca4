import TriageCore

/// Outcomes the case history does not state but its bundles show: a procedure whose own output arrives in a
/// later submission was performed, and its result is that submission. "Its own output" is a log kind no other
/// procedure yields (a Process Monitor boot log is only produced by `procmon-boot-logging`), parsed in the
/// bundle; a CBS.log, which many procedures yield, proves nothing about which one was done.
enum DerivedOutcomes {
    static func outcomes(events: [CaseEvent], bundles: [String: BundleRead], procedures: [Procedure]) -> [CaseEvent] {
        var producers: [LogKind: Set<String>] = [:]
        for procedure in procedures {
            for kind in procedure.yields.logs { producers[kind, default: []].insert(procedure.id) }
        }
        let ownOutput = Dictionary(
            grouping: producers.compactMap { kind, ids in ids.count == 1 ? (ids.first!, kind) : nil },
            by: \.0
        ).mapValues { Set($0.map(\.1)) }
        var requests: [Request] = []
        var stated: [Outcome] = []
        var derived: [CaseEvent] = []
        for event in events {
            switch event {
            case .request(let r): requests.append(r)
            case .outcome(let o): stated.append(o)
            case .submission(let s):
                guard case .read(let evidence, _)? = bundles[s.id] else { continue }
                let parsed = Set(evidence.sources.filter { $0.status == .parsed }.map(\.kind))
                for procedure in Set(requests.map(\.procedure)).sorted() {
                    guard let kinds = ownOutput[procedure], !kinds.isDisjoint(with: parsed) else { continue }
                    let answered =
                        stated.contains { $0.procedure == procedure && $0.resultArrived }
                        || derived.contains { if case .outcome(let o) = $0 { o.procedure == procedure } else { false } }
                    guard !answered else { continue }
                    derived.append(
                        .outcome(
                            Outcome(
                                date: s.date, procedure: procedure, performed: true, submission: s.id,
                                note: "derived: submission \(s.id) holds its output")))
                }
            default: break
            }
        }
        return derived
    }
}
