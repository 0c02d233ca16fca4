/// One event record of an EVTX file: the `System` fields triage uses and the event's named values.
public struct EVTXEvent: Sendable, Equatable {
    /// 1-based position of the record in the file (file order, which a wrapped log need not keep in
    /// record-id order). Citations use it: `Setup.evtx:3`.
    public var ordinal: Int
    /// `EventRecordID` as the record header stores it.
    public var recordID: UInt64
    /// The record header's written time (FILETIME, 100 ns since 1601-01-01 UTC).
    public var written: UInt64
    /// `System/TimeCreated/@SystemTime` when it is a FILETIME (it nearly always is), else nil.
    public var created: UInt64?
    /// `System/Provider/@Name`.
    public var provider: String = ""
    /// `System/Provider/@EventSourceName` (classic event sources: `Service Control Manager`, `BugCheck`), or "".
    public var source: String = ""
    public var eventID: Int = 0
    /// `System/Level`: 1 critical, 2 error, 3 warning, 4 (or 0) information, 5 verbose.
    public var level: Int = 0
    public var computer: String = ""
    public var channel: String = ""
    /// `EventData/Data` values (their `Name`, or "" when unnamed) and `UserData` leaf elements (their element
    /// name), in document order.
    public var data: [EVTXField] = []

    public init(ordinal: Int, recordID: UInt64, written: UInt64) {
        self.ordinal = ordinal
        self.recordID = recordID
        self.written = written
    }

    /// The event's time: `TimeCreated` if present, else the written time (FILETIME, UTC).
    public var time: UInt64 { created ?? written }

    /// The first value named `name`.
    public func value(_ name: String) -> String? {
        for field in data where field.name == name { return field.value }
        return nil
    }
}

public struct EVTXField: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What reading an EVTX file gave: its events in file order, and notes on damage (chunks that failed a
/// checksum or could not be parsed, records that could not be read).
public struct EVTXLog: Sendable {
    public var events: [EVTXEvent] = []
    public var notes: [String] = []
    /// Chunks found (signature present).
    public var chunks = 0
    /// Set when the file could not be read at all (no EVTX header).
    public var failure: String?
}
