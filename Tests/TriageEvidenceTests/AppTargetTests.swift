import Testing
import TriageCore

@testable import TriageEvidence

/// App installs are not update installs (issue 11): a Store app named by its product ID or a provisioned app
/// package gets `target=app` and its codes the context `app`; an update keeps its context. And the newer
/// agent's "Install call complete" with a success and no failure closes the install it ends.
@Suite struct AppTargetTests {
    @Test func storeProductTitlesAndAppPackagesAreApps() {
        #expect(AppTarget.isApp(package: nil, title: "9NBLGGH3FL3T-Microsoft.VCLibs.120.00.Universal"))
        #expect(AppTarget.isApp(package: "92fd0ac0607b40e6bf7e9dcb09dfe742.appx", title: nil))
        #expect(AppTarget.isApp(package: "Contoso.App_1.0.0.0_x64.MSIXBUNDLE", title: nil))
        #expect(
            !AppTarget.isApp(package: nil, title: "2018-07 Cumulative Update for Windows 10 Version 1803 (KB4338819)"))
        #expect(!AppTarget.isApp(package: nil, title: "9nblggh3fl3t-lower-case"))
        #expect(!AppTarget.isApp(package: "Package_for_RollupFix~31bf3856ad364e35~amd64~~19041.1889.1.6", title: nil))
    }

    /// The byte-level tests at their edges: the product ID needs something after its dash; a package name is
    /// rejected on its last byte, which a combining mark after the `x` changes.
    @Test func theEdgesOfTheByteTests() {
        #expect(!AppTarget.isStoreProductTitle("9NBLGGH3FL3T-"))
        #expect(AppTarget.isStoreProductTitle("9NBLGGH3FL3T-x"))
        #expect(!AppTarget.isStoreProductTitle("9NBLGGH3FL3"))
        #expect(!AppTarget.isStoreProductTitle("9NBLGGH3FL3TX-Contoso"))
        #expect(AppTarget.hasAppPackageSuffix("Contoso.AppXBundle"))
        #expect(AppTarget.hasAppPackageSuffix("contoso.msix"))
        #expect(!AppTarget.hasAppPackageSuffix("Contoso.appx\u{0301}"))
        #expect(!AppTarget.hasAppPackageSuffix("Contoso.bundle"))
        #expect(!AppTarget.hasAppPackageSuffix(""))
    }

    static let dism = [
        "2021-11-27 13:21:21, Info                  DISM   DISM.EXE: <----- Starting Dism.exe session ----->",
        "2021-11-27 13:21:21, Info                  DISM   DISM.EXE: Executing command line: DISM.exe  /Online /Add-ProvisionedAppxPackage /PackagePath:app.appx /Region=\"all\"",
        "2021-11-27 13:21:32, Error                 DISM   DISM Appx Provider: PID=4696 TID=7772 Failed to add Appx package - CAppxManager::ProcessCommandAddAllUserAppxPackage(hr:0xc1570118)",
        "2021-11-27 13:21:32, Error                 DISM   DISM.EXE: AppxManager processed the command line but failed. HRESULT=C1570118",
        "2021-11-27 13:21:33, Info                  DISM   DISM.EXE: <----- Ending Dism.exe session ----->"
    ]

    @Test func aProvisionedAppPackageIsAnAppAndItsCodesHaveTheAppContext() {
        let ctx = Harness.run(.dism, Self.dism.joined(separator: "\r\n"))
        let attempts = ctx.facts.filter { $0.kind == FactKind.installAttempt }
        #expect(attempts.count == 1)
        #expect(attempts.first?["target"] == "app")
        #expect(attempts.first?["result"] == "failed")
        let codes = ctx.facts.filter { $0.kind == FactKind.errorCode }
        #expect(!codes.isEmpty)
        #expect(codes.allSatisfy { $0["context"] == "app" && $0["target"] == "app" })
    }

    @Test func installCallCompleteWithASuccessClosesTheAttempt() {
        let lines = [
            "2021/07/13 18:08:37.4012686 3736  9756  Agent           * START *  Installing updates CallerId = CcmExec",
            "2021/07/13 18:08:37.4015818 3736  9756  Agent             Title = Microsoft Edge for Windows 10 (KB4584642)",
            "2021/07/13 18:08:48.8997727 3752  12076 ComApi          Install call complete (succeeded = 1, succeeded with errors = 0, failed = 0, cancelled = 0, unaccounted = 0",
            "2021/07/13 18:16:48.8571485 4780  12184 EEHandler       *FAILED* [8007066F] EE: evaluation failed"
        ]
        let ctx = Harness.run(.windowsUpdate, lines.joined(separator: "\n"))
        let attempts = ctx.facts.filter { $0.kind == FactKind.installAttempt }
        #expect(attempts.map { $0["result"] } == ["succeeded"])
        #expect(attempts.first?["target"] == nil)
        let later = ctx.facts.filter { $0.kind == FactKind.errorCode && $0["code"] == "0x8007066f" }
        #expect(later.map { $0["context"] } == ["idle"])
        #expect(later.first?["attempt"] == nil)
    }
}
