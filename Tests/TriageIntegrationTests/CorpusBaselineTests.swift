import Testing
import TriageCore
import TriageEngine

/// No false alarms on healthy machines, and the right cause on real failures: every corpus file whose
/// SOURCES.md entry shows only success or benign lines must rank `no-failure-captured` first; corpus files
/// with a real update failure must rank the matching hypothesis first. Skipped when ../shared/corpus is absent.
@Suite(.enabled(if: Pipeline.corpus != nil, "../shared/corpus not found beside the repo; corpus baselines skipped"))
struct CorpusBaselineTests {
    /// SOURCES.md: success only, benign probes (0x800f0805), SFC runs that repaired or found nothing,
    /// provider-load noise, idle scans whose `*FAILED*` lines are environment probes.
    static let benign = [
        "3gstudent-eventlogedit/Setup.evtx",  // Servicing event 3 with 0x800F0816: the job state was saved, it resumes
        "abcdra-karev/dism.log",
        "adrianosalves-acessoremoto/CBS.log",
        "appostarsi-winerros/CBS Win 10.log",
        "bitbtrust-errorcode/setupact.log",
        "cralborn-cyberforce/UnattendGC/setupact.log",
        "cralborn-cyberforce/setupact.log",
        "doomscourge416-ffs/CBS.log",
        "eyeofparadox-asusg713/CBS.log",
        "eyeofparadox-asusg713/dism.log",
        // Delivery Optimization downloads fail on standby (0x80D05001), later scans and an install succeed: recovered
        "findingsanity-logs/WindowsUpdate.log",
        "glsureshkumar-testjava/CBS.log",
        "hofcake-cbslog/CBS.log",
        "howardzhy-crashreports/CBS.log",
        "jessestew1922-ukg/CBS.log",
        "josemorenosater-nodescontent/CBS.log",
        "jrose152-sam/CBS.log",
        "kanthrajni-hacktoberfest/dism.log",
        "karthikvemula-maven/WindowsUpdate.log",
        "kaykyprogramas01-kayky/setupact.log",
        "lee7723-git/WindowsUpdate.log",
        "loghub/Windows_2k.log",
        "michampr-newfolder/cbs.log",
        "ncac-babrandon/dism.log",
        "ones24074586-kimaru/cbs.log",
        "rkudache31-log/WindowsUpdate.log",
        "romi1996-csi/CBS.log",  // the store was marked corrupt, then the same session repaired it all
        "solsticeprojekt-temp/CBS.log",
        "vitalskib-files/setupact.log",
        "waca0895-wtrlabtest/WindowsUpdate.log"  // newer agent layout: every deployment succeeds, noise inside them
    ]

    /// Real failures and the hypothesis a servicing engineer names first.
    static let failures: [(file: String, hypothesis: String)] = [
        ("alborz25-logs/CBS.log", "component-store-corrupt"),  // 0x800f081f source missing in repair
        ("appostarsi-winerros/CBS.log", "component-store-corrupt"),  // SFC cannot repair member files
        ("appostarsi-winerros/CBS_5_23.log", "component-store-corrupt"),  // CheckSUR CSI Payload Corrupt (+ 0x80070bc9)
        ("appostarsi-winerros/dism.log", "component-store-corrupt"),  // RestoreHealth 0x800f081f
        ("appostarsi-winerros/dism win 10.log", "component-store-corrupt"),  // RestoreHealth 0x800f081f
        ("appostarsi-winerros/dism_5_23.log", "pending-reboot"),  // 0x80070bc9 ERROR_FAIL_REBOOT_REQUIRED
        // 0x800f0828 from the WinRE update (winreupdateinstaller): the recovery partition, not C:
        ("reeceketley-command8/WindowsUpdate.log", "boot-system-partition-full"),
        ("siddumoni-new/poqexec.txt", "boot-phase-failure"),  // poqexec 0xC0190003 at boot
        ("dcheva-nms2023/ReportingEvents.log", "update-source-unreachable"),  // detection 0x80072ee2 ×19
        ("rsasbeih-huffman/WindowsUpdate.txt", "update-source-unreachable"),  // FATAL 0x80072EE2 reaching WSUS
        ("ehsanhasani-cbsregex/CBS.log", "update-source-unreachable"),  // FOD payload 0x8024402c ×9 sessions
        // SFC: "source file in store is also corrupted" (Info lines)
        ("infinito1977-documents/CBS.log", "component-store-corrupt"),
        ("iideerii-wendangyuedu/dism.log", "feature-source-missing")  // NetFx3 /Enable-Feature without a usable /Source
    ]

    @Test(arguments: benign)
    func benignLogRanksNoFailureFirst(_ file: String) throws {
        let analysis = try Pipeline.analyze([Pipeline.corpus! + "/" + file])
        #expect(analysis.sources.allSatisfy { $0.status == .parsed }, "\(file) not parsed")
        #expect(
            analysis.hypotheses.first?.id == "no-failure-captured",
            "\(file): \(analysis.hypotheses.prefix(3).map { "\($0.id) \($0.probability)" })")
    }

    @Test(arguments: zip(failures.map(\.file), failures.map(\.hypothesis)))
    func failureLogRanksItsCauseFirst(_ file: String, _ hypothesis: String) throws {
        let analysis = try Pipeline.analyze([Pipeline.corpus! + "/" + file])
        #expect(
            analysis.hypotheses.first?.id == hypothesis,
            "\(file): \(analysis.hypotheses.prefix(3).map { "\($0.id) \($0.probability)" })")
        #expect(analysis.hypotheses.first.map { $0.probability > 0.25 } == true)
        #expect(analysis.hypotheses.first { $0.id == "no-failure-captured" }.map { $0.probability < 0.1 } ?? true)
    }
}
