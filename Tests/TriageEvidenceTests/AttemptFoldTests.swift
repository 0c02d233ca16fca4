import Testing
import TriageCore

@testable import TriageEvidence

/// Past the fact cap, install attempts are counted by their shape (their fact's attributes, instance ones
/// blank) without their facts being built. What comes out must be what emitting every attempt's fact one by
/// one gives: the same facts kept, the same counts on them, the same notes of what was dropped.
@Suite struct AttemptFoldTests {
    /// Attempts of `shapes` different shapes, cycling, each with its own id and times (instance attributes).
    static func attempts(_ count: Int, shapes: Int) -> [Attempt] {
        (0..<count).map { n in
            var attempt = Array("2024-03-01 10:00:00, Info CBS Exec: Processing started.".utf8).withLineBytes {
                Attempt(
                    id: "cbs:\(n + 1)", line: LogLine(bytes: $0, number: n + 1), time: nil,
                    started: Stamp(year: 2024, month: 3, day: 1, hour: 10, minute: n % 60, second: 0))
            }
            let shape = n % shapes
            attempt.kb = "KB\(5_000_000 + shape)"
            attempt.package = shape % 3 == 0 ? "Contoso_1.0_x64.appx" : "Package_for_RollupFix~31bf3856ad364e35"
            attempt.client = shape % 2 == 0 ? "WindowsUpdateAgent" : "DISM Package Manager Provider"
            attempt.result = shape % 4 == 0 ? .failed : .succeeded
            if attempt.result == .failed { attempt.hresult = HRESULT(0x800F_0922) }
            if n % 5 == 0 { attempt.ended = Stamp(year: 2024, month: 3, day: 1, hour: 11, minute: 0, second: 0) }
            return attempt
        }
    }

    static func context(cap: Int, budget: Int) -> ExtractionContext {
        ExtractionContext(
            file: "CBS.log", kind: .cbs, lineFactCap: cap,
            instanceAttributes: [FactKind.installAttempt: ["id", "started", "ended"]], factByteBudget: budget)
    }

    /// (cap, byte budget, attempts, shapes, facts kept): under the cap; folding (9 shapes, each with and
    /// without an end time: 18 past the cap); distinct shapes past ``ExtractionContext/maxDistinctPastCap``
    /// (the rest dropped); the byte budget spent (the rest dropped).
    @Test(arguments: [
        (100, 48 << 20, 60, 7, 60, []),
        (
            20, 48 << 20, 400, 9, 38,
            [
                "400 install-attempt facts: past the first 20, 362 equal but for ended/id/started counted on 18 kept "
                    + "(attribute repeats)"
            ]
        ),
        (
            10, 48 << 20, 5_100, 5_100, 5_010,
            [
                "5100 install-attempt facts: past the first 10, 0 equal but for ended/id/started counted on 5000 kept "
                    + "(attribute repeats); past 5000 distinct, 90 counted only"
            ]
        ),
        (
            10, 12_000, 300, 40, 16,
            [
                "300 install-attempt facts: past the first 10, 42 equal but for ended/id/started counted on 6 kept "
                    + "(attribute repeats)",
                "facts kept reached 0 MiB at line 16: past it, 242 install-attempt facts not equal to a kept one "
                    + "counted only"
            ]
        )
    ])
    func shapesFoldAsTheirFactsWould(cap: Int, budget: Int, count: Int, shapes: Int, kept: Int, notes: [String]) {
        let attempts = Self.attempts(count, shapes: shapes)
        var byShape = Self.context(cap: cap, budget: budget)
        byShape.finishAttempts(attempts)
        byShape.closeFolds()
        var byFact = Self.context(cap: cap, budget: budget)
        for attempt in attempts { byFact.emit(attempt.fact(file: "CBS.log", log: .cbs)) }
        byFact.closeFolds()
        #expect(byShape.facts == byFact.facts)
        #expect(byShape.notes == byFact.notes)
        #expect(byShape.facts.count == kept)
        #expect(byShape.notes == notes)
    }

    /// Other instance attributes than the shipped ones (a knowledge author may mark any), a title written in
    /// two canonically equivalent spellings, and an attempt slot made outside `finishAttempts`: still the
    /// facts and notes of emitting each fact.
    @Test(arguments: [(["id"], 70), (["id", "started", "ended", "title"], 22), (["kb", "package"], 310)])
    func otherInstanceAttributesAndSpellingsFoldAsTheirFactsWould(instance: [String], kept: Int) {
        var attempts = Self.attempts(300, shapes: 6)
        for i in attempts.indices { attempts[i].title = i % 7 == 0 ? "Caf\u{E9} update" : "Cafe\u{301} update" }
        func context() -> ExtractionContext {
            ExtractionContext(
                file: "CBS.log", kind: .cbs, lineFactCap: 10,
                instanceAttributes: [FactKind.installAttempt: Set(instance)])
        }
        var byShape = context()
        var byFact = context()
        let outside = attempts[0].fact(file: "CBS.log", log: .cbs)
        for _ in 0..<11 {  // past the cap: the eleventh makes a slot no shape names
            byShape.emit(outside)
            byFact.emit(outside)
        }
        byShape.finishAttempts(attempts)
        byShape.closeFolds()
        for attempt in attempts { byFact.emit(attempt.fact(file: "CBS.log", log: .cbs)) }
        byFact.closeFolds()
        #expect(byShape.facts == byFact.facts)
        #expect(byShape.notes == byFact.notes)
        #expect(byShape.facts.count == kept)
    }

    @Test func aShapeNamesEveryAttributeOfTheFactButTheLog() {
        let attempt = Self.attempts(1, shapes: 1)[0]
        let fact = attempt.fact(file: "CBS.log", log: .cbs)
        let named = zip(Attempt.attributeNames, attempt.values()).compactMap { $1 == nil ? nil : $0 }
        #expect(Set(named + ["log"]) == Set(fact.attributes.keys))
        let blanked = attempt.values(blanking: Attempt.attributeNames.map { ["id", "started"].contains($0) })
        #expect(blanked[0] == "" && blanked[9] == "" && blanked[2] == "failed" && blanked[10] == "2024-03-01T11:00:00")
    }

    /// Past the cap, a fact counted on a kept one needs no time: the line's time is decoded only for facts kept.
    @Test func timesAreDecodedOnlyForFactsKept() {
        var context = Self.context(cap: 1, budget: 48 << 20)
        var decoded = 0
        Array("2024-03-01 10:00:00, Error CBS Failed [HRESULT = 0x800f0922]".utf8).withLineBytes { bytes in
            for number in 1...5 {
                var fields = FactFields()
                fields.add("code", "0x800f0922")
                context.emit(FactKind.errorCode, fields: fields, line: LogLine(bytes: bytes, number: number)) {
                    decoded += 1
                    return ("2024-03-01 10:00:00", "2024-03-01T10:00:00")
                }
            }
        }
        context.closeFolds()
        #expect(decoded == 2)
        #expect(context.facts.map { $0["repeats"] } == [nil, "3"])
        #expect(context.facts.map(\.provenance.time) == ["2024-03-01 10:00:00", "2024-03-01 10:00:00"])
    }

    @Test func stringHashesAgreeOnEqualTextAndSpreadOtherwise() {
        let long = String(repeating: "Package_for_RollupFix~31bf3856ad364e35~amd64~~", count: 5)
        #expect(StringHash.hash(long, seed: 1) == StringHash.hash(String(long.utf8), seed: 1))
        #expect(StringHash.hash("KB5034441", seed: 1) != StringHash.hash("KB5034442", seed: 1))
        #expect(StringHash.hash("KB5034441", seed: 1) != StringHash.hash("KB5034441", seed: 2))
        // The length is part of the hash: a trailing NUL differs from none.
        #expect(StringHash.hash("abc", seed: 0) != StringHash.hash("abc\u{0}", seed: 0))
        let bridged = "é" + String(repeating: "x", count: 20)
        #expect(
            StringHash.hash(bridged, seed: 7)
                == StringHash.hash(String(decoding: Array(bridged.utf8), as: UTF8.self), seed: 7))
    }
}
