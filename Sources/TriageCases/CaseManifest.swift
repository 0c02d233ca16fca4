import TriageCore

/// A support case: what was reported, and its dated history (`case.xml` in a case folder).
/// See docs/cases.md for the file format.
package struct CaseManifest: Sendable, Hashable {
    package var id: String
    /// The update the customer reported as failing (`KB5016623`), when known.
    package var kb: String?
    /// One-line symptom as reported (`install-fails`, `rolls-back-at-reboot`, free text).
    package var symptom: String?
    /// Problem definition as agreed with the customer (first line of the closing summary).
    package var problem: LocalizedText
    /// Engineer's free-form notes (not evaluated).
    package var notes: [String]
    /// The history in file order; ``timeline`` gives it in date order.
    package var events: [CaseEvent]
    /// Folder of the case (bundle paths are relative to it). Empty for hand-built manifests.
    package var folder: String
    /// Where the manifest was read from (for messages).
    package var location: SourceLocation

    package init(
        id: String, kb: String? = nil, symptom: String? = nil, problem: LocalizedText = LocalizedText(),
        notes: [String] = [], events: [CaseEvent], folder: String = "",
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.id = id
        self.kb = kb
        self.symptom = symptom
        self.problem = problem
        self.notes = notes
        self.events = events
        self.folder = folder
        self.location = location
    }

    /// Events sorted by date; events of the same date keep their file order.
    package var timeline: [CaseEvent] {
        events.enumerated().sorted { a, b in
            a.element.date != b.element.date ? a.element.date < b.element.date : a.offset < b.offset
        }.map(\.element)
    }

    package var expectations: [Expectation] {
        timeline.compactMap { if case .expectation(let e) = $0 { e } else { nil } }
    }

    package var submissions: [Submission] {
        timeline.compactMap { if case .submission(let s) = $0 { s } else { nil } }
    }
}

/// One dated entry of a case history.
package enum CaseEvent: Sendable, Hashable {
    case submission(Submission)
    case observation(Observation)
    case request(Request)
    case outcome(Outcome)
    case expectation(Expectation)

    package var date: CaseDate {
        switch self {
        case .submission(let s): s.date
        case .observation(let o): o.date
        case .request(let r): r.date
        case .outcome(let o): o.date
        case .expectation(let e): e.date
        }
    }
}

/// A log bundle the customer uploaded.
package struct Submission: Sendable, Hashable {
    /// Short id used by outcomes (`b2`); defaults to the bundle path.
    package var id: String
    package var date: CaseDate
    /// Path relative to the case folder: a folder, a `.zip`, or a single file (may point outside the case,
    /// e.g. into `../shared/corpus`; such a bundle is skipped with a message when absent).
    package var bundle: String
    /// Machine name as the engineer knows it; the bundle's own `machine` fact wins when present.
    package var machine: String?
    package var note: String?
    package var location: SourceLocation

    package init(
        id: String, date: CaseDate, bundle: String, machine: String? = nil, note: String? = nil,
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.id = id
        self.date = date
        self.bundle = bundle
        self.machine = machine
        self.note = note
        self.location = location
    }
}

/// Something the engineer learnt outside the logs (a phone call): an observation fact `{name, value}`.
package struct Observation: Sendable, Hashable {
    package var date: CaseDate
    package var name: String
    package var value: String
    package var note: String?
    package var location: SourceLocation

    package init(
        date: CaseDate, name: String, value: String, note: String? = nil,
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.date = date
        self.name = name
        self.value = value
        self.note = note
        self.location = location
    }
}

/// A procedure the engineer asked the customer to perform.
package struct Request: Sendable, Hashable {
    package var date: CaseDate
    package var procedure: String
    package var note: String?
    package var location: SourceLocation

    package init(
        date: CaseDate, procedure: String, note: String? = nil,
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.date = date
        self.procedure = procedure
        self.note = note
        self.location = location
    }
}

/// What came of a request: performed or not, and the result as observations.
package struct Outcome: Sendable, Hashable {
    package var date: CaseDate
    package var procedure: String
    package var performed: Bool
    /// Result observations (`offline-install-result = same-error`).
    package var results: [ObservedValue]
    /// The submission that carries the result, if any (`b3`).
    package var submission: String?
    package var note: String?
    package var location: SourceLocation

    package init(
        date: CaseDate, procedure: String, performed: Bool, results: [ObservedValue] = [],
        submission: String? = nil, note: String? = nil,
        location: SourceLocation = SourceLocation(file: "case.xml", line: 1, column: 1)
    ) {
        self.date = date
        self.procedure = procedure
        self.performed = performed
        self.results = results
        self.submission = submission
        self.note = note
        self.location = location
    }

    /// Performed, and its result arrived (result observations or a submission).
    package var resultArrived: Bool { performed && (!results.isEmpty || submission != nil) }
}

package struct ObservedValue: Sendable, Hashable {
    package var name: String
    package var value: String
    package init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}
