import TriageCore

/// What the bits of a status code say, for codes the catalog does not hold.
public struct CodeAnatomy: Sendable, Hashable, Encodable {
    /// `success` or `failure` (the S bit).
    public var severity: String
    public var facility: Int
    /// `WIN32`, `WINDOWSUPDATE`, … when the facility is a common one.
    public var facilityName: String?
    /// The low 16 bits.
    public var code: Int
    /// For `HRESULT_FROM_WIN32` values (`0x8007xxxx`), or plain Win32 errors: the Win32 error number.
    public var win32Error: Int?
    /// A sentence about the code's family (CBS, Windows Setup, NTSTATUS, …).
    public var family: String?

    /// A plain Win32 error number (1…0xFFFF) is described as its `HRESULT_FROM_WIN32` form.
    public init(_ input: HRESULT) {
        let code = input.value != 0 && input.value <= 0xFFFF ? HRESULT.hresultFromWin32(input.value) : input
        severity = code.isFailure ? "failure" : "success"
        facility = Int(code.facility)
        facilityName = Self.facilityNames[facility]
        self.code = Int(code.code)
        win32Error = code.isWin32 ? Int(code.code) : nil
        family = Self.family(input)
    }

    /// Facility numbers of winerror.h that show up around Windows servicing.
    public static let facilityNames: [Int: String] = [
        0: "NULL", 1: "RPC", 2: "DISPATCH", 3: "STORAGE", 4: "ITF", 7: "WIN32", 8: "WINDOWS", 9: "SECURITY",
        10: "CONTROL", 11: "CERT", 12: "INTERNET", 13: "MEDIASERVER", 14: "MSMQ", 15: "SETUPAPI", 16: "SCARD",
        17: "COMPLUS", 18: "AAF", 19: "URT", 20: "ACS", 21: "DPLAY", 22: "UMI", 23: "SXS", 24: "WINDOWS_CE",
        25: "HTTP", 26: "USERMODE_COMMONLOG", 31: "USERMODE_FILTER_MANAGER", 32: "BACKGROUNDCOPY",
        33: "CONFIGURATION", 34: "STATE_MANAGEMENT", 35: "METADIRECTORY", 36: "WINDOWSUPDATE",
        37: "DIRECTORYSERVICE", 38: "GRAPHICS", 39: "SHELL", 40: "TPM_SERVICES", 41: "TPM_SOFTWARE", 48: "PLA",
        49: "FVE", 50: "FWP", 51: "WINRM", 52: "NDIS", 53: "USERMODE_HYPERVISOR", 54: "CMI",
        55: "USERMODE_VIRTUALIZATION", 56: "USERMODE_VOLMGR", 57: "BCD", 58: "USERMODE_VHD", 60: "SDIAG",
        61: "WEBSERVICES", 80: "WINDOWS_DEFENDER", 81: "OPC", 208: "DELIVERY_OPTIMIZATION"
    ]

    static func family(_ code: HRESULT) -> String? {
        let v = code.value
        if v & 0xFFFF_F000 == 0x800F_0000 && (v & 0xFFFF) >= 0x0800 && (v & 0xFFFF) < 0x0A00 {
            return "CBS (component-based servicing) error, 0x800F08xx/0x800F09xx"
        }
        if v & 0xFFF0_0000 == 0xC190_0000 { return "Windows Setup (feature update) error, 0xC190xxxx" }
        if code.isWin32 { return "Win32 error \(code.code) as HRESULT_FROM_WIN32" }
        if code.facility == 36 {
            return code.isFailure ? "Windows Update Agent error" : "Windows Update Agent success code"
        }
        if code.facility == 208 { return "Delivery Optimization error" }
        if v & 0xF000_0000 == 0xC000_0000 && code.facility == 0 { return "NTSTATUS error" }
        if v != 0, v <= 0xFFFF { return "Win32 error \(v) (as HRESULT: \(HRESULT.hresultFromWin32(v).upperHex))" }
        return nil
    }
}
