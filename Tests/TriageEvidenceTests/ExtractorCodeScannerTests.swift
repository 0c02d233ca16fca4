import Testing
import TriageCore

@testable import TriageEvidence

@Suite struct ExtractorCodeScannerTests {
    func codes(_ s: String, _ forms: CodeForms = .all) -> [String] {
        Array(s.utf8).withLineBytes { p in
            CodeScanner.scan(p, forms: forms).map { "\($0.code.hex)\($0.symbol.map { " " + $0 } ?? "")" }
        }
    }

    @Test func everyWrittenForm() {
        #expect(codes("Failed. [HRESULT = 0x800f081f - CBS_E_SOURCE_MISSING]") == ["0x800f081f CBS_E_SOURCE_MISSING"])
        #expect(codes("Shtd: x [HRESULT = 0x80070490 – ERROR_NOT_FOUND]") == ["0x80070490 ERROR_NOT_FOUND"])
        #expect(
            codes("CheckSur: hrStatus: 0x80070bc9 [ERROR_FAIL_REBOOT_REQUIRED], download") == [
                "0x80070bc9 ERROR_FAIL_REBOOT_REQUIRED"
            ])
        #expect(codes("*FAILED* [80070490] Method failed") == ["0x80070490"])
        #expect(codes("Return code = 0x800f0828, Result = Failed") == ["0x800f0828"])
        #expect(codes("resultMapped=80070643, resultUnMapped=800F0828") == ["0x800f0828", "0x80070643"].reversed())
        #expect(codes("- CDISMPackageManager::Internal_Finalize(hr:0x800f0906)") == ["0x800f0906"])
        #expect(codes("FATAL: Unable to complete asynchronous search. (hr=80072EE2)") == ["0x80072ee2"])
        #expect(codes("could not be installed because of error 2388526074 \"\"") == ["0x8e5e03fa"])
        #expect(codes("-> [hr] : -2145124322 (0x8024001E);") == ["0x8024001e"])
        #expect(codes("status: 0x800f0922, failure source: Execute") == ["0x800f0922"])
        #expect(codes("Error: 0x00000057") == ["0x80070057"])
    }

    @Test func nonCodesAreSkipped() {
        #expect(codes("[HRESULT = 0x00000000 - S_OK]").isEmpty)
        #expect(codes("called (stack @0x7fed806eb5d @0x7fef9fb9b6d)").isEmpty)
        #expect(codes("Perf: LRU Cache Initialize @0x27b07aa70e0; Maximum Size").isEmpty)
        #expect(codes("Blocked system sleep; prior state: 0x80000000").isEmpty)
        #expect(codes("Keywords 0x8000000000000000 flags: 0x2").isEmpty)
        #expect(codes("Error: 0x8007042B[gle=0x000000b7]") == ["0x8007042b"])
        #expect(codes("error 2359302 (WU_S_ALREADY_INSTALLED)").isEmpty)
        #expect(codes("RecordId -9223372036854775808 on 2023-05-22").isEmpty)
        #expect(codes("id abc0x80070002 glued").isEmpty)
    }
}
