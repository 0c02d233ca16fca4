import TriageCore

/// How a code written by one component leads to a code the catalog explains: a plain Win32 number, an
/// NTSTATUS or its `HRESULT_FROM_NT` form mapped to its Win32 error, a Win32 error inside an HRESULT, a
/// Windows Setup result. Each step is a sentence for `triage code`.
public struct CodeDecoding: Sendable, Hashable {
    /// Sentences, outermost first.
    public var steps: [String]
    /// The code whose catalog entry explains this one, when it is another code (`0x80070020` for `0xD0000043`).
    public var via: HRESULT?

    /// NTSTATUS values seen in servicing logs (CBS `(F)` lines, poqexec) with the Win32 error the kernel maps
    /// them to (RtlNtStatusToDosError) and their names.
    static let ntStatus: [UInt32: (name: String, win32: UInt32)] = [
        0xC000_0001: ("STATUS_UNSUCCESSFUL", 31),
        0xC000_000D: ("STATUS_INVALID_PARAMETER", 87),
        0xC000_0017: ("STATUS_NO_MEMORY", 8),
        0xC000_0022: ("STATUS_ACCESS_DENIED", 5),
        0xC000_0034: ("STATUS_OBJECT_NAME_NOT_FOUND", 2),
        0xC000_003A: ("STATUS_OBJECT_PATH_NOT_FOUND", 3),
        0xC000_0043: ("STATUS_SHARING_VIOLATION", 32),
        0xC000_007F: ("STATUS_DISK_FULL", 112),
        0xC000_009A: ("STATUS_INSUFFICIENT_RESOURCES", 1450),
        0xC000_0102: ("STATUS_FILE_CORRUPT_ERROR", 1392),
        0xC000_0120: ("STATUS_CANCELLED", 995),
        0xC000_0225: ("STATUS_NOT_FOUND", 1168)
    ]

    /// Windows Setup results that remap another code (windows-itpro-docs issue #2484).
    static let setupRemaps: [UInt32: UInt32] = [0xC190_01DF: 0x8007_0070]

    public init(_ code: HRESULT) {
        steps = []
        via = nil
        let v = code.value
        if v != 0, v <= 0xFFFF {
            let hresult = HRESULT.hresultFromWin32(v)
            steps.append(
                "Win32 error \(v) (0x\(Self.hex(v))); as an HRESULT it is HRESULT_FROM_WIN32(\(v)) = \(hresult.upperHex)"
            )
            via = hresult
        } else if v & 0xF000_0000 == 0xD000_0000 {
            let status = v & ~UInt32(0x1000_0000)
            steps.append("HRESULT_FROM_NT: the N bit wraps NTSTATUS 0x\(Self.hex(status, width: 8))")
            ntStatusSteps(status)
        } else if v & 0xF000_0000 == 0xC000_0000, code.facility == 0 {
            steps.append("an NTSTATUS (kernel status), as poqexec and CSI write them")
            ntStatusSteps(v)
        } else if code.isWin32 {
            steps.append(
                "HRESULT_FROM_WIN32 of Win32 error \(code.code) (0x\(Self.hex(code.code))): CBS, CSI and the update agent "
                    + "wrap Win32 errors this way and often print the Win32 name after it")
        } else if v & 0xFFF0_0000 == 0xC190_0000 {
            steps.append(
                "a Windows Setup (feature update) result; setup writes it as `result - extend`, where the extend "
                    + "code's first digit is the phase and its last two digits the operation")
            if let original = Self.setupRemaps[v] {
                steps.append("setup remaps \(HRESULT(original).upperHex) to this code")
                via = HRESULT(original)
            }
        } else if v & 0xFFFF_F000 == 0x800F_0000 {
            steps.append("a CBS/PSFX servicing-stack error (facility 15); CBS prints its symbol after `HRESULT = … -`")
        } else if code.facility == 36 {
            steps.append(
                code.isFailure
                    ? "a Windows Update Agent error (facility 36); the agent logs it as `*FAILED* [\(Self.hex(v, width: 8))]`"
                    : "a Windows Update Agent success code (facility 36); wusa reports it in decimal (\(v))")
        }
    }

    private mutating func ntStatusSteps(_ status: UInt32) {
        guard let known = Self.ntStatus[status] else {
            steps.append("NTSTATUS 0x\(Self.hex(status, width: 8)) has no Win32 mapping here")
            return
        }
        let hresult = HRESULT.hresultFromWin32(known.win32)
        steps.append(
            "NTSTATUS 0x\(Self.hex(status, width: 8)) \(known.name) maps to Win32 error \(known.win32); "
                + "HRESULT_FROM_WIN32(\(known.win32)) = \(hresult.upperHex)")
        via = hresult
    }

    static func hex(_ value: UInt32, width: Int = 0) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
