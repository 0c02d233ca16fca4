import TriageCore

/// Bundle-wide: one feature update is one attempt, however many copies of its setup log the bundle holds.
/// Each setupact gives an `install-attempt` of channel `setup` (``FeatureUpdateAttempt``), but setup itself
/// copies its log: the rollback log (`$Windows.~BT\Sources\Rollback\setupact.log`, collected as
/// `setupact_rollback.log` or in a `Rollback` folder) continues the run it undoes, and a bundle may hold the same
/// log twice or only its tail. Setup attempts whose builds do not disagree are merged, in time order, when
/// - their spans overlap (two copies of one run), or
/// - the later one is a rollback log (its path names `rollback`) that starts within six hours of the earlier
///   one's end, or
/// - the later one names no build (a fragment: its build lines were cut off) and starts within an hour.
/// The merged attempt keeps the first one's citation; its span covers all; it failed when any copy failed,
/// with the phase, operation and codes of that copy (the earliest failure; later ones fill what it lacks, such as
/// the extend code the rollback log reports); `rolled-back` when any copy
/// says so; `also` lists the other copies' citations (`setupact_rollback.log:177`).
enum FeatureUpdateMerge {
    static func apply(to facts: inout [Fact]) {
        let setup = facts.indices.filter {
            facts[$0].kind == FactKind.installAttempt && facts[$0].attributes["channel"] == "setup"
        }
        guard setup.count > 1 else { return }
        let order = setup.sorted { a, b in
            let sa = facts[a]["started"] ?? ""
            let sb = facts[b]["started"] ?? ""
            if sa != sb { return sa < sb }
            return Fact.stableOrder(facts[a], facts[b])
        }
        var drop = Set<Int>()
        var group = order[0]
        for next in order.dropFirst() {
            if continues(facts[group], facts[next]) {
                facts[group] = merged(facts[group], facts[next])
                drop.insert(next)
            } else {
                group = next
            }
        }
        guard !drop.isEmpty else { return }
        var kept: [Fact] = []
        kept.reserveCapacity(facts.count - drop.count)
        for i in facts.indices where !drop.contains(i) { kept.append(facts[i]) }
        facts = kept
    }

    /// Whether `next` (starting no earlier) is a copy or continuation of the run `first` records.
    static func continues(_ first: Fact, _ next: Fact) -> Bool {
        for key in ["source-build", "target-build"] {
            if let a = first[key], let b = next[key], a != b { return false }
        }
        guard let end = seconds(first["ended"] ?? first["started"]), let start = seconds(next["started"]) else {
            return false
        }
        if start <= end { return true }
        let gap = start - end
        if next.provenance.file.lowercased().contains("rollback") { return gap <= 6 * 3600 }
        if next["source-build"] == nil, next["target-build"] == nil { return gap <= 3600 }
        return false
    }

    static func merged(_ first: Fact, _ next: Fact) -> Fact {
        var m = first
        var a = first.attributes
        for key in ["source-build", "target-build"] where a[key] == nil { a[key] = next[key] }
        if let e = next["ended"], e > (a["ended"] ?? "") { a["ended"] = e }
        let details = ["phase", "operation", "hresult", "extend", "stage"]
        let nextResult = next["result"].flatMap(AttemptResult.init(rawValue:))
        let firstResult = a["result"].flatMap(AttemptResult.init(rawValue:))
        if nextResult == .failed, firstResult != .failed {
            a["result"] = AttemptResult.failed.rawValue
            for key in details { a[key] = next[key] }
        } else if nextResult == .failed {
            for key in details where a[key] == nil { a[key] = next[key] }
        } else if firstResult == .unknown, nextResult == .succeeded {
            a["result"] = AttemptResult.succeeded.rawValue
            for key in details { a[key] = next[key] }
        }
        if next["rolled-back"] == "true" { a["rolled-back"] = "true" }
        let citation = "\(next.provenance.file):\(next.provenance.line)"
        a["also"] = a["also"].map { $0 + " " + citation } ?? citation
        m.attributes = a
        return m
    }

    /// Seconds since 0000-03-01 of `YYYY-MM-DDTHH:MM:SS` (the attempts' normalised stamps); nil otherwise.
    static func seconds(_ text: String?) -> Int? {
        guard let text else { return nil }
        let u = Array(text.utf8)
        guard u.count >= 19 else { return nil }
        func num(_ from: Int, _ n: Int) -> Int? {
            var v = 0
            for i in from..<(from + n) {
                guard u[i] >= 0x30, u[i] <= 0x39 else { return nil }
                v = v * 10 + Int(u[i] - 0x30)
            }
            return v
        }
        guard var y = num(0, 4), let mo = num(5, 2), let d = num(8, 2), let h = num(11, 2), let mi = num(14, 2),
            let s = num(17, 2), (1...12).contains(mo)
        else { return nil }
        // Days from the civil date (March-based year), as in the usual proleptic Gregorian formula.
        let m = mo > 2 ? mo - 3 : mo + 9
        if mo <= 2 { y -= 1 }
        let days = 365 * y + y / 4 - y / 100 + y / 400 + (153 * m + 2) / 5 + d - 1
        return ((days * 24 + h) * 60 + mi) * 60 + s
    }
}
