import Testing
import TriageCore

@testable import TriageEvidence

/// The feature-update model: setup phases and operations, SetupDiag's verdict, CompatData blocks. Fixtures
/// are written here line by line in the documented formats (setupact `date, Level  Component  text`).
@Suite struct SetupModelTests {
    static func setupLine(_ time: String, _ level: String, _ component: String, _ text: String) -> String {
        let pad = String(repeating: " ", count: max(1, 22 - level.count))
        let comp = component + String(repeating: " ", count: max(0, 6 - component.count))
        return "2023-05-23 \(time), \(level)\(pad)\(comp) \(text)"
    }

    func facts(_ kind: LogKind, _ lines: [String], _ factKind: String) -> [String] {
        let ctx = Harness.run(kind, bytes: Array(lines.joined(separator: "\r\n").utf8))
        return ctx.facts.sorted(by: Fact.stableOrder).filter { $0.kind == factKind }.map(\.summary)
    }

    @Test func phasesAndOperationsOfASafeOSFailure() {
        let lines = [
            Self.setupLine(
                "00:27:53", "Info", "SP", "OPERATIONTRACK ExecuteOperations: Start execution phase Downlevel"),
            Self.setupLine(
                "00:28:33", "Error", "SP",
                "Operation failed: Apply WIM file PathForNewOSFile, index 6 to C:\\$WINDOWS.~BT\\NewOS. Error: 0x80070570[gle=0x000000b7]"
            ),
            Self.setupLine(
                "00:28:35", "Info", "SP", "ExecuteOperations: Successfully processed execution phase Downlevel"),
            Self.setupLine("00:32:12", "Info", "SP", "Execution phase [Safe OS] entering"),
            Self.setupLine(
                "00:32:46", "Error", "SP",
                "Operation failed: Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS. Error: 0x80070570[gle=0x000000b7]"
            ),
            Self.setupLine(
                "00:32:46", "Error", "SP", "ExecuteOperations: Failed execution phase Safe OS. Error: 0x8007000D"),
            Self.setupLine(
                "00:34:02", "Info", "MOUPG", "SetupHost: Reporting post reboot event -> [0x8007000D, 0x2000C]"),
            Self.setupLine(
                "00:34:03", "Info", "MOUPG", "CSetupDiagnostics: Tracing Data [DWORD] -> [Setup360Extended]=[0x2000C]")
        ]
        #expect(
            facts(.setupact, lines, FactKind.setupFailure) == [
                "2 setup-failure fatal=false hresult=0x80070570 log=setupact operation=apply-image phase=downlevel step=Apply WIM file PathForNewOSFile, index 6 to C:\\$WINDOWS.~BT\\NewOS",
                "5 setup-failure fatal=false hresult=0x80070570 log=setupact operation=apply-image phase=safe-os step=Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS",
                "6 setup-failure fatal=true hresult=0x8007000d log=setupact operation=apply-image phase=safe-os step=Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS",
                "7 setup-failure extend=0x2000C fatal=true hresult=0x8007000d log=setupact operation=apply-image phase=safe-os"
            ])
    }

    @Test func resultExtendPairsInTheirThreeSpellings() {
        let lines = [
            Self.setupLine("09:21:40", "Error", "MOUPG", "CSetupManager::Execute(1850): Result = 0xC1900101 - 0x4000D"),
            Self.setupLine("09:21:41", "Error", "MOUPG", "Error = 0x8007000D-0x2000C"),
            Self.setupLine("09:21:42", "Error", "MOUPG", "Result = 0xC1900101 - 0x0"),  // no extend digit: not a pair
            // success result: not a failure
            Self.setupLine("09:21:43", "Info", "MOUPG", "Result = 0x00000000 - 0x20017")
        ]
        #expect(
            facts(.setuperr, lines, FactKind.setupFailure) == [
                "1 setup-failure extend=0x4000D fatal=true hresult=0xc1900101 log=setuperr operation=migrate-data phase=second-boot",
                "2 setup-failure extend=0x2000C fatal=true hresult=0x8007000d log=setuperr operation=apply-image phase=safe-os"
            ])
    }

    @Test func extendCodeTables() {
        #expect(SetupExtend(0x20017)?.phase == .safeOS)
        #expect(SetupExtend(0x20017)?.operation == .boot)
        #expect(SetupExtend(0x4000D)?.operation.symbol == "SP_EXECUTION_OP_MIGRATE_DATA")
        #expect(SetupExtend(0x10020)?.operation == .addProvisioningPackage)
        #expect(SetupExtend(0x10021)?.operation == .unknown)
        #expect(SetupExtend(0x100000) == nil)
        #expect(SetupOperation.allCases.count == 0x21)
        #expect(SetupPhase(logName: "Pre First Boot") == .firstBoot)
        #expect(SetupPhase(logName: "SafeOS") == .safeOS)
        #expect(SetupPhase(logName: "Pre-Finalize") == .downlevel)
        #expect(SetupPhase(logName: "OOBE") == .secondBoot)
        #expect(SetupOperation(operationName: "Gather data, scope: EVERYTHING") == .migrateData)
    }

    @Test func setupDiagVerdictBecomesFacts() {
        let lines = [
            "",
            "Matching Profile found: FindRollbackFailure - 3A43C9B5-05B3-4F7C-A955-88F991BB5A48",
            "SetupDiag version: 1.6.2107.27002",
            "Last Phase = Safe OS",
            "Last Operation = Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS",
            "Error = 0x8007000D-0x2000C"
        ]
        #expect(
            facts(.setupDiag, lines, FactKind.setupDiagResult) == [
                "2 setupdiag-result extend=0x2000C guid=3A43C9B5-05B3-4F7C-A955-88F991BB5A48 hresult=0x8007000d log=setupdiag operation=apply-image phase=safe-os rule=FindRollbackFailure step=Apply WIM file PathForNewOSFile, index 6 to D:\\$WINDOWS.~BT\\NewOS"
            ])
        #expect(facts(.setupDiag, lines, FactKind.setupFailure).count == 1)
    }

    @Test func setupDiagXMLVerdict() {
        let xml =
            "<?xml version=\"1.0\"?><SetupDiag><ProfileName>DiskSpaceBlockInDownLevel</ProfileName><ProfileGuid>6080afac-892e-4903-94ea-7a17e69e549e</ProfileGuid><FailureDetails>Err = 0xC190020E, LastOperation = Gather data, scope: EVERYTHING, LastPhase = Downlevel</FailureDetails></SetupDiag>"
        #expect(
            facts(.setupDiag, [xml], FactKind.setupDiagResult) == [
                "1 setupdiag-result guid=6080AFAC-892E-4903-94EA-7A17E69E549E hresult=0xc190020e log=setupdiag operation=migrate-data phase=downlevel rule=DiskSpaceBlockInDownLevel step=Gather data, scope: EVERYTHING"
            ])
    }

    @Test func compatDataBlocks() {
        let lines = [
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>",
            "<CompatReport><Hardware><HardwareItem HardwareType=\"Setup_BitlockerNoTargetSupport\"><CompatibilityInfo BlockingType=\"Hard\"/></HardwareItem><HardwareItem HardwareType=\"Setup_SecureBoot\"><CompatibilityInfo BlockingType=\"None\"/></HardwareItem></Hardware>",
            "\t<DriverPackages><DriverPackage Inf=\"oem1.inf\" BlockMigration=\"True\" HasSignedBinaries=\"False\"/><DriverPackage Inf=\"oem2.inf\" BlockMigration=\"False\"/></DriverPackages>",
            "\t<Programs><Program Name=\"Contoso Disk Guard\" Id=\"00aa\">",
            "\t\t<CompatibilityInfo BlockingType=\"Soft\"/>",
            "\t</Program></Programs></CompatReport>"
        ]
        #expect(
            facts(.compatData, lines, FactKind.compatBlock) == [
                "2 compat-block blocking=hard log=compatdata name=Setup_BitlockerNoTargetSupport type=hardware",
                "3 compat-block blocking=migration log=compatdata name=oem1.inf type=driver",
                "5 compat-block blocking=soft log=compatdata name=Contoso Disk Guard type=program"
            ])
    }

    @Test func compatDataIsRecognisedByContent() {
        let sample = Array(
            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\r\n<CompatReport xmlns=\"http://www.microsoft.com/ApplicationExperience/UpgradeAdvisor/01012009\"><System X64Capable=\"True\"/>\r\n</CompatReport>\r\n"
                .utf8)
        #expect(
            sample.withLineBytes { Recognizer.recognize(sample: $0, name: "ScanResult.xml") }.kind
                == .compatData)
    }
}
