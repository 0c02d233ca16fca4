/// Event classes of a Process Monitor capture.
public enum PMLEventClass: UInt32, Sendable {
    case unknown = 0
    case process = 1
    case registry = 2
    case fileSystem = 3
    case profiling = 4
    case network = 5

    /// As Process Monitor's CSV names it (`File System`).
    public var name: String {
        switch self {
        case .unknown: "Unknown"
        case .process: "Process"
        case .registry: "Registry"
        case .fileSystem: "File System"
        case .profiling: "Profiling"
        case .network: "Network"
        }
    }
}

/// One event, as handed to a visitor: the byte slices it points to are valid during the call only.
public struct PMLEvent {
    /// 1-based position in the file (the `#N` of a citation).
    public var ordinal: Int
    public var process: PMLProcess?
    public var threadID: UInt32
    public var eventClass: PMLEventClass
    public var operationCode: UInt16
    public var subOperation: UInt8
    /// 100 ns units.
    public var duration: UInt64
    /// FILETIME (UTC).
    public var time: UInt64
    public var result: UInt32
    /// For network events: the flags word (bit 2: TCP).
    var networkFlags: UInt16 = 0
    /// The Path column's bytes in the detail block, and where they end there (CreateFile's parameters follow).
    var pathBytes: ByteWindow?
    var pathEnd = 0
    var pathIsASCII = false
    /// Built already for network events (`host:port -> host:port`).
    var builtPath: String?
    /// The detail block and the extra detail block (nil when the event has none), and the pointer size: what
    /// ``detail`` decodes on demand.
    var detailBytes: ByteWindow?
    var extraBytes: ByteWindow?
    var pointerSize = 8

    /// The Path column.
    public var path: String {
        if let builtPath { return builtPath }
        guard let pathBytes else { return "" }
        return PMLText.detail(pathBytes, isASCII: pathIsASCII)
    }

    /// The Operation column (`RegOpenKey`, `Process Create`, `QueryStandardInformationFile`, `TCP Send`).
    public var operation: String {
        PMLNames.operation(eventClass, operationCode, subOperation, networkTCP: networkFlags & 4 != 0)
    }

    /// The Detail column for the operations ``PMLDetailText`` decodes (process and thread events, Load Image,
    /// ReadFile, WriteFile); nil for the others.
    public var detail: String? { PMLDetailText.text(self) }

    /// The Result column (`SUCCESS`, `ACCESS DENIED`, `0x368`).
    public var resultName: String { PMLNames.result(result) }

    /// The Time of Day column (`7:27:31.7947753 AM`, UTC).
    public var timeOfDay: String { PMLNames.timeOfDay(time) }
}
