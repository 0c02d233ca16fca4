/// Windows Setup's execution phases and operations, as the extend code of a setup result names them
/// (`0xC1900101-0x2000C`: phase 2, operation 0x0C) and as setupact.log spells them
/// (`Failed execution phase Safe OS`, `Operation failed: Apply WIM file …`). Fact values are the ids.
public enum SetupPhase: String, Sendable, CaseIterable {
    case downlevel
    case safeOS = "safe-os"
    case firstBoot = "first-boot"
    case secondBoot = "second-boot"
    case uninstall, unknown

    /// The phase of an extend code's first digit (SP_EXECUTION_DOWNLEVEL … SP_EXECUTION_UNINSTALL).
    public init(extendDigit d: UInt32) {
        switch d {
        case 1: self = .downlevel
        case 2: self = .safeOS
        case 3: self = .firstBoot
        case 4: self = .secondBoot
        case 5: self = .uninstall
        default: self = .unknown
        }
    }

    /// The phase of a setupact phase name (`Downlevel`, `Pre-Finalize`, `Safe OS`, `SafeOS`, `Pre First Boot`,
    /// `Pre SysPrep`, `OOBE`, …); case and spaces are ignored.
    public init(logName: String) {
        let n = logName.lowercased().filter { $0.isLetter }
        if n.contains("safeos") || n == "winpe" {
            self = .safeOS
        } else if n.contains("downlevel") || n.contains("finalize") {
            self = .downlevel
        } else if n.contains("oobe") {
            self = .secondBoot
        } else if n.contains("firstboot") || n.contains("sysprep") || n.contains("specialize") {
            self = .firstBoot
        } else if n.contains("uninstall") || n.contains("rollback") {
            self = .uninstall
        } else {
            self = .unknown
        }
    }

    /// Extend-code name and a plain description.
    public var documented: (symbol: String, text: String) {
        switch self {
        case .downlevel: ("SP_EXECUTION_DOWNLEVEL", "down-level: the old system, before the first restart")
        case .safeOS: ("SP_EXECUTION_SAFE_OS", "Safe OS: WinPE, applying the new image")
        case .firstBoot: ("SP_EXECUTION_FIRST_BOOT", "first boot of the new system (drivers, specialize)")
        case .secondBoot: ("SP_EXECUTION_OOBE_BOOT", "second boot: OOBE and data migration")
        case .uninstall: ("SP_EXECUTION_UNINSTALL", "uninstall: rollback to the old system")
        case .unknown: ("SP_EXECUTION_UNKNOWN", "phase not known")
        }
    }
}

/// The operations of an extend code's last two digits (SP_EXECUTION_OP_…), as fact ids.
public enum SetupOperation: String, Sendable, CaseIterable {
    case unknown
    case copyPayload = "copy-payload"
    case downloadUpdates = "download-updates"
    case
        installUpdates = "install-updates"
    case installRecoveryEnvironment = "install-recovery-environment"
    case
        installRecoveryImage = "install-recovery-image"
    case replicateOC = "replicate-oc"
    case
        installDrivers = "install-drivers"
    case prepareSafeOS = "prepare-safe-os"
    case prepareRollback = "prepare-rollback"
    case
        prepareFirstBoot = "prepare-first-boot"
    case prepareOOBEBoot = "prepare-oobe-boot"
    case applyImage = "apply-image"
    case
        migrateData = "migrate-data"
    case setProductKey = "set-product-key"
    case addUnattend = "add-unattend"
    case
        addDriver = "add-driver"
    case enableFeature = "enable-feature"
    case disableFeature = "disable-feature"
    case
        registerAsyncProcess = "register-async-process"
    case registerSyncProcess = "register-sync-process"
    case
        createFile = "create-file"
    case createRegistry = "create-registry"
    case boot, sysprep, oobe
    case
        beginFirstBoot = "begin-first-boot"
    case endFirstBoot = "end-first-boot"
    case beginOOBEBoot = "begin-oobe-boot"
    case
        endOOBEBoot = "end-oobe-boot"
    case preOOBE = "pre-oobe"
    case postOOBE = "post-oobe"
    case
        addProvisioningPackage = "add-provisioning-package"

    /// The operation of an extend code's low byte (0x00 … 0x20, in the documented order).
    public init(extendOperation v: UInt32) {
        let all = Self.allCases
        self = v < UInt32(all.count) ? all[Int(v)] : .unknown
    }

    /// The operation a SetupPlatform operation name belongs to (`Apply WIM file PathForNewOSFile, index 6 to …`,
    /// `Add driver …`, `Install WinRE …`); `.unknown` when none fits.
    public init(operationName: String) {
        let n = operationName.lowercased()
        func has(_ s: String) -> Bool { n.contains(s) }
        if has("apply wim") || has("apply image") || has("extract files from wim") || has("expand wim") {
            self = .applyImage
        } else if has("migrat") || has("gather") {
            self = .migrateData
        } else if has("winre") || has("recovery environment") {
            self = .installRecoveryEnvironment
        } else if has("add driver") || has("inject driver") {
            self = .addDriver
        } else if has("driver") {
            self = .installDrivers
        } else if has("optional component") {
            self = .replicateOC
        } else if has("install update") || has("add package") || has("dynamic update") {
            self = .installUpdates
        } else if has("copy") && has("payload") {
            self = .copyPayload
        } else if has("product key") {
            self = .setProductKey
        } else if has("unattend") {
            self = .addUnattend
        } else if has("provisioning package") {
            self = .addProvisioningPackage
        } else if has("sysprep") {
            self = .sysprep
        } else if has("enable feature") {
            self = .enableFeature
        } else if has("disable feature") {
            self = .disableFeature
        } else {
            self = .unknown
        }
    }

    /// The documented symbol (`SP_EXECUTION_OP_APPLY_IMAGE`).
    public var symbol: String {
        "SP_EXECUTION_OP_" + rawValue.uppercased().replacingOccurrences(of: "-", with: "_")
    }
}

/// A setup result with its extend code (`0x8007000D-0x2000C`): the extend code's top digit is the phase, its
/// low byte the operation.
public struct SetupExtend: Sendable, Hashable {
    public let value: UInt32
    public init?(_ value: UInt32) {
        guard value <= 0xF_FFFF else { return nil }
        self.value = value
    }
    public var phase: SetupPhase { SetupPhase(extendDigit: value >> 16) }
    public var operation: SetupOperation { SetupOperation(extendOperation: value & 0xFF) }
    /// `0x2000C`
    public var hex: String { "0x" + String(value, radix: 16, uppercase: true) }
}

/// Fact kinds of the feature-update (Windows Setup) model.
extension FactKind {
    /// A setup failure with its phase and operation (setupact, setuperr, the rollback log, SetupDiag).
    public static let setupFailure = "setup-failure"
    /// Setup's own line saying a run got through its second boot (OOBE) or its last phase.
    public static let setupCompleted = "setup-completed"
    /// A setupact.log that stops in the down-level phase with no outcome (``SetupEnding``).
    public static let setupLogEnded = "setup-log-ended"
    /// Setup run with `/Compat ScanOnly`: a compatibility scan, not an upgrade.
    public static let setupScanOnly = "setup-scan-only"
    /// SetupDiag's own verdict as found in a bundle (rule name, GUID, phase, operation, codes).
    public static let setupDiagResult = "setupdiag-result"
    /// A compatibility item of CompatData_*.xml that blocks or is not migrated.
    public static let compatBlock = "compat-block"
    /// A device or driver-package install that SetupAPI closed with a failure status (setupapi.dev.log).
    public static let deviceInstallFailure = "device-install-failure"
}
