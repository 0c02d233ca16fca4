/// Names Process Monitor shows for operation codes and results (facts of the format, as its CSV export
/// spells them).
enum PMLNames {
    static let process = [
        "Process Defined", "Process Create", "Process Exit", "Thread Create", "Thread Exit",
        "Load Image", "Thread Profile", "Process Start", "Process Statistics", "System Statistics"
    ]
    static let registry = [
        "RegOpenKey", "RegCreateKey", "RegCloseKey", "RegQueryKey", "RegSetValue",
        "RegQueryValue", "RegEnumValue", "RegEnumKey", "RegSetInfoKey", "RegDeleteKey",
        "RegDeleteValue", "RegFlushKey", "RegLoadKey", "RegUnloadKey", "RegRenameKey",
        "RegQueryMultipleValueKey", "RegSetKeySecurity", "RegQueryKeySecurity"
    ]
    static let network = [
        "Unknown", "Other", "Send", "Receive", "Accept", "Connect", "Disconnect", "Reconnect",
        "Retransmit", "TCPCopy"
    ]
    static let profiling = ["Thread Profiling", "Process Profiling", "Debug Output Profiling"]
    /// File-system major operations, by code (IRP_MJ_* and FASTIO_* as Process Monitor names them).
    static let fileSystem = [
        "VolumeDismount", "VolumeMount", "FASTIO_MDL_WRITE_COMPLETE", "WriteFile2", "FASTIO_MDL_READ_COMPLETE",
        "ReadFile2", "QueryOpen", "FASTIO_CHECK_IF_POSSIBLE", "IRP_MJ_12", "IRP_MJ_11", "IRP_MJ_10", "IRP_MJ_9",
        "IRP_MJ_8", "FASTIO_NOTIFY_STREAM_FO_CREATION", "FASTIO_RELEASE_FOR_CC_FLUSH", "FASTIO_ACQUIRE_FOR_CC_FLUSH",
        "FASTIO_RELEASE_FOR_MOD_WRITE", "FASTIO_ACQUIRE_FOR_MOD_WRITE", "FASTIO_RELEASE_FOR_SECTION_SYNCHRONIZATION",
        "CreateFileMapping", "CreateFile", "CreatePipe", "IRP_MJ_CLOSE", "ReadFile", "WriteFile",
        "QueryInformationFile", "SetInformationFile", "QueryEAFile", "SetEAFile", "FlushBuffersFile",
        "QueryVolumeInformation", "SetVolumeInformation", "DirectoryControl", "FileSystemControl", "DeviceIoControl",
        "InternalDeviceIoControl", "Shutdown", "LockUnlockFile", "CloseFile", "CreateMailSlot", "QuerySecurityFile",
        "SetSecurityFile", "Power", "SystemControl", "DeviceChange", "QueryFileQuota", "SetFileQuota", "PlugAndPlay"
    ]

    /// Minor operations that replace the major name when the sub-operation byte is not 0, by major code.
    static let subOperations: [UInt16: [UInt8: String]] = [
        30: [
            1: "QueryInformationVolume", 2: "QueryLabelInformationVolume", 3: "QuerySizeInformationVolume",
            4: "QueryDeviceInformationVolume", 5: "QueryAttributeInformationVolume",
            6: "QueryControlInformationVolume", 7: "QueryFullSizeInformationVolume",
            8: "QueryObjectIdInformationVolume"
        ],
        31: [1: "SetControlInformationVolume", 2: "SetLabelInformationVolume", 8: "SetObjectIdInformationVolume"],
        25: [
            0x04: "QueryBasicInformationFile", 0x05: "QueryStandardInformationFile",
            0x06: "QueryFileInternalInformationFile", 0x07: "QueryEaInformationFile",
            0x09: "QueryNameInformationFile", 0x0e: "QueryPositionInformationFile",
            0x12: "QueryAllInformationFile", 0x14: "QueryEndOfFile", 0x16: "QueryStreamInformationFile",
            0x1c: "QueryCompressionInformationFile", 0x1d: "QueryId", 0x1f: "QueryMoveClusterInformationFile",
            0x22: "QueryNetworkOpenInformationFile", 0x23: "QueryAttributeTagFile", 0x25: "QueryIdBothDirectory",
            0x27: "QueryValidDataLength", 0x28: "QueryShortNameInformationFile", 0x2b: "QueryIoPiorityHint",
            0x2e: "QueryLinks", 0x30: "QueryNormalizedNameInformationFile",
            0x31: "QueryNetworkPhysicalNameInformationFile", 0x32: "QueryIdGlobalTxDirectoryInformation",
            0x33: "QueryIsRemoteDeviceInformation", 0x34: "QueryAttributeCacheInformation",
            0x35: "QueryNumaNodeInformation", 0x36: "QueryStandardLinkInformation",
            0x37: "QueryRemoteProtocolInformation", 0x38: "QueryRenameInformationBypassAccessCheck",
            0x39: "QueryLinkInformationBypassAccessCheck", 0x3a: "QueryVolumeNameInformation",
            0x3b: "QueryIdInformation", 0x3c: "QueryIdExtdDirectoryInformation",
            0x3e: "QueryHardLinkFullIdInformation", 0x3f: "QueryIdExtdBothDirectoryInformation",
            0x43: "QueryDesiredStorageClassInformation", 0x44: "QueryStatInformation",
            0x45: "QueryMemoryPartitionInformation", 0x46: "QuerySatLxInformation",
            0x47: "QueryCaseSensitiveInformation", 0x48: "QueryLinkInformationEx",
            0x49: "QueryLinkInfomraitonBypassAccessCheck", 0x4a: "QueryStorageReservedIdInformation",
            0x4b: "QueryCaseSensitiveInformationForceAccessCheck"
        ],
        26: [
            0x04: "SetBasicInformationFile", 0x0a: "SetRenameInformationFile", 0x0b: "SetLinkInformationFile",
            0x0d: "SetDispositionInformationFile", 0x0e: "SetPositionInformationFile",
            0x13: "SetAllocationInformationFile", 0x14: "SetEndOfFileInformationFile",
            0x16: "SetFileStreamInformation", 0x17: "SetPipeInformation",
            0x27: "SetValidDataLengthInformationFile", 0x28: "SetShortNameInformation",
            0x3d: "SetReplaceCompletionInformation", 0x40: "SetDispositionInformationEx",
            0x41: "SetRenameInformationEx", 0x42: "SetRenameInformationExBypassAccessCheck",
            0x4a: "SetStorageReservedIdInformation"
        ],
        32: [1: "QueryDirectory", 2: "NotifyChangeDirectory"],
        47: [
            1: "QueryRemoveDevice", 2: "RemoveDevice", 3: "CancelRemoveDevice", 4: "StopDevice",
            5: "QueryStopDevice", 6: "CancelStopDevice", 7: "QueryDeviceRelations", 8: "QueryInterface",
            9: "QueryCapabilities", 0xa: "QueryResources", 0xb: "QueryResourceRequirements", 0xc: "QueryDeviceText",
            0xd: "FilterResourceRequirements", 0xf: "ReadConfig", 0x10: "WriteConfig", 0x11: "Eject",
            0x12: "SetLock", 0x13: "QueryId2", 0x14: "QueryPnpDeviceState", 0x15: "QueryBusInformation",
            0x16: "DeviceUsageNotification", 0x17: "SurpriseRemoval", 0x18: "QueryLegacyBusInformation"
        ],
        37: [1: "LockFile", 2: "UnlockFileSingle", 3: "UnlockFileAll", 4: "UnlockFileByKey"]
    ]

    static let unknown = "<Unknown>"

    static func operation(_ cls: PMLEventClass, _ code: UInt16, _ sub: UInt8, networkTCP: Bool) -> String {
        func pick(_ names: [String]) -> String { Int(code) < names.count ? names[Int(code)] : unknown }
        switch cls {
        case .process: return pick(process)
        case .registry: return pick(registry)
        case .profiling: return pick(profiling)
        case .network: return (networkTCP ? "TCP " : "UDP ") + pick(network)
        case .unknown: return unknown
        case .fileSystem:
            if sub != 0, let minors = subOperations[code] { return minors[sub] ?? unknown }
            return pick(fileSystem)
        }
    }

    /// NTSTATUS values as Process Monitor prints them; others as `0x…` (upper-case hex).
    static let results: [UInt32: String] = [
        0: "SUCCESS", 0x103: "", 0x104: "REPARSE", 0x105: "MORE ENTRIES", 0x108: "OPLOCK BREAK IN PROGRESS",
        0x10b: "NOTIFY CLEANUP", 0x10c: "NOTIFY ENUM DIR", 0x12a: "FILE LOCKED WITH ONLY READERS",
        0x12b: "FILE LOCKED WITH WRITERS", 0x215: "OPLOCK SWITCHED TO NEW HANDLE", 0x216: "OPLOCK HANDLE CLOSED",
        0x367: "WAIT FOR OPLOCK", 0x4000_0016: "PREDEFINED HANDLE", 0x8000_0002: "DATATYPE MISALIGNMENT",
        0x8000_0005: "BUFFER OVERFLOW", 0x8000_0006: "NO MORE FILES", 0x8000_0015: "INVALID EA FLAG",
        0x8000_001a: "NO MORE ENTRIES", 0xc000_0001: "UNSUCCESSFUL", 0xc000_0002: "NOT IMPLEMENTED",
        0xc000_0003: "INVALID INFO CLASS", 0xc000_0004: "INFO LENGTH MISMATCH", 0xc000_0005: "ACCESS VIOLATION",
        0xc000_0006: "IN PAGE ERROR", 0xc000_0008: "INVALID HANDLE", 0xc000_000d: "INVALID PARAMETER",
        0xc000_000e: "NO SUCH DEVICE", 0xc000_000f: "NO SUCH FILE", 0xc000_0010: "INVALID DEVICE REQUEST",
        0xc000_0011: "END OF FILE", 0xc000_0012: "WRONG VOLUME", 0xc000_0013: "NO MEDIA",
        0xc000_0015: "NONEXISTENT SECTOR", 0xc000_0017: "NO MEMORY", 0xc000_0021: "ALREADY COMMITED",
        0xc000_0022: "ACCESS DENIED", 0xc000_0023: "BUFFER TOO SMALL", 0xc000_0024: "OBJECT TYPE MISMATCH",
        0xc000_0032: "DISK CORRUPT", 0xc000_0033: "NAME INVALID", 0xc000_0034: "NAME NOT FOUND",
        0xc000_0035: "NAME COLLISION", 0xc000_0039: "OBJECT PATH INVALID", 0xc000_003a: "PATH NOT FOUND",
        0xc000_003b: "PATH SYNTAX BAD", 0xc000_003c: "DATA OVERRUN", 0xc000_003f: "CRC ERROR",
        0xc000_0043: "SHARING VIOLATION", 0xc000_0044: "QUOTA EXCEEDED", 0xc000_004f: "EAS NOT SUPPORTED",
        0xc000_0050: "EA TOO LARGE", 0xc000_0051: "NONEXISTENT EA ENTRY", 0xc000_0052: "NO EAS ON FILE",
        0xc000_0053: "EA CORRUPTED ERROR", 0xc000_0054: "FILE LOCK CONFLICT", 0xc000_0055: "NOT GRANTED",
        0xc000_0056: "DELETE PENDING", 0xc000_0061: "PRIVILEGE NOT HELD", 0xc000_006d: "LOGON FAILURE",
        0xc000_007e: "RANGE NOT LOCKED", 0xc000_007f: "DISK FULL", 0xc000_0098: "FILE INVALID",
        0xc000_009a: "INSUFFICIENT RESOURCES", 0xc000_009c: "DEVICE DATA ERROR", 0xc000_009d: "DEVICE NOT CONNECTED",
        0xc000_00a2: "MEDIA WRITE PROTECTED", 0xc000_00a5: "BAD IMPERSONATION", 0xc000_00ab: "INSTANCE NOT AVAILABLE",
        0xc000_00ac: "PIPE NOT AVAILABLE", 0xc000_00ad: "INVALID PIPE STATE", 0xc000_00ae: "PIPE BUSY",
        0xc000_00b0: "PIPE DISCONNECTED", 0xc000_00b1: "PIPE CLOSING", 0xc000_00b2: "PIPE CONNECTED",
        0xc000_00b3: "PIPE LISTENING", 0xc000_00b4: "INVALID READ MODE", 0xc000_00b5: "IO TIMEOUT",
        0xc000_00ba: "IS DIRECTORY", 0xc000_00bb: "NOT SUPPORTED", 0xc000_00bd: "DUPLICATE NAME",
        0xc000_00be: "BAD NETWORK PATH", 0xc000_00c1: "BAD NETWORK PATH", 0xc000_00c3: "INVALID NETWORK RESPONSE",
        0xc000_00c4: "NETWORK ERROR", 0xc000_00cc: "BAD NETWORK NAME", 0xc000_00d4: "BAD NETWORK NAME",
        0xc000_00d8: "CANT WAIT", 0xc000_00d9: "PIPE EMPTY", 0xc000_00db: "CSC OBJECT PATH NOT FOUND",
        0xc000_00e2: "OPLOCK NOT GRANTED", 0xc000_00ef: "INVALID PARAMETER 1", 0xc000_00f0: "INVALID PARAMETER 2",
        0xc000_00f1: "INVALID PARAMETER 3", 0xc000_00f2: "INVALID PARAMETER 4", 0xc000_00fb: "REDIRECTOR NOT STARTED",
        0xc000_0101: "NOT EMPTY", 0xc000_0102: "FILE CORRUPT", 0xc000_0103: "NOT A DIRECTORY",
        0xc000_0107: "FILES OPEN",
        0xc000_010d: "CANNOT IMPERSONATE", 0xc000_0120: "CANCELLED", 0xc000_0121: "CANNOT DELETE",
        0xc000_0123: "FILE DELETED", 0xc000_0128: "FILE CLOSED", 0xc000_012a: "THREAD NOT IN PROCESS",
        0xc000_0148: "INVALID LEVEL", 0xc000_014b: "PIPE BROKEN", 0xc000_014c: "REGISTRY CORRUPT",
        0xc000_014d: "IO FAILED", 0xc000_017c: "KEY DELETED", 0xc000_0181: "CHILD MUST BE VOLATILE",
        0xc000_0184: "INVALID DEVICE STATE", 0xc000_0185: "IO DEVICE ERROR", 0xc000_0188: "LOG FILE FULL",
        0xc000_019c: "FS DRIVER REQUIRED", 0xc000_0205: "INSUFFICIENT SERVER RESOURCES",
        0xc000_0207: "INVALID ADDRESS COMPONENT", 0xc000_020c: "DISCONNECTED", 0xc000_0225: "NOT FOUND",
        0xc000_0243: "USER MAPPED FILE", 0xc000_0248: "LOGIN WKSTA RESTRICTION", 0xc000_0257: "PATH NOT COVERED",
        0xc000_026d: "DFS UNAVAILABLE", 0xc000_0273: "NO MORE MATCHES", 0xc000_0275: "NOT REPARSE POINT",
        0xc000_02ea: "CANNOT MAKE", 0xc000_02f0: "OBJECTID NOT FOUND", 0xc000_0388: "DOWNGRADE DETECTED",
        0xc000_0425: "HIVE UNLOADED", 0xc000_0427: "FILE SYSTEM LIMITATION",
        0xc000_0463: "DEVICE FEATURE NOT SUPPORTED",
        0xc000_046d: "OBJECT NOT EXTERNALLY BACKED", 0xc000_0909: "CANNOT BREAK OPLOCK",
        0xc000_a2a1: "STATUS_OFFLOAD_READ_FLT_NOT_SUPPORTED", 0xc000_a2a2: "STATUS_OFFLOAD_WRITE_FLT_NOT_SUPPORTED",
        0xc000_a2a3: "OFFLOAD READ FILE NOT SUPPORTED", 0xc000_a2a4: "OFFLOAD READ FILE NOT SUPPORTED",
        0xc019_0001: "TRANSACTIONAL CONFLICT", 0xc019_0002: "INVALID TRANSACTION",
        0xc019_0003: "TRANSACTION_NOT_ACTIVE",
        0xc019_003e: "EFS NOT ALLOWED IN TRANSACTION", 0xc019_003f: "TRANSACTIONAL OPEN NOT ALLOWED",
        0xc019_0040: "TRANSACTED MAPPING UNSUPPORTED REMOTE", 0xc019_0044: "CANNOT EXECUTE FILE IN TRANSACTION",
        0xc019_0049: "SPARSE NOT ALLOWED IN TRANSACTION", 0xc01c_0004: "FAST IO DISALLOWED"
    ]

    static func result(_ value: UInt32) -> String {
        results[value] ?? "0x" + String(value, radix: 16, uppercase: true)
    }

    /// `h:mm:ss.fffffff AM` (12-hour clock, 100 ns digits) of a FILETIME, UTC.
    static func timeOfDay(_ fileTime: UInt64) -> String {
        let secondOfDay = Int((fileTime / 10_000_000) % 86_400)
        let hour = secondOfDay / 3600
        let hour12 = hour % 12 == 0 ? 12 : hour % 12
        // Written as bytes into one string (every event of a capture has one: no interpolation pieces).
        return ASCIIString.build(capacity: 19) { out in
            func put(_ byte: UInt8) { out.append(byte) }
            func digits(_ value: UInt64, _ count: Int) {
                var divisor: UInt64 = 1
                for _ in 1..<count { divisor *= 10 }
                while divisor > 0 {
                    put(0x30 + UInt8(value / divisor % 10))
                    divisor /= 10
                }
            }
            if hour12 >= 10 { put(0x31) }
            put(0x30 + UInt8(hour12 % 10))
            put(0x3A)
            digits(UInt64(secondOfDay / 60 % 60), 2)
            put(0x3A)
            digits(UInt64(secondOfDay % 60), 2)
            put(0x2E)
            digits(fileTime % 10_000_000, 7)
            put(0x20)
            put(hour < 12 ? 0x41 : 0x50)  // A, P
            put(0x4D)
        }
    }
}
